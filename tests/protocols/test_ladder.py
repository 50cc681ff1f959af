"""Concerns under a protocol in force, climbing the resolution ladder."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from protocols import services
from protocols.exceptions import ConflictError, DomainError, PermissionDeniedError
from protocols.models import Concern, ConcernStep

from .conftest import yesterday


@pytest.fixture
def in_force(version_in):
    return version_in("in_force")


def _raise(world, version, role="chair", **overrides):
    kwargs = {
        "actor": world.user(role),
        "protocol": version.protocol,
        "raised_by_board": world.hwb,
        "raised_with_board": world.scp,
        "subject": "Annual report not presented",
        "description": "The ASCP's annual report has not come to the HWB this year.",
        "request": "Please present the annual report at the next HWB meeting.",
    }
    kwargs.update(overrides)
    return services.concern_raise(**kwargs)


def _steps(concern):
    return list(
        ConcernStep.objects.filter(concern=concern)
        .order_by("ladder_step__order")
        .values_list("ladder_step__order", "ladder_step__title")
    )


def test_a_chair_raises_a_concern_on_the_first_step(cast, in_force):
    concern = _raise(cast, in_force, raised_on=yesterday())
    assert (concern.status, concern.version, concern.raised_by) == (
        Concern.Status.OPEN,
        in_force,
        cast.user("chair"),
    )
    assert concern.on_behalf_of is None
    assert _steps(concern) == [(1, "Formal written request")]
    assert concern.steps.get().started_on == yesterday()


def test_a_business_manager_raises_a_concern_on_a_chairs_behalf(cast, in_force):
    chair = cast.user("chair").person
    with pytest.raises(DomainError) as caught:
        _raise(cast, in_force, role="business_manager")
    assert (caught.value.field, caught.value.message) == (
        "on_behalf_of",
        "Choose the chair of the HWB you are raising this for.",
    )
    with pytest.raises(DomainError) as caught:
        _raise(
            cast,
            in_force,
            role="business_manager",
            on_behalf_of=cast.user("ascp_chair").person,
        )
    assert caught.value.message == "Choose a chair of the HWB."
    concern = _raise(cast, in_force, role="business_manager", on_behalf_of=chair)
    assert concern.on_behalf_of == chair


@pytest.mark.parametrize("role", ["member", "ascp_chair", "csp_business_manager"])
def test_only_the_raising_boards_chair_or_manager_may_raise(cast, in_force, role):
    with pytest.raises(PermissionDeniedError) as caught:
        _raise(cast, in_force, role=role)
    assert caught.value.message == (
        "Only a chair of the HWB, or its business manager on a chair's behalf, can raise a "
        "concern for it."
    )
    assert not Concern.objects.exists()


@pytest.mark.parametrize("state", ["draft", "signed", "withdrawn"])
def test_concerns_need_a_version_in_force(cast, version_in, state):
    version = version_in(state)
    with pytest.raises(ConflictError) as caught:
        _raise(cast, version)
    assert caught.value.message == "A concern can be raised only about a protocol that is in force."


def test_concerns_may_be_raised_while_the_protocol_is_under_review(cast, version_in):
    concern = _raise(cast, version_in("under_review"))
    assert concern.status == Concern.Status.OPEN


def test_concern_boards_must_be_two_different_parties(cast, in_force):
    with pytest.raises(DomainError) as caught:
        _raise(cast, in_force, raised_with_board=cast.csp)
    assert (caught.value.field, caught.value.message) == (
        "raised_with_board",
        "The CSP is not a party to this protocol.",
    )
    with pytest.raises(DomainError) as caught:
        _raise(cast, in_force, raised_with_board=cast.hwb)
    assert caught.value.message == "Choose a different board from the one raising the concern."


def test_a_concern_is_answered_then_resolved(cast, in_force):
    concern = _raise(cast, in_force)
    step = concern.steps.get()
    with pytest.raises(PermissionDeniedError) as caught:
        services.concern_respond(actor=cast.user("chair"), step=step, response="We did.")
    assert caught.value.message == (
        "Only a chair or the business manager of the ASCP can answer this concern."
    )
    answered = services.concern_respond(
        actor=cast.user("ascp_chair"), step=step, response="It comes to the March meeting."
    )
    assert answered.responded_on == timezone.localdate()
    with pytest.raises(ConflictError) as caught:
        services.concern_respond(actor=cast.user("ascp_chair"), step=step, response="Again")
    assert caught.value.message == "This step has already been answered."
    resolved = services.concern_resolve(
        actor=cast.user("chair"), concern=concern, outcome="Presented in March."
    )
    assert (resolved.status, resolved.closed_on, resolved.outcome) == (
        Concern.Status.RESOLVED,
        timezone.localdate(),
        "Presented in March.",
    )
    with pytest.raises(ConflictError) as caught:
        services.concern_escalate(actor=cast.user("chair"), concern=concern, request="More")
    assert caught.value.message == "This concern is resolved, so nothing more can be done with it."


def test_a_concern_climbs_every_step_and_is_escalated_beyond_the_ladder(cast, in_force):
    concern = _raise(cast, in_force)
    for order in (2, 3, 4):
        step = services.concern_escalate(
            actor=cast.user("business_manager"), concern=concern, request=f"Step {order}, please."
        )
        assert step.ladder_step.order == order
    assert _steps(concern) == [
        (1, "Formal written request"),
        (2, "Agenda item request"),
        (3, "Chairs' meeting"),
        (4, "Resolution meeting"),
    ]
    beyond = services.concern_escalate(
        actor=cast.user("chair"), concern=concern, request="Refer to the Chief Executive."
    )
    assert beyond is None
    concern.refresh_from_db()
    assert (concern.status, concern.closed_on, concern.outcome) == (
        Concern.Status.ESCALATED,
        timezone.localdate(),
        "Refer to the Chief Executive.",
    )


def test_only_the_raising_side_escalates_or_withdraws(cast, in_force):
    concern = _raise(cast, in_force)
    with pytest.raises(PermissionDeniedError) as caught:
        services.concern_escalate(actor=cast.user("ascp_chair"), concern=concern, request="x")
    assert caught.value.message == (
        "Only a chair or the business manager of the HWB can take this concern further."
    )
    with pytest.raises(PermissionDeniedError) as caught:
        services.concern_withdraw(actor=cast.user("ascp_business_manager"), concern=concern)
    assert caught.value.message == (
        "Only a chair or the business manager of the HWB can withdraw this concern."
    )
    withdrawn = services.concern_withdraw(
        actor=cast.user("chair"), concern=concern, reason="Sorted informally."
    )
    assert (withdrawn.status, withdrawn.outcome) == (
        Concern.Status.WITHDRAWN,
        "Sorted informally.",
    )


def test_only_the_current_step_is_answered(cast, in_force):
    concern = _raise(cast, in_force)
    first = concern.steps.get()
    services.concern_escalate(actor=cast.user("chair"), concern=concern, request="Agenda item")
    with pytest.raises(ConflictError) as caught:
        services.concern_respond(actor=cast.user("ascp_chair"), step=first, response="Late")
    assert caught.value.message == "Only the current step of a concern can be answered."


def test_members_of_neither_board_cannot_resolve(cast, in_force):
    concern = _raise(cast, in_force)
    with pytest.raises(PermissionDeniedError) as caught:
        services.concern_resolve(actor=cast.user("member"), concern=concern, outcome="Fine")
    assert caught.value.message == (
        "Only a chair or business manager of the boards involved can resolve this concern."
    )


def test_a_concern_date_cannot_be_in_the_future(cast, in_force):
    with pytest.raises(DomainError) as caught:
        _raise(cast, in_force, raised_on=timezone.localdate() + datetime.timedelta(days=1))
    assert (caught.value.field, caught.value.message) == (
        "raised_on",
        "The date must be today or in the past.",
    )


def test_a_concern_keeps_the_ladder_of_the_version_it_was_raised_under(cast, in_force, walk):
    concern = _raise(cast, in_force)
    v2 = services.version_new(actor=cast.user("business_manager"), protocol=in_force.protocol)
    services.ladder_step_delete(actor=cast.user("business_manager"), step=v2.ladder_steps.first())
    walk.to(v2, "in_force")
    step = services.concern_escalate(actor=cast.user("chair"), concern=concern, request="Next")
    assert step.ladder_step.version == in_force
    assert step.ladder_step.title == "Agenda item request"
