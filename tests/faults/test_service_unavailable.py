"""A database error in a request is a 503 page with Retry-After, not a 500.

These run on any database: the views raise the errors a lost PostgreSQL connection raises.
The real outage (a terminated connection, a database refusing connections) is in
tests/integration/test_db_outage.py.
"""

import re
from html import unescape

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.faults.urls")]


def texts(html: str, tag: str, attrs: str = "") -> list[str]:
    """Return the text of each ``tag`` element (with ``attrs``), tags removed."""
    found = re.findall(rf"<{tag}\b[^>]*{re.escape(attrs)}[^>]*>(.*?)</{tag}>", html, flags=re.S)
    return [unescape(" ".join(re.sub(r"<[^>]+>", " ", f).split())) for f in found]


@pytest.fixture
def signed_in(world, client_for):
    return client_for(world.user("member"))


def test_a_lost_database_connection_shows_the_service_unavailable_page(signed_in):
    response = signed_in.get("/faults/lost-connection")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert texts(html, "h1") == ["Sorry, the service is unavailable"]
    assert texts(html, "title") == ["Sorry, the service is unavailable – Partnership protocols"]
    assert texts(html, "p", 'class="govuk-body"') == [
        "You will be able to use the service again in a few minutes.",
        "If you were saving a change, it may not have been saved. Check it when the service "
        "is back.",
        "Try again",
    ]


def test_the_unavailable_page_keeps_the_security_headers_and_names_no_one(signed_in):
    response = signed_in.get("/faults/lost-connection")
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    # The page is drawn without the session's user, which lives in the database.
    assert "Signed in as" not in html
    assert "Sign out" not in html


def test_a_closed_connection_under_the_api_is_a_json_503(signed_in):
    response = signed_in.get("/api/faults/closed-connection")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json() == {
        "detail": "Sorry, the service is unavailable. Try again in a few minutes."
    }


def test_other_errors_are_still_server_errors(signed_in):
    signed_in.raise_request_exception = False
    response = signed_in.get("/faults/programming-mistake")
    assert response.status_code == 500
