"""Project wiring: settings, URLs, WSGI/ASGI and the one Celery app."""

from .celery import app as celery_app

__all__ = ("celery_app",)
