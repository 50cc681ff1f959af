"""The report and agenda deadlines: working days in England, clear days, London time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from protocols.workdays import add_working_days, is_working_day
from reporting import deadlines, selectors

LONDON = ZoneInfo("Europe/London")
D = dt.date


# --- counting working days back ----------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2013, 10, 10), 1, D(2013, 10, 9)),  # Thursday → Wednesday
        (D(2013, 10, 10), 7, D(2013, 10, 1)),  # over one weekend
        (D(2013, 10, 14), 1, D(2013, 10, 11)),  # Monday → Friday
        (D(2013, 10, 13), 1, D(2013, 10, 11)),  # from a Sunday
        (D(2013, 10, 12), 1, D(2013, 10, 11)),  # from a Saturday
        (D(2027, 1, 4), 3, D(2026, 12, 29)),  # Christmas Day and Boxing Day's substitute skipped
        (D(2027, 1, 4), 4, D(2026, 12, 24)),
        (D(2027, 1, 4), 7, D(2026, 12, 21)),
        (D(2027, 1, 5), 1, D(2027, 1, 4)),
        (D(2027, 1, 4), 1, D(2026, 12, 31)),  # New Year's Day 2027 is a Friday holiday
        (D(2026, 4, 9), 3, D(2026, 4, 2)),  # Easter Monday and Good Friday skipped
        (D(2026, 5, 26), 1, D(2026, 5, 22)),  # the spring bank holiday (25 May)
        (D(2026, 8, 31), 1, D(2026, 8, 28)),  # a meeting on the summer bank holiday
    ],
)
def test_subtract_working_days_skips_weekends_and_bank_holidays(start, n, expected):
    assert deadlines.subtract_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2013, 10, 10), D(2013, 10, 10)),  # a working day is itself
        (D(2013, 10, 13), D(2013, 10, 11)),  # Sunday → Friday
        (D(2026, 12, 28), D(2026, 12, 24)),  # the substitute Boxing Day → Christmas Eve
    ],
)
def test_subtract_no_working_days_gives_the_working_day_on_or_before(start, expected):
    assert deadlines.subtract_working_days(start, 0) == expected


def test_subtract_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="The number of working days must be 0 or more."):
        deadlines.subtract_working_days(D(2026, 1, 5), -1)


@pytest.mark.parametrize("bad", [dt.datetime(2026, 1, 5, 10, 0), "2026-01-05", None])
def test_subtract_working_days_refuses_what_is_not_a_date(bad):
    with pytest.raises(TypeError):
        deadlines.subtract_working_days(bad, 1)


@pytest.mark.parametrize("bad", [True, 1.5, "2"])
def test_subtract_working_days_refuses_a_count_that_is_not_a_whole_number(bad):
    with pytest.raises(TypeError):
        deadlines.subtract_working_days(D(2026, 1, 5), bad)


@given(
    day=st.dates(min_value=D(2012, 1, 1), max_value=D(2035, 12, 31)),
    n=st.integers(min_value=1, max_value=40),
)
def test_going_back_then_forward_the_same_working_days_returns_to_a_working_day(day, n):
    back = deadlines.subtract_working_days(day, n)
    assert is_working_day(back)
    assert back < day
    if is_working_day(day):
        assert add_working_days(back, n) == day


# --- clear days --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "meeting", "expected"),
    [
        (D(2013, 10, 2), D(2013, 10, 10), 5),  # 3, 4, 7, 8, 9 October
        (D(2013, 10, 3), D(2013, 10, 10), 4),
        (D(2013, 10, 9), D(2013, 10, 10), 0),  # the day before: nothing in between
        (D(2013, 10, 10), D(2013, 10, 10), 0),  # on the day
        (D(2013, 10, 11), D(2013, 10, 10), 0),  # after it
        (D(2026, 10, 2), D(2026, 10, 12), 5),  # Friday to the Monday week after
        (D(2026, 10, 3), D(2026, 10, 12), 5),  # a Saturday adds no clear day of its own
        (D(2026, 10, 5), D(2026, 10, 12), 4),
        (D(2026, 10, 9), D(2026, 10, 17), 5),  # a Saturday meeting: 12 to 16 October
        (D(2026, 12, 22), D(2027, 1, 4), 5),  # 23, 24, 29, 30, 31 December
        (D(2026, 12, 23), D(2027, 1, 4), 4),
    ],
)
def test_clear_working_days_exclude_publication_day_and_meeting_day(published, meeting, expected):
    assert deadlines.clear_working_days(published, meeting) == expected


# --- the two deadlines -----------------------------------------------------------------------


def test_islington_meeting_of_10_october_2013_has_its_deadlines():
    found = deadlines.deadlines_for(D(2013, 10, 10))
    assert found.report_due == dt.datetime(2013, 10, 1, 10, 0, tzinfo=LONDON)
    assert found.report_due.utcoffset() == dt.timedelta(hours=1)  # British Summer Time
    assert found.agenda_due == D(2013, 10, 2)
    assert found.clear_days == 5


def test_meeting_after_christmas_2026_has_deadlines_before_the_holidays():
    found = deadlines.deadlines_for(D(2027, 1, 4))
    assert found.report_due == dt.datetime(2026, 12, 21, 10, 0, tzinfo=LONDON)
    assert found.report_due.utcoffset() == dt.timedelta(0)  # Greenwich Mean Time
    assert found.agenda_due == D(2026, 12, 22)


def test_meeting_the_day_after_new_year_2027_moves_both_deadlines_back_by_one_working_day():
    found = deadlines.deadlines_for(D(2027, 1, 5))
    assert found.report_due.date() == D(2026, 12, 22)
    assert found.agenda_due == D(2026, 12, 23)


def test_meeting_after_easter_2026_has_its_report_deadline_in_gmt_before_the_clocks_change():
    found = deadlines.deadlines_for(D(2026, 4, 9))
    assert found.report_due == dt.datetime(2026, 3, 27, 10, 0, tzinfo=LONDON)
    assert found.report_due.utcoffset() == dt.timedelta(0)
    assert found.agenda_due == D(2026, 3, 30)


def test_deadlines_follow_the_numbers_given():
    found = deadlines.deadlines_for(
        D(2013, 10, 10), report_working_days=10, report_time=dt.time(12, 30), clear_days=7
    )
    assert found.report_due == dt.datetime(2013, 9, 26, 12, 30, tzinfo=LONDON)
    assert found.agenda_due == D(2013, 9, 30)
    assert deadlines.clear_working_days(found.agenda_due, D(2013, 10, 10)) == 7


@given(
    meeting=st.dates(min_value=D(2012, 1, 1), max_value=D(2035, 12, 31)),
    clear_days=st.integers(min_value=1, max_value=15),
)
def test_agenda_deadline_is_the_last_working_day_leaving_enough_clear_days(meeting, clear_days):
    due = deadlines.agenda_deadline(meeting, clear_days=clear_days)
    assert is_working_day(due)
    assert deadlines.clear_working_days(due, meeting) >= clear_days
    next_working_day = add_working_days(due, 1)
    assert deadlines.clear_working_days(next_working_day, meeting) < clear_days


@pytest.mark.parametrize(
    ("moment", "missed"),
    [
        (dt.datetime(2013, 9, 30, 16, 0, tzinfo=LONDON), False),
        (dt.datetime(2013, 10, 1, 9, 59, tzinfo=LONDON), False),
        (dt.datetime(2013, 10, 1, 10, 0, tzinfo=LONDON), False),
        (dt.datetime(2013, 10, 1, 10, 1, tzinfo=LONDON), True),
        (dt.datetime(2013, 10, 1, 9, 30, tzinfo=dt.UTC), True),  # 10:30 in London
    ],
)
def test_report_deadline_is_missed_only_after_the_minute(moment, missed):
    found = deadlines.deadlines_for(D(2013, 10, 10))
    assert found.report_missed(submitted_at=moment, now=moment) is missed


def test_report_sent_in_time_stays_in_time_after_the_deadline_passes():
    found = deadlines.deadlines_for(D(2013, 10, 10))
    sent = dt.datetime(2013, 9, 30, 16, 0, tzinfo=LONDON)
    later = dt.datetime(2013, 10, 5, 12, 0, tzinfo=LONDON)
    assert found.report_missed(submitted_at=sent, now=later) is False
    assert found.report_missed(submitted_at=None, now=later) is True


def test_report_deadline_refuses_a_time_without_a_zone():
    found = deadlines.deadlines_for(D(2013, 10, 10))
    with pytest.raises(ValueError, match="Compare deadlines with times that carry a time zone."):
        found.report_missed(submitted_at=None, now=dt.datetime(2013, 10, 1, 11, 0))


@pytest.mark.parametrize(
    ("published", "today", "missed"),
    [
        (None, D(2026, 10, 1), False),
        (None, D(2026, 10, 2), False),  # the last day
        (None, D(2026, 10, 3), False),  # a Saturday still leaves five clear days
        (None, D(2026, 10, 5), True),
        (D(2026, 10, 2), D(2026, 10, 20), False),  # published in time, looked at later
        (D(2026, 10, 5), D(2026, 10, 5), True),
    ],
)
def test_agenda_deadline_counts_clear_days_from_publication_or_today(published, today, missed):
    found = deadlines.deadlines_for(D(2026, 10, 12))
    assert found.agenda_due == D(2026, 10, 2)
    assert found.agenda_missed(published_on=published, today=today) is missed


def test_configured_deadlines_read_the_settings(settings):
    settings.REPORT_DEADLINE_WORKING_DAYS = 3
    settings.REPORT_DEADLINE_TIME = "09:30"
    settings.AGENDA_CLEAR_WORKING_DAYS = 6
    found = selectors.configured_deadlines(D(2013, 10, 10))
    assert found.report_due == dt.datetime(2013, 10, 7, 9, 30, tzinfo=LONDON)
    assert found.agenda_due == D(2013, 10, 1)
    assert found.clear_days == 6


@pytest.mark.parametrize("bad", ["ten", "25:00", ""])
def test_a_deadline_time_that_is_not_a_time_is_a_configuration_error(settings, bad):
    settings.REPORT_DEADLINE_TIME = bad
    with pytest.raises(
        ImproperlyConfigured,
        match=f"REPORT_DEADLINE_TIME must be a time of day such as 10:00, not {bad!r}.",
    ):
        selectors.configured_deadlines(D(2013, 10, 10))
