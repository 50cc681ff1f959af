"""Measure occurrence generation at national scale (a script, not a test).

    DATABASE_URL=postgres://user@host:5432/name uv run python tests/benchmarks/bench_cycle.py

It creates a throwaway test database next to the one DATABASE_URL names (``test_<name>``,
dropped at the end), fills it with bulk inserts — 150 areas × 4 boards × 5 protocols ×
30 obligations = 90,000 obligations, with the seed papers' mix of timings and five
meetings a year for every board — and prints the time and the number of queries to:

1. generate two financial years of occurrences from empty (target: under 20 seconds);
2. run generation again with nothing to do (target: under 20% of the first run);
3. regenerate after 1% of the obligations change their timing rule;
4. move every occurrence into the next morning's states;
5. serve one area's calendar page (the financial year, then a month) and what's due to a
   signed-in member of the area, ``--requests`` times each through Django's test
   client, and print the p50 and p95 times and the queries per request.

``--areas`` scales the country down for a quick look.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from boards.models import Area, Board, Meeting, Membership, Person  # noqa: E402
from calendar_cycle.generation import generate_occurrences  # noqa: E402
from calendar_cycle.models import Occurrence  # noqa: E402
from calendar_cycle.services import update_states  # noqa: E402
from protocols.models import Obligation, Party, Protocol, ProtocolVersion  # noqa: E402

TODAY = dt.date(2026, 11, 23)
BOARDS_PER_AREA = 4
PROTOCOLS_PER_BOARD = 5
OBLIGATIONS_PER_PROTOCOL = 30
MEETINGS_PER_YEAR = 5
TARGET_SECONDS = 20.0
NOOP_SHARE = 0.20

BOARD_KINDS = (
    ("hwb", "HWB", "Health and Wellbeing Board"),
    ("scp", "SCP", "Safeguarding Children Partnership"),
    ("sab", "SAB", "Safeguarding Adults Board"),
    ("csp", "CSP", "Community Safety Partnership"),
)


def timings(other_board: int, followed: str) -> list[dict]:
    """Return fifteen rules in the proportions of the domain's table of seed obligations."""
    return [
        {"kind": "window", "start_month": 10, "end_month": 1},
        {"kind": "window", "start_month": 10, "end_month": 3},
        {"kind": "frequency", "every": "annually"},
        {"kind": "fixed_month", "month": 9},
        {"kind": "frequency", "every": "annually"},
        {"kind": "deadline", "month": 6, "day": None},
        {"kind": "frequency", "every": "quarterly"},
        {"kind": "after_meeting", "board": other_board, "within_days": 10, "working_days": True},
        {
            "kind": "relative",
            "after": {"event": "the board endorses a case review"},
            "at": "next_meeting",
            "board": other_board,
        },
        {
            "kind": "relative",
            "after": {"obligation": followed},
            "at": "next_meeting",
            "board": other_board,
        },
        {"kind": "external", "trigger": "each review of the strategy"},
        {"kind": "frequency", "every": "six_monthly"},
        {"kind": "frequency", "every": "annually"},
        {"kind": "deadline", "month": 3, "day": 31},
        {"kind": "anniversary", "of": "in_force", "every_years": 1},
    ]


def build(areas: int) -> int:
    """Fill the database with bulk inserts; return the number of obligations."""
    area_rows = Area.objects.bulk_create(
        [Area(name=f"Area {n:03d}", slug=f"area-{n:03d}") for n in range(areas)]
    )
    boards = Board.objects.bulk_create(
        [
            Board(area=area, name=f"{area.name} {name}", short_name=short, kind=kind)
            for area in area_rows
            for kind, short, name in BOARD_KINDS
        ]
    )
    by_area: dict[int, list[Board]] = {}
    for board in boards:
        by_area.setdefault(board.area_id, []).append(board)

    protocols, pairs = [], []
    for area in area_rows:
        local = by_area[area.pk]
        for i, board in enumerate(local):
            for p in range(PROTOCOLS_PER_BOARD):
                other = local[(i + 1 + p % (BOARDS_PER_AREA - 1)) % BOARDS_PER_AREA]
                protocols.append(Protocol(area=area, reference=f"{board.short_name}-{p}"))
                pairs.append((board, other))
    protocols = Protocol.objects.bulk_create(protocols)
    versions = ProtocolVersion.objects.bulk_create(
        [
            ProtocolVersion(
                protocol=protocol,
                number=1,
                title=f"Protocol {protocol.reference}",
                status=ProtocolVersion.Status.IN_FORCE,
                in_force_from=dt.date(2020, 4, 1) + dt.timedelta(days=protocol.pk % 365),
            )
            for protocol in protocols
        ]
    )
    for protocol, version in zip(protocols, versions, strict=True):
        protocol.current_version = version
    Protocol.objects.bulk_update(protocols, ["current_version"], batch_size=2000)
    Party.objects.bulk_create(
        [
            Party(version=version, board=board, order=order)
            for version, pair in zip(versions, pairs, strict=True)
            for order, board in enumerate(pair, start=1)
        ],
        batch_size=5000,
    )
    obligations = []
    for version, (owing, receiving) in zip(versions, pairs, strict=True):
        keys = [uuid.uuid4() for _ in range(OBLIGATIONS_PER_PROTOCOL)]
        for n in range(OBLIGATIONS_PER_PROTOCOL):
            rules = timings(receiving.pk, str(keys[0]))
            obligations.append(
                Obligation(
                    version=version,
                    key=keys[n],
                    order=n + 1,
                    owing_board=owing,
                    receiving_board=receiving,
                    what=Obligation.What.PRESENT_REPORT,
                    description=f"Obligation {n + 1} of {version.title}.",
                    timing=rules[n % len(rules)],
                )
            )
    Obligation.objects.bulk_create(obligations, batch_size=5000)
    first_meeting = dt.date(2025, 4, 10)
    Meeting.objects.bulk_create(
        [
            Meeting(
                board=board,
                date=first_meeting + dt.timedelta(days=73 * m + board.pk % 20),
                status=Meeting.Status.SCHEDULED,
            )
            for board in boards
            for m in range(MEETINGS_PER_YEAR * 3)
        ],
        batch_size=5000,
    )
    return len(obligations)


