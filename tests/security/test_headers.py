"""What every response tells the browser, and the lockout after repeated failed log-ins.

The test settings turn HTTPS-only cookies, HSTS, the redirect to HTTPS and django-axes
off (the test client speaks plain HTTP); these tests put back the production values,
read from ``config/settings/base.py`` as it is with ``DEBUG=0``, rather than restating
them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from config.settings import base as production
from tests.protocols.conftest import PASSWORD

pytestmark = pytest.mark.django_db

#: the settings the test settings change for plain HTTP
NAMES = (
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
)


def production_values() -> dict:
    """Read ``config/settings/base.py`` as production runs it: DEBUG off, nothing overridden.

    A fresh interpreter, because this process's settings (and its environment, where a
    developer may have ``DEBUG=1``) are not production's.
    """
    env = {k: v for k, v in os.environ.items() if k not in NAMES and k != "DEBUG"}
    env.update(DEBUG="0", SECRET_KEY="a-production-like-secret-key-for-reading-settings-only")
    code = (
        "import json; from config.settings import base; "
        f"print(json.dumps({{n: getattr(base, n) for n in {NAMES!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


#: the production values of those settings
PRODUCTION = production_values()


def directives(policy: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy header into its directives and their sources."""
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


@pytest.fixture
def https():
    """A browser on HTTPS, under the production security settings."""
    with override_settings(**PRODUCTION):
        yield Client(enforce_csrf_checks=True)


def test_production_settings_are_the_secure_ones():
    assert PRODUCTION == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
    }


def test_plain_http_is_sent_to_https(https):
    response = https.get(reverse("login"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"


def test_pages_carry_hsts_frame_denial_and_a_strict_content_security_policy(https):
    response = https.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert re.fullmatch(r"'nonce-[A-Za-z0-9+/=_-]+'", policy["script-src"][1])
    assert len(policy["script-src"]) == 2
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    everything = " ".join(response["Content-Security-Policy"].split())
    assert "'unsafe-inline'" not in everything
    assert "'unsafe-eval'" not in everything


def test_each_response_gets_its_own_script_nonce(https):
    first = directives(https.get(reverse("login"), secure=True)["Content-Security-Policy"])
    second = directives(https.get(reverse("login"), secure=True)["Content-Security-Policy"])
    assert first["script-src"][1] != second["script-src"][1]


def test_the_api_carries_the_same_headers(https, world):
    https.force_login(world.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    response = https.get("/api/v1/boards/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Frame-Options"] == "DENY"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_session_and_csrf_cookies_are_secure_and_the_session_is_not_for_scripts(https, world):
    page = https.get(reverse("login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"
    response = https.post(
        reverse("login"),
        {
            "username": "member",
            "password": PASSWORD,
            "csrfmiddlewaretoken": csrf.value,
        },
        secure=True,
        headers={"referer": "https://testserver/accounts/login/"},
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["max-age"] == 8 * 60 * 60


def test_a_post_without_the_csrf_token_is_refused(https, world):
    response = https.post(
        reverse("login"), {"username": "member", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 403


# --- django-axes -------------------------------------------------------------------------


def log_in(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(AXES_ENABLED=True)
def test_five_failed_log_ins_lock_the_account_even_against_the_right_password(world):
    client = Client()
    for attempt in range(production.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "member", f"wrong {attempt}")
        assert response.status_code == 200, attempt
        assert "Please enter a correct username and password." in response.content.decode()
    assert log_in(client, "member", "wrong again").status_code == 429
    locked = log_in(client, "member", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True)
def test_a_successful_log_in_before_the_limit_starts_the_count_again(world):
    client = Client()
    for attempt in range(production.AXES_FAILURE_LIMIT - 1):
        log_in(client, "member", f"wrong {attempt}")
    assert log_in(client, "member", PASSWORD).status_code == 302
    fresh = Client()
    assert log_in(fresh, "member", "wrong once more").status_code == 200
    assert log_in(fresh, "member", PASSWORD).status_code == 302


def test_the_production_lockout_is_five_failures_for_an_hour():
    assert (production.AXES_FAILURE_LIMIT, production.AXES_COOLOFF_TIME) == (5, 1)
    assert production.AXES_RESET_ON_SUCCESS is True
