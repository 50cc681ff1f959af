"""Generating occurrences: the seed protocols' dates, idempotency, races and rule changes."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from calendar_cycle import generation, services
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from calendar_cycle.planning import Horizon
from protocols.models import ProtocolVersion
from tests.factories import protocols as pf

from .conftest import build_seeds, meeting

D = dt.date
START_OF_2026 = D(2026, 4, 1)


def spans(obligation) -> dict:
    return {
        o.period_key: (o.opens_on, o.due_on)
        for o in Occurrence.objects.filter(obligation=obligation).order_by("due_on")
    }


def fy_spans(key_opens_due: dict) -> dict:
    return {k: (D(*o) if o else None, D(*d)) for k, (o, d) in key_opens_due.items()}


WHOLE_YEARS = fy_spans(
    {"2026": ((2026, 4, 1), (2027, 3, 31)), "2027": ((2027, 4, 1), (2028, 3, 31))}
)
QUARTERS = fy_spans(
    {
        "2026-Q1": ((2026, 4, 1), (2026, 6, 30)),
        "2026-Q2": ((2026, 7, 1), (2026, 9, 30)),
        "2026-Q3": ((2026, 10, 1), (2026, 12, 31)),
        "2026-Q4": ((2027, 1, 1), (2027, 3, 31)),
        "2027-Q1": ((2027, 4, 1), (2027, 6, 30)),
        "2027-Q2": ((2027, 7, 1), (2027, 9, 30)),
        "2027-Q3": ((2027, 10, 1), (2027, 12, 31)),
        "2027-Q4": ((2028, 1, 1), (2028, 3, 31)),
    }
)

# Every obligation in the domain's table, for financial years 2026/27 and 2027/28.
CALENDAR_EXPECTED = {
    "bromley_annual_report": fy_spans(
        {"2026": ((2026, 10, 1), (2027, 1, 31)), "2027": ((2027, 10, 1), (2028, 1, 31))}
    ),
    "bromley_strategy_review": fy_spans(
        {"2026": ((2026, 10, 1), (2027, 3, 31)), "2027": ((2027, 10, 1), (2028, 3, 31))}
    ),
    "bromley_share_jsna": WHOLE_YEARS,
    "bolton_annual_report": fy_spans(
        {"2026": ((2026, 9, 1), (2026, 9, 30)), "2027": ((2027, 9, 1), (2027, 9, 30))}
    ),
    "bolton_health_summary": WHOLE_YEARS,
    "bolton_business_plan": fy_spans(
        {"2026": (None, (2026, 6, 30)), "2027": (None, (2027, 6, 30))}
    ),
    "bolton_officers_meet": QUARTERS,
    "bolton_progress": {},  # at each review of the strategy: recorded by hand
    "islington_managers_meet": QUARTERS,
    "islington_scrutiny": fy_spans(
        {
            "2026-H1": ((2026, 4, 1), (2026, 9, 30)),
            "2026-H2": ((2026, 10, 1), (2027, 3, 31)),
            "2027-H1": ((2027, 4, 1), (2027, 9, 30)),
            "2027-H2": ((2027, 10, 1), (2028, 3, 31)),
        }
    ),
    "wb_report_to_cpb": WHOLE_YEARS,
    "wb_report_to_hwb": WHOLE_YEARS,
    "wb_consult_lscb": WHOLE_YEARS,
}


@pytest.fixture
def meetings(seeds):
    bhwb, iscb = seeds.boards["bolton_bhwb"], seeds.boards["islington_iscb"]
    return {
        "bhwb_oct": meeting(bhwb, D(2026, 10, 8)),
        "bhwb_dec": meeting(bhwb, D(2026, 12, 17)),
        "bhwb_mar": meeting(bhwb, D(2027, 3, 10)),
        "bhwb_cancelled": meeting(bhwb, D(2027, 1, 14), status="cancelled"),
        "iscb_may": meeting(iscb, D(2026, 5, 20)),
        "bscb_subgroup_is_not_the_board": meeting(seeds.boards["bolton_bscb"], D(2026, 7, 1)),
    }


@pytest.mark.parametrize("label", sorted(CALENDAR_EXPECTED))
def test_seed_obligation_occurrences_for_2026_27_and_2027_28(seeds, meetings, label):
    generate_occurrences(today=START_OF_2026)
    assert spans(seeds.obligation(label)) == CALENDAR_EXPECTED[label]


def test_bolton_minutes_fall_due_ten_working_days_after_each_bhwb_meeting(seeds, meetings):
    generate_occurrences(today=START_OF_2026)
    oct_, dec, mar = meetings["bhwb_oct"].pk, meetings["bhwb_dec"].pk, meetings["bhwb_mar"].pk
    assert spans(seeds.obligation("bolton_minutes")) == {
        f"meeting-{oct_}": (D(2026, 10, 8), D(2026, 10, 22)),
        # Christmas Day, the Boxing Day substitute and New Year's Day are not working days.
        f"meeting-{dec}": (D(2026, 12, 17), D(2027, 1, 5)),
        f"meeting-{mar}": (D(2027, 3, 10), D(2027, 3, 24)),
    }


def test_islington_minutes_fall_due_fourteen_days_after_each_iscb_meeting(seeds, meetings):
    generate_occurrences(today=START_OF_2026)
    key = f"meeting-{meetings['iscb_may'].pk}"
    assert spans(seeds.obligation("islington_minutes")) == {key: (D(2026, 5, 20), D(2026, 6, 3))}


def test_serious_case_review_learning_falls_due_at_the_next_bhwb_meeting_after_the_event(
    seeds, meetings
):
    generate_occurrences(today=START_OF_2026)
    learning = seeds.obligation("bolton_scr_learning")
    assert spans(learning) == {}
    with freeze_time("2026-11-02 10:00"):
        event = services.event_record(
            actor=seeds.users["bolton_bscb_manager"],
            obligation=learning,
            happened_on=D(2026, 11, 2),
            note="Overview report endorsed.",
        )
    generate_occurrences(today=D(2026, 11, 2))
    assert spans(learning) == {f"event-{event.pk}": (D(2026, 11, 2), D(2026, 12, 17))}


def test_the_bhwb_response_falls_due_at_its_next_meeting_after_the_annual_report(seeds, meetings):
    generate_occurrences(today=START_OF_2026)
    report = Occurrence.objects.get(
        obligation=seeds.obligation("bolton_annual_report"), period_key="2026"
    )
    with freeze_time("2026-09-24 10:00"):
        services.occurrence_record_done(
            actor=seeds.users["bolton_bscb_manager"],
            occurrence=report,
            done_on=D(2026, 9, 24),
            link="https://bolton.example.org/bscb/annual-report-2025-26.pdf",
        )
    generate_occurrences(today=D(2026, 9, 24))
    assert spans(seeds.obligation("bolton_response")) == {
        f"after-{report.pk}": (D(2026, 9, 24), D(2026, 10, 8))
    }


def test_reviews_fall_due_on_the_anniversary_of_signing_or_coming_into_force(seeds):
    generate_occurrences(today=START_OF_2026)
    reviews = {
        (o.version.protocol.reference, o.period_key): o.due_on
        for o in Occurrence.objects.filter(kind=Occurrence.Kind.REVIEW).select_related(
            "version__protocol"
        )
    }
    assert reviews == {
        # Bromley: a year from the last signature, 13 July 2016.
        ("bromley-hwb-bscb", "review-2026"): D(2026, 7, 13),
        ("bromley-hwb-bscb", "review-2027"): D(2027, 7, 13),
        # West Berkshire: no signatures on record, so from coming into force.
        ("west-berkshire", "review-2026"): D(2026, 5, 1),
        ("west-berkshire", "review-2027"): D(2027, 5, 1),
    }


def test_occurrences_start_in_the_state_they_are_in_on_the_day(seeds):
    generate_occurrences(today=D(2026, 11, 15))
    states = {
        o.period_key: o.state
        for o in Occurrence.objects.filter(obligation=seeds.obligation("bolton_officers_meet"))
    }
    assert states["2026-Q2"] == "overdue"
    assert states["2026-Q3"] == "open"
    assert states["2026-Q4"] == "upcoming"
    report = Occurrence.objects.get(
        obligation=seeds.obligation("bromley_annual_report"), period_key="2026"
    )
    assert report.state == "open"


def test_nothing_is_generated_for_versions_not_in_force(db):
    version = pf.ProtocolVersionFactory(status=ProtocolVersion.Status.DRAFT)
    pf.ObligationFactory(version=version)
    stats = generate_occurrences(today=START_OF_2026)
    assert Occurrence.objects.count() == 0
    assert stats.obligations == 0


def test_nothing_falls_due_before_a_version_came_into_force(seeds):
    version = seeds.versions["bolton"]
    ProtocolVersion.objects.filter(pk=version.pk).update(in_force_from=D(2026, 10, 1))
    generate_occurrences(today=D(2026, 10, 1))
    assert list(spans(seeds.obligation("bolton_annual_report"))) == ["2027"]
    assert list(spans(seeds.obligation("bolton_officers_meet")))[0] == "2026-Q3"


# --- idempotency and races -----------------------------------------------------------


def test_a_second_run_creates_updates_and_deletes_nothing(seeds, meetings):
    first = generate_occurrences(today=START_OF_2026)
    rows = list(Occurrence.objects.order_by("pk").values())
    history = Occurrence.history.count()
    second = generate_occurrences(today=START_OF_2026)
    assert first.created == len(rows) > 0
    assert (second.created, second.updated, second.deleted) == (0, 0, 0)
    assert (second.versions, second.versions_planned) == (4, 0)
    assert list(Occurrence.objects.order_by("pk").values()) == rows
    assert Occurrence.history.count() == history


def test_only_the_version_whose_inputs_changed_is_planned_again(seeds, meetings):
    generate_occurrences(today=START_OF_2026)
    meeting(seeds.boards["bolton_bhwb"], D(2027, 1, 21))
    stats = generate_occurrences(today=START_OF_2026)
    assert (stats.versions_planned, stats.created) == (1, 1)
    assert len(spans(seeds.obligation("bolton_minutes"))) == 4


def test_forcing_restores_occurrences_deleted_by_hand(seeds):
    generate_occurrences(today=START_OF_2026)
    count = Occurrence.objects.count()
    Occurrence.objects.filter(obligation=seeds.obligation("bolton_business_plan")).delete()
    assert generate_occurrences(today=START_OF_2026).created == 0
    stats = generate_occurrences(today=START_OF_2026, force=True)
    assert (stats.versions_planned, stats.created) == (4, 2)
    assert Occurrence.objects.count() == count


def test_the_database_refuses_a_second_occurrence_for_the_same_period(seeds):
    generate_occurrences(today=START_OF_2026)
    existing = Occurrence.objects.filter(obligation__isnull=False).first()
    duplicate = Occurrence(
        obligation=existing.obligation,
        version=existing.version,
        financial_year=existing.financial_year,
        period_key=existing.period_key,
        due_on=existing.due_on,
    )
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Occurrence.objects.bulk_create([duplicate])


@pytest.mark.django_db(transaction=True)
def test_two_generations_at_once_create_no_duplicates(monkeypatch):
    build_seeds()
    expected = _count_planned()
    arrived = threading.Barrier(2, timeout=30)
    write = generation._Run.write

    # SQLite's shared in-memory test database locks whole tables rather than waiting, so
    # there the two writers take turns; on PostgreSQL they race for real.
    one_writer = threading.Lock()
    writing = threading.local()

    def write_together(self, planned, stored):
        # Both runs have read what is stored (nothing) before either writes.
        arrived.wait()
        if connection.vendor == "sqlite":
            one_writer.acquire()
            writing.turn = True
        return write(self, planned, stored)

    monkeypatch.setattr(generation._Run, "write", write_together)
    results, errors = [], []

    def run():
        try:
            results.append(generate_occurrences(today=START_OF_2026))
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            if getattr(writing, "turn", False):
                one_writer.release()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert len(results) == 2
    assert [r.versions_planned for r in results] == [4, 4]  # both planned everything
    assert sum(r.created for r in results) == expected
    assert Occurrence.objects.count() == expected
    keys = list(Occurrence.objects.values_list("obligation_id", "version_id", "period_key"))
    assert len(keys) == len(set(keys))


def _count_planned() -> int:
    run = generation._Run(
        today=START_OF_2026,
        horizon=Horizon.around(START_OF_2026),
        due_soon_days=14,
        stats=generation.GenerationStats(),
    )
    run.load()
    return len(run.plan(run.versions.values()))


def test_generation_reads_with_the_same_number_of_queries_for_more_protocols(db):
    # Inserts go in batches, as many rows as the database takes in one statement (SQLite
    # takes fewer than PostgreSQL), so only the reads are counted here.
    def queries_for_fresh_run() -> int:
        Occurrence.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            generate_occurrences(today=START_OF_2026, force=True)
        return sum(1 for q in captured if not q["sql"].startswith("INSERT"))

    build_seeds()
    small = queries_for_fresh_run()
    small_rows = Occurrence.objects.count()
    for n in range(3):
        version = pf.ProtocolVersionFactory(
            status=ProtocolVersion.Status.IN_FORCE, in_force_from=D(2020, 1, 1)
        )
        for month in range(1, 13):
            pf.ObligationFactory(
                version=version, timing={"kind": "fixed_month", "month": month}, order=month + n
            )
    large = queries_for_fresh_run()
    assert Occurrence.objects.count() > small_rows + 60
    assert large == small


# --- rule changes --------------------------------------------------------------------


def _change_rule(obligation, timing):
    type(obligation).objects.filter(pk=obligation.pk).update(timing=timing)


def test_a_rule_change_replaces_future_periods_and_leaves_past_and_done_ones(seeds):
    today = D(2026, 11, 15)
    meet = seeds.obligation("bolton_officers_meet")
    generate_occurrences(today=today)
    q2 = Occurrence.objects.get(obligation=meet, period_key="2026-Q2")
    with freeze_time("2026-10-05 10:00"):
        services.occurrence_record_done(
            actor=seeds.users["bolton_bscb_manager"],
            occurrence=q2,
            done_on=D(2026, 9, 29),
            note="Officers met at the Town Hall.",
        )
    _change_rule(meet, {"kind": "frequency", "every": "six_monthly"})
    stats = generate_occurrences(today=today)

    kept = {o.period_key: o.state for o in Occurrence.objects.filter(obligation=meet)}
    assert kept == {
        "2026-Q1": "overdue",  # past: left alone
        "2026-Q2": "done",  # done: left alone
        # 2026-H1 fell due on 30 September, before the change: not added to the past.
        "2026-H2": "open",  # since 1 October
        "2027-H1": "upcoming",
        "2027-H2": "upcoming",
    }
    assert stats.deleted == 6  # 2026-Q3 and Q4, and the four quarters of 2027
    assert stats.created == 3
    deleted = Occurrence.history.filter(history_type="-", obligation_id=meet.pk)
    assert sorted(deleted.values_list("period_key", flat=True)) == [
        "2026-Q3",
        "2026-Q4",
        "2027-Q1",
        "2027-Q2",
        "2027-Q3",
        "2027-Q4",
    ]
    assert set(deleted.values_list("history_change_reason", flat=True)) == {
        "No longer planned by its rule"
    }


def test_a_rule_change_moves_the_dates_of_future_occurrences_only(seeds):
    today = D(2026, 11, 15)
    report = seeds.obligation("bolton_annual_report")
    plan = seeds.obligation("bolton_business_plan")
    generate_occurrences(today=today)
    early = Occurrence.objects.get(obligation=plan, period_key="2027")
    with freeze_time("2026-11-10 10:00"):
        services.occurrence_record_done(
            actor=seeds.users["bolton_bscb_manager"],
            occurrence=early,
            done_on=D(2026, 11, 10),
            note="Shared early.",
        )
    _change_rule(report, {"kind": "fixed_month", "month": 10})
    _change_rule(plan, {"kind": "deadline", "month": 5, "day": 15})
    stats = generate_occurrences(today=today)

    assert spans(report) == {
        "2026": (D(2026, 9, 1), D(2026, 9, 30)),  # overdue already: left alone
        "2027": (D(2027, 10, 1), D(2027, 10, 31)),
    }
    assert spans(plan) == {
        "2026": (None, D(2026, 6, 30)),  # past
        "2027": (None, D(2027, 6, 30)),  # done early: left alone
    }
    assert stats.updated == 1
    moved = Occurrence.objects.get(obligation=report, period_key="2027")
    last = moved.history.latest("history_date")
    assert (last.history_type, last.history_change_reason) == (
        "~",
        "Dates changed with the timing rule",
    )


def test_a_cancelled_meeting_takes_its_future_occurrence_with_it(seeds, meetings):
    generate_occurrences(today=START_OF_2026)
    dec = meetings["bhwb_dec"]
    dec.status = "cancelled"
    dec.save()
    generate_occurrences(today=START_OF_2026)
    assert f"meeting-{dec.pk}" not in spans(seeds.obligation("bolton_minutes"))


def test_a_moved_meeting_moves_its_occurrence(seeds, meetings):
    generate_occurrences(today=START_OF_2026)
    oct_ = meetings["bhwb_oct"]
    oct_.date = D(2026, 10, 15)
    oct_.save()
    generate_occurrences(today=START_OF_2026)
    assert spans(seeds.obligation("bolton_minutes"))[f"meeting-{oct_.pk}"] == (
        D(2026, 10, 15),
        D(2026, 10, 29),
    )


def test_a_superseded_version_loses_its_future_occurrences_but_keeps_its_record(seeds):
    today = D(2026, 11, 15)
    generate_occurrences(today=today)
    version = seeds.versions["islington"]
    ProtocolVersion.objects.filter(pk=version.pk).update(
        status=ProtocolVersion.Status.SUPERSEDED, ended_on=today
    )
    stats = generate_occurrences(today=today)
    left = Occurrence.objects.filter(version=version)
    assert stats.deleted > 0
    assert left.exists()
    assert all(o.due_on < today for o in left)


def test_a_new_version_does_not_ask_again_for_what_was_done_under_the_old_one(seeds):
    today = D(2026, 11, 15)
    generate_occurrences(today=today)
    old = seeds.versions["bromley"]
    report = seeds.obligation("bromley_annual_report")
    done = Occurrence.objects.get(obligation=report, period_key="2026")
    with freeze_time("2026-11-12 10:00"):
        services.occurrence_record_done(
            actor=seeds.users["bromley_bscb_manager"],
            occurrence=done,
            done_on=D(2026, 11, 12),
            note="Presented to the H&WB.",
        )
    ProtocolVersion.objects.filter(pk=old.pk).update(status=ProtocolVersion.Status.SUPERSEDED)
    new = pf.ProtocolVersionFactory(
        protocol=old.protocol,
        number=2,
        status=ProtocolVersion.Status.IN_FORCE,
        in_force_from=D(2026, 11, 14),
    )
    carried = pf.ObligationFactory(
        version=new,
        key=report.key,
        owing_board=report.owing_board,
        receiving_board=report.receiving_board,
        timing=report.timing,
    )
    generate_occurrences(today=today)
    assert list(spans(carried)) == ["2027"]
    assert Occurrence.objects.get(pk=done.pk).state == "done"


def test_an_unreadable_rule_is_counted_and_skipped(seeds):
    broken = seeds.obligation("wb_consult_lscb")
    _change_rule(broken, {"kind": "window", "start_month": 10, "end_month": 10})
    stats = generate_occurrences(today=START_OF_2026)
    assert stats.invalid_rules == 1
    assert spans(broken) == {}
    assert spans(seeds.obligation("wb_report_to_hwb")) == WHOLE_YEARS
