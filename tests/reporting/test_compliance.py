"""The outcomes of occurrences, the figures counted from them and the compliance log."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from calendar_cycle.models import Occurrence
from reporting import compliance
from reporting.compliance import Outcome
from tests.reporting.compliance_support import FY, TODAY, build_ledger

D = dt.date
State = Occurrence.State


@pytest.mark.parametrize(
    ("state", "due", "done", "expected"),
    [
        (State.DONE, D(2025, 6, 30), D(2025, 6, 30), Outcome.ON_TIME),
        (State.DONE, D(2025, 6, 30), D(2025, 6, 29), Outcome.ON_TIME),
        (State.DONE, D(2025, 6, 30), D(2025, 7, 1), Outcome.LATE),
        (State.WAIVED, D(2025, 6, 30), None, Outcome.WAIVED),
        (State.OVERDUE, D(2025, 6, 30), None, Outcome.OVERDUE),
        (State.DUE_SOON, TODAY - dt.timedelta(days=1), None, Outcome.OVERDUE),
        (State.DUE_SOON, TODAY, None, Outcome.NOT_YET_DUE),
        (State.UPCOMING, D(2026, 3, 31), None, Outcome.NOT_YET_DUE),
        (State.OPEN, D(2026, 2, 1), None, Outcome.NOT_YET_DUE),
    ],
)
def test_outcome_of_places_each_state_and_date(state, due, done, expected):
    assert compliance.outcome_of(state, due, done, TODAY) == expected


def test_database_condition_selects_the_same_occurrences_as_the_python_rule(world):
    ledger = build_ledger(world)
    everything = Occurrence.objects.all()
    for outcome in Outcome:
        in_db = set(
            everything.filter(compliance.outcome_q(outcome, TODAY)).values_list("pk", flat=True)
        )
        in_python = {
            o.pk
            for o in everything
            if compliance.outcome_of(o.state, o.due_on, o.done_on, TODAY) == outcome
        }
        assert in_db == in_python, outcome
    assert len(ledger.occurrences) == 7


def test_summary_counts_every_outcome_of_the_year(world):
    build_ledger(world)
    summary = compliance.summarise(Occurrence.objects.all(), FY, TODAY)
    assert summary.total.as_dict() == {
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "waived": 1,
        "not_yet_due": 1,
        "total": 5,
        "on_time_rate": 0.3333,
    }


def test_summary_rates_each_quarter_on_its_settled_occurrences(world):
    build_ledger(world)
    summary = compliance.summarise(Occurrence.objects.all(), FY, TODAY)
    assert [q.tally.on_time_percent for q in summary.quarters] == [100, 0, 0, None]
    assert [q.tally.total for q in summary.quarters] == [1, 1, 2, 1]
    assert summary.quarters[2].label == "Q3 (Oct–Dec 2025)"


def test_summary_groups_by_area_owing_board_and_protocol(world):
    build_ledger(world)
    summary = compliance.summarise(Occurrence.objects.all(), FY, TODAY)
    assert [(g.label, g.tally.total) for g in summary.by_area] == [("Alderley", 5)]
    assert [(g.label, g.tally.total) for g in summary.by_board] == [("ASCP", 1), ("HWB", 4)]
    assert [(g.label, g.tally.total) for g in summary.by_protocol] == [("alderley-hwb-ascp", 5)]
    assert summary.by_board[0].tally.counts[Outcome.WAIVED] == 1


def test_over_time_tallies_each_year_oldest_first(world):
    build_ledger(world)
    years = compliance.over_time(Occurrence.objects.all(), [FY, FY - 1, FY - 2], TODAY)
    assert [(fy, t.total, t.on_time_percent) for fy, t in years] == [
        (FY - 2, 0, None),
        (FY - 1, 2, 100),
        (FY, 5, 33),
    ]


def test_log_csv_has_one_row_per_occurrence_with_its_outcome(world):
    ledger = build_ledger(world)
    late = ledger.occurrences["q2_late"]
    late.note = '=HYPERLINK("http://example.org")'
    late.save()
    rows = compliance.log_rows(
        compliance.log_queryset(Occurrence.objects.filter(financial_year=FY)), TODAY
    )
    parsed = list(csv.DictReader(io.StringIO(compliance.log_csv(rows))))
    assert tuple(parsed[0]) == compliance.LOG_COLUMNS
    assert len(parsed) == 5
    by_period = {row["period"]: row for row in parsed}
    assert by_period["2025-Q2"]["outcome"] == "Met late"
    assert by_period["2025-Q2"]["on_time"] == "no"
    assert by_period["2025-Q2"]["done_on"] == "2025-10-02"
    assert by_period["2025-Q2"]["evidence"] == 'Note: =HYPERLINK("http://example.org")'
    assert by_period["2025-Q1"]["on_time"] == "yes"
    assert by_period["2025"]["waived_reason"] == "The meeting was cancelled."
    assert by_period["2025"]["owing"] == "ASCP"
    assert by_period["2025"]["receiving"] == "HWB"


def test_log_csv_neutralises_a_cell_that_starts_like_a_formula():
    row = dict.fromkeys(compliance.LOG_COLUMNS, "")
    row["evidence"] = "=1+1"
    assert "'=1+1" in compliance.log_csv([row])
