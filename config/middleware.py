"""Answer 503 while the database is unreachable, and recover without a restart.

A lost PostgreSQL connection (a restart, a fail-over, a network blip) must not show people
a 500 or keep failing after the database is back. The connection is checked before the
first middleware that reads the database (the session), and a database error raised by a
view becomes the same 503 page with ``Retry-After``. Django opens a fresh connection on the
next request (``CONN_HEALTH_CHECKS`` drops a dead persistent one), so nothing needs
restarting.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = "Sorry, the service is unavailable. Try again in a few minutes."
DATABASE_ERRORS = (OperationalError, InterfaceError)


def service_unavailable(request) -> HttpResponse:
    """Return the 503 page (JSON under the API), rendered without touching the database.

    The template gets no context processors: the signed-in user comes from the session,
    which is in the database.
    """
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        html = render_to_string(
            "503.html",
            {
                "request": request,
                "service_name": settings.SERVICE_NAME,
                "council_name": settings.COUNCIL_NAME,
                "page_title": "Sorry, the service is unavailable",
            },
        )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn an unreachable database into a 503 page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            self._check_connection()
        except DATABASE_ERRORS as exc:
            logger.warning("Database unavailable before %s: %s", request.path, exc)
            return service_unavailable(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.warning("Database unavailable during %s: %s", request.path, exception)
            # The failed connection is closed at the end of the request (it has errors and
            # is no longer usable), so the next request connects afresh.
            return service_unavailable(request)
        return None

    @staticmethod
    def _check_connection() -> None:
        """Drop a dead persistent connection and connect, as the first query would.

        Inside a transaction (tests that wrap each test in one) the connection is left as
        it is: closing it there would lose the transaction.
        """
        if connection.in_atomic_block:
            return
        connection.close_if_health_check_failed()
        connection.ensure_connection()
