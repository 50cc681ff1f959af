"""Consultation comments: made while a version is out for consultation, then resolved."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .. import permissions
from ..exceptions import ConflictError, DomainError, PermissionDeniedError
from ..models import Comment, ProtocolVersion, Section
from . import _common as c


@transaction.atomic
def comment_add(
    *,
    actor,
    version: ProtocolVersion,
    section: Section | None = None,
    body: str,
    parent: Comment | None = None,
) -> Comment:
    """Comment on a version in consultation, on a section or as a reply in a thread.

    Raises:
        ConflictError: the version is not in consultation.
        PermissionDeniedError: the actor is not on any party board.
        DomainError: a blank comment, or a section or thread of another version.
    """
    locked = c.lock_version(version)
    if locked.status != ProtocolVersion.Status.CONSULTATION:
        raise ConflictError("Comments can be made only while the version is in consultation.")
    if not permissions.can_comment(actor, locked):
        raise PermissionDeniedError("Only members of the party boards can comment on this version.")
    body = c.require(body, field="body", message="Enter your comment.")
    if parent is not None:
        if parent.version_id != locked.pk:
            raise DomainError("Reply to a comment on this version.", field="parent")
        section = parent.section
    if section is not None and section.version_id != locked.pk:
        raise DomainError("Choose a section of this version.", field="section")
    comment = Comment(version=locked, section=section, parent=parent, author=actor, body=body)
    return c.save(comment, actor=actor, reason="Comment added")


@transaction.atomic
def comment_resolve(*, actor, comment: Comment) -> Comment:
    """Mark a comment thread resolved.

    Raises:
        ConflictError: the comment is already resolved, or the version is past consultation.
        DomainError: the comment is a reply (resolve the thread's first comment).
        PermissionDeniedError: the actor is neither the author nor a party board's
            business manager.
    """
    locked = c.lock_version(comment.version_id)
    comment = Comment.objects.get(pk=comment.pk)
    if comment.is_resolved:
        raise ConflictError("This comment is already resolved.")
    if comment.parent_id:
        raise DomainError("Resolve the comment that starts this thread.")
    if not locked.is_editable:
        raise ConflictError(c.frozen_message(locked.status))
    comment.version = locked
    if not permissions.can_resolve_comment(actor, comment):
        raise PermissionDeniedError(
            "Only the comment's author or a business manager of a party board can resolve it."
        )
    comment.resolved_at = timezone.now()
    comment.resolved_by = actor
    return c.save(comment, actor=actor, reason="Comment resolved")
