"""Writes to committee reports. Views, commands and the demo all come here.

A report is written as a draft, sent for clearance to the officers named on it, cleared
by the Head of Democratic Services (or a democratic services officer on the Head's
behalf) once every named officer has recorded their clearance, and published. The
transitions are the table ``TRANSITIONS``; ``_transition`` is the one function that
moves a report between them. A cleared report is frozen: ``report_revise`` starts a new
revision, and the old one stays as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from boards import permissions as policy
from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from boards.models import Meeting, Person, Post
from protocols.models import Party, ProtocolVersion

from . import permissions, selectors
from .models import (
    Appendix,
    Clearance,
    CommitteeReport,
    OtherImplication,
    Recommendation,
    ReportSection,
)

Status = CommitteeReport.Status

NOT_DEMOCRATIC_SERVICES = "Only democratic services officers of this area can change its reports."
OLD_REVISION = "This is revision {old} of the report; only the newest, revision {new}, can change."
IN_CLEARANCE_FROZEN = "This report is in clearance. Withdraw it from clearance to change it."
CLEARED_FROZEN = (
    "This report has been cleared, so it cannot change. Start a new revision to change it."
)
PROTOCOL_OF_OTHER_AREA = "Choose a protocol that this area is party to."
MEETING_NOT_OF_PARTY = "Choose a meeting of a board that is party to the protocol."
OFFICER_OF_OTHER_AREA = "Choose an officer of this area."
OFFICER_WITHOUT_LOGIN = (
    "{name} has no log-in, so could not record a clearance. Give them a log-in first."
)
OFFICER_ALREADY_NAMED = "{name} is already named for {role} clearance."
OFFICERS_FIXED = "Clearing officers can be named only while the report is a draft or in clearance."
CLEARANCE_ALREADY_RECORDED = "{name} has already recorded this clearance; it stays on the report."
CLEARANCE_NOT_YOURS = "Only {name}, the officer named, can record this clearance."
CLEARANCE_NOT_OPEN = "This report is not in clearance, so no clearance can be recorded."
CLEARANCE_DONE = "This clearance has already been recorded."
CLEARANCE_DECISION_REQUIRED = "Choose whether you clear the report."
CLEARANCE_REASON_REQUIRED = "Say what must change before you can clear the report."
NOTHING_TO_REVISE = "This report is a draft: change it directly, without a new revision."
REVISE_IN_CLEARANCE = "This report is in clearance. Withdraw it from clearance to change it."
REPORT_LATE = (
    "The report deadline was {deadline}. Mark the report as late and give the reasons "
    "before sending it for clearance."
)
AGENDA_LATE = (
    "The agenda deadline was {deadline}, {days} clear working days before the meeting. "
    "Give the reasons for urgency to publish the report now."
)
NOT_READY = "Before it goes for clearance, the report needs {missing}."
NOT_ALL_CLEARED = (
    "{pending} {verb} not been recorded. Every named officer must record their clearance "
    "before the report is cleared."
)
HEAD_OF_DEMOCRATIC_SERVICES = "Head of Democratic Services"
FOR_HEAD_OF_DEMOCRATIC_SERVICES = "for the Head of Democratic Services"

_STATUS_PHRASE = {
    Status.DRAFT: "a draft",
    Status.IN_CLEARANCE: "in clearance",
    Status.CLEARED: "cleared",
    Status.PUBLISHED: "published",
}


# --- shared steps --------------------------------------------------------------------------


def _name_of(user) -> str:
    person = Person.objects.filter(user=user).only("title", "full_name").first()
    if person is not None:
        return str(person)
    return user.get_full_name() or user.get_username()


def _save(instance: models.Model, *, actor, reason: str) -> models.Model:
    instance.full_clean()
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a race past full_clean(): the constraint still holds
        raise ConflictError(
            "Someone else changed this report at the same time. Reload the page and try again."
        ) from exc
    return instance


def _delete(instance: models.Model, *, actor, reason: str) -> None:
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason
    instance.delete()


def _lock(pk: int) -> CommitteeReport:
    return CommitteeReport.objects.select_for_update().get(pk=pk)


def _check_manager(actor, report: CommitteeReport, message: str = NOT_DEMOCRATIC_SERVICES) -> None:
    if not permissions.can_manage(actor, report):
        raise PermissionDeniedError(message)


def _check_newest(report: CommitteeReport) -> None:
    if report.is_newest:
        return
    newest = (
        CommitteeReport.objects.filter(series=report.series, superseded_at__isnull=True)
        .values_list("revision", flat=True)
        .first()
    )
    raise ConflictError(OLD_REVISION.format(old=report.revision, new=newest))


def _check_editable(report: CommitteeReport) -> None:
    _check_newest(report)
    if report.status == Status.IN_CLEARANCE:
        raise ConflictError(IN_CLEARANCE_FROZEN)
    if report.status in CommitteeReport.CLEARED_STATUSES:
        raise ConflictError(CLEARED_FROZEN)


def _serves_area(version: ProtocolVersion, area_id: int) -> bool:
    protocol_id = version.protocol_id
    if version.protocol.area_id == area_id:
        return True
    parties = Party.objects.filter(version__protocol_id=protocol_id)
    return parties.filter(Q(board__area_id=area_id) | Q(board__additional_areas=area_id)).exists()


def _check_appendix(actor, report: CommitteeReport, version: ProtocolVersion) -> None:
    visible = policy.visible_to(actor, ProtocolVersion).filter(pk=version.pk).exists()
    if not visible or not _serves_area(version, report.area_id):
        raise DomainError(PROTOCOL_OF_OTHER_AREA, field="appendices")


def _clean_lines(lines: Iterable[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line and line.strip()]


def _replace_recommendations(actor, report: CommitteeReport, texts: Sequence[str]) -> None:
    wanted = _clean_lines(texts)
    current = list(report.recommendations.order_by("order").values_list("text", flat=True))
    if current == wanted:
        return
    for row in report.recommendations.all():
        _delete(row, actor=actor, reason="Recommendations rewritten")
    for order, text in enumerate(wanted, start=1):
        _save(
            Recommendation(report=report, order=order, text=text),
            actor=actor,
            reason="Recommendations rewritten",
        )


def _replace_rows(
    actor,
    report: CommitteeReport,
    model: type[ReportSection] | type[OtherImplication],
    rows: Sequence[tuple[str, str]],
    text_field: str,
    reason: str,
) -> None:
    wanted = [(heading.strip(), text.strip()) for heading, text in rows]
    existing = list(model.objects.filter(report=report).order_by("order"))
    if [(r.heading, getattr(r, text_field)) for r in existing] == wanted:
        return
    for row in existing:
        _delete(row, actor=actor, reason=reason)
    for order, (heading, text) in enumerate(wanted, start=1):
        _save(
            model(report=report, order=order, heading=heading, **{text_field: text}),
            actor=actor,
            reason=reason,
        )


def _replace_appendices(
    actor, report: CommitteeReport, versions: Sequence[ProtocolVersion]
) -> None:
    for version in versions:
        _check_appendix(actor, report, version)
    existing = list(report.appendices.order_by("order"))
    wanted_ids = [v.pk for v in versions]
    kept = [a.protocol_version_id for a in existing if a.protocol_version_id in wanted_ids]
    ordered = kept + [pk for pk in dict.fromkeys(wanted_ids) if pk not in kept]
    if [a.protocol_version_id for a in existing] == ordered:
        return
    for row in existing:
        _delete(row, actor=actor, reason="Appendices changed")
    for order, version_id in enumerate(ordered, start=1):
        _save(
            Appendix(report=report, order=order, protocol_version_id=version_id),
            actor=actor,
            reason="Appendices changed",
        )


# --- writing a report ----------------------------------------------------------------------


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
    person = Person.objects.filter(user=actor).first()
    synopsis = "The attached protocol is presented for approval."
    if version.purpose.strip():
        synopsis += " " + " ".join(version.purpose.split())
    report = CommitteeReport(
        area_id=board.area_id,
        board=board,
        meeting=meeting,
        agenda_item=agenda_item,
        title=protocol_report_title(version),
        synopsis=synopsis,
        contact_name=str(person) if person else "",
        contact_phone=person.phone if person else "",
        contact_email=person.email if person else "",
    )
    return report_create(
        actor=actor,
        report=report,
        recommendations=[f"That the {board.short_name} note and agree the attached protocol."],
        appendix_versions=[version],
    )


# --- naming and recording clearances -------------------------------------------------------


@transaction.atomic
def clearance_add(*, actor, report: CommitteeReport, officer: Person, role: str) -> Clearance:
    """Name an officer who must clear the report, for a role (finance, legal, ...).

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is cleared, published or an old revision.
        DomainError: the officer is of another area, has no log-in, or is named already.
    """
    stored = _lock(report.pk)
    _check_manager(actor, stored)
    if not permissions.can_name_officers(actor, stored):
        raise ConflictError(OFFICERS_FIXED)
    if officer.area_id != stored.area_id:
        raise DomainError(OFFICER_OF_OTHER_AREA, field="officer")
    if officer.user_id is None:
        raise DomainError(OFFICER_WITHOUT_LOGIN.format(name=officer), field="officer")
    if Clearance.objects.filter(report=stored, officer=officer, role=role).exists():
        label = Clearance.Role(role).label.lower() if role in Clearance.Role.values else role
        raise DomainError(OFFICER_ALREADY_NAMED.format(name=officer, role=label), field="officer")
    clearance = Clearance(report=stored, officer=officer, role=role)
    try:
        _save(clearance, actor=actor, reason="Clearing officer named")
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="role") from exc
    return clearance


@transaction.atomic
def clearance_remove(*, actor, clearance: Clearance) -> None:
    """Remove a named clearing officer before they have recorded their clearance.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is cleared, or the officer has recorded their clearance.
    """
    stored = _lock(clearance.report_id)
    _check_manager(actor, stored)
    if not permissions.can_name_officers(actor, stored):
        raise ConflictError(OFFICERS_FIXED)
    clearance = Clearance.objects.select_related("officer").get(pk=clearance.pk)
    if stored.status == Status.IN_CLEARANCE and clearance.decision != Clearance.Decision.PENDING:
        raise ConflictError(CLEARANCE_ALREADY_RECORDED.format(name=clearance.officer))
    _delete(clearance, actor=actor, reason="Clearing officer removed")


@transaction.atomic
def clearance_record(*, actor, clearance: Clearance, decision: str, comment: str = "") -> Clearance:
    """Record the named officer's own decision; "not cleared" sends the report back to draft.

    Raises:
        PermissionDeniedError: the actor is not the officer named.
        ConflictError: the report is not in clearance, or the clearance is recorded already.
        DomainError: no decision, or "not cleared" without saying what must change.
    """
    report = _lock(clearance.report_id)
    clearance = Clearance.objects.select_for_update().select_related("officer").get(pk=clearance.pk)
    if clearance.officer.user_id is None or clearance.officer.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(CLEARANCE_NOT_YOURS.format(name=clearance.officer))
    if report.status != Status.IN_CLEARANCE or not report.is_newest:
        raise ConflictError(CLEARANCE_NOT_OPEN)
    if clearance.decision != Clearance.Decision.PENDING:
        raise ConflictError(CLEARANCE_DONE)
    if decision not in (Clearance.Decision.CLEARED, Clearance.Decision.NOT_CLEARED):
        raise DomainError(CLEARANCE_DECISION_REQUIRED, field="decision")
    comment = comment.strip()
    if decision == Clearance.Decision.NOT_CLEARED and not comment:
        raise DomainError(CLEARANCE_REASON_REQUIRED, field="comment")
    clearance.decision = decision
    clearance.comment = comment
    clearance.decided_at = timezone.now()
    _save(clearance, actor=actor, reason=f"{clearance.get_decision_display()}")
    if decision == Clearance.Decision.NOT_CLEARED:
        _set_status(
            report,
            Status.DRAFT,
            actor=actor,
            reason=f"Returned by {clearance.get_role_display().lower()} clearance",
        )
    return clearance


# --- the workflow --------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    """A move between statuses: who may make it is ``permissions.can_manage``."""

    name: str
    label: str
    done: str  # "sent for clearance": This report is a draft, so it cannot be <done>.
    sources: tuple[str, ...]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(
            "submit",
            "Send for clearance",
            "sent for clearance",
            (Status.DRAFT,),
            Status.IN_CLEARANCE,
        ),
        Transition(
            "withdraw",
            "Withdraw from clearance",
            "withdrawn from clearance",
            (Status.IN_CLEARANCE,),
            Status.DRAFT,
        ),
        Transition("clear", "Clear the report", "cleared", (Status.IN_CLEARANCE,), Status.CLEARED),
        Transition(
            "publish", "Publish the report", "published", (Status.CLEARED,), Status.PUBLISHED
        ),
    )
}


def refusal(report: CommitteeReport, transition: Transition) -> str | None:
    """Return why the report's status rules the transition out, or None."""
    if not report.is_newest:
        return f"This is an old revision of the report, so it cannot be {transition.done}."
    if report.status not in transition.sources:
        return f"This report is {_STATUS_PHRASE[report.status]}, so it cannot be {transition.done}."
    return None


