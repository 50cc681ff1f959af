"""What every protocols service shares: history, locking, the frozen-version refusal."""

from __future__ import annotations

from django.db import IntegrityError, models, transaction
from django.dispatch import Signal

from .. import lifecycle
from ..exceptions import DomainError, FrozenVersionError, PermissionDeniedError
from ..models import ProtocolVersion
from ..permissions import can_author

#: Sent after the transaction commits whenever a version's status changes, with
#: ``version``, ``transition`` (its name) and ``actor``. Apps downstream (the calendar of
#: obligations, reporting) listen here because protocols must not import them.
version_status_changed = Signal()

AUTHOR_ONLY = "Only a business manager of one of the party boards can change this version."


def history(instance: models.Model, *, actor, reason: str) -> None:
    """Tell simple-history who made the next change and why."""
    instance._history_user = actor if getattr(actor, "is_authenticated", False) else None
    instance._change_reason = reason[: lifecycle.REASON_MAX_LENGTH]


def save(instance: models.Model, *, actor, reason: str, clash: str | DomainError | None = None):
    """Validate and save ``instance`` with its history.

    A constraint that only the database could see (a concurrent insert) raises ``clash``:
    an error, or a sentence for a ``DomainError``.
    """
    instance.full_clean()
    history(instance, actor=actor, reason=reason)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        if isinstance(clash, DomainError):
            raise clash from exc
        raise DomainError(clash or "This clashes with a record that already exists.") from exc
    return instance


def delete(instance: models.Model, *, actor, reason: str) -> None:
    history(instance, actor=actor, reason=reason)
    instance.delete()


def lock_version(version: ProtocolVersion | int) -> ProtocolVersion:
    """Return the version's row locked until the transaction ends.

    Every write that depends on a version's status locks it first, so an edit and a
    status change (or two status changes) cannot interleave.
    """
    pk = version.pk if isinstance(version, ProtocolVersion) else version
    return ProtocolVersion.objects.select_for_update().get(pk=pk)


def frozen_message(status: str) -> str:
    phrase = lifecycle.STATE_PHRASES[status]
    if status == lifecycle.AWAITING_APPROVAL:
        return (
            f"This version is {phrase} and can no longer be changed. "
            "Return it to draft to make changes."
        )
    if status == lifecycle.SUPERSEDED:
        return (
            "This version has been superseded and can no longer be changed. "
            "Make changes in the newest version."
        )
    return (
        f"This version is {phrase} and can no longer be changed. "
        "Start a new version to make changes."
    )


def editable_version(version: ProtocolVersion | int, *, actor) -> ProtocolVersion:
    """Lock the version and check its content may change and the actor may change it.

    Raises:
        FrozenVersionError: the version is past consultation.
        PermissionDeniedError: the actor is not a party board's business manager.
    """
    locked = lock_version(version)
    if not locked.is_editable:
        raise FrozenVersionError(frozen_message(locked.status))
    if not can_author(actor, locked):
        raise PermissionDeniedError(AUTHOR_ONLY)
    return locked


def next_order(queryset: models.QuerySet) -> int:
    highest = queryset.aggregate(m=models.Max("order"))["m"]
    return (highest or 0) + 1


def clean_text(value: str | None) -> str:
    return (value or "").strip()


def require(value: str, *, field: str, message: str) -> str:
    value = clean_text(value)
    if not value:
        raise DomainError(message, field=field)
    return value
