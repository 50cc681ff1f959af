"""API viewsets for the protocols app."""


def register(router) -> None:
    """Register the protocols app's viewsets on the /api/v1/ router."""