def _set_status(report: CommitteeReport, target: str, *, actor, reason: str) -> None:
    report.status = target
    report.status_changed_at = timezone.now()
    _save(report, actor=actor, reason=reason)


def _transition(
    *,
    actor,
    report: CommitteeReport,
    name: str,
    guard: Callable[[CommitteeReport, dt.datetime], None] | None = None,
    apply: Callable[[CommitteeReport, dt.datetime], None] | None = None,
) -> CommitteeReport:
    transition = TRANSITIONS[name]
    locked = _lock(report.pk)
    _check_manager(actor, locked)
    reason = refusal(locked, transition)
    if reason:
        raise ConflictError(reason)
    now = timezone.now()
    if guard is not None:
        guard(locked, now)
    if apply is not None:
        apply(locked, now)
    locked.status = transition.target
    locked.status_changed_at = now
    _save(locked, actor=actor, reason=transition.label)
    return locked


def _missing_for_clearance(report: CommitteeReport) -> list[str]:
    missing = []
    if not report.synopsis.strip():
        missing.append("a synopsis")
    if not report.recommendations.exists():
        missing.append("at least one recommendation")
    if not report.report_of:
        missing.append("who it is the report of")
    if not report.contact_name.strip():
        missing.append("a contact officer")
    if not (report.contact_phone.strip() or report.contact_email.strip()):
        missing.append("the contact officer's telephone or email")
    for field, words in (
        ("financial_implications", "the financial implications"),
        ("legal_implications", "the legal implications"),
        ("equalities_implications", "the equalities impact assessment"),
        ("environmental_implications", "the environmental implications"),
    ):
        if not getattr(report, field).strip():
            missing.append(words)
    return missing


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _report_deadline_text(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%H:%M} on {date_format(local.date(), 'l j F Y')}"


