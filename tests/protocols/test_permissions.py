"""The protocols policy: who sees which protocols, and who may do what with them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from boards import permissions as policy
from protocols import permissions, services
from protocols.models import (
    Approval,
    Comment,
    Concern,
    ConcernStep,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)
from tests.factories import protocols as pf

MODELS = [
    Protocol,
    ProtocolVersion,
    Party,
    Section,
    Obligation,
    PostResponsibility,
    LadderStep,
    Comment,
    Approval,
    Signature,
    Concern,
    ConcernStep,
]


@pytest.fixture
def full(cast, draft, walk):
    """A protocol in force with a row of every protocols model."""
    bm = cast.user("business_manager")
    roles = services.section_add(actor=bm, version=draft, heading="Roles", kind="post_holders")
    services.post_responsibility_add(
        actor=bm, section=roles, post_title="Chair", responsibilities="Sign."
    )
    services.obligation_add(
        actor=bm,
        version=draft,
        section=roles,
        what="meet",
        description="Officers meet",
        timing={"kind": "frequency", "every": "quarterly"},
        owing_board=cast.hwb,
        receiving_board=cast.scp,
    )
    walk.consult(draft)
    comment = services.comment_add(actor=cast.user("member"), version=draft, body="Fine.")
    services.comment_resolve(actor=cast.user("member"), comment=comment)
    walk.to(draft, "in_force")
    services.concern_raise(
        actor=cast.user("chair"),
        protocol=draft.protocol,
        raised_by_board=cast.hwb,
        raised_with_board=cast.scp,
        subject="Minutes",
        description="Minutes are not shared.",
        request="Please share them.",
    )
    return draft


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("member", True),
        ("democratic_services", True),
        ("csp_business_manager", True),
        ("business_manager_b", False),
        ("anonymous", False),
        ("superuser", True),
    ],
)
def test_protocol_rows_are_visible_in_the_protocols_area_only(cast, full, model, role, sees):
    user = cast.user(role) or AnonymousUser()
    rows = model.objects.all()
    assert rows.exists()
    visible = policy.visible_to(user, model)
    assert set(visible) == (set(rows) if sees else set())
    assert policy.can_view(user, rows.first()) is sees


def test_a_party_board_from_another_area_brings_its_area_in(cast):
    protocol = services.protocol_create(
        actor=cast.user("superuser"),
        area=cast.area_a,
        reference="cross-border",
        title="Cross-border working",
        boards=[cast.hwb, cast.board_b],
    )
    user = cast.user("business_manager_b")
    assert list(policy.visible_to(user, Protocol)) == [protocol]
    assert policy.can_view(user, protocol)
    assert policy.can_view(user, protocol.current_version.ladder_steps.first())
    assert policy.visible_to(user, LadderStep).count() == 4


def test_visible_protocols_are_listed_once_each(cast, draft):
    services.party_add(actor=cast.user("business_manager"), version=draft, board=cast.csp)
    assert policy.visible_to(cast.user("member"), Protocol).count() == 1


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", False),
        ("chair", False),
        ("ascp_chair", False),
        ("csp_business_manager", False),
        ("democratic_services", False),
        ("business_manager_b", False),
        ("anonymous", False),
        ("business_manager", True),
        ("ascp_business_manager", True),
        ("superuser", True),
    ],
)
def test_who_may_author_a_draft(cast, draft, role, expected):
    user = cast.user(role) or AnonymousUser()
    assert permissions.can_author(user, draft) is expected
    assert policy.can_edit(user, draft.sections.first()) is expected
    assert policy.can_create(user, Section, draft) is expected


@pytest.mark.parametrize("state", ["awaiting_approval", "approved", "in_force", "withdrawn"])
def test_nobody_authors_a_frozen_version(cast, version_in, state):
    version = version_in(state)
    for role in ("business_manager", "superuser"):
        assert not permissions.can_author(cast.user(role), version)
    assert not policy.can_edit(cast.user("business_manager"), version.sections.first())


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", True),
        ("chair", True),
        ("ascp_business_manager", True),
        ("csp_business_manager", False),
        ("democratic_services", False),
        ("business_manager_b", False),
    ],
)
def test_who_may_comment_in_consultation(cast, version_in, role, expected):
    version = version_in("consultation")
    assert permissions.can_comment(cast.user(role), version) is expected


def test_nobody_comments_outside_consultation(cast, draft):
    assert not permissions.can_comment(cast.user("member"), draft)
    assert not permissions.can_comment(cast.user("superuser"), draft)


def test_comment_resolution_by_author_or_party_manager(cast, version_in):
    version = version_in("consultation")
    comment = services.comment_add(actor=cast.user("member"), version=version, body="Hm.")
    assert permissions.can_resolve_comment(cast.user("member"), comment)
    assert permissions.can_resolve_comment(cast.user("ascp_business_manager"), comment)
    assert not permissions.can_resolve_comment(cast.user("chair"), comment)
    assert not permissions.can_resolve_comment(cast.user("csp_business_manager"), comment)


def test_transitions_offered_to_each_role(cast, version_in):
    version = version_in("signed")
    assert [t.name for t in permissions.transitions_for(cast.user("chair"), version)] == [
        "bring_into_force"
    ]
    assert [
        t.name for t in permissions.transitions_for(cast.user("business_manager"), version)
    ] == [
        "bring_into_force",
        "withdraw",
    ]
    assert permissions.transitions_for(cast.user("member"), version) == []
    assert not permissions.can_transition(cast.user("superuser"), version, "supersede")


def test_approval_is_recorded_by_that_boards_officers_once(cast, version_in):
    version = version_in("awaiting_approval")
    chair = cast.user("chair")
    assert permissions.can_record_approval(chair, version, cast.hwb)
    assert not permissions.can_record_approval(chair, version, cast.scp)
    assert not permissions.can_record_approval(cast.user("member"), version, cast.hwb)
    assert permissions.can_record_approval(cast.user("ascp_business_manager"), version, cast.scp)
    pf.ApprovalFactory(version=version, board=cast.hwb)
    assert not permissions.can_record_approval(chair, version, cast.hwb)


def test_signing_is_for_the_boards_signatory_once(cast, version_in, walk):
    version = version_in("approved")
    chair, ascp_chair = cast.user("chair"), cast.user("ascp_chair")
    assert permissions.can_sign(chair, version, cast.hwb)
    assert not permissions.can_sign(chair, version, cast.scp)
    assert not permissions.can_sign(ascp_chair, version, cast.hwb)
    assert not permissions.can_sign(cast.user("business_manager"), version, cast.hwb)
    walk.sign_all(version)
    version.refresh_from_db()
    assert not permissions.can_sign(chair, version, cast.hwb)


def test_concerns_are_raised_by_party_officers_of_a_protocol_in_force(cast, version_in):
    version = version_in("in_force")
    protocol = version.protocol
    assert permissions.can_raise_concern(cast.user("chair"), protocol)
    assert permissions.can_raise_concern(cast.user("ascp_business_manager"), protocol)
    assert not permissions.can_raise_concern(cast.user("member"), protocol)
    assert not permissions.can_raise_concern(cast.user("csp_business_manager"), protocol)


def test_no_concerns_before_a_version_is_in_force(cast, draft):
    assert not permissions.can_raise_concern(cast.user("chair"), draft.protocol)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("business_manager", True),
        ("csp_business_manager", True),
        ("chair", False),
        ("member", False),
        ("business_manager_b", False),
    ],
)
def test_who_may_start_a_protocol_in_an_area(cast, role, expected):
    assert permissions.can_create_protocol(cast.user(role), cast.area_a) is expected
    assert policy.can_create(cast.user(role), Protocol, cast.area_a) is expected


def test_approvals_signatures_and_concerns_are_never_edited_directly(cast, full):
    for model in (Approval, Signature, Concern, Comment):
        assert not policy.can_edit(cast.user("business_manager"), model.objects.first())
