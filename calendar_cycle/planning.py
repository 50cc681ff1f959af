"""Which occurrences a timing rule asks for in a horizon, and the state of each on a day.

Pure Python: the rule comes from ``protocols.timing`` and everything else it may need (a
board's meetings, the dates its trigger happened, the version's signing date) is passed
in as plain data, so ``calendar_cycle.generation`` can plan ninety thousand obligations
from a handful of queries.

Each planned occurrence has a period key, unique among one obligation's occurrences:

=====================  ==========================  ===========================================
rule                   key                         span
=====================  ==========================  ===========================================
window                 ``2026``                    1st of the start month to the end month's
                                                   last day, due in financial year 2026
deadline               ``2026``                    due on the day (no opening day)
fixed month            ``2026``                    the whole month
frequency, no anchor   ``2026-Q1`` / ``2026-H2``   the financial-year quarter or half, the
                       ``2026-05`` / ``2026``      calendar month, or the whole financial year
frequency, anchored    ``2026-04-01``              the period starting that day, due the day
                                                   before the next one starts
after a meeting        ``meeting-<id>``            from the meeting to N (working) days later
relative               ``after-<id>``, ``event-    from the trigger to the next meeting of the
                       <id>``                      board after it, or to N (working) days later
anniversary            ``anniversary-2027``        due on the anniversary (no opening day)
first of               the parts' keys             each part's; on a shared key the sooner due
external, ad hoc       none                        recorded by hand
=====================  ==========================  ===========================================
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from protocols import timing
from protocols.workdays import add_working_days

from . import windows
from .windows import Span

UPCOMING = "upcoming"
OPEN = "open"
DUE_SOON = "due_soon"
OVERDUE = "overdue"

DEFAULT_DUE_SOON_DAYS = 14
#: how far back the parts of a "first of" are planned: the longest cycle (two years) plus one
FIRST_OF_LOOKBACK_YEARS = 3

_MONTHS_BETWEEN = {
    "monthly": 1,
    "quarterly": 3,
    "six_monthly": 6,
    "annually": 12,
    "two_yearly": 24,
}


@dataclass(frozen=True)
class Horizon:
    """The financial years to plan, both included."""

    first_fy: int
    last_fy: int

    def __post_init__(self) -> None:
        if self.last_fy < self.first_fy:
            raise ValueError("A horizon's last financial year cannot come before its first.")

    @classmethod
    def around(cls, today: dt.date, years: int = 2) -> Horizon:
        """Return the current financial year and the ``years - 1`` after it."""
        fy = windows.financial_year_of(today)
        return cls(fy, fy + years - 1)

    # Asked for once per planned occurrence, so worked out once per horizon.
    @functools.cached_property
    def start(self) -> dt.date:
        return windows.financial_year_bounds(self.first_fy)[0]

    @functools.cached_property
    def end(self) -> dt.date:
        return windows.financial_year_bounds(self.last_fy)[1]

    @property
    def years(self) -> range:
        return windows.financial_years(self.first_fy, self.last_fy)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class MeetingDate:
    date: dt.date
    id: int


@dataclass(frozen=True)
class Trigger:
    """Something a relative rule follows happened: its key (``after-<id>``) and date."""

    key: str
    date: dt.date


@dataclass(frozen=True)
class Facts:
    """What a rule may need beyond the calendar.

    ``meetings`` maps a board id to its held and scheduled meetings, sorted by date.
    """

    meetings: Mapping[int, Sequence[MeetingDate]] = field(default_factory=dict)
    triggers: Sequence[Trigger] = ()
    signed_on: dt.date | None = None
    in_force_from: dt.date | None = None


NO_FACTS = Facts()

#: the period keys of occurrences that follow something that happened, not the calendar
EVENT_KEY_PREFIXES = ("meeting-", "after-", "event-")


def is_event_key(key: str) -> bool:
    """Return whether a period key belongs to an occurrence that follows an event."""
    return key.startswith(EVENT_KEY_PREFIXES)


def plan(rule: timing.TimingRule, horizon: Horizon, facts: Facts = NO_FACTS) -> dict[str, Span]:
    """Return the occurrences ``rule`` asks for, by period key, due within ``horizon``.

    Nothing falls due before the version came into force (``facts.in_force_from``): a
    protocol binds the boards from that day on.
    """
    planned = _plan(rule, horizon, facts)
    since = facts.in_force_from
    return {
        key: span
        for key, span in planned.items()
        if span.due in horizon and (since is None or span.due >= since)
    }


CALENDAR_RULES = (timing.Window, timing.Deadline, timing.FixedMonth, timing.Frequency)


def is_calendar_rule(rule: timing.TimingRule) -> bool:
    """Return whether ``calendar_plan`` can plan the rule: its dates follow the calendar."""
    return isinstance(rule, CALENDAR_RULES)


def needs_facts(rule: timing.TimingRule) -> bool:
    """Return whether the rule's dates depend on more than the calendar."""
    if isinstance(rule, timing.FirstOf):
        return any(needs_facts(r) for r in rule.rules)
    return isinstance(rule, timing.AfterMeeting | timing.Relative | timing.Anniversary)


