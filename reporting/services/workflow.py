"""The workflow: the transition table, the one function that moves a report, and revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from boards.exceptions import ConflictError, DomainError
from boards.models import Post

from .. import selectors
from ..models import (
    Appendix,
    Clearance,
    CommitteeReport,
    OtherImplication,
    Recommendation,
    ReportSection,
)
from ._common import (
    _STATUS_PHRASE,
    AGENDA_LATE,
    FOR_HEAD_OF_DEMOCRATIC_SERVICES,
    HEAD_OF_DEMOCRATIC_SERVICES,
    NOT_ALL_CLEARED,
    NOT_READY,
    NOTHING_TO_REVISE,
    REPORT_LATE,
    REVISE_IN_CLEARANCE,
    Status,
    _and,
    _check_manager,
    _check_newest,
    _lock,
    _name_of,
    _save,
)


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
        ConflictError: the report is not cleared.
        DomainError: the agenda deadline has passed and no reasons for urgency are given.
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
