"""Writing a report: starting it (from scratch or from a protocol) and changing a draft."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from boards.exceptions import DomainError, PermissionDeniedError
from boards.models import Meeting, Person
from protocols.models import ProtocolVersion

from .. import permissions
from ..models import (
    CommitteeReport,
    OtherImplication,
    ReportSection,
)
from ._common import (
    MEETING_NOT_OF_PARTY,
    NOT_DEMOCRATIC_SERVICES,
    Status,
    _check_editable,
    _check_manager,
    _lock,
    _replace_appendices,
    _replace_recommendations,
    _replace_rows,
    _save,
)


@transaction.atomic
def report_create(
    *,
    actor,
    report: CommitteeReport,
    recommendations: Sequence[str] = (),
    appendix_versions: Sequence[ProtocolVersion] = (),
) -> CommitteeReport:
    """Save a new draft report, with its recommendations and appendices.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ValidationError: the report is invalid (field messages for the form).
        DomainError: an appendix is a protocol of another area.
    """
    if not report.area_id or not permissions.can_create(actor, report.area_id):
        raise PermissionDeniedError(NOT_DEMOCRATIC_SERVICES)
    report.status = Status.DRAFT
    report.revision = 1
    report.revision_of = None
    report.superseded_at = None
    report.status_changed_at = timezone.now()
    report.created_by = actor
    _save(report, actor=actor, reason="Report started")
    _replace_recommendations(actor, report, recommendations)
    _replace_appendices(actor, report, appendix_versions)
    return report


#: fields only the workflow writes; an edit keeps whatever the database holds
_WORKFLOW_FIELDS = (
    "series",
    "revision",
    "revision_of_id",
    "superseded_at",
    "status",
    "status_changed_at",
    "submitted_at",
    "submitted_by_id",
    "submitted_by_name",
    "cleared_at",
    "cleared_by_id",
    "cleared_by_name",
    "cleared_as",
    "published_at",
    "created_by_id",
)


@transaction.atomic
def report_update(
    *,
    actor,
    report: CommitteeReport,
    recommendations: Sequence[str] | None = None,
    appendix_versions: Sequence[ProtocolVersion] | None = None,
) -> CommitteeReport:
    """Save changes to a draft report (and, when given, its recommendations and appendices).

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is in clearance, cleared, or an old revision.
        ValidationError: the report is invalid.
        DomainError: an appendix is a protocol of another area.
    """
    stored = _lock(report.pk)
    _check_manager(actor, stored)
    _check_editable(stored)
    if report.area_id != stored.area_id and not permissions.can_create(actor, report.area_id):
        raise PermissionDeniedError(NOT_DEMOCRATIC_SERVICES)
    for name in _WORKFLOW_FIELDS:
        setattr(report, name, getattr(stored, name))
    _save(report, actor=actor, reason="Report changed")
    if recommendations is not None:
        _replace_recommendations(actor, report, recommendations)
    if appendix_versions is not None:
        _replace_appendices(actor, report, appendix_versions)
    return report


@transaction.atomic
def report_sections_replace(
    *, actor, report: CommitteeReport, sections: Sequence[tuple[str, str]]
) -> CommitteeReport:
    """Replace the body sections of a draft report with ``sections`` (heading, Markdown).

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is in clearance, cleared, or an old revision.
        ValidationError: a heading is missing or too long.
    """
    stored = _lock(report.pk)
    _check_manager(actor, stored)
    _check_editable(stored)
    _replace_rows(actor, stored, ReportSection, sections, "body", "Sections changed")
    return stored


@transaction.atomic
def report_implications_replace(
    *, actor, report: CommitteeReport, implications: Sequence[tuple[str, str]]
) -> CommitteeReport:
    """Replace the implications a draft report adds to the four standard ones.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is in clearance, cleared, or an old revision.
        ValidationError: a heading or its text is missing.
    """
    stored = _lock(report.pk)
    _check_manager(actor, stored)
    _check_editable(stored)
    _replace_rows(actor, stored, OtherImplication, implications, "text", "Implications changed")
    return stored


def protocol_report_title(version: ProtocolVersion) -> str:
    """Return the title of a report presenting a protocol: "Protocol between A and B — for
    approval", with the parties' short names in their order."""
    names = [
        p.board.short_name for p in sorted(version.parties.all(), key=lambda p: (p.order, p.pk))
    ]
    if len(names) > 1:
        between = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        between = names[0] if names else version.title
    return f"Protocol between {between} — for approval"


