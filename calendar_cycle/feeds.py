"""Calendar feeds: making and revoking them, and finding one from its secret address.

A feed's address carries a random secret, the only credential a calendar client sends.
Only its SHA-256 is stored, so the address is shown once, when the feed is made, and a
copy of the database does not give anyone a working address. A revoked feed answers 410
Gone; an address that was never issued answers 404.

The feed shows what its maker may see now: a board's feed stops working when its maker
can no longer see the board, and a personal feed follows their memberships and posts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from boards import permissions as policy
from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from boards.models import Board

from . import selectors
from .models import CalendarFeed, Occurrence
from .permissions import can_manage_feed

#: bytes of randomness in a feed's secret (a 43-character address)
TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 100


def hash_token(token: str) -> str:
    """Return the stored form of a feed's secret."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedFeed:
    """A new feed and its secret, which exists only here and in the address shown once."""

    feed: CalendarFeed
    token: str


@transaction.atomic
def feed_create(*, actor, board: Board | None = None) -> IssuedFeed:
    """Make a calendar feed of a board (or, with no board, of the actor's own duties).

    Raises:
        PermissionDeniedError: the actor is not signed in.
        DomainError: the board is not one the actor may see.
    """
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDeniedError("Sign in to make a calendar feed.")
    if board is not None and not policy.can_view(actor, board):
        raise DomainError("Choose a board from the list.", field="board")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed(token=hash_token(token), board=board, user=actor)
    feed.full_clean()
    feed._history_user = actor
    feed._change_reason = "Feed made"
    feed.save()
    return IssuedFeed(feed=feed, token=token)


@transaction.atomic
def feed_revoke(*, actor, feed: CalendarFeed) -> CalendarFeed:
    """Revoke a feed: its address stops working at once, for every calendar subscribed.

    Raises:
        PermissionDeniedError: the actor did not make the feed.
        ConflictError: the feed is already revoked.
    """
    locked = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if not can_manage_feed(actor, locked):
        raise PermissionDeniedError("Only the person who made a calendar feed can revoke it.")
    if locked.revoked_at is not None:
        raise ConflictError("This feed was already revoked.")
    locked.revoked_at = timezone.now()
    locked._history_user = actor
    locked._change_reason = "Feed revoked"
    locked.save(update_fields=["revoked_at", "modified"])
    return locked


def feed_by_token(token: str) -> CalendarFeed | None:
    """Return the feed a secret belongs to (revoked or not), or None."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return (
        CalendarFeed.objects.select_related("board", "user").filter(token=hash_token(token)).first()
    )


def feeds_of(user) -> QuerySet[CalendarFeed]:
    """Return the feeds a user made, newest first."""
    return CalendarFeed.objects.filter(user_id=user.pk).select_related("board")


def feed_occurrences(feed: CalendarFeed) -> QuerySet[Occurrence] | None:
    """Return what a live feed shows, or None when its maker can no longer see it."""
    owner = feed.user
    if not owner.is_active:
        return None
    if feed.board_id is None:
        return selectors.occurrences_for_user(owner)
    if not policy.can_view(owner, feed.board):
        return None
    return selectors.occurrences_for_board(owner, feed.board)


def feed_name(feed: CalendarFeed) -> str:
    if feed.board_id is None:
        return "My protocol duties"
    return f"{feed.board.name}: protocol duties"
