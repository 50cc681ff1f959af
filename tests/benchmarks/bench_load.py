"""Load-test the main pages under gunicorn against a floor measured in the same run (a script).

    uv run python tests/benchmarks/bench_load.py [--seconds 30] [--users 10] [--areas 150]

It makes a throwaway database — on PostgreSQL when one answers (DATABASE_URL, or the local
server), else a SQLite file — loads the demo, adds the national-scale data of the cycle
benchmark (``--areas`` areas × 4 boards × 5 protocols × 30 obligations, with two years of
occurrences), and serves the app with gunicorn on loopback. Then ``--users`` signed-in
users (Bolton's business manager, one session each) request one page at a time as fast as
they can, for ``--seconds`` each (and at most ``--max-requests``): first the floor, a
Django view that returns a fixed string through the same gunicorn and middleware
(``/healthz``), then each page. Per page it prints requests per second, p50/p95/p99
latency, errors, database queries per request (measured in-process, on the demo alone and
with the national data), and throughput as a share of the floor's.

Targets: no errors; every page's p95 under 150 ms; none below 5% of the floor's
throughput; queries per page the same at both data sizes.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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
    queries: dict[str, int] = field(default_factory=dict)


@dataclass
class Run:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def drive(base: str, path: str, cookies: list[str], seconds: float, max_requests: int) -> Run:
    """Have one thread per session request ``path`` back to back; return what happened."""
    run = Run()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    budget = [max_requests]

    def user(cookie: str) -> None:
        session = requests.Session()
        session.cookies.set("sessionid", cookie)
        mine, errors = [], 0
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            started = time.perf_counter()
            try:
                response = session.get(base + path, timeout=30, allow_redirects=False)
                ok = response.status_code == 200
            except requests.RequestException:
                ok = False
            if ok:
                mine.append(time.perf_counter() - started)
            else:
                errors += 1
        with lock:
            run.latencies.extend(mine)
            run.errors += errors

    threads = [threading.Thread(target=user, args=(c,)) for c in cookies]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started
    return run


def setup(database_url: str, areas: int, users: int) -> tuple[list[Page], list[str]]:
    """Fill the database; return the pages (with queries per request) and session cookies."""
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
        Page("API protocol list", reverse("protocol-list")),
    ]
    client = Client()
    client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")

    def count_queries(label: str) -> None:
        for page in pages:
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
    cookies = []
    for _ in range(users):
        session_client = Client()
        session_client.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
        cookies.append(session_client.cookies["sessionid"].value)
    print(
        f"Database: {connection.vendor}; demo plus {areas} generated areas, set up in "
        f"{time.perf_counter() - started:.0f} s; signed in as {manager.username} "
        f"(Bolton business manager), one session per user"
    )
    connection.close()
    return pages, cookies


def serve(database_url: str, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--workers", str(workers)]
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
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    parser.add_argument("--areas", type=int, default=150, help="national-scale areas (150)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per page")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        database_url, pg_name = choose_database(Path(scratch))
        server = None
        try:
            pages, cookies = setup(database_url, options.areas, options.users)
            server, base = serve(database_url, options.workers)
            print(
                f"gunicorn: {options.workers} sync workers on loopback; {options.users} users, "
                f"{options.seconds:g} s per page (at most {options.max_requests} requests)\n"
            )
            for page in pages:  # warm every worker's connection and templates
                drive(base, page.path, cookies, 1.0, 200)
            results = [
                (page, drive(base, page.path, cookies, options.seconds, options.max_requests))
                for page in pages
            ]
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
            f"| {page.name} | {run.rps:.0f} | {run.percentile(0.50):.1f} | "
            f"{run.percentile(0.95):.1f} | {run.percentile(0.99):.1f} | {run.errors} | "
            f"{queries} | {share:.0%} |"
        )
        if index == 0:
            continue
        met &= (
            run.errors == 0
            and run.percentile(0.95) < P95_TARGET_MS
            and share >= FLOOR_SHARE_TARGET
            and len(set(page.queries.values())) == 1
        )
    total = sum(len(run.latencies) for _, run in results)
    median_floor = statistics.median(results[0][1].latencies) * 1000 if floor else float("nan")
    print(
        f"\n{total} requests. Floor p50 {median_floor:.1f} ms. Targets (no errors, p95 under "
        f"{P95_TARGET_MS:.0f} ms, at least {FLOOR_SHARE_TARGET:.0%} of the floor, queries "
        f"constant in the data size): {'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
