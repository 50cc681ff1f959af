"""Financial years, months and windows: the date arithmetic of the reporting cycle.

Pure Python, no database and no Django. The UK financial year runs from 1 April to
31 March and is named by the calendar year it starts in: financial year 2026 is 1 April
2026 to 31 March 2027.

A yearly duty is placed in the financial year in which it falls *due*, so each month
names exactly one date in each financial year: January in financial year 2026 is January
2027. A window that crosses 31 December (October to January) therefore opens in the
calendar year before it closes, and both ends lie in the same financial year; a window
such as February to May opens in one financial year and is due in the next.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

FIRST_MONTH = 4  # April
QUARTERS = 4
HALVES = 2


@dataclass(frozen=True, order=True)
class Span:
    """The days an occurrence can be met in: from ``opens`` (or no set start) to ``due``."""

    due: dt.date
    opens: dt.date | None = None

    def __post_init__(self) -> None:
        if self.opens is not None and self.opens > self.due:
            raise ValueError(f"A span cannot open ({self.opens}) after it is due ({self.due}).")

    def __contains__(self, day: dt.date) -> bool:
        start = self.opens or self.due
        return start <= day <= self.due


def financial_year_of(day: dt.date) -> int:
    """Return the financial year a date falls in: 2026 for April 2026 to March 2027."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_bounds(fy: int) -> tuple[dt.date, dt.date]:
    """Return the first and last days of a financial year: 1 April and 31 March."""
    return dt.date(fy, FIRST_MONTH, 1), dt.date(fy + 1, FIRST_MONTH - 1, 31)


def financial_year_label(fy: int) -> str:
    """Return a financial year as people write it: "2026/27"."""
    return f"{fy}/{(fy + 1) % 100:02d}"


def financial_years(first: int, last: int) -> range:
    """Return the financial years from ``first`` to ``last``, both included."""
    return range(first, last + 1)


def calendar_year_in(fy: int, month: int) -> int:
    """Return the calendar year in which ``month`` falls within financial year ``fy``."""
    _check_month(month)
    return fy if month >= FIRST_MONTH else fy + 1


def month_start(year: int, month: int) -> dt.date:
    _check_month(month)
    return dt.date(year, month, 1)


def month_end(year: int, month: int) -> dt.date:
    """Return the last day of a month, 29 February in a leap year."""
    _check_month(month)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    """Return the same day ``months`` later (or earlier), kept within shorter months.

    31 January plus one month is 28 February (29 in a leap year); 29 February plus twelve
    months is 28 February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    """Return the same day ``years`` later; 29 February becomes 28 February."""
    return add_months(day, 12 * years)


def month_in_financial_year(fy: int, month: int) -> Span:
    """Return the whole of ``month`` within financial year ``fy``: opens 1st, due last day."""
    year = calendar_year_in(fy, month)
    return Span(opens=month_start(year, month), due=month_end(year, month))


def deadline_in_financial_year(fy: int, month: int, day: int | None = None) -> Span:
    """Return the deadline ``day`` ``month`` (default the month's last day) in year ``fy``.

    A deadline has no opening day.
    """
    year = calendar_year_in(fy, month)
    end = month_end(year, month)
    if day is None:
        return Span(due=end)
    if not 1 <= day <= end.day:
        raise ValueError(f"{calendar.month_name[month]} {year} has no day {day}.")
    return Span(due=dt.date(year, month, day))


def window_in_financial_year(fy: int, start_month: int, end_month: int) -> Span:
    """Return the window from 1 ``start_month`` to the end of ``end_month`` due in ``fy``.

    Bromley's annual report (October to January) in 2026 opens on 1 October 2026 and is
    due on 31 January 2027. A start month after the end month crosses 31 December.
    """
    _check_month(start_month)
    due = month_end(calendar_year_in(fy, end_month), end_month)
    start_year = due.year if start_month <= end_month else due.year - 1
    return Span(opens=month_start(start_year, start_month), due=due)


def whole_financial_year(fy: int) -> Span:
    start, end = financial_year_bounds(fy)
    return Span(opens=start, due=end)


def quarters(fy: int) -> list[Span]:
    """Return the four quarters of a financial year: April–June, July–September, ..."""
    return _parts(fy, QUARTERS)


def halves(fy: int) -> list[Span]:
    """Return the two halves of a financial year: April–September and October–March."""
    return _parts(fy, HALVES)


def months(fy: int) -> list[Span]:
    """Return the twelve months of a financial year, April first."""
    return _parts(fy, 12)


def _parts(fy: int, count: int) -> list[Span]:
    length = 12 // count
    start = dt.date(fy, FIRST_MONTH, 1)
    result = []
    for i in range(count):
        opens = add_months(start, i * length)
        result.append(Span(opens=opens, due=add_months(start, (i + 1) * length) - _DAY))
    return result


def quarter_of(day: dt.date) -> int:
    """Return the financial-year quarter (1 to 4) of a date: April–June is quarter 1."""
    return (day.month - FIRST_MONTH) % 12 // 3 + 1


def half_of(day: dt.date) -> int:
    """Return the half (1 or 2) of the financial year a date falls in."""
    return (day.month - FIRST_MONTH) % 12 // 6 + 1


def anchored_periods(
    anchor: dt.date, every_months: int, *, until: dt.date
) -> Iterator[tuple[int, Span]]:
    """Yield numbered periods of ``every_months`` from ``anchor`` whose due day <= ``until``.

    Period ``n`` opens ``n * every_months`` months after the anchor and is due the day
    before the next one opens. Each start is counted from the anchor, not from the last
    start, so a cycle anchored on the 31st does not drift to the 28th for good.
    """
    if every_months < 1:
        raise ValueError("A period must be at least one month long.")
    n = 0
    while True:
        opens = add_months(anchor, n * every_months)
        due = add_months(anchor, (n + 1) * every_months) - _DAY
        if due > until:
            return
        yield n, Span(opens=opens, due=due)
        n += 1


def anniversaries(base: dt.date, every_years: int, *, until: dt.date) -> Iterator[dt.date]:
    """Yield the anniversaries of ``base`` every ``every_years`` years, up to ``until``.

    The base date itself is not an anniversary. An anniversary of 29 February falls on
    28 February in years that have no 29 February.
    """
    if every_years < 1:
        raise ValueError("Anniversaries must be at least one year apart.")
    n = 1
    while (day := add_years(base, n * every_years)) <= until:
        yield day
        n += 1


def overlaps(span: Span, start: dt.date, end: dt.date) -> bool:
    """Return whether any day of ``span`` lies between ``start`` and ``end`` inclusive."""
    return (span.opens or span.due) <= end and span.due >= start


_DAY = dt.timedelta(days=1)


def _check_month(month: int) -> None:
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ValueError(f"A month is a whole number from 1 to 12, not {month!r}.")