def _plan(rule: timing.TimingRule, horizon: Horizon, facts: Facts) -> dict[str, Span]:
    match rule:
        case timing.AfterMeeting():
            return _after_meeting(rule, horizon, facts)
        case timing.Relative():
            return _relative(rule, facts)
        case timing.Anniversary():
            return _anniversary(rule, horizon, facts)
        case timing.FirstOf(rules=rules):
            # The parts are planned from further back, so that a shared period whose sooner
            # part fell due before the horizon is not taken over by a later part: a period
            # keeps one due day whichever horizon plans it.
            reach = Horizon(horizon.first_fy - FIRST_OF_LOOKBACK_YEARS, horizon.last_fy)
            merged: dict[str, Span] = {}
            for part in rules:
                for key, span in _plan(part, reach, facts).items():
                    if key not in merged or span.due < merged[key].due:
                        merged[key] = span
            return merged
        case timing.External() | timing.AdHoc():
            return {}
    return dict(calendar_plan(rule, horizon))


@functools.lru_cache(maxsize=4096)
def calendar_plan(rule: timing.TimingRule, horizon: Horizon) -> tuple[tuple[str, Span], ...]:
    """Return the periods of a rule that depends on the calendar alone.

    Cached: across the country a few dozen distinct rules cover every obligation.
    """
    match rule:
        case timing.Window(start_month=start, end_month=end):
            return tuple(
                (str(fy), windows.window_in_financial_year(fy, start, end)) for fy in horizon.years
            )
        case timing.Deadline(month=month, day=day):
            return tuple(
                (str(fy), windows.deadline_in_financial_year(fy, month, day))
                for fy in horizon.years
            )
        case timing.FixedMonth(month=month):
            return tuple(
                (str(fy), windows.month_in_financial_year(fy, month)) for fy in horizon.years
            )
        case timing.Frequency(every=every, anchor=None):
            return tuple(_financial_year_frequency(every, horizon))
        case timing.Frequency(every=every, anchor=anchor):
            return tuple(
                (span.opens.isoformat(), span)
                for _, span in windows.anchored_periods(
                    anchor, _MONTHS_BETWEEN[every], until=horizon.end
                )
                if span.due >= horizon.start
            )
    raise TypeError(f"Not a calendar rule: {rule!r}")


def _financial_year_frequency(every: str, horizon: Horizon):
    for fy in horizon.years:
        if every == "quarterly":
            for i, span in enumerate(windows.quarters(fy), start=1):
                yield f"{fy}-Q{i}", span
        elif every == "six_monthly":
            for i, span in enumerate(windows.halves(fy), start=1):
                yield f"{fy}-H{i}", span
        elif every == "monthly":
            for span in windows.months(fy):
                yield f"{span.opens:%Y-%m}", span
        elif every == "annually":
            yield str(fy), windows.whole_financial_year(fy)
        else:  # two_yearly always has an anchor (protocols.timing insists)
            raise ValueError(f"A {every} frequency needs an anchor date.")


@functools.lru_cache(maxsize=16384)
def days_after(day: dt.date, days: int, working_days: bool) -> dt.date:
    """Return the day ``days`` calendar or working days after ``day``.

    Cached: across the country many boards meet on the same days.
    """
    if working_days:
        return add_working_days(day, days)
    return day + dt.timedelta(days=days)


def _after_meeting(rule: timing.AfterMeeting, horizon: Horizon, facts: Facts) -> dict[str, Span]:
    result = {}
    for meeting in facts.meetings.get(rule.board, ()):
        if meeting.date > horizon.end:
            break
        due = days_after(meeting.date, rule.within_days, rule.working_days)
        result[f"meeting-{meeting.id}"] = Span(opens=meeting.date, due=due)
    return result


def next_meeting_after(meetings: Sequence[MeetingDate], day: dt.date) -> MeetingDate | None:
    """Return the first meeting strictly after ``day``, or None when none is known."""
    index = bisect.bisect_right([m.date for m in meetings], day)
    return meetings[index] if index < len(meetings) else None


def _relative(rule: timing.Relative, facts: Facts) -> dict[str, Span]:
    result = {}
    for trigger in facts.triggers:
        if rule.at == "next_meeting":
            meeting = next_meeting_after(facts.meetings.get(rule.board, ()), trigger.date)
            if meeting is None:  # planned again once the board schedules a meeting
                continue
            result[trigger.key] = Span(opens=trigger.date, due=meeting.date)
        else:
            due = days_after(trigger.date, rule.within_days, rule.working_days)
            result[trigger.key] = Span(opens=trigger.date, due=due)
    return result


def anniversary_base(rule: timing.Anniversary, facts: Facts) -> dt.date | None:
    """Return the date an anniversary counts from.

    A version brought into force without recorded signatures (an agreement signed on
    paper before the system) counts from the date it came into force.
    """
    if rule.of == "signing":
        return facts.signed_on or facts.in_force_from
    return facts.in_force_from


def _anniversary(rule: timing.Anniversary, horizon: Horizon, facts: Facts) -> dict[str, Span]:
    base = anniversary_base(rule, facts)
    if base is None:
        return {}
    return {
        f"anniversary-{day.year}": Span(due=day)
        for day in windows.anniversaries(base, rule.every_years, until=horizon.end)
        if day >= horizon.start
    }


def state_on(span: Span, today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> str:
    """Return the state of an outstanding occurrence on ``today``.

    Overdue after its due day; due soon within ``due_soon_days`` of it (the due day
    included); open from its opening day; upcoming before that. An occurrence with no
    opening day is upcoming until it is due soon.
    """
    if today > span.due:
        return OVERDUE
    if (span.due - today).days <= due_soon_days:
        return DUE_SOON
    if span.opens is not None and today >= span.opens:
        return OPEN
    return UPCOMING