def page_times(requests: int) -> list[tuple[str, float, float, int, int]]:
    """Serve the first area's calendar and what's due to a member; return figures per page.

    Each row is (page, p50 ms, p95 ms, queries per request, occurrences shown).
    """
    area = Area.objects.order_by("pk").first()
    user = get_user_model().objects.create_user("bench-reader", password=None)
    person = Person.objects.create(area=area, full_name="Bench Reader", user=user)
    Membership.objects.create(
        person=person, board=Board.objects.filter(area=area).order_by("pk").first()
    )
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    base = reverse("calendar_cycle:area_calendar", kwargs={"slug": area.slug})
    fy = TODAY.year if TODAY.month >= 4 else TODAY.year - 1
    pages = {
        "area calendar, financial year": f"{base}?view=year&year={fy}",
        "area calendar, month": f"{base}?view=month&year={fy}&month={TODAY.month}",
        "what's due": reverse("calendar_cycle:due_list"),
    }
    rows = []
    for label, url in pages.items():
        response = client.get(url)  # warm the caches, as a second visitor would find them
        assert response.status_code == 200, response.status_code
        # Each occurrence is one row with one link to its page.
        shown = response.content.decode().count('href="/calendar/occurrences/')
        times, queries = [], 0
        for _ in range(requests):
            with counting() as counter:
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            times.append(counter["seconds"] * 1000)
            queries = counter["queries"]
        p95 = statistics.quantiles(times, n=20)[18] if len(times) > 1 else times[0]
        rows.append((label, statistics.median(times), p95, queries, shown))
    return rows


@contextmanager
def counting():
    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    start = time.perf_counter()
    with connection.execute_wrapper(count):
        yield counter
    counter["seconds"] = time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=150)
    parser.add_argument("--requests", type=int, default=50)
    arguments = parser.parse_args()
    areas = arguments.areas
    # Every version's review falls due on the first morning; one warning each is noise here.
    logging.getLogger("calendar_cycle").setLevel(logging.ERROR)

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']})")
        started = time.perf_counter()
        obligations = build(areas)
        print(
            f"Built {areas} areas, {Board.objects.count()} boards, "
            f"{ProtocolVersion.objects.count()} protocols, {obligations} obligations and "
            f"{Meeting.objects.count()} meetings in {time.perf_counter() - started:.1f} s"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")

        with counting() as first:
            stats = generate_occurrences(today=TODAY)
        rows = Occurrence.objects.count()
        print(
            f"1. Generate from empty: {first['seconds']:.2f} s, {first['queries']} queries, "
            f"{rows} occurrences ({stats.created} created)"
        )
        with counting() as again:
            stats = generate_occurrences(today=TODAY)
        share = again["seconds"] / first["seconds"]
        print(
            f"2. Re-run with nothing to do: {again['seconds']:.2f} s ({share:.0%} of the first), "
            f"{again['queries']} queries, {stats.created} created, {stats.updated} updated, "
            f"{stats.deleted} deleted"
        )
        changed = list(
            Obligation.objects.filter(timing__kind="frequency", timing__every="quarterly")
            .order_by("pk")
            .values_list("pk", flat=True)[: obligations // 100]
        )
        Obligation.objects.filter(pk__in=changed).update(
            timing={"kind": "frequency", "every": "six_monthly"}
        )
        with counting() as change:
            stats = generate_occurrences(today=TODAY)
        print(
            f"3. After {len(changed)} rules changed (quarterly to six-monthly): "
            f"{change['seconds']:.2f} s, {change['queries']} queries, {stats.created} created, "
            f"{stats.updated} updated, {stats.deleted} deleted"
        )
        with counting() as states:
            counts = update_states(today=TODAY + dt.timedelta(days=1))
        moved = sum(v for k, v in counts.items() if k != "reviews_opened")
        print(
            f"4. Next morning's states: {states['seconds']:.2f} s, {states['queries']} queries, "
            f"{moved} occurrences moved"
        )
        for label, p50, p95, queries, shown in page_times(arguments.requests):
            print(
                f"5. {label.capitalize()} ({shown} occurrences): p50 {p50:.0f} ms, "
                f"p95 {p95:.0f} ms over {arguments.requests} requests, {queries} queries each"
            )
        scale = areas / 150
        print(
            f"Target: whole country under {TARGET_SECONDS:.0f} s"
            + ("" if scale == 1 else f" (scaled to {areas} areas: {TARGET_SECONDS * scale:.1f} s)")
            + f": {'met' if first['seconds'] < TARGET_SECONDS * scale else 'NOT met'}"
        )
        print(
            f"Target: no-op re-run under {NOOP_SHARE:.0%} of the first: "
            f"{'met' if share < NOOP_SHARE else 'NOT met'}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
