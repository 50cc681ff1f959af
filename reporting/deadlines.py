"""The two deadlines before a meeting: for the report, and for publishing the agenda.

- The report-management deadline: final reports reach democratic services by a set time
  a set number of working days before the meeting (by default 10:00, seven working days
  before).
- The agenda, with its reports, is published at least five clear working days before the
  meeting (section 100B of the Local Government Act 1972). A clear day excludes both the
  day of publication and the day of the meeting, so the last day to publish is the sixth
  working day before the meeting.

Working days are England's (``protocols.workdays``: Monday to Friday, less bank holidays
and their substitute days). Pure Python: no database, no Django; callers pass the numbers
from settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from protocols.workdays import is_working_day, working_days_between

LONDON = ZoneInfo("Europe/London")
DEFAULT_REPORT_WORKING_DAYS = 7
DEFAULT_REPORT_TIME = dt.time(10, 0)
DEFAULT_CLEAR_WORKING_DAYS = 5


def _check_date(value: object) -> None:
    # A datetime is a date, but never equal to one, so it would slip past the holidays.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"Expected a date, got {type(value).__name__}.")


def _check_count(n: object) -> None:
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"Expected a whole number of days, got {type(n).__name__}.")
    if n < 0:
        raise ValueError("The number of working days must be 0 or more.")


def subtract_working_days(d: dt.date, n: int) -> dt.date:
    """Return the date ``n`` working days before ``d`` (``d`` itself is not counted).

    With ``n`` = 0, return ``d`` if it is a working day, else the working day before it.

    Raises:
        ValueError: ``n`` is negative.
        TypeError: ``d`` is not a date or ``n`` is not a whole number.
    """
    _check_date(d)
    _check_count(n)
    day = d
    if n == 0:
        while not is_working_day(day):
            day -= dt.timedelta(days=1)
        return day
    remaining = n
    while remaining:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def clear_working_days(published_on: dt.date, meeting_on: dt.date) -> int:
    """Return the working days strictly between publication and the meeting.

    Neither the day of publication nor the day of the meeting counts. A publication on or
    after the meeting day leaves no clear days (0).
    """
    _check_date(published_on)
    _check_date(meeting_on)
    if published_on >= meeting_on:
        return 0
    days = working_days_between(published_on, meeting_on)
    return days - (1 if is_working_day(meeting_on) else 0)


def report_deadline(
    meeting_on: dt.date,
    *,
    working_days: int = DEFAULT_REPORT_WORKING_DAYS,
    at: dt.time = DEFAULT_REPORT_TIME,
) -> dt.datetime:
    """Return the moment (London time) final reports are due for a meeting on ``meeting_on``.

    Raises:
        ValueError: ``working_days`` is negative.
        TypeError: ``meeting_on`` is not a date.
    """
    day = subtract_working_days(meeting_on, working_days)
    return dt.datetime.combine(day, at, tzinfo=LONDON)


def agenda_deadline(
    meeting_on: dt.date, *, clear_days: int = DEFAULT_CLEAR_WORKING_DAYS
) -> dt.date:
    """Return the last working day on which the agenda can be published with ``clear_days``
    clear working days before a meeting on ``meeting_on``.

    Raises:
        ValueError: ``clear_days`` is negative.
        TypeError: ``meeting_on`` is not a date.
    """
    _check_count(clear_days)
    return subtract_working_days(meeting_on, clear_days + 1)


@dataclass(frozen=True)
class MeetingDeadlines:
    """The deadlines for one meeting, and the rules that gave them."""

    meeting_on: dt.date
    report_due: dt.datetime
    agenda_due: dt.date
    clear_days: int

    def report_missed(self, *, submitted_at: dt.datetime | None, now: dt.datetime) -> bool:
        """Whether the report reached clearance after its deadline (or has not, and it passed).

        Raises:
            ValueError: a time without a time zone.
        """
        moment = submitted_at or now
        if moment.tzinfo is None:
            raise ValueError("Compare deadlines with times that carry a time zone.")
        return moment > self.report_due

    def agenda_missed(self, *, published_on: dt.date | None, today: dt.date) -> bool:
        """Whether publication left fewer clear working days than required (or, not yet
        published, whether publishing today would)."""
        return clear_working_days(published_on or today, self.meeting_on) < self.clear_days


def deadlines_for(
    meeting_on: dt.date,
    *,
    report_working_days: int = DEFAULT_REPORT_WORKING_DAYS,
    report_time: dt.time = DEFAULT_REPORT_TIME,
    clear_days: int = DEFAULT_CLEAR_WORKING_DAYS,
) -> MeetingDeadlines:
    """Return both deadlines for a meeting on ``meeting_on``.

    Raises:
        ValueError: a negative number of days.
        TypeError: ``meeting_on`` is not a date.
    """
    return MeetingDeadlines(
        meeting_on=meeting_on,
        report_due=report_deadline(meeting_on, working_days=report_working_days, at=report_time),
        agenda_due=agenda_deadline(meeting_on, clear_days=clear_days),
        clear_days=clear_days,
    )
