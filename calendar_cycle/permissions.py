"""Who may see occurrences and record what happened to them.

Occurrences are seen where their protocol is: in the protocol's area and the areas of
its party boards (``boards.permissions.visible_to`` answers through the rules registered
here). Recording follows who owes the duty:

- the chairs and business manager of the owing board (or the holder of the owing post)
  record an occurrence done, waive it, and record the events their duties follow;
- the chairs and business manager of the receiving board may record it done when the
  evidence is a meeting of their board, or when the duty is a meeting between the boards;
- the review of the protocol belongs to every party board's chairs and business manager;
- staff superusers may do all of it.
"""

from __future__ import annotations

from boards.models import Board, Meeting
from boards.permissions import Principal, Rule, principal, register
from protocols.models import Obligation, Party

from .models import Occurrence, Reminder, TriggerEvent


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _protocol_areas(protocol_id: int, area_id: int) -> set[int]:
    boards = Board.objects.filter(protocol_parties__version__protocol_id=protocol_id)
    areas = {area_id, *boards.values_list("area_id", flat=True)}
    areas.update(
        a for a in boards.values_list("additional_areas", flat=True).distinct() if a is not None
    )
    return areas


def _paths(prefix: str) -> tuple[str, ...]:
    return (
        f"{prefix}__area",
        f"{prefix}__versions__parties__board__area",
        f"{prefix}__versions__parties__board__additional_areas",
    )


def _officer_boards(who: Principal) -> frozenset[int]:
    return who.chaired_board_ids | who.managed_board_ids


def _party_board_ids(version_id: int) -> set[int]:
    return set(Party.objects.filter(version_id=version_id).values_list("board_id", flat=True))


def owes(who: Principal, obligation: Obligation) -> bool:
    """Is the principal an officer of the owing board, or the owing post's holder?"""
    if obligation.owing_board_id and obligation.owing_board_id in _officer_boards(who):
        return True
    return bool(
        obligation.owing_post_id
        and who.person_id is not None
        and obligation.owing_post.holder_id == who.person_id
    )


def receives(who: Principal, obligation: Obligation) -> bool:
    return bool(
        obligation.receiving_board_id and obligation.receiving_board_id in _officer_boards(who)
    )


def can_record_done(user, occurrence: Occurrence, meeting: Meeting | None = None) -> bool:
    """May the user record the occurrence done (with ``meeting`` as its evidence)?"""
    who = principal(user)
    if who.is_superuser:
        return True
    if not _signed_in(user):
        return False
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return bool(_officer_boards(who) & _party_board_ids(occurrence.version_id))
    obligation = occurrence.obligation
    if owes(who, obligation):
        return True
    if not receives(who, obligation):
        return False
    at_their_meeting = meeting is not None and meeting.board_id == obligation.receiving_board_id
    return at_their_meeting or obligation.what == Obligation.What.MEET


def can_waive(user, occurrence: Occurrence) -> bool:
    """May the user waive the occurrence? Only the side that owes it."""
    who = principal(user)
    if who.is_superuser:
        return True
    if not _signed_in(user):
        return False
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return bool(_officer_boards(who) & _party_board_ids(occurrence.version_id))
    return owes(who, occurrence.obligation)


def can_record_event(user, obligation: Obligation) -> bool:
    """May the user record that the event an obligation follows has happened?"""
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and (owes(who, obligation) or receives(who, obligation))


def _edit_occurrence(who: Principal, occurrence: Occurrence) -> bool:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return bool(_officer_boards(who) & _party_board_ids(occurrence.version_id))
    return owes(who, occurrence.obligation) or receives(who, occurrence.obligation)


def _never(*args) -> bool:
    return False


register(
    Occurrence,
    Rule(
        area_paths=_paths("version__protocol"),
        area_of=lambda o: _protocol_areas(o.version.protocol_id, o.version.protocol.area_id),
        can_edit=_edit_occurrence,
        can_create=_never,
    ),
)
register(
    Reminder,
    Rule(
        area_paths=_paths("occurrence__version__protocol"),
        area_of=lambda r: _protocol_areas(
            r.occurrence.version.protocol_id, r.occurrence.version.protocol.area_id
        ),
        can_edit=_never,
        can_create=_never,
    ),
)
register(
    TriggerEvent,
    Rule(
        area_paths=_paths("protocol"),
        area_of=lambda e: _protocol_areas(e.protocol_id, e.protocol.area_id),
        can_edit=_never,
        can_create=_never,
    ),
)


def can_manage_feed(user, feed) -> bool:
    """May the user see and revoke a calendar feed? Only the person who made it."""
    who = principal(user)
    return _signed_in(user) and (who.is_superuser or feed.user_id == user.pk)
