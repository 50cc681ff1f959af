"""PostgreSQL goes away under a running gunicorn and comes back: 503s, then service, no restart.

The app runs in a real gunicorn worker with a persistent database connection, on this
test's database. The outage is made on the server: the worker's connection is terminated
(``pg_terminate_backend``), and for a real outage the database also refuses new
connections (``ALLOW_CONNECTIONS false``) until it is "back".
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection
from django.test import Client

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def admin_connection() -> psycopg.Connection:
    """Connect to the server's maintenance database, outside the database under test."""
    params = connection.get_connection_params()
    params.pop("dbname", None)
    params.pop("context", None)
    params.pop("cursor_factory", None)
    params.pop("application_name", None)
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


class App:
    """A gunicorn serving the app on this test's database, with one sync worker."""

    def __init__(self, application_name: str):
        settings = connection.settings_dict
        url = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}?application_name={application_name}"
        )
        self.port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url,
            "CONN_MAX_AGE": "600",
        }
        self.process = subprocess.Popen(
            [str(GUNICORN), "config.wsgi:application", "--workers", "1"]
            + ["--bind", f"127.0.0.1:{self.port}", "--timeout", "120"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not start: " + self.process.stderr.read().decode())

    def get(self, path: str, cookie: str = "") -> tuple[int, dict, str]:
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            client.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = client.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            client.close()

    def worker_pids(self) -> set[str]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return set(children.read_text().split())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)


@pytest.fixture
def app_name() -> str:
    return f"outage-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def app(app_name):
    assert connection.vendor == "postgresql", "run the integration tests on PostgreSQL"
    served = App(app_name)
    yield served
    served.stop()


@pytest.fixture
def admin():
    with admin_connection() as conn:
        yield conn
        # However the test ends, the database takes connections again.
        conn.execute(
            f'ALTER DATABASE "{connection.settings_dict["NAME"]}" WITH ALLOW_CONNECTIONS true'
        )


@pytest.fixture
def session_cookie(world) -> str:
    client = Client()
    client.force_login(world.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    return f"sessionid={client.cookies['sessionid'].value}"


def app_backends(admin, app_name: str) -> list[int]:
    rows = admin.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [app_name]
    ).fetchall()
    return [pid for (pid,) in rows]


def terminate_app_connections(admin, app_name: str) -> int:
    rows = admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
        [app_name],
    ).fetchall()
    return sum(1 for (done,) in rows if done)


def test_a_terminated_connection_is_replaced_on_the_next_request(
    app, app_name, admin, session_cookie
):
    status, _, body = app.get("/", session_cookie)
    assert status == 200
    assert "Choose an area to see its boards" in body
    [before] = app_backends(admin, app_name)
    workers = app.worker_pids()

    assert terminate_app_connections(admin, app_name) == 1

    status, _, body = app.get("/", session_cookie)
    assert status == 200, body
    assert "Choose an area to see its boards" in body
    [after] = app_backends(admin, app_name)
    assert after != before
    assert app.worker_pids() == workers


def test_while_the_database_refuses_connections_pages_are_503_then_recover(
    app, app_name, admin, session_cookie
):
    name = connection.settings_dict["NAME"]
    assert app.get("/", session_cookie)[0] == 200
    workers = app.worker_pids()

    admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
    assert terminate_app_connections(admin, app_name) == 1

    status, headers, body = app.get("/", session_cookie)
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert '<h1 class="govuk-heading-l">Sorry, the service is unavailable</h1>' in body
    status, headers, body = app.get("/api/v1/boards/", session_cookie)
    assert status == 503
    assert body == '{"detail": "Sorry, the service is unavailable. Try again in a few minutes."}'
    assert app_backends(admin, app_name) == []

    admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')

    status, _, body = app.get("/", session_cookie)
    assert status == 200
    assert "Choose an area to see its boards" in body
    assert app.get("/api/v1/boards/", session_cookie)[0] == 200
    assert app.worker_pids() == workers, "gunicorn's worker was not restarted"
