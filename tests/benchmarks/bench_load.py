"""Load-test the main pages under gunicorn against a floor measured in the same run (a script).

    uv run python tests/benchmarks/bench_load.py [--seconds 30] [--users 10] [--areas 150]

It needs wrk (the Debian package ``wrk``), which drives the server from C, so the client
costs little of the machine the server runs on.

It makes a throwaway database — on PostgreSQL when one answers (DATABASE_URL, or the local
server), else a SQLite file — loads the demo, adds the national-scale data of the cycle
benchmark (``--areas`` areas × 4 boards × 5 protocols × 30 obligations, with two years of
occurrences), and serves the app with gunicorn on loopback. Then wrk keeps ``--users`` connections
busy, each asking for one page at a time as fast as it is answered, for ``--seconds`` per
page, signed in as Bolton's business manager (the session cookie; the API list also sends
the user's API token): first the floor, a Django view that returns a fixed string through
the same gunicorn and middleware (``/healthz``), then each page. Per page it prints
requests per second, p50/p95/p99 latency, errors (answers of 400 or more, and socket
errors), database queries per request (measured in-process, on the demo alone and with the
national data), and throughput as a share of the floor's.

Targets: no errors; every page's p95 under 150 ms; none below 5% of the floor's
throughput; queries per page the same at both data sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import environ
import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
WRK_REPORT = Path(__file__).with_name("wrk_report.lua")
P95_TARGET_MS = 150.0
FLOOR_SHARE_TARGET = 0.05


def choose_database(scratch: Path) -> tuple[str, str | None]:
    """Return (DATABASE_URL of a new database, its PostgreSQL name or None for SQLite)."""
    base = os.environ.get("DATABASE_URL", DEFAULT_POSTGRES)
    if base.startswith("postgres"):
        config = environ.Env.db_url_config(base)
        name = f"bench_load_{uuid.uuid4().hex[:8]}"
        try:
            with admin(config) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as exc:
            print(f"PostgreSQL did not answer ({exc}); using SQLite.")
        else:
            user = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
            return f"postgres://{user}@{config['HOST']}:{config['PORT'] or 5432}/{name}", name
    return f"sqlite:///{scratch / 'bench.sqlite3'}", None


def admin(config: dict) -> psycopg.Connection:
    return psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
        autocommit=True,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Page:
    name: str
    path: str
    api: bool = False
    queries: dict[str, int] = field(default_factory=dict)


@dataclass
class Run:
    requests: int
    seconds: float
    p50: float
    p95: float
    p99: float
    errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def signed_in_headers(page: Page, credentials: dict[str, str]) -> dict[str, str]:
    """The session cookie, and for the API the user's token as well."""
    headers = {"Cookie": f"sessionid={credentials['session']}"}
    if page.api:
        headers["Authorization"] = f"Token {credentials['token']}"
    return headers


def drive(base: str, page: Page, credentials: dict[str, str], seconds: float, users: int) -> Run:
    """Have wrk keep ``users`` connections asking for the page for ``seconds``."""
    command = ["wrk", f"-c{users}", f"-t{min(2, users)}", f"-d{seconds:g}s", "--timeout", "30s"]
    for name, value in signed_in_headers(page, credentials).items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(WRK_REPORT), base + page.path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("BENCH_JSON "))
    figures = json.loads(line.removeprefix("BENCH_JSON "))
    return Run(
        requests=figures["requests"],
        seconds=figures["duration_us"] / 1e6,
        p50=figures["p50_us"] / 1000,
        p95=figures["p95_us"] / 1000,
        p99=figures["p99_us"] / 1000,
        errors=figures["status_errors"] + figures["socket_errors"],
    )


def check_signed_in(base: str, page: Page, credentials: dict[str, str]) -> None:
    """Fail unless the page answers 200 to the benchmark's credentials (not a redirect)."""
    headers = signed_in_headers(page, credentials)
    response = requests.get(base + page.path, headers=headers, timeout=60, allow_redirects=False)
    if response.status_code != 200:
        raise SystemExit(f"{page.path} answered {response.status_code}, not 200")


