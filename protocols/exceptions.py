"""The protocols app's refusals. Each is a ``DomainError`` carrying a sentence to act on."""

from __future__ import annotations

from boards.exceptions import ConflictError, DomainError, PermissionDeniedError

__all__ = [
    "ConflictError",
    "DomainError",
    "FrozenVersionError",
    "InvalidTimingError",
    "PermissionDeniedError",
    "StaleEditError",
    "TransitionNotAllowedError",
]


class TransitionNotAllowedError(ConflictError):
    """The version is not in a state (or a condition is unmet) for this lifecycle step."""


class FrozenVersionError(ConflictError):
    """The version's content can no longer change: it is being approved, or already agreed."""


class StaleEditError(ConflictError):
    """Someone else saved the same thing since this edit began."""


class InvalidTimingError(DomainError):
    """An obligation's timing rule is not valid; ``path`` names the key inside the rule."""

    def __init__(self, message: str, *, field: str | None = "timing", path: str | None = None):
        super().__init__(message, field=field)
        self.path = path
