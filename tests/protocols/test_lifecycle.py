"""The lifecycle: every state reached by the services, and every (state × transition) pair."""

from __future__ import annotations

import pytest
from django.utils import timezone

from protocols import lifecycle, services
from protocols.exceptions import PermissionDeniedError, TransitionNotAllowedError
from protocols.models import Approval, ProtocolVersion, Signature
from protocols.selectors import current_content_hash, signatories_required
from protocols.services.workflow import transition as system_transition

from .conftest import yesterday

Status = ProtocolVersion.Status

# Written out here, not read from the table, so the messages are checked word for word.
VERBS = {
    "start_consultation": "send this version for consultation",
    "request_approval": "send this version for approval",
    "return_to_draft": "return this version to draft",
    "approve": "mark this version approved",
    "sign": "mark this version signed",
    "bring_into_force": "bring this version into force",
    "open_review": "open a review of this version",
    "close_review": "close the review of this version",
    "supersede": "mark this version superseded",
    "withdraw": "withdraw this version",
}
PHRASES = {
    "draft": "in draft",
    "consultation": "in consultation",
    "awaiting_approval": "awaiting approval",
    "approved": "approved",
    "signed": "signed",
    "in_force": "in force",
    "under_review": "under review",
    "superseded": "superseded",
    "withdrawn": "withdrawn",
}
ALLOWED = {
    ("draft", "start_consultation"): "consultation",
    ("draft", "request_approval"): "awaiting_approval",
    ("consultation", "request_approval"): "awaiting_approval",
    ("consultation", "return_to_draft"): "draft",
    ("awaiting_approval", "return_to_draft"): "draft",
    ("awaiting_approval", "approve"): "approved",
    ("approved", "sign"): "signed",
    ("signed", "bring_into_force"): "in_force",
    ("in_force", "open_review"): "under_review",
    ("under_review", "close_review"): "in_force",
    ("approved", "supersede"): "superseded",
    ("signed", "supersede"): "superseded",
    ("in_force", "supersede"): "superseded",
    ("under_review", "supersede"): "superseded",
    **{
        (state, "withdraw"): "withdrawn"
        for state in (
            "draft",
            "consultation",
            "awaiting_approval",
            "approved",
            "signed",
            "in_force",
            "under_review",
        )
    },
}
SYSTEM = {"approve", "sign", "supersede"}
MANAGER = {"start_consultation", "request_approval", "return_to_draft", "withdraw"}


def _satisfy_guard(world, version, name):
    """Give a services-only transition what its guard needs, as its own service would."""
    if name == "approve":
        for board in (world.hwb, world.scp):
            Approval.objects.create(
                version=version,
                board=board,
                decided_on=yesterday(),
                decided_by="The Board",
                recorded_by=world.user("superuser"),
            )
    if name == "sign":
        digest = current_content_hash(version)
        for s in signatories_required(version):
            Signature.objects.create(
                version=version,
                board=s.board,
                signer=s.person,
                capacity=s.capacity,
                signed_at=timezone.now(),
                method=Signature.Method.DEMO,
                content_hash=digest,
            )


def test_table_matches_the_allowed_pairs():
    table = {
        (state, t.name): t.target
        for t in lifecycle.TRANSITIONS
        for state in lifecycle.STATES
        if state in t.sources
    }
    assert table == ALLOWED


@pytest.mark.parametrize("state", lifecycle.STATES)
@pytest.mark.parametrize("name", [t.name for t in lifecycle.TRANSITIONS])
def test_every_transition_from_every_state(cast, version_in, state, name):
    version = version_in(state)
    history_before = version.history.count()
    if (state, name) in ALLOWED:
        if name in SYSTEM:
            _satisfy_guard(cast, version, name)
            result = system_transition(
                actor=cast.user("business_manager"),
                version=version,
                name=name,
                reason="Checked",
                system=True,
            )
        else:
            actor = cast.user("business_manager" if name in MANAGER else "chair")
            result = services.version_transition(
                actor=actor, version=version, name=name, reason="Checked"
            )
        version.refresh_from_db()
        assert result.status == version.status == ALLOWED[(state, name)]
        assert version.history.count() == history_before + 1
        assert version.history.first().history_change_reason == "Checked"
    else:
        with pytest.raises(TransitionNotAllowedError) as caught:
            services.version_transition(
                actor=cast.user("superuser"), version=version, name=name, reason="Checked"
            )
        assert caught.value.message == f"You cannot {VERBS[name]} while it is {PHRASES[state]}."
        assert caught.value.status == 409
        version.refresh_from_db()
        assert version.status == state
        assert version.history.count() == history_before


