"""What happens to a protocol when the calendar of its obligations says so.

The calendar (another app) calls these; protocols never imports it. A review that falls
due opens through the lifecycle like any other transition, as the services' own
decision, and an obligation overdue for too long becomes a suggested concern on the
resolution ladder, which the boards' chairs may take up.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from boards.models import Board

from .. import permissions
from ..exceptions import ConflictError, DomainError
from ..models import Concern, ConcernStep, LadderStep, ProtocolVersion
from . import _common as c
from .workflow import transition

REVIEW_FELL_DUE = "The annual review fell due"

SUGGESTION_CLOSED = "No longer needed"


@transaction.atomic
def version_review_open_due(*, version: ProtocolVersion, on_date: dt.date) -> ProtocolVersion:
    """Put a version in force under review because its review fell due on ``on_date``.

    Nobody acts: the history records the reason, and the business managers hear of it
    from the caller.

    Raises:
        TransitionNotAllowedError: the version is not in force.
        DomainError: ``on_date`` is before the version came into force.
    """
    return transition(
        actor=None,
        version=version,
        name="open_review",
        reason=f"{REVIEW_FELL_DUE} on {on_date.day} {on_date:%B %Y}",
        on_date=on_date,
        system=True,
    )


@transaction.atomic
def concern_suggest(
    *,
    version: ProtocolVersion,
    key: str,
    raised_by_board: Board,
    raised_with_board: Board,
    subject: str,
    description: str,
    request: str,
    on_date: dt.date,
) -> Concern | None:
    """Suggest a concern at the first step of the version's resolution ladder.

    ``key`` names what it is about ("occurrence-42"); the database keeps one concern per
    key, so suggesting it again, or twice at once, returns the one already made. The
    concern is "suggested": no one has raised it, and it shows on the protocol's page
    for the chairs to take up. Returns None when the version has no ladder.

    Raises:
        DomainError: a board that is not a party, or an empty or over-long key.
        ConflictError: the version is not in force.
    """
    key = c.clean_text(key)
    if not key or len(key) > Concern._meta.get_field("suggested_for").max_length:
        raise DomainError("Name what the suggested concern is about in 100 characters or fewer.")
    existing = Concern.objects.filter(suggested_for=key).first()
    if existing is not None:
        return existing
    version = c.lock_version(version)
    if version.status not in ProtocolVersion.OPERATIVE_STATUSES:
        raise ConflictError("A concern can be suggested only under a protocol that is in force.")
    parties = permissions.party_board_ids(version)
    for board in (raised_by_board, raised_with_board):
        if board.pk not in parties:
            raise DomainError(f"The {board.short_name} is not a party to this protocol.")
    first = LadderStep.objects.filter(version=version).order_by("order").first()
    if first is None:
        return None
    concern = Concern(
        protocol_id=version.protocol_id,
        version=version,
        raised_by_board=raised_by_board,
        raised_with_board=raised_with_board,
        raised_by=None,
        subject=c.clean_text(subject)[: Concern._meta.get_field("subject").max_length],
        description=c.clean_text(description),
        status=Concern.Status.SUGGESTED,
        raised_on=on_date,
        suggested_for=key,
    )
    try:
        c.save(
            concern,
            actor=None,
            reason="Suggested first step",
            clash=ConflictError("This concern has already been suggested."),
        )
    except ConflictError:
        # Another run suggested it between the look-up and the insert.
        return Concern.objects.get(suggested_for=key)
    c.save(
        ConcernStep(
            concern=concern, ladder_step=first, started_on=on_date, request=c.clean_text(request)
        ),
        actor=None,
        reason=f"Suggested step {first.order}: {first.title}",
    )
    return concern


@transaction.atomic
def concern_suggestion_close(*, key: str, outcome: str) -> Concern | None:
    """Close the suggested concern about ``key`` when it is no longer needed.

    A suggestion someone has taken up is theirs and is left alone. Returns the concern
    closed, or None when there was no suggestion still open.
    """
    concern = (
        Concern.objects.select_for_update()
        .filter(suggested_for=key, status=Concern.Status.SUGGESTED)
        .first()
    )
    if concern is None:
        return None
    concern.status = Concern.Status.WITHDRAWN
    concern.closed_on = timezone.localdate()
    concern.outcome = c.clean_text(outcome)
    return c.save(concern, actor=None, reason=SUGGESTION_CLOSED)


__all__ = ["concern_suggest", "concern_suggestion_close", "version_review_open_due"]
