"""Working days in England: Monday to Friday, less England's bank holidays.

Bank holidays, including substitute days when one falls at a weekend, come from the
``holidays`` package (``country_holidays("GB", subdiv="ENG")``), read once per year and
kept. A one-off bank holiday (a coronation, a jubilee) appears once the package knows it.
Pure Python: no database, no Django.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays


@functools.cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """Return England's bank holidays (with substitute days) in a calendar year."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def _check_date(d: object) -> None:
    # A datetime is a date, but never equal to one, so it would slip past the holidays.
    if not isinstance(d, dt.date) or isinstance(d, dt.datetime):
        raise TypeError(f"Expected a date, got {type(d).__name__}.")


def is_working_day(d: dt.date) -> bool:
    """Return whether a date is a working day in England."""
    _check_date(d)
    return d.weekday() < 5 and d not in bank_holidays(d.year)


def add_working_days(d: dt.date, n: int) -> dt.date:
    """Return the date ``n`` working days after ``d``.

    The day ``d`` itself is not counted, so one working day after a Friday meeting is the
    Monday (or the Tuesday after a bank holiday). With ``n`` = 0, return ``d`` if it is a
    working day, else the next working day.

    Raises:
        ValueError: ``n`` is negative.
        TypeError: ``d`` is not a date or ``n`` is not a whole number.
    """
    _check_date(d)
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"Expected a whole number of days, got {type(n).__name__}.")
    if n < 0:
        raise ValueError("The number of working days must be 0 or more.")
    day = d
    if n == 0:
        while not is_working_day(day):
            day += dt.timedelta(days=1)
        return day
    remaining = n
    while remaining:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: dt.date, b: dt.date) -> int:
    """Return the number of working days after ``a`` up to and including ``b``.

    So ``working_days_between(d, add_working_days(d, n)) == n`` for n >= 1. When ``b`` is
    before ``a`` the count is negative: ``-working_days_between(b, a)``.
    """
    _check_date(a)
    _check_date(b)
    if b < a:
        return -working_days_between(b, a)
    full_weeks, extra_days = divmod((b - a).days, 7)
    weekdays = full_weeks * 5 + sum(
        1 for i in range(1, extra_days + 1) if (a + dt.timedelta(days=i)).weekday() < 5
    )
    closed = sum(
        1
        for year in range(a.year, b.year + 1)
        for day in bank_holidays(year)
        if a < day <= b and day.weekday() < 5
    )
    return weekdays - closed