@transaction.atomic
def report_from_protocol(
    *,
    actor,
    version: ProtocolVersion,
    meeting: Meeting,
    agenda_item: int | None = None,
) -> CommitteeReport:
    """Start a report presenting a protocol version for approval, with it as Appendix A.

    The title, the synopsis and the recommendation ("note and agree the attached
    protocol") are filled in; the contact officer is the actor.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the meeting's area.
        DomainError: the protocol is not this area's, or the meeting's board is not a party.
        ValidationError: the report would be invalid.
    """
    if meeting.board_id is None:
        raise DomainError(MEETING_NOT_OF_PARTY, field="meeting")
    board = meeting.board
    if not permissions.can_create(actor, board.area_id):
        raise PermissionDeniedError(NOT_DEMOCRATIC_SERVICES)
    version = (
        ProtocolVersion.objects.select_related("protocol")
        .prefetch_related("parties__board")
        .get(pk=version.pk)
    )
    if board.pk not in {p.board_id for p in version.parties.all()}:
        raise DomainError(MEETING_NOT_OF_PARTY, field="meeting")
    synopsis = "The attached protocol is presented for approval."
    if version.purpose.strip():
        synopsis += " " + " ".join(version.purpose.split())
    return _start_report(
        actor=actor,
        meeting=meeting,
        agenda_item=agenda_item,
        title=protocol_report_title(version),
        synopsis=synopsis,
        recommendations=[f"That the {board.short_name} note and agree the attached protocol."],
        appendix_versions=[version],
    )


def _start_report(
    *, actor, meeting: Meeting, agenda_item, title, synopsis, recommendations, appendix_versions
) -> CommitteeReport:
    """Create a report to the meeting's board with the actor as its contact officer."""
    person = Person.objects.filter(user=actor).first()
    board = meeting.board
    report = CommitteeReport(
        area_id=board.area_id,
        board=board,
        meeting=meeting,
        agenda_item=agenda_item,
        title=title,
        synopsis=synopsis,
        contact_name=str(person) if person else "",
        contact_phone=person.phone if person else "",
        contact_email=person.email if person else "",
    )
    return report_create(
        actor=actor,
        report=report,
        recommendations=recommendations,
        appendix_versions=appendix_versions,
    )


OCCURRENCE_WITHOUT_BOARD = "A committee report goes to a board; this duty is owed to a post holder."
MEETING_NOT_OF_RECEIVER = "Choose a meeting of the board the duty is owed to."


def occurrence_report_title(occurrence) -> str:
    """Return the title of a report presenting a duty: the annual report by the year it
    covers, anything else by what the protocol says is due."""
    from calendar_cycle import windows

    obligation = occurrence.obligation
    if "annual report" in obligation.description.lower():
        covered = windows.financial_year_label(occurrence.financial_year - 1)
        return f"{obligation.owing_display} annual report {covered}"
    return f"{obligation.owing_display}: {obligation.description}"[:300].rstrip(".")


@transaction.atomic
def report_from_occurrence(
    *, actor, occurrence, meeting: Meeting, agenda_item: int | None = None
) -> CommitteeReport:
    """Start a report presenting a duty of a protocol (an occurrence) to the board it is owed
    to, with the protocol version as Appendix A.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the meeting's area.
        DomainError: the duty is owed to no board, or the meeting is not that board's.
        ValidationError: the report would be invalid.
    """
    obligation = occurrence.obligation
    if obligation is None or obligation.receiving_board_id is None:
        raise DomainError(OCCURRENCE_WITHOUT_BOARD)
    if meeting.board_id != obligation.receiving_board_id:
        raise DomainError(MEETING_NOT_OF_RECEIVER, field="meeting")
    if not permissions.can_create(actor, meeting.board.area_id):
        raise PermissionDeniedError(NOT_DEMOCRATIC_SERVICES)
    board = meeting.board
    owing = obligation.owing_display
    synopsis = (
        f"Under the protocol {occurrence.version.protocol.reference}, the {owing} "
        f"{obligation.get_what_display().lower()} to the {board.short_name}: "
        f"{' '.join(obligation.description.split())} It is due by "
        f"{occurrence.due_on:%-d %B %Y}."
    )
    return _start_report(
        actor=actor,
        meeting=meeting,
        agenda_item=agenda_item,
        title=occurrence_report_title(occurrence),
        synopsis=synopsis,
        recommendations=[
            f"That the {board.short_name} note the report and comment on it.",
            f"That the {board.short_name} agree its response to the {owing}.",
        ],
        appendix_versions=[occurrence.version],
    )