@pytest.mark.parametrize(
    ("state", "name", "message"),
    [
        (
            "awaiting_approval",
            "approve",
            "A version becomes approved when the last party board's approval is recorded.",
        ),
        ("approved", "sign", "A version becomes signed when the last signatory signs it."),
        (
            "in_force",
            "supersede",
            "A version is superseded when the next version comes into force, or when a new "
            "version is started before it comes into force.",
        ),
    ],
)
def test_services_only_transitions_are_refused_to_callers(cast, version_in, state, name, message):
    version = version_in(state)
    _satisfy_guard(cast, version, name)
    with pytest.raises(TransitionNotAllowedError) as caught:
        services.version_transition(actor=cast.user("superuser"), version=version, name=name)
    assert caught.value.message == message
    version.refresh_from_db()
    assert version.status == state


def test_protocol_walks_through_every_state(cast, draft, walk):
    bm, chair = cast.user("business_manager"), cast.user("chair")
    v1 = draft
    assert v1.status == Status.DRAFT
    walk.consult(v1)
    assert v1.status == Status.CONSULTATION
    walk.request_approval(v1)
    assert v1.status == Status.AWAITING_APPROVAL
    walk.approve_all(v1)
    v1.refresh_from_db()
    assert v1.status == Status.APPROVED
    walk.sign_all(v1)
    v1.refresh_from_db()
    assert v1.status == Status.SIGNED
    walk.bring_into_force(v1)
    assert (v1.status, v1.in_force_from) == (Status.IN_FORCE, timezone.localdate())
    walk.open_review(v1)
    assert (v1.status, v1.review_opened_on) == (Status.UNDER_REVIEW, timezone.localdate())
    services.version_transition(
        actor=chair, version=v1, name="close_review", reason="No change needed this year"
    )
    assert v1.status == Status.IN_FORCE

    v2 = services.version_new(actor=bm, protocol=v1.protocol)
    v1.refresh_from_db()
    assert (v1.status, v2.status, v2.number) == (Status.IN_FORCE, Status.DRAFT, 2)
    walk.to(v2, "in_force")
    v1.refresh_from_db()
    assert (v1.status, v1.ended_on) == (Status.SUPERSEDED, timezone.localdate())
    assert v1.history.first().history_change_reason == "Superseded by version 2"
    v1.protocol.refresh_from_db()
    assert v1.protocol.current_version == v2

    walk.withdraw(v2)
    v2.refresh_from_db()
    assert (v2.status, v2.ended_on) == (Status.WITHDRAWN, timezone.localdate())
    assert v2.history.first().history_change_reason == "The boards have merged."
    assert not ProtocolVersion.objects.filter(
        protocol=v1.protocol, status__in=ProtocolVersion.OPERATIVE_STATUSES
    ).exists()


def test_status_change_is_announced_after_commit(cast, draft, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, version, transition, actor, **kwargs):
        heard.append((version.pk, transition, actor.username))

    services.version_status_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.version_transition(
                actor=cast.user("business_manager"), version=draft, name="start_consultation"
            )
        assert heard == []
        for callback in callbacks:
            callback()
    finally:
        services.version_status_changed.disconnect(listener)
    assert heard == [(draft.pk, "start_consultation", "business_manager")]


# --- guards ----------------------------------------------------------------------------


def test_consultation_needs_a_section(cast):
    protocol = services.protocol_create(
        actor=cast.user("business_manager"),
        area=cast.area_a,
        reference="empty",
        title="Empty",
        boards=[cast.hwb, cast.scp],
    )
    with pytest.raises(TransitionNotAllowedError) as caught:
        services.version_transition(
            actor=cast.user("business_manager"),
            version=protocol.current_version,
            name="start_consultation",
        )
    assert caught.value.message == (
        "Add at least one section before sending the version for consultation."
    )


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (1, "Resolve the open comment before sending the version for approval."),
        (2, "Resolve the 2 open comments before sending the version for approval."),
    ],
)
def test_open_comments_block_the_request_for_approval(cast, draft, walk, count, message):
    walk.consult(draft)
    for n in range(count):
        services.comment_add(actor=cast.user("member"), version=draft, body=f"Comment {n}")
    with pytest.raises(TransitionNotAllowedError) as caught:
        walk.request_approval(draft)
    assert caught.value.message == message
    draft.refresh_from_db()
    assert draft.status == Status.CONSULTATION


