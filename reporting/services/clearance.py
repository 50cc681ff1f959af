"""Naming the officers who must clear a report, and their own record of it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from boards.models import Person

from .. import permissions
from ..models import (
    Clearance,
    CommitteeReport,
)
from ._common import (
    CLEARANCE_ALREADY_RECORDED,
    CLEARANCE_DECISION_REQUIRED,
    CLEARANCE_DONE,
    CLEARANCE_NOT_OPEN,
    CLEARANCE_NOT_YOURS,
    CLEARANCE_REASON_REQUIRED,
    OFFICER_ALREADY_NAMED,
    OFFICER_OF_OTHER_AREA,
    OFFICER_WITHOUT_LOGIN,
    OFFICERS_FIXED,
    Status,
    _check_manager,
    _delete,
    _lock,
    _save,
    _set_status,
)


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
