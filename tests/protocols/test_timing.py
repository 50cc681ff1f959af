"""Timing rules: every timing in the seed protocols, every refusal, and round trips."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boards.exceptions import DomainError
from protocols.timing import (
    KINDS,
    AdHoc,
    AfterMeeting,
    Anniversary,
    Deadline,
    External,
    FirstOf,
    FixedMonth,
    Frequency,
    Relative,
    TimingRuleError,
    Window,
    describe,
    format_date,
    parse_rule,
    referenced_boards,
    referenced_obligations,
    rule_to_dict,
    validate,
)

BOARDS = {1: "H&WB", 2: "BSCB", 3: "BHWB", 4: "HWBB", 5: "the Children's Partnership Board"}
OBLIGATIONS = {
    "bolton-annual-report": "BSCB presents its annual report",
    "hwb-strategy-review": "H&WB reviews its strategy",
}


def say(data: dict) -> str:
    return describe(
        parse_rule(data), board_name=BOARDS.__getitem__, obligation_label=OBLIGATIONS.__getitem__
    )


def refusal(data) -> TimingRuleError:
    with pytest.raises(TimingRuleError) as caught:
        parse_rule(data)
    return caught.value


# Every timing in DOMAIN.md's obligations table ---------------------------------------

SEED_TIMINGS = [
    pytest.param(
        {"kind": "window", "start_month": 10, "end_month": 1},
        "each year between 1 October and 31 January",
        id="bromley-annual-report-october-to-january",
    ),
    pytest.param(
        {"kind": "window", "start_month": 10, "end_month": 3},
        "each year between 1 October and 31 March",
        id="bromley-strategy-review-october-to-march",
    ),
    pytest.param(
        {"kind": "frequency", "every": "annually"},
        "each financial year",
        id="bromley-jsna-shared-annually",
    ),
    pytest.param(
        {"kind": "fixed_month", "month": 9},
        "in September each year",
        id="bolton-annual-report-september",
    ),
    pytest.param(
        {"kind": "frequency", "every": "annually", "anchor": "2026-04-01"},
        "annually from 1 April 2026",
        id="bolton-annual-summary-of-health",
    ),
    pytest.param(
        {"kind": "deadline", "month": 6, "day": None},
        "by 30 June each year",
        id="bolton-business-plan-by-june",
    ),
    pytest.param(
        {"kind": "frequency", "every": "quarterly"},
        "each financial-year quarter",
        id="quarterly-officers-meetings",
    ),
    pytest.param(
        {"kind": "frequency", "every": "quarterly", "anchor": "2026-04-01"},
        "every quarter from 1 April 2026",
        id="quarterly-from-an-anchor",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": 10, "working_days": True},
        "within 10 working days after every meeting of the HWBB",
        id="minutes-after-every-meeting",
    ),
    pytest.param(
        {
            "kind": "relative",
            "after": {"event": "the BSCB endorses a serious case review overview report"},
            "at": "next_meeting",
            "board": 1,
        },
        "at the next available meeting of the H&WB after the BSCB endorses a serious case "
        "review overview report",
        id="bolton-serious-case-review-learning",
    ),
    pytest.param(
        {
            "kind": "relative",
            "after": {"obligation": "bolton-annual-report"},
            "at": "within_days",
            "within_days": 20,
            "working_days": True,
        },
        "within 20 working days after “BSCB presents its annual report”",
        id="bolton-formal-response-to-annual-report",
    ),
    pytest.param(
        {
            "kind": "relative",
            "after": {"obligation": "bolton-annual-report"},
            "at": "next_meeting",
            "board": 3,
        },
        "at the next available meeting of the BHWB after “BSCB presents its annual report”",
        id="formal-response-at-next-meeting",
    ),
    pytest.param(
        {"kind": "external", "trigger": "each review of the Health and Wellbeing Strategy"},
        "on each review of the Health and Wellbeing Strategy (recorded by hand)",
        id="progress-report-at-each-strategy-review",
    ),
    pytest.param(
        {"kind": "frequency", "every": "six_monthly", "anchor": "2026-04-01"},
        "every six months from 1 April 2026",
        id="islington-six-monthly-scrutiny-reports",
    ),
    pytest.param(
        {"kind": "anniversary", "of": "signing", "every_years": 1},
        "each year from the date of signing",
        id="protocol-reviewed-yearly-from-signing",
    ),
    pytest.param(
        {"kind": "anniversary", "of": "in_force", "every_years": 1},
        "each year from the date it came into force",
        id="protocol-reviewed-yearly-from-coming-into-force",
    ),
    pytest.param(
        {"kind": "external", "trigger": "any change in legislation"},
        "on any change in legislation (recorded by hand)",
        id="change-in-legislation",
    ),
    pytest.param(
        {
            "kind": "first_of",
            "rules": [
                {"kind": "frequency", "every": "annually", "anchor": "2026-04-01"},
                {"kind": "external", "trigger": "any change in legislation"},
            ],
        },
        "annually from 1 April 2026 or on any change in legislation, whichever is sooner",
        id="annually-or-on-legislation-whichever-sooner",
    ),
    pytest.param({"kind": "ad_hoc"}, "as and when needed", id="as-needed"),
]


@pytest.mark.parametrize(("data", "sentence"), SEED_TIMINGS)
def test_every_seed_timing_is_expressed_and_described(data, sentence):
    assert say(data) == sentence


@pytest.mark.parametrize(("data", "sentence"), SEED_TIMINGS)
def test_every_seed_timing_survives_json_and_back(data, sentence):
    stored = json.loads(json.dumps(validate(data)))
    assert parse_rule(stored) == parse_rule(data)
    assert say(stored) == sentence


# Other descriptions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (
            {"kind": "window", "start_month": 4, "end_month": 9},
            "each year between 1 April and 30 September",
        ),
        (
            {"kind": "window", "start_month": 12, "end_month": 2},
            "each year between 1 December and the end of February",
        ),
        ({"kind": "deadline", "month": 2}, "by the end of February each year"),
        ({"kind": "deadline", "month": 3, "day": 31}, "by 31 March each year"),
        ({"kind": "deadline", "month": 7, "day": 1}, "by 1 July each year"),
        ({"kind": "frequency", "every": "monthly"}, "every calendar month"),
        ({"kind": "frequency", "every": "six_monthly"}, "each half of the financial year"),
        (
            {"kind": "frequency", "every": "monthly", "anchor": "2027-01-15"},
            "every month from 15 January 2027",
        ),
        (
            {"kind": "frequency", "every": "two_yearly", "anchor": "2026-04-01"},
            "every two years from 1 April 2026",
        ),
        (
            {"kind": "after_meeting", "board": 2, "within_days": 1, "working_days": True},
            "within 1 working day after every meeting of the BSCB",
        ),
        (
            {"kind": "after_meeting", "board": 2, "within_days": 1},
            "within 1 day after every meeting of the BSCB",
        ),
        (
            {"kind": "after_meeting", "board": 2, "within_days": 14, "working_days": False},
            "within 14 days after every meeting of the BSCB",
        ),
        (
            {"kind": "after_meeting", "board": 5, "within_days": 5},
            "within 5 days after every meeting of the Children's Partnership Board",
        ),
        (
            {
                "kind": "relative",
                "after": {"event": "an Ofsted inspection report is published"},
                "at": "within_days",
                "within_days": 30,
            },
            "within 30 days after an Ofsted inspection report is published",
        ),
        ({"kind": "anniversary", "of": "signing"}, "each year from the date of signing"),
        (
            {"kind": "anniversary", "of": "in_force", "every_years": 3},
            "every 3 years from the date it came into force",
        ),
        (
            {
                "kind": "first_of",
                "rules": [
                    {"kind": "anniversary", "of": "signing"},
                    {
                        "kind": "relative",
                        "after": {"obligation": "hwb-strategy-review"},
                        "at": "next_meeting",
                        "board": 2,
                    },
                    {"kind": "external", "trigger": "any change in legislation"},
                ],
            },
            "each year from the date of signing, at the next available meeting of the BSCB "
            "after “H&WB reviews its strategy” or on any change in legislation, whichever is "
            "sooner",
        ),
    ],
)
def test_describe_speaks_plain_british_english(data, sentence):
    assert say(data) == sentence


def test_describe_without_resolvers_names_boards_and_obligations_by_their_ids():
    relative = parse_rule(
        {"kind": "relative", "after": {"obligation": "abc-1"}, "at": "next_meeting", "board": 9}
    )
    assert describe(relative) == "at the next available meeting of the board 9 after “abc-1”"


def test_format_date_is_british_without_a_leading_zero():
    assert format_date(dt.date(2026, 4, 1)) == "1 April 2026"
    assert format_date(dt.date(2027, 12, 25)) == "25 December 2027"


# Normalising -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "normalised"),
    [
        (
            {"kind": "deadline", "month": 6},
            {"kind": "deadline", "month": 6, "day": None},
        ),
        (
            {"kind": "frequency", "every": "quarterly"},
            {"kind": "frequency", "every": "quarterly", "anchor": None},
        ),
        (
            {"working_days": True, "within_days": 10, "board": 4, "kind": "after_meeting"},
            {"kind": "after_meeting", "board": 4, "within_days": 10, "working_days": True},
        ),
        (
            {"kind": "after_meeting", "board": 4, "within_days": 10},
            {"kind": "after_meeting", "board": 4, "within_days": 10, "working_days": False},
        ),
        (
            {"kind": "relative", "after": {"event": "x happens"}, "at": "next_meeting", "board": 1},
            {
                "kind": "relative",
                "after": {"event": "x happens"},
                "at": "next_meeting",
                "board": 1,
                "within_days": None,
                "working_days": False,
            },
        ),
        (
            {
                "kind": "relative",
                "after": {"obligation": "  bolton-annual-report "},
                "at": "within_days",
                "within_days": 5,
                "board": None,
            },
            {
                "kind": "relative",
                "after": {"obligation": "bolton-annual-report"},
                "at": "within_days",
                "board": None,
                "within_days": 5,
                "working_days": False,
            },
        ),
        (
            {"kind": "anniversary", "of": "signing"},
            {"kind": "anniversary", "of": "signing", "every_years": 1},
        ),
        (
            {"kind": "external", "trigger": "  On  any change\nin legislation. "},
            {"kind": "external", "trigger": "any change in legislation"},
        ),
        (
            {"kind": "external", "trigger": "on on a new Working Together"},
            {"kind": "external", "trigger": "a new Working Together"},
        ),
        (
            {
                "kind": "relative",
                "after": {"event": "After the BSCB endorses the report."},
                "at": "next_meeting",
                "board": 1,
            },
            {
                "kind": "relative",
                "after": {"event": "the BSCB endorses the report"},
                "at": "next_meeting",
                "board": 1,
                "within_days": None,
                "working_days": False,
            },
        ),
    ],
)
def test_validate_returns_every_key_in_a_stable_order_with_text_tidied(data, normalised):
    result = validate(data)
    assert result == normalised
    assert list(result) == list(normalised)


def test_parse_rule_builds_the_dataclass_of_each_kind():
    assert parse_rule({"kind": "window", "start_month": 10, "end_month": 1}) == Window(10, 1)
    assert parse_rule({"kind": "deadline", "month": 6}) == Deadline(6, None)
    assert parse_rule({"kind": "fixed_month", "month": 9}) == FixedMonth(9)
    assert parse_rule(
        {"kind": "frequency", "every": "quarterly", "anchor": "2026-04-01"}
    ) == Frequency("quarterly", dt.date(2026, 4, 1))
    assert parse_rule({"kind": "after_meeting", "board": 4, "within_days": 10}) == AfterMeeting(
        4, 10, False
    )
    assert parse_rule(
        {"kind": "relative", "after": {"event": "e"}, "at": "within_days", "within_days": 3}
    ) == Relative(None, "e", "within_days", None, 3, False)
    assert parse_rule({"kind": "anniversary", "of": "in_force"}) == Anniversary("in_force", 1)
    assert parse_rule({"kind": "external", "trigger": "t"}) == External("t")
    assert parse_rule({"kind": "ad_hoc"}) == AdHoc()
    assert parse_rule(
        {
            "kind": "first_of",
            "rules": [{"kind": "fixed_month", "month": 9}, {"kind": "external", "trigger": "t"}],
        }
    ) == FirstOf((FixedMonth(9), External("t")))


@pytest.mark.parametrize(
    ("start", "end", "months", "crosses"),
    [
        (10, 1, (10, 11, 12, 1), True),
        (10, 3, (10, 11, 12, 1, 2, 3), True),
        (4, 9, (4, 5, 6, 7, 8, 9), False),
        (12, 11, (12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), True),
    ],
)
def test_window_lists_its_months_across_the_year_end(start, end, months, crosses):
    window = parse_rule({"kind": "window", "start_month": start, "end_month": end})
    assert window.months == months
    assert window.crosses_year_end is crosses


# References --------------------------------------------------------------------------


def test_references_collect_boards_and_obligations_through_first_of():
    rule = parse_rule(
        {
            "kind": "first_of",
            "rules": [
                {"kind": "after_meeting", "board": 4, "within_days": 10},
                {
                    "kind": "relative",
                    "after": {"obligation": "a"},
                    "at": "next_meeting",
                    "board": 2,
                },
                {
                    "kind": "relative",
                    "after": {"obligation": "b"},
                    "at": "within_days",
                    "within_days": 5,
                },
                {
                    "kind": "relative",
                    "after": {"event": "c"},
                    "at": "within_days",
                    "within_days": 5,
                },
            ],
        }
    )
    assert referenced_boards(rule) == {4, 2}
    assert referenced_obligations(rule) == {"a", "b"}


@pytest.mark.parametrize(("data", "sentence"), SEED_TIMINGS)
def test_references_of_seed_timings_are_only_the_named_boards_and_obligations(data, sentence):
    rule = parse_rule(data)
    text = json.dumps(data)
    assert referenced_boards(rule) == ({data["board"]} if '"board"' in text else set())
    expected_obligations = {data["after"]["obligation"]} if '"obligation"' in text else set()
    assert referenced_obligations(rule) == expected_obligations


# Refusals ----------------------------------------------------------------------------

MONTH_RANGE = "must be a whole number from 1 (January) to 12 (December)."
KIND_LIST = (
    "window, deadline, fixed_month, frequency, after_meeting, relative, anniversary, "
    "external, first_of or ad_hoc"
)
BI_ANNUAL = (
    "“Bi-annual” can mean twice a year or every two years: choose six_monthly (twice a year) "
    "or two_yearly (every two years)."
)
EVENT = {"event": "the BSCB endorses a serious case review overview report"}

REFUSALS = [
    # The rule as a whole
    pytest.param(
        None,
        None,
        'A timing rule must be an object with a “kind”, such as {"kind": "ad_hoc"}.',
        id="none",
    ),
    pytest.param(
        [{"kind": "ad_hoc"}],
        None,
        'A timing rule must be an object with a “kind”, such as {"kind": "ad_hoc"}.',
        id="list",
    ),
    pytest.param(
        "ad_hoc",
        None,
        'A timing rule must be an object with a “kind”, such as {"kind": "ad_hoc"}.',
        id="string",
    ),
    pytest.param({}, "kind", "Choose a kind of timing.", id="no-kind"),
    pytest.param(
        {"kind": "weekly"},
        "kind",
        f"“weekly” is not a kind of timing: use one of {KIND_LIST}.",
        id="unknown-kind",
    ),
    pytest.param(
        {"kind": "x" * 50},
        "kind",
        f"“{'x' * 39}…” is not a kind of timing: use one of {KIND_LIST}.",
        id="long-unknown-kind-is-shortened",
    ),
    pytest.param(
        {"kind": 5},
        "kind",
        f"“5” is not a kind of timing: use one of {KIND_LIST}.",
        id="kind-not-text",
    ),
    pytest.param(
        {"kind": "ad_hoc", "when": "soon"},
        "when",
        "An “as and when needed” timing has no “when”: remove it (it takes kind).",
        id="ad-hoc-extra-key",
    ),
    pytest.param(
        {"kind": "window", "start_moth": 10, "end_month": 1},
        "start_moth",
        "A window timing has no “start_moth”: remove it (it takes kind, start_month and "
        "end_month).",
        id="misspelt-key",
    ),
    # window
    pytest.param(
        {"kind": "window", "end_month": 1},
        "start_month",
        "Choose the month the window opens.",
        id="window-no-start",
    ),
    pytest.param(
        {"kind": "window", "start_month": 10},
        "end_month",
        "Choose the month the window closes.",
        id="window-no-end",
    ),
    pytest.param(
        {"kind": "window", "start_month": 0, "end_month": 1},
        "start_month",
        f"The month the window opens {MONTH_RANGE}",
        id="window-month-0",
    ),
    pytest.param(
        {"kind": "window", "start_month": 10, "end_month": 13},
        "end_month",
        f"The month the window closes {MONTH_RANGE}",
        id="window-month-13",
    ),
    pytest.param(
        {"kind": "window", "start_month": "10", "end_month": 1},
        "start_month",
        f"The month the window opens {MONTH_RANGE}",
        id="window-month-as-text",
    ),
    pytest.param(
        {"kind": "window", "start_month": 10.0, "end_month": 1},
        "start_month",
        f"The month the window opens {MONTH_RANGE}",
        id="window-month-as-float",
    ),
    pytest.param(
        {"kind": "window", "start_month": True, "end_month": 1},
        "start_month",
        f"The month the window opens {MONTH_RANGE}",
        id="window-month-as-bool",
    ),
    pytest.param(
        {"kind": "window", "start_month": 9, "end_month": 9},
        "end_month",
        "A window must open and close in different months: for a single month, use a fixed "
        "month (“in September each year”).",
        id="window-equal-months",
    ),
    # deadline
    pytest.param(
        {"kind": "deadline"}, "month", "Choose the deadline month.", id="deadline-no-month"
    ),
    pytest.param(
        {"kind": "deadline", "month": 13},
        "month",
        f"The deadline month {MONTH_RANGE}",
        id="deadline-month-13",
    ),
    pytest.param(
        {"kind": "deadline", "month": 6, "day": 31},
        "day",
        "June has no day 31: choose a day from 1 to 30, or leave the day blank for the last day "
        "of the month.",
        id="deadline-31-june",
    ),
    pytest.param(
        {"kind": "deadline", "month": 2, "day": 30},
        "day",
        "February has no day 30: choose a day from 1 to 28, or leave the day blank for the last "
        "day of the month.",
        id="deadline-30-february",
    ),
    pytest.param(
        {"kind": "deadline", "month": 2, "day": 29},
        "day",
        "29 February is only in leap years, so it cannot be a deadline each year: choose 28 "
        "February, or leave the day blank for the end of February.",
        id="deadline-29-february",
    ),
    pytest.param(
        {"kind": "deadline", "month": 6, "day": 0},
        "day",
        "The deadline day must be a whole number from 1 to 30, or blank for the last day of the "
        "month.",
        id="deadline-day-0",
    ),
    pytest.param(
        {"kind": "deadline", "month": 1, "day": 32},
        "day",
        "The deadline day must be a whole number from 1 to 31, or blank for the last day of the "
        "month.",
        id="deadline-day-32",
    ),
    pytest.param(
        {"kind": "deadline", "month": 6, "day": "15"},
        "day",
        "The deadline day must be a whole number from 1 to 30, or blank for the last day of the "
        "month.",
        id="deadline-day-as-text",
    ),
    # fixed month
    pytest.param({"kind": "fixed_month"}, "month", "Choose the month.", id="fixed-no-month"),
    pytest.param(
        {"kind": "fixed_month", "month": 0}, "month", f"The month {MONTH_RANGE}", id="fixed-month-0"
    ),
    # frequency
    pytest.param(
        {"kind": "frequency"},
        "every",
        "Choose how often it falls due.",
        id="frequency-no-every",
    ),
    pytest.param({"kind": "frequency", "every": "bi-annual"}, "every", BI_ANNUAL, id="bi-annual"),
    pytest.param({"kind": "frequency", "every": "biannual"}, "every", BI_ANNUAL, id="biannual"),
    pytest.param(
        {"kind": "frequency", "every": "Bi-Annually"}, "every", BI_ANNUAL, id="bi-annually"
    ),
    pytest.param(
        {"kind": "frequency", "every": "bi annual"}, "every", BI_ANNUAL, id="bi-space-annual"
    ),
    pytest.param({"kind": "frequency", "every": "bi-yearly"}, "every", BI_ANNUAL, id="bi-yearly"),
    pytest.param(
        {"kind": "frequency", "every": "weekly"},
        "every",
        "“weekly” is not a frequency this timing supports: use monthly, quarterly, six_monthly, "
        "annually or two_yearly.",
        id="weekly",
    ),
    pytest.param(
        {"kind": "frequency", "every": "six-monthly"},
        "every",
        "“six-monthly” is not a frequency this timing supports: use monthly, quarterly, "
        "six_monthly, annually or two_yearly.",
        id="six-monthly-hyphen",
    ),
    pytest.param(
        {"kind": "frequency", "every": "quarterly", "anchor": "01/04/2026"},
        "anchor",
        "The start date must be a real date written as YYYY-MM-DD, for example 2026-04-01.",
        id="anchor-british-format",
    ),
    pytest.param(
        {"kind": "frequency", "every": "quarterly", "anchor": "2026-02-30"},
        "anchor",
        "The start date must be a real date written as YYYY-MM-DD, for example 2026-04-01.",
        id="anchor-not-a-date",
    ),
    pytest.param(
        {"kind": "frequency", "every": "quarterly", "anchor": 20260401},
        "anchor",
        "The start date must be a real date written as YYYY-MM-DD, for example 2026-04-01.",
        id="anchor-as-number",
    ),
    pytest.param(
        {"kind": "frequency", "every": "quarterly", "anchor": "2026-04-01T00:00"},
        "anchor",
        "The start date must be a real date written as YYYY-MM-DD, for example 2026-04-01.",
        id="anchor-with-time",
    ),
    pytest.param(
        {"kind": "frequency", "every": "two_yearly"},
        "anchor",
        "Enter the date the two-yearly cycle starts from, so it is clear which years it falls in.",
        id="two-yearly-no-anchor",
    ),
    pytest.param(
        {"kind": "frequency", "every": "annually", "anchor": "2028-02-29"},
        "anchor",
        "29 February is only in leap years, so it cannot start a yearly cycle: choose 28 "
        "February or 1 March.",
        id="annual-from-29-february",
    ),
    # after_meeting
    pytest.param(
        {"kind": "after_meeting", "within_days": 10},
        "board",
        "Choose the board whose meetings this follows.",
        id="after-meeting-no-board",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": "4", "within_days": 10},
        "board",
        "The board must be given by its id, a whole number from 1.",
        id="board-as-text",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 0, "within_days": 10},
        "board",
        "The board must be given by its id, a whole number from 1.",
        id="board-0",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4},
        "within_days",
        "Enter the number of days.",
        id="after-meeting-no-days",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": 0},
        "within_days",
        "The number of days must be 1 or more.",
        id="zero-days",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": -5},
        "within_days",
        "The number of days must be 1 or more.",
        id="negative-days",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": "10"},
        "within_days",
        "The number of days must be a whole number, for example 10.",
        id="days-as-text",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": 2.5},
        "within_days",
        "The number of days must be a whole number, for example 10.",
        id="days-as-fraction",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": 366},
        "within_days",
        "The number of days must be 365 or fewer: for a longer gap, use a frequency or a deadline.",
        id="days-over-a-year",
    ),
    pytest.param(
        {"kind": "after_meeting", "board": 4, "within_days": 10, "working_days": "yes"},
        "working_days",
        "Working days must be true or false.",
        id="working-days-as-text",
    ),
    # relative
    pytest.param(
        {"kind": "relative", "at": "next_meeting", "board": 1},
        "after",
        "Say what this follows: another obligation or an event.",
        id="relative-no-after",
    ),
    pytest.param(
        {"kind": "relative", "after": {}, "at": "next_meeting", "board": 1},
        "after",
        "Say what this follows: another obligation or an event.",
        id="relative-after-empty",
    ),
    pytest.param(
        {"kind": "relative", "after": "annual report", "at": "next_meeting", "board": 1},
        "after",
        "“after” must be an object with an “obligation” or an “event”.",
        id="relative-after-as-text",
    ),
    pytest.param(
        {
            "kind": "relative",
            "after": {"obligation": "a", "event": "b"},
            "at": "next_meeting",
            "board": 1,
        },
        "after",
        "Give either an obligation or an event for this to follow, not both.",
        id="relative-after-both",
    ),
    pytest.param(
        {"kind": "relative", "after": {"meeting": 3}, "at": "next_meeting", "board": 1},
        "after.meeting",
        "“after” has no “meeting”: give an “obligation” or an “event”.",
        id="relative-after-unknown",
    ),
    pytest.param(
        {"kind": "relative", "after": {"obligation": "  "}, "at": "next_meeting", "board": 1},
        "after.obligation",
        "Choose the obligation this follows.",
        id="relative-obligation-blank",
    ),
    pytest.param(
        {"kind": "relative", "after": {"obligation": 12}, "at": "next_meeting", "board": 1},
        "after.obligation",
        "Choose the obligation this follows.",
        id="relative-obligation-number",
    ),
    pytest.param(
        {"kind": "relative", "after": {"obligation": "k" * 201}, "at": "next_meeting", "board": 1},
        "after.obligation",
        "An obligation key must be 200 characters or fewer.",
        id="relative-obligation-too-long",
    ),
    pytest.param(
        {"kind": "relative", "after": {"event": "After "}, "at": "next_meeting", "board": 1},
        "after.event",
        "Describe the event this follows, for example “the BSCB endorses a serious case review "
        "overview report”.",
        id="relative-event-only-after",
    ),
    pytest.param(
        {"kind": "relative", "after": {"event": ["x"]}, "at": "next_meeting", "board": 1},
        "after.event",
        "The event must be text.",
        id="relative-event-list",
    ),
    pytest.param(
        {"kind": "relative", "after": {"event": "e" * 201}, "at": "next_meeting", "board": 1},
        "after.event",
        "The event must be 200 characters or fewer.",
        id="relative-event-too-long",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "board": 1},
        "at",
        "Choose when it falls due: at the next meeting of a board, or within a number of days.",
        id="relative-no-at",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "at": "soon"},
        "at",
        "“soon” is not a choice of when it falls due: use next_meeting or within_days.",
        id="relative-unknown-at",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "at": "next_meeting"},
        "board",
        "Choose the board whose next meeting this falls at.",
        id="next-meeting-no-board",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "at": "next_meeting", "board": 1, "within_days": 5},
        "within_days",
        "A number of days is only used with “within a number of days”: remove it or choose that "
        "option.",
        id="next-meeting-with-days",
    ),
    pytest.param(
        {
            "kind": "relative",
            "after": EVENT,
            "at": "next_meeting",
            "board": 1,
            "working_days": True,
        },
        "working_days",
        "Working days are only used with “within a number of days”: remove them or choose that "
        "option.",
        id="next-meeting-with-working-days",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "at": "within_days", "within_days": 5, "board": 1},
        "board",
        "A board is only used with “at the next meeting”: remove it or choose that option.",
        id="within-days-with-board",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "at": "within_days"},
        "within_days",
        "Enter the number of days.",
        id="within-days-no-days",
    ),
    pytest.param(
        {"kind": "relative", "after": EVENT, "at": "within_days", "within_days": 0},
        "within_days",
        "The number of days must be 1 or more.",
        id="within-zero-days",
    ),
    # anniversary
    pytest.param(
        {"kind": "anniversary"},
        "of",
        "Choose whether the cycle runs from the date of signing or the date it came into force.",
        id="anniversary-no-of",
    ),
    pytest.param(
        {"kind": "anniversary", "of": "approval"},
        "of",
        "“approval” is not a date the cycle can run from: use signing or in_force.",
        id="anniversary-of-approval",
    ),
    pytest.param(
        {"kind": "anniversary", "of": "signing", "every_years": 0},
        "every_years",
        "The number of years must be a whole number from 1 to 10.",
        id="every-0-years",
    ),
    pytest.param(
        {"kind": "anniversary", "of": "signing", "every_years": 11},
        "every_years",
        "The number of years must be a whole number from 1 to 10.",
        id="every-11-years",
    ),
    pytest.param(
        {"kind": "anniversary", "of": "signing", "every_years": "1"},
        "every_years",
        "The number of years must be a whole number from 1 to 10.",
        id="every-years-as-text",
    ),
    # external
    pytest.param(
        {"kind": "external"},
        "trigger",
        "Describe what triggers this, for example “any change in legislation”.",
        id="external-no-trigger",
    ),
    pytest.param(
        {"kind": "external", "trigger": " on . "},
        "trigger",
        "Describe what triggers this, for example “any change in legislation”.",
        id="external-only-on",
    ),
    pytest.param(
        {"kind": "external", "trigger": 7},
        "trigger",
        "The trigger must be text.",
        id="external-trigger-number",
    ),
    pytest.param(
        {"kind": "external", "trigger": "t" * 201},
        "trigger",
        "The trigger must be 200 characters or fewer.",
        id="external-trigger-too-long",
    ),
    # first_of
    pytest.param(
        {"kind": "first_of"},
        "rules",
        "A “whichever is sooner” timing needs a list of at least two timings.",
        id="first-of-no-rules",
    ),
    pytest.param(
        {"kind": "first_of", "rules": {"kind": "ad_hoc"}},
        "rules",
        "A “whichever is sooner” timing needs a list of at least two timings.",
        id="first-of-rules-not-list",
    ),
    pytest.param(
        {"kind": "first_of", "rules": [{"kind": "fixed_month", "month": 9}]},
        "rules",
        "A “whichever is sooner” timing needs a list of at least two timings.",
        id="first-of-one-rule",
    ),
    pytest.param(
        {
            "kind": "first_of",
            "rules": [{"kind": "fixed_month", "month": 9}, {"kind": "first_of", "rules": []}],
        },
        "rules.1.kind",
        "A “whichever is sooner” timing cannot contain another one: list all the timings in one.",
        id="first-of-nested",
    ),
    pytest.param(
        {"kind": "first_of", "rules": [{"kind": "ad_hoc"}, {"kind": "fixed_month", "month": 9}]},
        "rules.0.kind",
        "“As and when needed” cannot be combined with other timings: it has no date to be "
        "sooner than.",
        id="first-of-ad-hoc",
    ),
    pytest.param(
        {
            "kind": "first_of",
            "rules": [{"kind": "fixed_month", "month": 9}, {"kind": "fixed_month", "month": 9}],
        },
        "rules.1",
        "The same timing appears twice in a “whichever is sooner” timing: remove one.",
        id="first-of-duplicate",
    ),
    pytest.param(
        {"kind": "first_of", "rules": [{"kind": "fixed_month", "month": 9}, {"kind": "external"}]},
        "rules.1.trigger",
        "Describe what triggers this, for example “any change in legislation”.",
        id="first-of-inner-error-path",
    ),
    pytest.param(
        {"kind": "first_of", "rules": ["annually", {"kind": "fixed_month", "month": 9}]},
        "rules.0",
        'A timing rule must be an object with a “kind”, such as {"kind": "ad_hoc"}.',
        id="first-of-inner-not-object",
    ),
    pytest.param(
        {
            "kind": "first_of",
            "rules": [
                {"kind": "fixed_month", "month": 9},
                {"kind": "frequency", "every": "biannual"},
            ],
        },
        "rules.1.every",
        BI_ANNUAL,
        id="first-of-inner-bi-annual",
    ),
]


@pytest.mark.parametrize(("data", "field", "message"), REFUSALS)
def test_invalid_rule_is_refused_with_a_sentence_naming_the_key(data, field, message):
    error = refusal(data)
    assert error.message == message
    assert str(error) == message
    assert error.field == field


def test_timing_rule_error_is_a_value_error_and_a_domain_error():
    error = refusal({"kind": "window", "start_month": 3, "end_month": 3})
    assert isinstance(error, ValueError)
    assert isinstance(error, DomainError)
    assert error.status == 400


def test_validate_refuses_as_parse_rule_does():
    with pytest.raises(TimingRuleError, match="Choose a kind of timing."):
        validate({})


# Properties --------------------------------------------------------------------------

# Generation speed depends on the machine's load, not on the code under test.
PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(
    alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=12
) | st.sampled_from(["on", "after", "On", "the", "BSCB", "H&WB", "report.", "—"])
phrases = (
    st.lists(words, min_size=1, max_size=8)
    .map(" ".join)
    .filter(lambda text: text.lower().replace("on", "").replace("after", "").strip(" ."))
)
months = st.integers(1, 12)
board_ids = st.integers(1, 10**9)
day_counts = st.integers(1, 365)
anchors = st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))


@st.composite
def deadlines(draw):
    month = draw(months)
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(month, 31)
    return {"kind": "deadline", "month": month, "day": draw(st.none() | st.integers(1, last))}


@st.composite
def frequencies(draw):
    every = draw(st.sampled_from(["monthly", "quarterly", "six_monthly", "annually", "two_yearly"]))
    anchor = draw(anchors)
    if every in ("annually", "two_yearly") and (anchor.month, anchor.day) == (2, 29):
        anchor = anchor.replace(day=28)
    needs_anchor = every == "two_yearly"
    keep = needs_anchor or draw(st.booleans())
    return {"kind": "frequency", "every": every, "anchor": anchor.isoformat() if keep else None}


@st.composite
def relatives(draw):
    after = draw(
        st.builds(lambda k: {"obligation": k}, st.text(min_size=1, max_size=50).filter(str.strip))
        | st.builds(lambda e: {"event": e}, phrases)
    )
    if draw(st.booleans()):
        return {"kind": "relative", "after": after, "at": "next_meeting", "board": draw(board_ids)}
    return {
        "kind": "relative",
        "after": after,
        "at": "within_days",
        "within_days": draw(day_counts),
        "working_days": draw(st.booleans()),
    }


windows = (
    st.tuples(months, months)
    .filter(lambda m: m[0] != m[1])
    .map(lambda m: {"kind": "window", "start_month": m[0], "end_month": m[1]})
)
single_rules = st.one_of(
    windows,
    deadlines(),
    st.builds(lambda m: {"kind": "fixed_month", "month": m}, months),
    frequencies(),
    st.builds(
        lambda b, n, w: {"kind": "after_meeting", "board": b, "within_days": n, "working_days": w},
        board_ids,
        day_counts,
        st.booleans(),
    ),
    relatives(),
    st.builds(
        lambda o, n: {"kind": "anniversary", "of": o, "every_years": n},
        st.sampled_from(["signing", "in_force"]),
        st.integers(1, 10),
    ),
    st.builds(lambda t: {"kind": "external", "trigger": t}, phrases),
)
first_ofs = (
    st.lists(single_rules, min_size=2, max_size=4)
    .filter(
        lambda rules: len({json.dumps(validate(r), sort_keys=True) for r in rules}) == len(rules)
    )
    .map(lambda rules: {"kind": "first_of", "rules": rules})
)
valid_rules = single_rules | first_ofs | st.just({"kind": "ad_hoc"})


@settings(PROPERTY, max_examples=400)
@given(valid_rules)
def test_valid_rules_round_trip_through_their_dict_and_json(data):
    rule = parse_rule(data)
    stored = rule_to_dict(rule)
    assert parse_rule(stored) == rule
    assert parse_rule(json.loads(json.dumps(stored))) == rule
    assert rule_to_dict(parse_rule(stored)) == stored
    assert list(validate(stored)) == list(stored)


@settings(PROPERTY, max_examples=400)
@given(valid_rules)
def test_describe_never_fails_on_a_valid_rule(data):
    rule = parse_rule(data)
    text = describe(rule, board_name=lambda board_id: f"Board {board_id}")
    assert text
    assert text == text.strip()
    # No missing value shows through as Python's None (unless a board wrote the word).
    assert "None" not in text or "None" in json.dumps(data)


json_junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
ALL_KEYS = [
    "start_month",
    "end_month",
    "month",
    "day",
    "every",
    "anchor",
    "board",
    "within_days",
    "working_days",
    "after",
    "at",
    "of",
    "every_years",
    "trigger",
    "rules",
]
junk_rules = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={
        key: json_junk | months | day_counts | st.sampled_from(["next_meeting", "within_days"])
        for key in ALL_KEYS
    },
)


@settings(PROPERTY, max_examples=600)
@given(json_junk | junk_rules | valid_rules)
def test_any_input_is_either_a_rule_or_a_timing_rule_error(data):
    try:
        rule = parse_rule(data)
    except TimingRuleError as error:
        assert error.message.endswith(".")
        assert error.message[0].isupper() or error.message[0] == "“"
    else:
        assert parse_rule(rule_to_dict(rule)) == rule
        assert describe(rule)