def test_return_to_draft_refused_once_a_board_has_approved(cast, version_in):
    version = version_in("awaiting_approval")
    services.approval_record(
        actor=cast.user("chair"),
        version=version,
        board=cast.hwb,
        decided_on=yesterday(),
        decided_by="The Board",
    )
    with pytest.raises(TransitionNotAllowedError) as caught:
        services.version_transition(
            actor=cast.user("business_manager"),
            version=version,
            name="return_to_draft",
            reason="A late change",
        )
    assert caught.value.message == (
        "This version already has an approval recorded, so it cannot return to draft. "
        "Withdraw it and start a new version instead."
    )


@pytest.mark.parametrize(
    ("name", "state", "message"),
    [
        ("withdraw", "draft", "Enter the reason for withdrawing this version."),
        (
            "return_to_draft",
            "consultation",
            "Enter the reason for returning this version to draft.",
        ),
        ("close_review", "under_review", "Enter the outcome of the review."),
    ],
)
def test_transitions_that_need_a_reason_refuse_without_one(cast, version_in, name, state, message):
    version = version_in(state)
    actor = cast.user("chair" if name == "close_review" else "business_manager")
    with pytest.raises(services.authoring.DomainError) as caught:
        services.version_transition(actor=actor, version=version, name=name, reason="  ")
    assert (caught.value.field, caught.value.message) == ("reason", message)
    version.refresh_from_db()
    assert version.status == state


def test_reason_longer_than_history_holds_is_refused(cast, draft):
    with pytest.raises(services.authoring.DomainError) as caught:
        services.version_transition(
            actor=cast.user("business_manager"), version=draft, name="withdraw", reason="x" * 101
        )
    assert caught.value.message == "Keep the reason to 100 characters or fewer."


def test_cannot_come_into_force_before_it_was_signed(cast, version_in):
    version = version_in("signed")
    with pytest.raises(services.authoring.DomainError) as caught:
        services.version_transition(
            actor=cast.user("chair"),
            version=version,
            name="bring_into_force",
            on_date=yesterday() - __import__("datetime").timedelta(days=1),
        )
    assert caught.value.field == "on_date"
    assert caught.value.message.startswith(
        "The date it comes into force must be on or after the date of the last signature ("
    )


def test_unknown_transition_is_a_clear_refusal(cast, draft):
    with pytest.raises(services.authoring.DomainError) as caught:
        services.version_transition(actor=cast.user("business_manager"), version=draft, name="x")
    assert caught.value.message == "There is no action called “x”."


# --- who may move the lifecycle --------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", False),
        ("chair", False),
        ("csp_business_manager", False),
        ("business_manager_b", False),
        ("democratic_services", False),
        ("ascp_business_manager", True),
        ("business_manager", True),
        ("superuser", True),
    ],
)
def test_who_may_send_a_draft_for_consultation(cast, draft, role, allowed):
    user = cast.user(role)
    if allowed:
        services.version_transition(actor=user, version=draft, name="start_consultation")
        assert draft.status == Status.CONSULTATION
    else:
        with pytest.raises(PermissionDeniedError) as caught:
            services.version_transition(actor=user, version=draft, name="start_consultation")
        assert caught.value.message == (
            "Only a business manager of one of the party boards can send this version for "
            "consultation."
        )
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("member", False),
        ("csp_business_manager", False),
        ("chair", True),
        ("ascp_chair", True),
        ("business_manager", True),
    ],
)
def test_who_may_bring_a_signed_version_into_force(cast, version_in, role, allowed):
    version = version_in("signed")
    if allowed:
        services.version_transition(actor=cast.user(role), version=version, name="bring_into_force")
        assert version.status == Status.IN_FORCE
    else:
        with pytest.raises(PermissionDeniedError) as caught:
            services.version_transition(
                actor=cast.user(role), version=version, name="bring_into_force"
            )
        assert caught.value.message == (
            "Only a chair or business manager of one of the party boards can bring this "
            "version into force."
        )


def test_available_transitions_leave_out_the_services_own():
    assert [t.name for t in lifecycle.available_from("awaiting_approval")] == [
        "return_to_draft",
        "withdraw",
    ]
    assert [t.name for t in lifecycle.available_from("awaiting_approval", include_system=True)] == [
        "return_to_draft",
        "approve",
        "withdraw",
    ]
