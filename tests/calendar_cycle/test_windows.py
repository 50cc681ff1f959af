"""Financial years, months and windows: year ends, leap years and the turn of the year."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calendar_cycle import windows
from calendar_cycle.windows import Span

D = dt.date

# --- financial years -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (D(2026, 3, 31), 2025),
        (D(2026, 4, 1), 2026),
        (D(2026, 12, 31), 2026),
        (D(2027, 1, 1), 2026),
        (D(2027, 2, 28), 2026),
        (D(2027, 3, 31), 2026),
        (D(2027, 4, 1), 2027),
        (D(2028, 2, 29), 2027),
    ],
)
def test_financial_year_of_names_the_year_it_starts_in(day, fy):
    assert windows.financial_year_of(day) == fy


def test_financial_year_2026_runs_from_1_april_2026_to_31_march_2027():
    assert windows.financial_year_bounds(2026) == (D(2026, 4, 1), D(2027, 3, 31))


@pytest.mark.parametrize(
    ("fy", "label"), [(2026, "2026/27"), (2027, "2027/28"), (1999, "1999/00"), (2009, "2009/10")]
)
def test_financial_year_label_is_written_as_people_write_it(fy, label):
    assert windows.financial_year_label(fy) == label


@pytest.mark.parametrize(
    ("fy", "month", "year"),
    [(2026, 4, 2026), (2026, 12, 2026), (2026, 1, 2027), (2026, 3, 2027), (2027, 2, 2028)],
)
def test_each_month_falls_in_one_calendar_year_of_a_financial_year(fy, month, year):
    assert windows.calendar_year_in(fy, month) == year


@pytest.mark.parametrize("month", [0, 13, -1, True, 4.0, "4"])
def test_a_month_outside_1_to_12_is_refused(month):
    with pytest.raises(ValueError, match="A month is a whole number from 1 to 12"):
        windows.calendar_year_in(2026, month)


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2200, 12, 31)))
def test_every_day_lies_within_the_bounds_of_its_financial_year(day):
    start, end = windows.financial_year_bounds(windows.financial_year_of(day))
    assert start <= day <= end
    assert (end - start).days in (364, 365)


# --- month ends and leap years ------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [
        (2026, 1, 31),
        (2026, 2, 28),
        (2026, 3, 31),
        (2026, 4, 30),
        (2026, 5, 31),
        (2026, 6, 30),
        (2026, 7, 31),
        (2026, 8, 31),
        (2026, 9, 30),
        (2026, 10, 31),
        (2026, 11, 30),
        (2026, 12, 31),
        (2027, 2, 28),
        (2028, 2, 29),
        (2100, 2, 28),  # a century, not a leap year
        (2000, 2, 29),  # divisible by 400, a leap year
    ],
)
def test_month_end_is_the_last_day_of_the_month(year, month, last):
    assert windows.month_end(year, month) == D(year, month, last)


def test_february_in_financial_year_2027_ends_on_29_february_2028():
    assert windows.month_in_financial_year(2027, 2) == Span(opens=D(2028, 2, 1), due=D(2028, 2, 29))


def test_february_in_financial_year_2026_ends_on_28_february_2027():
    assert windows.month_in_financial_year(2026, 2) == Span(opens=D(2027, 2, 1), due=D(2027, 2, 28))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2027, 1, 31), 1, D(2027, 2, 28)),
        (D(2028, 2, 29), 12, D(2029, 2, 28)),
        (D(2028, 2, 29), 48, D(2032, 2, 29)),
        (D(2027, 3, 31), -1, D(2027, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 8, 31), 3, D(2026, 11, 30)),
        (D(2027, 1, 1), -10, D(2026, 3, 1)),
    ],
)
def test_add_months_keeps_the_day_within_shorter_months(day, months, expected):
    assert windows.add_months(day, months) == expected


# --- deadlines and fixed months -----------------------------------------------------


def test_a_june_deadline_in_financial_year_2026_is_30_june_2026_with_no_opening_day():
    assert windows.deadline_in_financial_year(2026, 6) == Span(due=D(2026, 6, 30))


def test_a_deadline_on_a_set_day():
    assert windows.deadline_in_financial_year(2026, 1, 15) == Span(due=D(2027, 1, 15))


def test_an_end_of_february_deadline_follows_leap_years():
    assert windows.deadline_in_financial_year(2026, 2).due == D(2027, 2, 28)
    assert windows.deadline_in_financial_year(2027, 2).due == D(2028, 2, 29)


def test_a_deadline_on_a_day_the_month_lacks_is_refused():
    with pytest.raises(ValueError, match="April 2026 has no day 31"):
        windows.deadline_in_financial_year(2026, 4, 31)


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_of_a_financial_year_lies_inside_it(month):
    span = windows.month_in_financial_year(2026, month)
    start, end = windows.financial_year_bounds(2026)
    assert start <= span.opens <= span.due <= end
    assert span.opens.day == 1
    assert span.due.day == calendar.monthrange(span.due.year, month)[1]


# --- windows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fy", "start", "end", "opens", "due"),
    [
        # Bromley: the BSCB's annual report, October to January, crosses 31 December.
        (2026, 10, 1, D(2026, 10, 1), D(2027, 1, 31)),
        (2027, 10, 1, D(2027, 10, 1), D(2028, 1, 31)),
        # Bromley: the H&WB strategy review and JSNA, October to March.
        (2026, 10, 3, D(2026, 10, 1), D(2027, 3, 31)),
        (2027, 10, 3, D(2027, 10, 1), D(2028, 3, 31)),
        (2026, 12, 1, D(2026, 12, 1), D(2027, 1, 31)),
        (2026, 1, 3, D(2027, 1, 1), D(2027, 3, 31)),
        (2027, 11, 2, D(2027, 11, 1), D(2028, 2, 29)),
        (2026, 11, 2, D(2026, 11, 1), D(2027, 2, 28)),
        # The whole year, April to March.
        (2026, 4, 3, D(2026, 4, 1), D(2027, 3, 31)),
        # Due in the first months of the year: it opened in the year before.
        (2026, 3, 4, D(2026, 3, 1), D(2026, 4, 30)),
        (2027, 2, 5, D(2027, 2, 1), D(2027, 5, 31)),
        (2026, 6, 9, D(2026, 6, 1), D(2026, 9, 30)),
    ],
)
def test_window_opens_on_the_first_and_is_due_on_the_last_day(fy, start, end, opens, due):
    assert windows.window_in_financial_year(fy, start, end) == Span(opens=opens, due=due)


def test_a_meeting_on_the_last_day_of_a_window_is_inside_it():
    window = windows.window_in_financial_year(2026, 10, 1)
    assert D(2027, 1, 31) in window
    assert D(2026, 10, 1) in window
    assert D(2027, 2, 1) not in window
    assert D(2026, 9, 30) not in window


def test_a_deadline_span_holds_only_its_day():
    span = Span(due=D(2026, 6, 30))
    assert D(2026, 6, 30) in span
    assert D(2026, 6, 29) not in span


def test_a_span_cannot_open_after_it_is_due():
    with pytest.raises(ValueError, match="cannot open"):
        Span(opens=D(2026, 7, 1), due=D(2026, 6, 30))


@given(
    st.integers(min_value=1990, max_value=2200),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
)
def test_every_window_is_due_in_its_financial_year_and_lasts_under_a_year(fy, start, end):
    span = windows.window_in_financial_year(fy, start, end)
    assert windows.financial_year_of(span.due) == fy
    assert span.opens.day == 1 and span.opens.month == start
    assert span.due == windows.month_end(span.due.year, end)
    assert 0 < (span.due - span.opens).days < 366


# --- quarters, halves and months ----------------------------------------------------


def test_quarters_of_financial_year_2026():
    assert windows.quarters(2026) == [
        Span(opens=D(2026, 4, 1), due=D(2026, 6, 30)),
        Span(opens=D(2026, 7, 1), due=D(2026, 9, 30)),
        Span(opens=D(2026, 10, 1), due=D(2026, 12, 31)),
        Span(opens=D(2027, 1, 1), due=D(2027, 3, 31)),
    ]


def test_halves_of_financial_year_2027():
    assert windows.halves(2027) == [
        Span(opens=D(2027, 4, 1), due=D(2027, 9, 30)),
        Span(opens=D(2027, 10, 1), due=D(2028, 3, 31)),
    ]


def test_months_of_financial_year_2027_start_in_april_and_include_29_february():
    spans = windows.months(2027)
    assert len(spans) == 12
    assert spans[0] == Span(opens=D(2027, 4, 1), due=D(2027, 4, 30))
    assert spans[10] == Span(opens=D(2028, 2, 1), due=D(2028, 2, 29))
    assert spans[11] == Span(opens=D(2028, 3, 1), due=D(2028, 3, 31))


@given(
    st.integers(min_value=1990, max_value=2200),
    st.sampled_from([windows.quarters, windows.halves, windows.months]),
)
def test_the_parts_of_a_year_cover_it_without_gaps_or_overlaps(fy, parts):
    spans = parts(fy)
    start, end = windows.financial_year_bounds(fy)
    assert spans[0].opens == start
    assert spans[-1].due == end
    for before, after in zip(spans, spans[1:], strict=False):
        assert after.opens == before.due + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("month", "quarter", "half"),
    [(4, 1, 1), (6, 1, 1), (7, 2, 1), (9, 2, 1), (10, 3, 2), (12, 3, 2), (1, 4, 2), (3, 4, 2)],
)
def test_quarter_and_half_of_a_date(month, quarter, half):
    year = 2027 if month < 4 else 2026
    assert windows.quarter_of(D(year, month, 15)) == quarter
    assert windows.half_of(D(year, month, 15)) == half


# --- anchored periods and anniversaries ---------------------------------------------


def test_quarters_anchored_on_1_april_match_the_financial_year_quarters():
    periods = [span for _, span in windows.anchored_periods(D(2026, 4, 1), 3, until=D(2028, 3, 31))]
    assert periods == windows.quarters(2026) + windows.quarters(2027)


def test_a_monthly_cycle_anchored_on_the_31st_does_not_drift():
    periods = [span for _, span in windows.anchored_periods(D(2028, 1, 31), 1, until=D(2028, 6, 1))]
    assert [p.opens for p in periods] == [
        D(2028, 1, 31),
        D(2028, 2, 29),
        D(2028, 3, 31),
        D(2028, 4, 30),
    ]
    assert periods[0].due == D(2028, 2, 28)


def test_a_period_shorter_than_a_month_is_refused():
    with pytest.raises(ValueError, match="at least one month"):
        list(windows.anchored_periods(D(2026, 4, 1), 0, until=D(2027, 1, 1)))


def test_anniversaries_of_29_february_fall_on_28_february_in_common_years():
    days = list(windows.anniversaries(D(2028, 2, 29), 1, until=D(2032, 12, 31)))
    assert days == [D(2029, 2, 28), D(2030, 2, 28), D(2031, 2, 28), D(2032, 2, 29)]


def test_anniversaries_every_two_years_leave_out_the_base_date():
    days = list(windows.anniversaries(D(2016, 7, 13), 2, until=D(2022, 7, 13)))
    assert days == [D(2018, 7, 13), D(2020, 7, 13), D(2022, 7, 13)]


def test_overlaps_counts_both_ends():
    span = Span(opens=D(2026, 10, 1), due=D(2027, 1, 31))
    assert windows.overlaps(span, D(2027, 1, 31), D(2027, 2, 28))
    assert windows.overlaps(span, D(2026, 9, 1), D(2026, 10, 1))
    assert not windows.overlaps(span, D(2027, 2, 1), D(2027, 2, 28))