@transaction.atomic
def report_submit(*, actor, report: CommitteeReport) -> CommitteeReport:
    """Send a complete draft to its named officers and democratic services for clearance.

    The author's sign-off (who sent it, and when) is recorded for the clearance block, and
    every named clearance starts again: what they cleared before may have changed.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is not a draft, is incomplete, or is late without reasons.
    """

    def guard(locked: CommitteeReport, now: dt.datetime) -> None:
        missing = _missing_for_clearance(locked)
        if missing:
            raise ConflictError(NOT_READY.format(missing=_and(missing)))
        found = selectors.configured_deadlines(locked.meeting_on)
        if found.report_missed(submitted_at=now, now=now) and not locked.is_late:
            raise ConflictError(
                REPORT_LATE.format(deadline=_report_deadline_text(found.report_due)),
            )

    def apply(locked: CommitteeReport, now: dt.datetime) -> None:
        locked.submitted_at = now
        locked.submitted_by = actor
        locked.submitted_by_name = _name_of(actor)
        for clearance in locked.clearances.exclude(decision=Clearance.Decision.PENDING):
            clearance.decision = Clearance.Decision.PENDING
            clearance.decided_at = None
            clearance.comment = ""
            _save(clearance, actor=actor, reason="Sent for clearance again")

    return _transition(actor=actor, report=report, name="submit", guard=guard, apply=apply)


