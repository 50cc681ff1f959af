"""Properties of occurrence planning (``calendar_cycle.planning``) over any valid rule.

``tests/calendar_cycle/test_windows.py`` holds the properties of the window arithmetic
(every day in its financial year, every window due in its year and under a year long,
the parts of a year without gaps); ``tests/protocols/test_timing.py`` those of the rules
themselves (round trips, descriptions, any input a rule or an error); and
``tests/protocols/test_canonical.py`` those of the canonical serialisation (key order
ignored, any changed value or key changes the hash, list order kept). What was missing is
planning: whatever the rule, the meetings, the triggers and the dates of signing and
coming into force, every occurrence falls due inside the horizon and not before the
version came into force, never opens after it is due, and each period is planned once,
with the same key and dates whichever horizon it is planned in.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from calendar_cycle import planning
from calendar_cycle.windows import financial_year_bounds
from protocols import timing
from tests.protocols.test_timing import valid_rules

PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

first_years = st.integers(min_value=2015, max_value=2045)
days = st.dates(dt.date(2013, 1, 1), dt.date(2050, 12, 31))


@st.composite
def facts_for(draw, rule: timing.TimingRule) -> planning.Facts:
    """Draw meetings for every board the rule names, triggers, and the version's dates."""
    meetings = {}
    ids = iter(range(1, 10_000))
    for board in sorted(timing.referenced_boards(rule)):
        dates = sorted(draw(st.lists(days, max_size=12, unique=True)))
        meetings[board] = [planning.MeetingDate(date=d, id=next(ids)) for d in dates]
    triggers = [
        planning.Trigger(key=f"after-{n}", date=d)
        for n, d in enumerate(draw(st.lists(days, max_size=5)), start=1)
    ]
    return planning.Facts(
        meetings=meetings,
        triggers=triggers,
        signed_on=draw(st.none() | days),
        in_force_from=draw(st.none() | days),
    )


@st.composite
def cases(draw):
    rule = timing.parse_rule(draw(valid_rules))
    first = draw(first_years)
    horizon = planning.Horizon(first, first + draw(st.integers(0, 3)))
    return rule, horizon, draw(facts_for(rule))


@PROPERTY
@given(cases())
def test_every_occurrence_falls_due_inside_the_horizon_and_opens_before_it_is_due(case):
    rule, horizon, facts = case
    for key, span in planning.plan(rule, horizon, facts).items():
        assert horizon.start <= span.due <= horizon.end, key
        assert span.opens is None or span.opens <= span.due, key
        assert facts.in_force_from is None or span.due >= facts.in_force_from, key


#: two cycles from one anchor share their first period's key, due two years apart
SHARED_ANCHOR = timing.parse_rule(
    {
        "kind": "first_of",
        "rules": [
            {"kind": "frequency", "every": "quarterly", "anchor": "2026-04-01"},
            {"kind": "frequency", "every": "two_yearly", "anchor": "2026-04-01"},
        ],
    }
)
#: anniversaries of signing (March) and of coming into force (May) share a calendar year
SHARED_YEAR = (
    timing.parse_rule(
        {
            "kind": "first_of",
            "rules": [
                {"kind": "anniversary", "of": "signing", "every_years": 1},
                {"kind": "anniversary", "of": "in_force", "every_years": 1},
            ],
        }
    ),
    planning.Facts(signed_on=dt.date(2025, 3, 1), in_force_from=dt.date(2025, 5, 1)),
)


@PROPERTY
@given(cases())
@example((SHARED_ANCHOR, planning.Horizon(2026, 2027), planning.NO_FACTS))
@example((SHARED_YEAR[0], planning.Horizon(2026, 2027), SHARED_YEAR[1]))
def test_each_period_is_planned_once_with_the_same_dates_in_every_horizon(case):
    rule, horizon, facts = case
    whole = planning.plan(rule, horizon, facts)
    seen: dict[str, int] = {}
    for fy in horizon.years:
        year = planning.plan(rule, planning.Horizon(fy, fy), facts)
        start, end = financial_year_bounds(fy)
        for key, span in year.items():
            assert key not in seen, f"{key} is planned in {seen.get(key)} and again in {fy}"
            seen[key] = fy
            assert start <= span.due <= end
            assert whole.get(key) == span, key
    assert set(seen) == set(whole)


@PROPERTY
@given(cases(), st.integers(1, 3))
def test_a_longer_horizon_only_adds_occurrences(case, more):
    rule, horizon, facts = case
    longer = planning.Horizon(horizon.first_fy, horizon.last_fy + more)
    planned = planning.plan(rule, horizon, facts)
    later = planning.plan(rule, longer, facts)
    assert {key: later[key] for key in planned} == planned


@PROPERTY
@given(cases(), days)
def test_every_occurrence_has_exactly_one_state_on_any_day(case, today):
    rule, horizon, facts = case
    for span in planning.plan(rule, horizon, facts).values():
        state = planning.state_on(span, today)
        assert state in (planning.UPCOMING, planning.OPEN, planning.DUE_SOON, planning.OVERDUE)
        assert (state == planning.OVERDUE) == (today > span.due)
