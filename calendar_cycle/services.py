"""Writes to occurrences: their states, what happened to them, and the protocol's review.

``generate_occurrences`` (in ``calendar_cycle.generation``) makes occurrences;
``update_states`` moves outstanding ones through upcoming → open → due soon → overdue
each morning and opens the reviews that have fallen due; people record an occurrence
done (``occurrence_record_done``) or waive it (``occurrence_waive``), and record the
events relative obligations follow (``event_record``).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_update_with_history, get_history_manager_for_model

from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from boards.models import Meeting, Membership
from boards.services import enqueue
from protocols.models import Obligation, ProtocolVersion
from protocols.timing import format_date

from . import escalation, planning, reminders, windows
from .generation import BATCH_SIZE, batches
from .models import EVIDENCE_EXTENSIONS, Occurrence, TriggerEvent
from .permissions import can_record_done, can_record_event, can_waive
from .tasks import generate_occurrences_task

logger = logging.getLogger(__name__)

State = Occurrence.State

#: the largest evidence document accepted
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
NOTE_MAX_LENGTH = 2000

_STATE_REASONS = {
    State.UPCOMING: "Upcoming",
    State.OPEN: "Window opened",
    State.DUE_SOON: "Due soon",
    State.OVERDUE: "Now overdue",
}


def due_soon_days() -> int:
    """Return how many days before it is due an occurrence counts as due soon."""
    return int(getattr(settings, "CALENDAR_DUE_SOON_DAYS", planning.DEFAULT_DUE_SOON_DAYS))


# --- states --------------------------------------------------------------------------


def update_states(*, today: dt.date | None = None, soon_days: int | None = None) -> dict:
    """Move every outstanding occurrence into the state it is in on ``today``.

    One query per state finds the rows that change (locked, skipping rows another run
    holds), one UPDATE per state and batch writes them, and each changed row gets one
    history row, written in bulk. Rows that do not change are neither written nor given
    history. Then reviews that have fallen due are opened (``open_due_reviews``).
    """
    today = today or timezone.localdate()
    soon = due_soon_days() if soon_days is None else soon_days
    soon_end = today + dt.timedelta(days=soon)
    conditions = {
        State.OVERDUE: Q(due_on__lt=today),
        State.DUE_SOON: Q(due_on__gte=today, due_on__lte=soon_end),
        State.OPEN: Q(due_on__gt=soon_end, opens_on__lte=today),
        State.UPCOMING: Q(due_on__gt=soon_end) & (Q(opens_on__isnull=True) | Q(opens_on__gt=today)),
    }
    counts = {state.value: 0 for state in conditions}
    history = get_history_manager_for_model(Occurrence)
    with transaction.atomic():
        now = timezone.now()
        for state, condition in conditions.items():
            rows = list(
                Occurrence.objects.outstanding()
                .filter(condition)
                .exclude(state=state)
                .select_for_update(skip_locked=True)
                .order_by("pk")
            )
            for batch in batches(rows, BATCH_SIZE):
                Occurrence.objects.filter(pk__in=[r.pk for r in batch]).update(
                    state=state, modified=now
                )
                for row in batch:
                    row.state, row.modified = state, now
                history.bulk_history_create(
                    batch,
                    update=True,
                    default_change_reason=_STATE_REASONS[state],
                    default_date=now,
                )
            counts[state.value] = len(rows)
    counts["reviews_opened"] = open_due_reviews(today=today)
    return counts


# --- the protocol's review -------------------------------------------------------------


@transaction.atomic
def open_due_reviews(*, today: dt.date | None = None) -> int:
    """Act on the reviews that have fallen due; return how many reviews this run opened.

    A version already under review, or reviewed since the occurrence's period began, has
    its review recorded as done. Otherwise the version moves to under review through the
    protocols lifecycle and the occurrence is recorded as done. Either way the party
    boards' business managers are told, once per occurrence: the reminder row is
    claimed in this transaction, so a retried task or a second worker sends nothing.
    Rows another run holds are skipped, not waited for.
    """
    from protocols import services as protocol_services

    today = today or timezone.localdate()
    due = list(
        Occurrence.objects.outstanding()
        .filter(
            kind=Occurrence.Kind.REVIEW,
            due_on__lte=today,
            version__status__in=ProtocolVersion.OPERATIVE_STATUSES,
        )
        .select_related("version")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("due_on", "pk")
    )
    if not due:
        return 0
    recipients = _business_manager_emails({o.version_id for o in due}, today)
    opened = 0
    closed: list[Occurrence] = []
    claimed = []
    for occurrence in due:
        version = occurrence.version
        since = occurrence.opens_on or windows.add_years(occurrence.due_on, -1)
        opened_on = version.review_opened_on
        if opened_on is not None and opened_on >= since:
            closed.append(_review_done(occurrence, opened_on))
            continue
        if version.status == ProtocolVersion.Status.UNDER_REVIEW:
            closed.append(_review_done(occurrence, today))
            continue
        on_date = max(occurrence.due_on, version.in_force_from or occurrence.due_on)
        is_open = False
        try:
            with transaction.atomic():
                protocol_services.version_review_open_due(version=version, on_date=on_date)
            is_open = True
        except DomainError as exc:
            # The business managers are told it is due and open it themselves.
            logger.warning("Could not open the review of version %s: %s", version.pk, exc)
        if is_open:
            opened += 1
            closed.append(_review_done(occurrence, on_date, automatic=True))
        claimed.append(
            reminders.reminder_claim(
                occurrence=occurrence,
                offset=reminders.REVIEW_OPENED if is_open else reminders.REVIEW_DUE,
                recipients=recipients.get(version.pk, []),
            )
        )
    reminders.deliver_on_commit(claimed)
    bulk_update_with_history(
        closed,
        Occurrence,
        ["state", "done_on", "note", "modified"],
        batch_size=BATCH_SIZE,
        default_change_reason="Review opened",
    )
    return opened


def _review_done(occurrence: Occurrence, done_on: dt.date, automatic: bool = False):
    occurrence.state = State.DONE
    occurrence.done_on = done_on
    occurrence.modified = timezone.now()
    if automatic:
        occurrence.note = "The review opened when it fell due, on the calendar."
    else:
        occurrence.note = f"The review opened on {format_date(done_on)}."
    return occurrence


def _business_manager_emails(version_ids: set[int], today: dt.date) -> dict[int, list[str]]:
    """Return the email addresses of each version's party boards' business managers."""
    rows = (
        Membership.objects.current(today)
        .filter(
            role=Membership.Role.BUSINESS_MANAGER,
            board__protocol_parties__version_id__in=version_ids,
        )
        .exclude(person__email="")
        .values_list("board__protocol_parties__version_id", "person__email")
    )
    result: dict[int, set[str]] = {}
    for version_id, email in rows:
        result.setdefault(version_id, set()).add(email)
    return {version_id: sorted(emails) for version_id, emails in result.items()}


# --- what people record --------------------------------------------------------------


def _lock(occurrence: Occurrence) -> Occurrence:
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related(
            "version__protocol",
            "obligation__owing_board",
            "obligation__owing_post",
            "obligation__receiving_board",
        )
        .get(pk=occurrence.pk)
    )


def _refuse_closed(occurrence: Occurrence) -> None:
    if occurrence.state == State.DONE:
        raise ConflictError(
            f"This was already recorded as done on {format_date(occurrence.done_on)}."
        )
    if occurrence.state == State.WAIVED:
        raise ConflictError("This has been waived, so it cannot be changed.")


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(f"Keep the note to {NOTE_MAX_LENGTH} characters or fewer.", field="note")
    return note


def _clean_link(link: str | None) -> str:
    link = (link or "").strip()
    if not link:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise DomainError(
            "Enter the link as a full web address, starting with https://", field="link"
        ) from None
    if len(link) > Occurrence._meta.get_field("evidence_link").max_length:
        raise DomainError("The link must be 500 characters or fewer.", field="link")
    return link


def _check_document(document: UploadedFile | None) -> None:
    if document is None:
        return
    extension = document.name.rsplit(".", 1)[-1].lower() if "." in document.name else ""
    if extension not in EVIDENCE_EXTENSIONS:
        raise DomainError(
            "The document must be a PDF, Word, OpenDocument, spreadsheet, slides or text file.",
            field="document",
        )
    if document.size > EVIDENCE_MAX_BYTES:
        raise DomainError("The document must be smaller than 10 MB.", field="document")


def _check_meeting(occurrence: Occurrence, meeting: Meeting | None, done_on: dt.date) -> None:
    if meeting is None:
        return
    if occurrence.kind == Occurrence.Kind.REVIEW:
        allowed = set(occurrence.version.parties.values_list("board_id", flat=True))
    else:
        obligation = occurrence.obligation
        allowed = {obligation.owing_board_id, obligation.receiving_board_id} - {None}
    if meeting.board_id not in allowed:
        raise DomainError(
            "Choose a meeting of a board this is owed by or owed to.", field="meeting"
        )
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
        raise DomainError(
            f"That meeting was {meeting.get_status_display().lower()}: choose a meeting that "
            "took place.",
            field="meeting",
        )
    if meeting.date > done_on:
        raise DomainError("The meeting must be on or before the date it was done.", field="meeting")


@transaction.atomic
def occurrence_record_done(
    *,
    actor,
    occurrence: Occurrence,
    done_on: dt.date | None,
    meeting: Meeting | None = None,
    link: str = "",
    note: str = "",
    document: UploadedFile | None = None,
) -> Occurrence:
    """Record that an occurrence was done, when, and the evidence that it was.

    The evidence is at least one of: a meeting of the owing or receiving board, a
    document, a link, or a note.

    Raises:
        PermissionDeniedError: the actor is not a chair or business manager of the owing
            board (or of the receiving board, with its meeting as the evidence).
        ConflictError: the occurrence is already done or waived.
        DomainError: a missing or future date, no evidence, a meeting of another board
            or one that did not take place, a link that is not a web address, a document
            of the wrong kind or too large, or an over-long note.
    """
    locked = _lock(occurrence)
    if not can_record_done(actor, locked, meeting):
        raise PermissionDeniedError(
            "Only a chair or business manager of the board that owes this can record it done."
        )
    _refuse_closed(locked)
    if done_on is None:
        raise DomainError("Enter the date it was done.", field="done_on")
    if done_on > timezone.localdate():
        raise DomainError("The date it was done must be today or in the past.", field="done_on")
    note = _clean_note(note)
    link = _clean_link(link)
    _check_document(document)
    _check_meeting(locked, meeting, done_on)
    if meeting is None and not link and not note and document is None:
        raise DomainError(
            "Give the evidence that it was done: a meeting, a document, a link or a note.",
            field="evidence",
        )
    locked.state = State.DONE
    locked.done_on = done_on
    locked.evidence_meeting = meeting
    locked.evidence_link = link
    locked.note = note
    locked.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    if document is not None:
        locked.evidence_document.save(document.name, document, save=False)
    locked.full_clean()
    _history(locked, actor, "Recorded as done")
    locked.save()
    escalation.close_suggestion(locked, f"It was recorded as done on {format_date(done_on)}.")
    return locked


@transaction.atomic
def occurrence_waive(*, actor, occurrence: Occurrence, reason: str) -> Occurrence:
    """Waive an occurrence that will not happen, with the reason.

    Raises:
        PermissionDeniedError: the actor is not a chair or business manager of the owing
            board.
        ConflictError: the occurrence is already done or waived.
        DomainError: no reason, or an over-long one.
    """
    locked = _lock(occurrence)
    if not can_waive(actor, locked):
        raise PermissionDeniedError(
            "Only a chair or business manager of the board that owes this can waive it."
        )
    _refuse_closed(locked)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Enter the reason for waiving it.", field="reason")
    if len(reason) > NOTE_MAX_LENGTH:
        raise DomainError(
            f"Keep the reason to {NOTE_MAX_LENGTH} characters or fewer.", field="reason"
        )
    locked.state = State.WAIVED
    locked.waived_reason = reason
    locked.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.full_clean()
    _history(locked, actor, "Waived")
    locked.save()
    escalation.close_suggestion(locked, f"It was waived: {reason}")
    return locked


@transaction.atomic
def event_record(
    *, actor, obligation: Obligation, happened_on: dt.date | None, note: str = ""
) -> TriggerEvent:
    """Record that the event a relative obligation follows has happened.

    Generation is queued once the event is saved, and plans the obligation's occurrence
    from it.

    Raises:
        PermissionDeniedError: the actor is not a chair or business manager of the owing
            or receiving board.
        DomainError: the obligation does not follow an event, or a missing or future date.
    """
    from protocols.timing import TimingRuleError, parse_rule

    from .generation import relative_parts

    if not can_record_event(actor, obligation):
        raise PermissionDeniedError(
            "Only a chair or business manager of a board this obligation concerns can record "
            "that its event happened."
        )
    try:
        rule = parse_rule(obligation.timing)
    except TimingRuleError:
        rule = None
    if rule is None or not any(r.after_event for r in relative_parts(rule)):
        raise DomainError("This obligation does not follow an event.")
    if happened_on is None:
        raise DomainError("Enter the date the event happened.", field="happened_on")
    if happened_on > timezone.localdate():
        raise DomainError(
            "The date the event happened must be today or in the past.", field="happened_on"
        )
    event = TriggerEvent(
        protocol_id=obligation.version.protocol_id,
        obligation_key=obligation.key,
        happened_on=happened_on,
        note=_clean_note(note),
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    event.full_clean()
    _history(event, actor, "Event recorded")
    event.save()
    # Plan its occurrence now rather than overnight; with the broker down, the nightly
    # run plans it instead.
    enqueue(generate_occurrences_task)
    return event


def _history(instance, actor, reason: str) -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason
