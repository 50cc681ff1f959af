"""Working days in England, against the real 2026 and 2027 bank holidays."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from protocols.workdays import (
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

D = dt.date

# England's bank holidays as the holidays package gives them (and gov.uk publishes them).
# 26 December 2026 is a Saturday, so Boxing Day's substitute is Monday 28 December;
# in 2027 both Christmas Day and Boxing Day fall at the weekend, so 27 and 28 December
# are substitute days; 1 January 2028 is a Saturday, so Monday 3 January is the holiday.
ENGLAND_2026 = {
    D(2026, 1, 1): "New Year's Day (Thursday)",
    D(2026, 4, 3): "Good Friday",
    D(2026, 4, 6): "Easter Monday",
    D(2026, 5, 4): "Early May bank holiday",
    D(2026, 5, 25): "Spring bank holiday",
    D(2026, 8, 31): "Summer bank holiday",
    D(2026, 12, 25): "Christmas Day (Friday)",
    D(2026, 12, 26): "Boxing Day (Saturday)",
    D(2026, 12, 28): "Boxing Day substitute (Monday)",
}
ENGLAND_2027 = {
    D(2027, 1, 1): "New Year's Day (Friday)",
    D(2027, 3, 26): "Good Friday",
    D(2027, 3, 29): "Easter Monday",
    D(2027, 5, 3): "Early May bank holiday",
    D(2027, 5, 31): "Spring bank holiday",
    D(2027, 8, 30): "Summer bank holiday",
    D(2027, 12, 25): "Christmas Day (Saturday)",
    D(2027, 12, 26): "Boxing Day (Sunday)",
    D(2027, 12, 27): "Christmas Day substitute (Monday)",
    D(2027, 12, 28): "Boxing Day substitute (Tuesday)",
}


def test_bank_holidays_of_2026_are_englands():
    assert bank_holidays(2026) == frozenset(ENGLAND_2026)


def test_bank_holidays_of_2027_are_englands():
    assert bank_holidays(2027) == frozenset(ENGLAND_2027)


def test_bank_holidays_include_one_off_days_the_package_knows():
    assert D(2023, 5, 8) in bank_holidays(2023)  # the coronation of King Charles III


@pytest.mark.parametrize(
    "day",
    [d for d in {**ENGLAND_2026, **ENGLAND_2027} if d.weekday() < 5],
    ids=str,
)
def test_a_weekday_bank_holiday_is_not_a_working_day(day):
    assert is_working_day(day) is False


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2026, 1, 2), "2 January is a bank holiday in Scotland, not England"),
        (D(2026, 3, 17), "St Patrick's Day is a bank holiday in Northern Ireland only"),
        (D(2026, 8, 3), "the summer bank holiday in Scotland is in early August"),
        (D(2026, 11, 30), "St Andrew's Day is a bank holiday in Scotland only"),
        (D(2026, 12, 24), "Christmas Eve is an ordinary working day"),
        (D(2026, 12, 29), "the day after the Boxing Day substitute"),
        (D(2026, 12, 31), "New Year's Eve is an ordinary working day"),
        (D(2027, 4, 1), "the Thursday after Easter Monday 2027"),
        (D(2027, 12, 29), "the day after the 2027 substitute days"),
    ],
)
def test_an_ordinary_weekday_in_england_is_a_working_day(day, why):
    assert is_working_day(day) is True, why


@pytest.mark.parametrize("day", [D(2026, 10, 3), D(2026, 10, 4), D(2027, 1, 2), D(2027, 1, 3)])
def test_a_weekend_day_is_not_a_working_day(day):
    assert is_working_day(day) is False


@pytest.mark.parametrize(
    ("start", "n", "expected", "why"),
    [
        (D(2026, 12, 24), 1, D(2026, 12, 29), "Christmas Friday, weekend, Boxing Day substitute"),
        (D(2026, 12, 24), 3, D(2026, 12, 31), "29, 30 and 31 December"),
        (D(2026, 12, 24), 4, D(2027, 1, 4), "New Year's Day 2027 is a Friday"),
        (D(2026, 12, 14), 10, D(2026, 12, 30), "ten working days after a mid-December meeting"),
        (D(2026, 4, 2), 1, D(2026, 4, 7), "Good Friday, weekend, Easter Monday"),
        (D(2026, 4, 1), 2, D(2026, 4, 7), "Thursday 2 April, then Tuesday 7 April"),
        (D(2026, 5, 1), 1, D(2026, 5, 5), "Friday, weekend, early May bank holiday"),
        (D(2026, 5, 22), 1, D(2026, 5, 26), "Friday, weekend, spring bank holiday"),
        (D(2026, 8, 28), 1, D(2026, 9, 1), "Friday, weekend, summer bank holiday"),
        (D(2027, 12, 23), 1, D(2027, 12, 24), "Christmas Eve 2027 is a Friday and a working day"),
        (D(2027, 12, 23), 2, D(2027, 12, 29), "weekend, then both 2027 substitute days"),
        (D(2027, 12, 31), 1, D(2028, 1, 4), "1 January 2028 is a Saturday: Monday 3rd is off"),
        (D(2026, 10, 2), 1, D(2026, 10, 5), "an ordinary Friday to Monday"),
        (D(2026, 10, 3), 1, D(2026, 10, 5), "counting from a Saturday"),
        (D(2026, 10, 5), 5, D(2026, 10, 12), "a clear working week"),
    ],
)
def test_add_working_days_skips_weekends_and_bank_holidays(start, n, expected, why):
    assert add_working_days(start, n) == expected, why


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2026, 10, 5), D(2026, 10, 5)),  # a working Monday stays
        (D(2026, 12, 26), D(2026, 12, 29)),  # Boxing Day Saturday rolls past the substitute
        (D(2026, 4, 3), D(2026, 4, 7)),  # Good Friday rolls past Easter Monday
        (D(2027, 12, 25), D(2027, 12, 29)),
    ],
)
def test_add_zero_working_days_gives_the_day_or_the_next_working_day(start, expected):
    assert add_working_days(start, 0) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match=r"^The number of working days must be 0 or more\.$"):
        add_working_days(D(2026, 1, 5), -1)


@pytest.mark.parametrize("n", [True, 1.0, "1"])
def test_add_working_days_refuses_a_count_that_is_not_a_whole_number(n):
    with pytest.raises(TypeError, match=r"^Expected a whole number of days, got "):
        add_working_days(D(2026, 1, 5), n)


@pytest.mark.parametrize(
    "call",
    [
        lambda: is_working_day(dt.datetime(2026, 12, 25, 9, 0)),
        lambda: add_working_days("2026-12-25", 1),
        lambda: working_days_between(D(2026, 1, 1), dt.datetime(2026, 2, 1)),
    ],
)
def test_workdays_refuse_anything_but_a_date(call):
    with pytest.raises(TypeError, match=r"^Expected a date, got "):
        call()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (D(2026, 12, 24), D(2027, 1, 4), 4),
        (D(2026, 12, 24), D(2026, 12, 28), 0),
        (D(2026, 10, 5), D(2026, 10, 5), 0),
        (D(2026, 10, 2), D(2026, 10, 5), 1),
        (D(2027, 1, 4), D(2026, 12, 24), -4),
        # 2026 starts on a Thursday and has 365 days: 52 weeks and a Thursday, so 261
        # weekdays; 8 of its 9 bank holidays fall on weekdays (26 December is a Saturday).
        (D(2025, 12, 31), D(2026, 12, 31), 261 - 8),
        # 2027 starts on a Friday: 261 weekdays; 8 of its 10 holidays fall on weekdays.
        (D(2026, 12, 31), D(2027, 12, 31), 261 - 8),
    ],
)
def test_working_days_between_counts_after_a_up_to_and_including_b(a, b, expected):
    assert working_days_between(a, b) == expected


# Properties --------------------------------------------------------------------------

dates = st.dates(D(2019, 1, 1), D(2035, 12, 31))
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300)


@PROPERTY
@given(dates, st.integers(0, 250))
def test_add_working_days_lands_on_the_nth_working_day(start, n):
    end = add_working_days(start, n)
    assert is_working_day(end)
    if n == 0:
        day_before = dt.timedelta(days=1)
        assert end >= start
        assert working_days_between(start - day_before, end - day_before) == 0
    else:
        assert working_days_between(start, end) == n
        assert working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@PROPERTY
@given(dates, st.integers(0, 120))
def test_working_days_between_matches_counting_day_by_day(a, span):
    b = a + dt.timedelta(days=span)
    by_hand = sum(is_working_day(a + dt.timedelta(days=i)) for i in range(1, span + 1))
    assert working_days_between(a, b) == by_hand
    assert working_days_between(b, a) == -by_hand
