"""The domain's errors: each carries a sentence the user can act on."""


class DomainError(Exception):
    """A refusal the user can understand and act on; never a 500.

    ``field`` names the form field the message belongs to, where there is one.
    ``status`` is the HTTP status the API answers with.
    """

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDeniedError(DomainError):
    status = 403


class ConflictError(DomainError):
    """The object is not in a state that allows this (a refused transition, a stale edit)."""

    status = 409
