"""Writes to the boards app's records. Views, the API, commands and the admin all come here."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Q

from .exceptions import DomainError, PermissionDeniedError
from .models import Meeting, Membership
from .permissions import can_create, can_delete, can_edit, forget, parent_of

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> None:
    """Send a task to the broker after the transaction commits, never failing the request.

    If the broker is unreachable the record is already saved; the failure is logged and the
    user's action still succeeds.
    """

    def _send():
        try:
            task.apply_async(
                args=args,
                retry=True,
                retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
            )
        except Exception:  # the broker is down or refuses: the web app keeps working
            logger.exception("Could not queue %s%r", task.name, args)

    transaction.on_commit(_send)


def _after_create(instance: models.Model) -> None:
    if isinstance(instance, Meeting) and instance.status == Meeting.Status.SCHEDULED:
        from .tasks import meeting_notify

        enqueue(meeting_notify, instance.pk)


def _validated_save(instance: models.Model, *, actor, reason: str) -> models.Model:
    instance.full_clean()
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:  # a race past full_clean(): the constraint still holds
        raise DomainError("This record clashes with one that already exists.") from exc
    return instance


@transaction.atomic
def record_create(
    *,
    actor,
    instance: models.Model,
    m2m: dict | None = None,
    reason: str = "Created",
) -> models.Model:
    """Create a boards record after checking the actor may add it where it belongs.

    Where it belongs (its area or board) comes from the record's own fields.

    Raises:
        PermissionDeniedError: the actor may not add this kind of record here.
        ValidationError: the record is invalid (field messages for the form).
    """
    if not can_create(actor, type(instance), parent_of(instance)):
        raise PermissionDeniedError("You cannot add records here.")
    _validated_save(instance, actor=actor, reason=reason)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    forget(actor)
    _after_create(instance)
    return instance


@transaction.atomic
def record_update(
    *, actor, instance: models.Model, m2m: dict | None = None, reason: str = "Changed"
) -> models.Model:
    """Save changes to a boards record the actor may edit.

    Raises:
        PermissionDeniedError: the actor may not change this record.
        ValidationError: the record is invalid.
    """
    if not can_edit(actor, instance):
        raise PermissionDeniedError("You cannot change this record.")
    _validated_save(instance, actor=actor, reason=reason)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    forget(actor)
    return instance


@transaction.atomic
def record_delete(*, actor, instance: models.Model) -> None:
    """Delete a boards record the actor may edit, unless other records still need it.

    Raises:
        PermissionDeniedError: the actor may not delete it.
        DomainError: other records depend on it.
    """
    if not can_delete(actor, instance):
        raise PermissionDeniedError("You cannot delete this record.")
    try:
        with transaction.atomic():
            instance.delete()
    except models.ProtectedError as exc:
        raise DomainError(
            "This record cannot be deleted because other records depend on it."
        ) from exc
    forget(actor)


def meeting_notice_send(*, meeting: Meeting) -> int:
    """Email the current members of the meeting's board that it is scheduled.

    Returns the number of emails sent.
    """
    board = meeting.owning_board
    body_name = meeting.subgroup.name if meeting.subgroup_id else board.name
    members = (
        Membership.objects.current(meeting.date)
        .filter(Q(board=board) if not meeting.subgroup_id else Q(subgroup=meeting.subgroup))
        .exclude(person__email="")
        .select_related("person")
    )
    when = f"{meeting.date:%-d %B %Y}"
    if meeting.start_time:
        when += f" at {meeting.start_time:%H:%M}"
    subject = f"Meeting scheduled: {body_name}, {when}"
    text = (
        f"A meeting of {body_name} has been scheduled for {when}"
        f"{', ' + meeting.place if meeting.place else ''}.\n\n"
        f"Details: {settings.SITE_URL}{meeting.get_absolute_url()}\n"
    )
    recipients = sorted({m.person.email for m in members})
    messages = [(subject, text, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


__all__ = ["record_create", "record_update", "record_delete", "ValidationError"]
