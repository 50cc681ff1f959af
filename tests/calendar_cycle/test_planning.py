"""Planning occurrences from timing rules, without the database."""

from __future__ import annotations

import datetime as dt

import pytest

from calendar_cycle import planning
from calendar_cycle.planning import Facts, Horizon, MeetingDate, Trigger
from calendar_cycle.windows import Span
from protocols.timing import parse_rule

D = dt.date
FY26_27 = Horizon(2026, 2027)


def plan(rule: dict, facts: Facts = planning.NO_FACTS, horizon: Horizon = FY26_27):
    return planning.plan(parse_rule(rule), horizon, facts)


def test_horizon_around_a_day_is_its_financial_year_and_the_next():
    horizon = Horizon.around(D(2027, 3, 31))
    assert (horizon.first_fy, horizon.last_fy) == (2026, 2027)
    assert (horizon.start, horizon.end) == (D(2026, 4, 1), D(2028, 3, 31))


def test_a_horizon_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="cannot come before"):
        Horizon(2027, 2026)


def test_window_plans_one_occurrence_per_financial_year():
    assert plan({"kind": "window", "start_month": 10, "end_month": 1}) == {
        "2026": Span(opens=D(2026, 10, 1), due=D(2027, 1, 31)),
        "2027": Span(opens=D(2027, 10, 1), due=D(2028, 1, 31)),
    }


def test_deadline_plans_a_due_day_with_no_opening_day():
    assert plan({"kind": "deadline", "month": 2}) == {
        "2026": Span(due=D(2027, 2, 28)),
        "2027": Span(due=D(2028, 2, 29)),
    }


def test_fixed_month_plans_the_whole_month():
    assert plan({"kind": "fixed_month", "month": 9}) == {
        "2026": Span(opens=D(2026, 9, 1), due=D(2026, 9, 30)),
        "2027": Span(opens=D(2027, 9, 1), due=D(2027, 9, 30)),
    }


def test_quarterly_without_an_anchor_follows_the_financial_year_quarters():
    planned = plan({"kind": "frequency", "every": "quarterly"})
    assert list(planned) == [f"{fy}-Q{q}" for fy in (2026, 2027) for q in (1, 2, 3, 4)]
    assert planned["2026-Q4"] == Span(opens=D(2027, 1, 1), due=D(2027, 3, 31))


def test_six_monthly_without_an_anchor_follows_the_halves():
    assert plan({"kind": "frequency", "every": "six_monthly"}) == {
        "2026-H1": Span(opens=D(2026, 4, 1), due=D(2026, 9, 30)),
        "2026-H2": Span(opens=D(2026, 10, 1), due=D(2027, 3, 31)),
        "2027-H1": Span(opens=D(2027, 4, 1), due=D(2027, 9, 30)),
        "2027-H2": Span(opens=D(2027, 10, 1), due=D(2028, 3, 31)),
    }


def test_monthly_without_an_anchor_is_keyed_by_calendar_month():
    planned = plan({"kind": "frequency", "every": "monthly"})
    assert len(planned) == 24
    assert planned["2028-02"] == Span(opens=D(2028, 2, 1), due=D(2028, 2, 29))


def test_annually_without_an_anchor_spans_the_financial_year():
    assert plan({"kind": "frequency", "every": "annually"})["2026"] == Span(
        opens=D(2026, 4, 1), due=D(2027, 3, 31)
    )


def test_an_anchored_quarterly_cycle_counts_from_its_anchor():
    planned = plan({"kind": "frequency", "every": "quarterly", "anchor": "2026-05-15"})
    assert list(planned)[:2] == ["2026-05-15", "2026-08-15"]
    assert planned["2026-05-15"] == Span(opens=D(2026, 5, 15), due=D(2026, 8, 14))
    # The last period due by 31 March 2028 starts on 15 November 2027.
    assert list(planned)[-1] == "2027-11-15"


def test_a_two_yearly_cycle_falls_due_every_other_year():
    planned = plan({"kind": "frequency", "every": "two_yearly", "anchor": "2025-04-01"})
    assert planned == {"2025-04-01": Span(opens=D(2025, 4, 1), due=D(2027, 3, 31))}


def test_after_meeting_plans_one_occurrence_per_meeting_in_working_days():
    facts = Facts(
        meetings={
            7: [
                MeetingDate(D(2026, 10, 8), 1),
                MeetingDate(D(2026, 12, 17), 2),  # Christmas and Boxing Day substitute
            ],
            8: [MeetingDate(D(2026, 11, 1), 3)],
        }
    )
    rule = {"kind": "after_meeting", "board": 7, "within_days": 10, "working_days": True}
    assert plan(rule, facts) == {
        "meeting-1": Span(opens=D(2026, 10, 8), due=D(2026, 10, 22)),
        "meeting-2": Span(opens=D(2026, 12, 17), due=D(2027, 1, 5)),
    }


def test_after_meeting_in_calendar_days():
    facts = Facts(meetings={7: [MeetingDate(D(2027, 3, 25), 9)]})
    rule = {"kind": "after_meeting", "board": 7, "within_days": 14}
    assert plan(rule, facts) == {"meeting-9": Span(opens=D(2027, 3, 25), due=D(2027, 4, 8))}


