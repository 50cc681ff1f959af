"""Writes to the boards app's records. Views, the API, commands and the admin all come here."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .exceptions import DomainError, PermissionDeniedError
from .permissions import can_create, can_delete, can_edit, forget


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
    *, actor, instance: models.Model, parent=None, m2m: dict | None = None, reason: str = "Created"
) -> models.Model:
    """Create a boards record after checking the actor may add it under ``parent``.

    Raises:
        PermissionDeniedError: the actor may not add this kind of record here.
        ValidationError: the record is invalid (field messages for the form).
    """
    if not can_create(actor, type(instance), parent):
        raise PermissionDeniedError("You cannot add records here.")
    _validated_save(instance, actor=actor, reason=reason)
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    forget(actor)
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


__all__ = ["record_create", "record_update", "record_delete", "ValidationError"]
