"""Concerns raised under a protocol in force, and their climb up the resolution ladder."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from boards.models import Board, Membership, Person
from boards.permissions import principal

from .. import permissions
from ..exceptions import ConflictError, DomainError, PermissionDeniedError
from ..models import Concern, ConcernStep, LadderStep, Protocol
from . import _common as c

NOT_OPEN = "This concern is {status}, so nothing more can be done with it."


def _lock_open(concern: Concern) -> Concern:
    locked = (
        Concern.objects.select_for_update()
        .select_related("raised_by_board", "raised_with_board")
        .get(pk=concern.pk)
    )
    if locked.status != Concern.Status.OPEN:
        raise ConflictError(NOT_OPEN.format(status=locked.get_status_display().lower()))
    return locked


def _current_step(concern: Concern) -> ConcernStep | None:
    return (
        ConcernStep.objects.filter(concern=concern)
        .select_related("ladder_step")
        .order_by("-ladder_step__order")
        .first()
    )


def _date(value: dt.date | None, *, field: str, earliest: dt.date | None = None) -> dt.date:
    value = value or timezone.localdate()
    if value > timezone.localdate():
        raise DomainError("The date must be today or in the past.", field=field)
    if earliest is not None and value < earliest:
        raise DomainError(
            f"The date must be on or after {earliest.day} {earliest:%B %Y}.", field=field
        )
    return value


def _is_chair(person: Person, board: Board) -> bool:
    return (
        Membership.objects.current()
        .filter(person=person, board=board, role__in=Membership.CHAIR_ROLES)
        .exists()
    )


@transaction.atomic
def concern_raise(
    *,
    actor,
    protocol: Protocol,
    raised_by_board: Board,
    raised_with_board: Board,
    subject: str,
    description: str,
    request: str,
    on_behalf_of: Person | None = None,
    raised_on: dt.date | None = None,
) -> Concern:
    """Raise a concern with another party board: the first step of the ladder begins.

    A chair raises it for their own board; a business manager raises it on behalf of one
    of their board's chairs (``on_behalf_of``).

    Raises:
        ConflictError: no version of the protocol is in force, or it has no ladder.
        PermissionDeniedError: the actor is neither a chair nor the business manager of
            the raising board.
        DomainError: a board that is not a party, the same board on both sides, a missing
            or wrong chair to act for, blank text or a future date.
    """
    version = permissions.operative_version(protocol)
    if version is None:
        raise ConflictError("A concern can be raised only about a protocol that is in force.")
    version = c.lock_version(version)
    parties = permissions.party_board_ids(version)
    for board, field in (
        (raised_by_board, "raised_by_board"),
        (raised_with_board, "raised_with_board"),
    ):
        if board.pk not in parties:
            raise DomainError(
                f"The {board.short_name} is not a party to this protocol.", field=field
            )
    if raised_by_board == raised_with_board:
        raise DomainError(
            "Choose a different board from the one raising the concern.", field="raised_with_board"
        )
    who = principal(actor)
    short = raised_by_board.short_name
    if raised_by_board.pk in who.chaired_board_ids and on_behalf_of is None:
        pass
    elif raised_by_board.pk in who.managed_board_ids or who.is_superuser:
        if on_behalf_of is None:
            raise DomainError(
                f"Choose the chair of the {short} you are raising this for.", field="on_behalf_of"
            )
    elif raised_by_board.pk not in who.chaired_board_ids:
        raise PermissionDeniedError(
            f"Only a chair of the {short}, or its business manager on a chair's behalf, can "
            "raise a concern for it."
        )
    if on_behalf_of is not None and not _is_chair(on_behalf_of, raised_by_board):
        raise DomainError(f"Choose a chair of the {short}.", field="on_behalf_of")
    first = LadderStep.objects.filter(version=version).order_by("order").first()
    if first is None:
        raise ConflictError("This protocol has no resolution ladder to raise a concern under.")
    raised_on = _date(raised_on, field="raised_on")
    concern = Concern(
        protocol=protocol,
        version=version,
        raised_by_board=raised_by_board,
        raised_with_board=raised_with_board,
        raised_by=actor,
        on_behalf_of=on_behalf_of,
        subject=c.require(subject, field="subject", message="Enter the subject of the concern."),
        description=c.require(description, field="description", message="Describe the concern."),
        raised_on=raised_on,
    )
    c.save(concern, actor=actor, reason=f"Concern raised by the {short}")
    c.save(
        ConcernStep(
            concern=concern,
            ladder_step=first,
            started_on=raised_on,
            request=c.require(request, field="request", message="Enter what you are asking for."),
        ),
        actor=actor,
        reason=f"Step {first.order}: {first.title}",
    )
    return concern


@transaction.atomic
def concern_respond(
    *, actor, step: ConcernStep, response: str, responded_on: dt.date | None = None
) -> ConcernStep:
    """Record the other board's response to the concern's current step.

    Raises:
        ConflictError: the concern is closed, or the step is not current or already answered.
        PermissionDeniedError: the actor is not a chair or business manager of the board
            the concern is raised with.
        DomainError: a blank response or a date outside the step.
    """
    concern = _lock_open(step.concern)
    step = ConcernStep.objects.get(pk=step.pk)
    current = _current_step(concern)
    if current is None or current.pk != step.pk:
        raise ConflictError("Only the current step of a concern can be answered.")
    if step.responded_on is not None:
        raise ConflictError("This step has already been answered.")
    if not permissions.can_respond_to_concern(actor, concern):
        raise PermissionDeniedError(
            f"Only a chair or the business manager of the {concern.raised_with_board.short_name} "
            "can answer this concern."
        )
    step.response = c.require(response, field="response", message="Enter the response.")
    step.responded_on = _date(responded_on, field="responded_on", earliest=step.started_on)
    return c.save(step, actor=actor, reason="Response recorded")


@transaction.atomic
def concern_escalate(*, actor, concern: Concern, request: str) -> ConcernStep | None:
    """Take the concern to the next step of the ladder.

    Returns the new step, or None when the last step has been passed: the concern is
    then escalated beyond the ladder and closed, with the request as its outcome.

    Raises:
        ConflictError: the concern is closed.
        PermissionDeniedError: the actor is not a chair or business manager of the board
            that raised it.
        DomainError: a blank request.
    """
    concern = _lock_open(concern)
    if not permissions.can_escalate_concern(actor, concern):
        raise PermissionDeniedError(
            f"Only a chair or the business manager of the {concern.raised_by_board.short_name} "
            "can take this concern further."
        )
    request = c.require(request, field="request", message="Enter what you are asking for.")
    current = _current_step(concern)
    after = current.ladder_step.order if current else 0
    nxt = (
        LadderStep.objects.filter(version_id=concern.version_id, order__gt=after)
        .order_by("order")
        .first()
    )
    today = timezone.localdate()
    if nxt is None:
        concern.status = Concern.Status.ESCALATED
        concern.closed_on = today
        concern.outcome = request
        c.save(concern, actor=actor, reason="Escalated beyond the resolution ladder")
        return None
    return c.save(
        ConcernStep(concern=concern, ladder_step=nxt, started_on=today, request=request),
        actor=actor,
        reason=f"Step {nxt.order}: {nxt.title}",
    )


def _close(*, actor, concern: Concern, status: str, outcome: str, reason: str) -> Concern:
    concern.status = status
    concern.closed_on = timezone.localdate()
    concern.outcome = outcome
    return c.save(concern, actor=actor, reason=reason)


@transaction.atomic
def concern_resolve(*, actor, concern: Concern, outcome: str) -> Concern:
    """Record that the concern is resolved, and how.

    Raises:
        ConflictError: the concern is already closed.
        PermissionDeniedError: the actor is not a chair or business manager of either board.
        DomainError: a blank outcome.
    """
    concern = _lock_open(concern)
    if not permissions.can_resolve_concern(actor, concern):
        raise PermissionDeniedError(
            "Only a chair or business manager of the boards involved can resolve this concern."
        )
    outcome = c.require(outcome, field="outcome", message="Enter how the concern was resolved.")
    return _close(
        actor=actor,
        concern=concern,
        status=Concern.Status.RESOLVED,
        outcome=outcome,
        reason="Concern resolved",
    )


@transaction.atomic
def concern_withdraw(*, actor, concern: Concern, reason: str = "") -> Concern:
    """Withdraw a concern the actor's board raised.

    Raises:
        ConflictError: the concern is already closed.
        PermissionDeniedError: the actor is not a chair or business manager of the board
            that raised it.
    """
    concern = _lock_open(concern)
    if not permissions.can_escalate_concern(actor, concern):
        raise PermissionDeniedError(
            f"Only a chair or the business manager of the {concern.raised_by_board.short_name} "
            "can withdraw this concern."
        )
    return _close(
        actor=actor,
        concern=concern,
        status=Concern.Status.WITHDRAWN,
        outcome=c.clean_text(reason),
        reason="Concern withdrawn",
    )


__all__ = [
    "concern_escalate",
    "concern_raise",
    "concern_resolve",
    "concern_respond",
    "concern_withdraw",
]