def test_a_meeting_before_the_horizon_counts_when_its_occurrence_falls_due_inside_it():
    facts = Facts(meetings={7: [MeetingDate(D(2026, 3, 26), 4), MeetingDate(D(2026, 2, 1), 5)]})
    rule = {"kind": "after_meeting", "board": 7, "within_days": 10}
    assert plan(rule, facts) == {"meeting-4": Span(opens=D(2026, 3, 26), due=D(2026, 4, 5))}


def _relative(at="next_meeting", **extra):
    rule = {"kind": "relative", "after": {"event": "the BSCB endorses the report"}, "at": at}
    return rule | extra


def test_relative_falls_due_at_the_boards_next_meeting_after_the_trigger():
    facts = Facts(
        meetings={7: [MeetingDate(D(2026, 11, 2), 1), MeetingDate(D(2026, 12, 17), 2)]},
        triggers=[Trigger("event-5", D(2026, 11, 2))],
    )
    # A meeting on the day of the trigger has already happened: the next one after it.
    assert plan(_relative(board=7), facts) == {
        "event-5": Span(opens=D(2026, 11, 2), due=D(2026, 12, 17))
    }


def test_relative_waits_while_the_board_has_no_meeting_after_the_trigger():
    facts = Facts(
        meetings={7: [MeetingDate(D(2026, 10, 8), 1)]},
        triggers=[Trigger("event-5", D(2026, 11, 2))],
    )
    assert plan(_relative(board=7), facts) == {}


def test_relative_within_days_counts_from_the_trigger():
    facts = Facts(triggers=[Trigger("after-3", D(2026, 9, 24))])
    rule = _relative(at="within_days", within_days=20, working_days=True)
    assert plan(rule, facts) == {"after-3": Span(opens=D(2026, 9, 24), due=D(2026, 10, 22))}


def test_anniversary_of_signing_counts_from_the_last_signature():
    facts = Facts(signed_on=D(2016, 7, 13), in_force_from=D(2016, 9, 1))
    assert plan({"kind": "anniversary", "of": "signing"}, facts) == {
        "anniversary-2026": Span(due=D(2026, 7, 13)),
        "anniversary-2027": Span(due=D(2027, 7, 13)),
    }


def test_anniversary_of_signing_without_signatures_counts_from_coming_into_force():
    facts = Facts(in_force_from=D(2013, 4, 23))
    assert plan({"kind": "anniversary", "of": "signing", "every_years": 2}, facts) == {
        "anniversary-2027": Span(due=D(2027, 4, 23)),
    }


def test_anniversary_with_no_date_to_count_from_plans_nothing():
    assert plan({"kind": "anniversary", "of": "in_force"}) == {}


def test_nothing_falls_due_before_the_version_came_into_force():
    facts = Facts(in_force_from=D(2026, 12, 1))
    planned = plan({"kind": "fixed_month", "month": 9}, facts)
    assert list(planned) == ["2027"]


@pytest.mark.parametrize(
    "rule", [{"kind": "ad_hoc"}, {"kind": "external", "trigger": "any change in legislation"}]
)
def test_rules_recorded_by_hand_plan_nothing(rule):
    assert plan(rule) == {}


def test_first_of_plans_the_generated_parts_and_ignores_the_external_one():
    rule = {
        "kind": "first_of",
        "rules": [
            {"kind": "frequency", "every": "annually", "anchor": "2026-04-01"},
            {"kind": "external", "trigger": "any change in legislation"},
        ],
    }
    assert plan(rule) == {
        "2026-04-01": Span(opens=D(2026, 4, 1), due=D(2027, 3, 31)),
        "2027-04-01": Span(opens=D(2027, 4, 1), due=D(2028, 3, 31)),
    }


def test_first_of_keeps_the_sooner_of_two_parts_in_the_same_year():
    rule = {
        "kind": "first_of",
        "rules": [{"kind": "fixed_month", "month": 1}, {"kind": "deadline", "month": 11}],
    }
    assert plan(rule)["2026"] == Span(due=D(2026, 11, 30))


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (D(2026, 9, 30), "upcoming"),
        (D(2026, 10, 1), "open"),
        (D(2027, 1, 16), "open"),
        (D(2027, 1, 17), "due_soon"),  # 14 days before 31 January
        (D(2027, 1, 31), "due_soon"),
        (D(2027, 2, 1), "overdue"),
    ],
)
def test_state_of_a_window_on_each_day(day, state):
    window = Span(opens=D(2026, 10, 1), due=D(2027, 1, 31))
    assert planning.state_on(window, day) == state


@pytest.mark.parametrize(
    ("day", "state"),
    [(D(2026, 6, 15), "upcoming"), (D(2026, 6, 16), "due_soon"), (D(2026, 7, 1), "overdue")],
)
def test_state_of_a_deadline_on_each_day(day, state):
    assert planning.state_on(Span(due=D(2026, 6, 30)), day) == state


def test_due_soon_days_can_be_changed():
    deadline = Span(due=D(2026, 6, 30))
    assert planning.state_on(deadline, D(2026, 6, 1), due_soon_days=30) == "due_soon"
    assert planning.state_on(deadline, D(2026, 6, 1), due_soon_days=7) == "upcoming"
