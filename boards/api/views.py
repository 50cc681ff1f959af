"""API viewsets for the boards app (filled in with the API work)."""


def register(router) -> None:
    """Register the boards app's viewsets on the /api/v1/ router."""