@transaction.atomic
def report_withdraw(*, actor, report: CommitteeReport) -> CommitteeReport:
    """Take a report out of clearance, back to draft, to change it.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is not in clearance.
    """
    return _transition(actor=actor, report=report, name="withdraw")


def _pending_names(pending: list[Clearance]) -> str:
    parts = [f"{c.get_role_display()} clearance by {c.officer}" for c in pending]
    parts = [parts[0]] + [p[0].lower() + p[1:] for p in parts[1:]]
    return _and(parts)


@transaction.atomic
def report_clear(*, actor, report: CommitteeReport) -> CommitteeReport:
    """Clear the report for the Head of Democratic Services, once every named officer has.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is not in clearance, or a named clearance is not recorded.
    """

    def guard(locked: CommitteeReport, now: dt.datetime) -> None:
        pending = list(
            locked.clearances.exclude(decision=Clearance.Decision.CLEARED)
            .select_related("officer")
            .order_by("role", "pk")
        )
        if pending:
            raise ConflictError(
                NOT_ALL_CLEARED.format(
                    pending=_pending_names(pending), verb="has" if len(pending) == 1 else "have"
                )
            )

    def apply(locked: CommitteeReport, now: dt.datetime) -> None:
        locked.cleared_at = now
        locked.cleared_by = actor
        locked.cleared_by_name = _name_of(actor)
        holds_post = Post.objects.filter(
            area_id=locked.area_id,
            kind=Post.Kind.HEAD_DEMOCRATIC_SERVICES,
            holder__user=actor,
        ).exists()
        locked.cleared_as = (
            HEAD_OF_DEMOCRATIC_SERVICES if holds_post else FOR_HEAD_OF_DEMOCRATIC_SERVICES
        )

    return _transition(actor=actor, report=report, name="clear", guard=guard, apply=apply)


