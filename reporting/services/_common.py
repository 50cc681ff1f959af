"""What every write to a report shares: the messages, saving with history, locks and checks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone

from boards import permissions as policy
from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from boards.models import Person
from protocols.models import Party, ProtocolVersion

from .. import permissions
from ..models import (
    Appendix,
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


def _set_status(report: CommitteeReport, target: str, *, actor, reason: str) -> None:
    report.status = target
    report.status_changed_at = timezone.now()
    _save(report, actor=actor, reason=reason)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
