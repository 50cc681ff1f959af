"""Signatures: who signs, re-authentication, and the content hash that shows tampering."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import F

from boards.models import Membership, Post
from boards.permissions import forget
from protocols import services
from protocols.exceptions import (
    ConflictError,
    DomainError,
    PermissionDeniedError,
    TransitionNotAllowedError,
)
from protocols.models import LadderStep, Obligation, Party, ProtocolVersion, Section, Signature
from protocols.selectors import current_content_hash, signatories_required
from tests import factories as f

from .conftest import PASSWORD

Status = ProtocolVersion.Status


def _sign(world, role, version, board, password=PASSWORD, **kwargs):
    return services.signature_add(
        actor=world.user(role), version=version, board=board, password=password, **kwargs
    )


# --- who signs -------------------------------------------------------------------------


def test_each_party_signs_by_its_chair_or_independent_chair(cast, draft):
    required = signatories_required(draft)
    assert [(s.board, s.person.full_name, s.capacity) for s in required] == [
        (cast.hwb, "Chair", "Chair, HWB"),
        (cast.scp, "Ascp Chair", "Independent chair, ASCP"),
    ]


def test_an_independent_chair_signs_instead_of_other_chairs(cast, draft):
    f.MembershipFactory(
        person=f.PersonFactory(area=cast.area_a, full_name="Vice"),
        board=cast.scp,
        role=Membership.Role.CHAIR,
    )
    assert [s.capacity for s in signatories_required(draft) if s.board == cast.scp] == [
        "Independent chair, ASCP"
    ]


def test_every_co_chair_signs(cast, draft):
    for name in ("Ann Able", "Bob Baker"):
        f.MembershipFactory(
            person=f.PersonFactory(area=cast.area_a, full_name=name),
            board=cast.hwb,
            role=Membership.Role.CO_CHAIR,
        )
    assert [
        (s.person.full_name, s.capacity) for s in signatories_required(draft) if s.board == cast.hwb
    ] == [("Ann Able", "Co-chair, HWB"), ("Bob Baker", "Co-chair, HWB"), ("Chair", "Chair, HWB")]


def test_a_named_post_holder_signs_for_a_party(cast, draft):
    dph = f.PostFactory(
        area=cast.area_a,
        kind=Post.Kind.DPH,
        holder=f.PersonFactory(area=cast.area_a, full_name="Dr Dee"),
    )
    services.party_update(
        actor=cast.user("business_manager"),
        party=draft.parties.get(board=cast.hwb),
        signatory_kind="post",
        signatory_post=dph,
    )
    hwb = [s for s in signatories_required(draft) if s.board == cast.hwb]
    assert [(s.person.full_name, s.capacity, s.post) for s in hwb] == [
        ("Dr Dee", "Director of Public Health, for the HWB", dph)
    ]


def test_an_empty_chair_is_listed_with_nobody_to_sign(cast, draft):
    Membership.objects.filter(board=cast.scp, role=Membership.Role.INDEPENDENT_CHAIR).update(
        end_date=datetime.date(2021, 1, 1)
    )
    ascp = [s for s in signatories_required(draft) if s.board == cast.scp]
    assert [(s.person, s.capacity) for s in ascp] == [(None, "Chair, ASCP")]


def test_one_person_chairing_two_parties_signs_once_for_each(cast, version_in):
    chair_person = cast.user("chair").person
    Membership.objects.filter(board=cast.scp, role=Membership.Role.INDEPENDENT_CHAIR).delete()
    f.MembershipFactory(person=chair_person, board=cast.scp, role=Membership.Role.CHAIR)
    f.MembershipFactory(person=chair_person, board=cast.scp, role=Membership.Role.CO_CHAIR)
    version = version_in("awaiting_approval")
    required = signatories_required(version)
    assert [(s.board, s.person) for s in required] == [
        (cast.hwb, chair_person),
        (cast.scp, chair_person),
    ]
    for board in (cast.hwb, cast.scp):
        services.approval_record(
            actor=cast.user("superuser"),
            version=version,
            board=board,
            decided_on=datetime.date(2026, 1, 5),
            decided_by="The Board",
        )
    forget(cast.user("chair"))
    _sign(cast, "chair", version, cast.hwb)
    _sign(cast, "chair", version, cast.scp)
    version.refresh_from_db()
    assert version.status == Status.SIGNED
    assert version.signatures.count() == 2


# --- signing ---------------------------------------------------------------------------


def test_signature_records_who_how_and_the_content_hash(cast, version_in):
    version = version_in("approved")
    signature = _sign(
        cast, "ascp_chair", version, cast.scp, ip_address="192.0.2.7", user_agent="Firefox"
    )
    assert signature.signer == cast.user("ascp_chair").person
    assert signature.user == cast.user("ascp_chair")
    assert signature.capacity == "Independent chair, ASCP"
    assert (signature.ip_address, signature.user_agent) == ("192.0.2.7", "Firefox")
    assert signature.method == Signature.Method.PASSWORD
    assert signature.content_hash == current_content_hash(version)
    assert len(signature.content_hash) == 64
    version.refresh_from_db()
    assert version.status == Status.APPROVED


def test_the_last_signature_moves_the_version_to_signed(cast, version_in):
    version = version_in("approved")
    _sign(cast, "chair", version, cast.hwb)
    _sign(cast, "ascp_chair", version, cast.scp)
    version.refresh_from_db()
    assert version.status == Status.SIGNED
    assert version.history.first().history_change_reason == (
        "Signed by every signatory (last: Independent chair, ASCP)"
    )


@pytest.mark.parametrize("state", ["draft", "consultation", "awaiting_approval"])
def test_chair_cannot_sign_unapproved_version(cast, version_in, state):
    version = version_in(state)
    with pytest.raises(ConflictError) as caught:
        _sign(cast, "chair", version, cast.hwb)
    assert caught.value.message == (
        "This version cannot be signed until every party board has approved it."
    )
    assert not Signature.objects.exists()


def test_chair_cannot_sign_a_version_already_signed(cast, version_in):
    version = version_in("signed")
    with pytest.raises(ConflictError) as caught:
        _sign(cast, "chair", version, cast.hwb)
    assert caught.value.message == "This version is signed and can no longer be signed."


def test_chair_cannot_sign_for_a_board_they_do_not_chair(cast, version_in):
    version = version_in("approved")
    with pytest.raises(PermissionDeniedError) as caught:
        _sign(cast, "chair", version, cast.scp)
    assert (
        caught.value.message == "You are not a signatory for the ASCP, so you cannot sign for it."
    )
    assert not Signature.objects.exists()


@pytest.mark.parametrize("role", ["member", "business_manager", "superuser"])
def test_people_who_are_not_signatories_cannot_sign(cast, version_in, role):
    version = version_in("approved")
    with pytest.raises(PermissionDeniedError) as caught:
        _sign(cast, role, version, cast.hwb)
    assert caught.value.message == "You are not a signatory for the HWB, so you cannot sign for it."


def test_chair_cannot_sign_twice(cast, version_in):
    version = version_in("approved")
    _sign(cast, "chair", version, cast.hwb)
    with pytest.raises(ConflictError) as caught:
        _sign(cast, "chair", version, cast.hwb)
    assert caught.value.message == "You have already signed this version for the HWB."
    assert Signature.objects.count() == 1


def test_wrong_password_is_refused_and_nothing_is_signed(cast, version_in):
    version = version_in("approved")
    with pytest.raises(DomainError) as caught:
        _sign(cast, "chair", version, cast.hwb, password="not my password")
    assert (caught.value.field, caught.value.message) == (
        "password",
        "The password is not correct.",
    )
    assert not Signature.objects.exists()


def test_inactive_account_cannot_sign(cast, version_in):
    version = version_in("approved")
    user = cast.user("chair")
    user.is_active = False
    user.save()
    with pytest.raises(DomainError) as caught:
        _sign(cast, "chair", version, cast.hwb)
    assert caught.value.message == "The password is not correct."


def test_board_that_is_not_a_party_cannot_be_signed_for(cast, version_in):
    version = version_in("approved")
    with pytest.raises(DomainError) as caught:
        _sign(cast, "chair", version, cast.csp)
    assert caught.value.message == "The CSP is not a party to this version."


def test_demo_signatures_need_an_administrator(cast, version_in):
    version = version_in("approved")
    with pytest.raises(PermissionDeniedError) as caught:
        services.signature_add_demo(actor=cast.user("chair"), version=version, board=cast.hwb)
    assert caught.value.message == "Only an administrator can add demonstration signatures."
    for person, board in ((cast.user("chair").person, cast.hwb), (None, cast.scp)):
        if person is None:
            person = cast.user("ascp_chair").person
        signature = services.signature_add_demo(
            actor=cast.user("superuser"), version=version, board=board, person=person
        )
        assert signature.method == Signature.Method.DEMO
    version.refresh_from_db()
    assert version.status == Status.SIGNED


# --- integrity -------------------------------------------------------------------------


def _tamper_section(version):
    Section.objects.filter(version=version, order=1).update(body="Something nobody signed.")


def _tamper_timing(version):
    Obligation.objects.filter(version=version).update(timing={"kind": "fixed_month", "month": 3})


def _tamper_party(version):
    stranger = f.PersonFactory(area=version.protocol.area, full_name="Someone Else")
    Party.objects.filter(version=version).update(lead_officer=stranger)


def _tamper_ladder(version):
    LadderStep.objects.filter(version=version, order=1).update(title="Ignore the other board")


def _tamper_order(version):
    Section.objects.filter(version=version).update(order=F("order") + 10)


@pytest.mark.parametrize(
    "tamper", [_tamper_section, _tamper_timing, _tamper_party, _tamper_ladder, _tamper_order]
)
def test_any_change_behind_the_services_breaks_every_signature(cast, draft, walk, tamper):
    services.obligation_add(
        actor=cast.user("business_manager"),
        version=draft,
        section=draft.sections.first(),
        what="present_report",
        description="Annual report",
        timing={"kind": "fixed_month", "month": 9},
        owing_board=cast.scp,
        receiving_board=cast.hwb,
    )
    walk.to(draft, "signed")
    assert services.version_signatures_intact(draft)
    assert [intact for _, intact in services.signature_status(draft)] == [True, True]

    tamper(draft)

    assert [intact for _, intact in services.signature_status(draft)] == [False, False]
    assert not services.version_signatures_intact(draft)
    with pytest.raises(TransitionNotAllowedError) as caught:
        walk.bring_into_force(draft)
    assert caught.value.message == (
        "The text of this version has changed since it was signed, so it cannot come into "
        "force. Start a new version and have it approved and signed again."
    )
    draft.refresh_from_db()
    assert draft.status == Status.SIGNED


def test_a_tampered_version_cannot_collect_more_signatures(cast, version_in):
    version = version_in("approved")
    _sign(cast, "chair", version, cast.hwb)
    _tamper_section(version)
    with pytest.raises(ConflictError) as caught:
        _sign(cast, "ascp_chair", version, cast.scp)
    assert caught.value.message == (
        "The text of this version has changed since others signed it, so it cannot be signed. "
        "Start a new version and have it approved and signed again."
    )
    assert Signature.objects.count() == 1


def test_a_version_with_no_signatures_counts_as_intact(draft):
    assert services.signature_status(draft) == []
    assert services.version_signatures_intact(draft)


def test_a_new_version_never_carries_the_old_signatures(cast, version_in):
    v1 = version_in("signed")
    v2 = services.version_new(actor=cast.user("business_manager"), protocol=v1.protocol)
    v1.refresh_from_db()
    assert v1.status == Status.SUPERSEDED
    assert v1.signatures.count() == 2
    assert services.version_signatures_intact(v1)
    assert not v2.signatures.exists()
    assert services.signature_status(v2) == []
    services.section_update(
        actor=cast.user("business_manager"),
        section=v2.sections.first(),
        heading="Purpose",
        body="Changed in version 2.",
        revision=1,
    )
    assert services.version_signatures_intact(v1)
    assert v1.sections.first().body == "The boards agree to work together."