@transaction.atomic
def report_publish(*, actor, report: CommitteeReport, urgency_reason: str = "") -> CommitteeReport:
    """Publish a cleared report. After the agenda deadline, only with reasons for urgency.

    The reasons for urgency are the one thing recorded on a cleared report: the chair
    accepts a late item for those reasons, and they are printed with it.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is not cleared, or is late and no reasons are given.
    """
    urgency_reason = urgency_reason.strip()

    def guard(locked: CommitteeReport, now: dt.datetime) -> None:
        found = selectors.configured_deadlines(locked.meeting_on)
        today = timezone.localtime(now).date()
        late = found.agenda_missed(published_on=None, today=today)
        if late and not (urgency_reason or (locked.is_urgent and locked.urgency_reason)):
            raise DomainError(
                AGENDA_LATE.format(
                    deadline=date_format(found.agenda_due, "l j F Y"), days=found.clear_days
                ),
                field="urgency_reason",
            )

    def apply(locked: CommitteeReport, now: dt.datetime) -> None:
        if urgency_reason:
            locked.is_urgent = True
            locked.urgency_reason = urgency_reason
        locked.published_at = now

    return _transition(actor=actor, report=report, name="publish", guard=guard, apply=apply)


_COPIED_FIELDS = (
    "series",
    "area_id",
    "board_id",
    "committee_name",
    "meeting_id",
    "meeting_date",
    "agenda_item",
    "wards",
    "part",
    "exempt_paragraph",
    "is_urgent",
    "urgency_reason",
    "is_late",
    "late_reason",
    "report_of_post_id",
    "report_of_name",
    "contact_name",
    "contact_phone",
    "contact_email",
    "title",
    "synopsis",
    "background",
    "financial_implications",
    "legal_implications",
    "equalities_implications",
    "environmental_implications",
    "conclusion",
    "background_papers",
)


@transaction.atomic
def report_revise(*, actor, report: CommitteeReport) -> CommitteeReport:
    """Start a new draft revision of a cleared or published report; the old one stays.

    The content, the recommendations, sections, implications, appendices and named
    officers are copied; every clearance starts again.

    Raises:
        PermissionDeniedError: the actor is not democratic services in the report's area.
        ConflictError: the report is a draft, in clearance, or an old revision.
    """
    old = _lock(report.pk)
    _check_manager(actor, old)
    _check_newest(old)
    if old.status == Status.DRAFT:
        raise ConflictError(NOTHING_TO_REVISE)
    if old.status == Status.IN_CLEARANCE:
        raise ConflictError(REVISE_IN_CLEARANCE)
    now = timezone.now()
    old.superseded_at = now
    _save(old, actor=actor, reason=f"Replaced by revision {old.revision + 1}")
    new = CommitteeReport(
        revision=old.revision + 1,
        revision_of=old,
        status=Status.DRAFT,
        status_changed_at=now,
        created_by=actor,
        **{name: getattr(old, name) for name in _COPIED_FIELDS},
    )
    reason = f"Revision {new.revision} started from revision {old.revision}"
    _save(new, actor=actor, reason=reason)
    for row in old.recommendations.order_by("order"):
        _save(
            Recommendation(report=new, order=row.order, text=row.text), actor=actor, reason=reason
        )
    for row in old.sections.order_by("order"):
        _save(
            ReportSection(report=new, order=row.order, heading=row.heading, body=row.body),
            actor=actor,
            reason=reason,
        )
    for row in old.other_implications.order_by("order"):
        _save(
            OtherImplication(report=new, order=row.order, heading=row.heading, text=row.text),
            actor=actor,
            reason=reason,
        )
    for row in old.appendices.order_by("order"):
        _save(
            Appendix(report=new, order=row.order, protocol_version_id=row.protocol_version_id),
            actor=actor,
            reason=reason,
        )
    for row in old.clearances.order_by("pk"):
        _save(
            Clearance(report=new, role=row.role, officer_id=row.officer_id),
            actor=actor,
            reason=reason,
        )
    return new