def setup(database_url: str, areas: int) -> tuple[list[Page], dict[str, str]]:
    """Fill the database; return the pages (with queries per request) and the credentials."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import io
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from boards.models import Membership
    from calendar_cycle.generation import generate_occurrences
    from protocols.models import Protocol

    logging.getLogger("calendar_cycle").setLevel(logging.ERROR)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    generate_occurrences()
    manager = (
        Membership.objects.filter(
            role=Membership.Role.BUSINESS_MANAGER,
            board__area__slug="bolton",
            person__user__isnull=False,
        )
        .select_related("person__user")
        .first()
        .person.user
    )
    protocol = Protocol.objects.filter(area__slug="bolton").order_by("pk").first()
    pages = [
        Page("floor: fixed string (/healthz)", reverse("healthz")),
        Page("area overview", reverse("boards:area_detail", kwargs={"slug": "bolton"})),
        Page("protocol page", protocol.get_absolute_url()),
        Page("calendar", reverse("calendar_cycle:area_calendar", kwargs={"slug": "bolton"})),
        Page("what's due", reverse("calendar_cycle:due_list")),
        Page("API protocol list", reverse("protocol-list"), api=True),
    ]
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")

    def count_queries(label: str) -> None:
        for page in pages:
            client.get(page.path)  # as a page is served again and again (caches warm)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(page.path)
            assert response.status_code == 200, (page.path, response.status_code)
            page.queries[label] = len(captured)

    count_queries("demo")
    if areas:
        from tests.benchmarks.bench_cycle import build

        build(areas)
        generate_occurrences()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        count_queries("national")
    from rest_framework.authtoken.models import Token

    session_client = Client()
    session_client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    credentials = {
        "session": session_client.cookies["sessionid"].value,
        "token": Token.objects.get_or_create(user=manager)[0].key,
    }
    print(
        f"Database: {connection.vendor}; demo plus {areas} generated areas, set up in "
        f"{time.perf_counter() - started:.0f} s; signed in as {manager.username} "
        f"(Bolton business manager)"
    )
    connection.close()
    return pages, credentials


def serve(database_url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--workers", str(workers), "--threads", "1"]
        + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
        # Import the app once, before forking: a loaded machine is slow to import WeasyPrint.
        + ["--preload", "--timeout", "120"],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/healthz", timeout=2).status_code == 200:
                return process, base
        except requests.RequestException:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="per page (default 30)")
    parser.add_argument("--users", type=int, default=10, help="concurrent users (default 10)")
    # The pages are CPU-bound, so one sync worker per core: on two cores, 2 workers served
    # the calendar faster than 3 or 4 did in the same run (fewer processes contending).
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn workers (default: one per core)",
    )
    parser.add_argument("--areas", type=int, default=150, help="national-scale areas (150)")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("This benchmark needs wrk: install it with `apt-get install -y wrk`.")

    with tempfile.TemporaryDirectory() as scratch:
        database_url, pg_name = choose_database(Path(scratch))
        server = None
        try:
            pages, credentials = setup(database_url, options.areas)
            server, base = serve(database_url, options.workers)
            print(
                f"gunicorn: {options.workers} sync workers, 1 thread each, on loopback; wrk "
                f"with {options.users} connections, {options.seconds:g} s per page"
            )
            for page in pages:  # signed in, and every worker's connection and templates warm
                check_signed_in(base, page, credentials)
                drive(base, page, credentials, 2, options.users)
            results = []
            for page in pages:
                results.append(
                    (page, drive(base, page, credentials, options.seconds, options.users))
                )
                print(f"  {page.name}: done; load average {os.getloadavg()[0]:.1f}")
            print()
        finally:
            if server is not None:
                server.terminate()
                server.wait(30)
            if pg_name:
                with admin(environ.Env.db_url_config(database_url)) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
    report(results, national=options.areas > 0)


def report(results: list[tuple[Page, Run]], *, national: bool) -> None:
    floor = results[0][1].rps
    header = "| page | req/s | p50 ms | p95 ms | p99 ms | errors | queries (demo"
    header += " / national) |" if national else ") |"
    print(header + " share of floor |")
    print("|---|---|---|---|---|---|---|---|")
    met = True
    for index, (page, run) in enumerate(results):
        queries = " / ".join(
            str(page.queries[k]) for k in ("demo", "national") if k in page.queries
        )
        share = run.rps / floor if floor else 0.0
        print(
            f"| {page.name} | {run.rps:.0f} | {run.p50:.1f} | {run.p95:.1f} | {run.p99:.1f} | "
            f"{run.errors} | "
            f"{queries} | {share:.0%} |"
        )
        if index == 0:
            continue
        met &= (
            run.errors == 0
            and run.p95 < P95_TARGET_MS
            and share >= FLOOR_SHARE_TARGET
            and len(set(page.queries.values())) == 1
        )
    total = sum(run.requests for _, run in results)
    print(
        f"\n{total} requests. Floor p50 {results[0][1].p50:.1f} ms. Targets (no errors, p95 under "
        f"{P95_TARGET_MS:.0f} ms, at least {FLOOR_SHARE_TARGET:.0%} of the floor, queries "
        f"constant in the data size): {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
