"""The timing form: each kind builds its rule, each refusal lands on its field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from hypothesis import HealthCheck, given, settings

from protocols.timing import (
    TimingRuleError,
    parse_rule,
    referenced_boards,
    referenced_obligations,
    validate,
)
from protocols.timing_forms import TimingRuleForm, initial_from_rule
from tests.protocols.test_timing import SEED_TIMINGS, valid_rules

BOARDS = [(1, "H&WB"), (2, "BSCB"), (3, "BHWB"), (4, "HWBB")]
OBLIGATIONS = [("bolton-annual-report", "BSCB presents its annual report")]


def form_for(data: dict, boards=BOARDS, obligations=OBLIGATIONS) -> TimingRuleForm:
    return TimingRuleForm(data=data, boards=boards, obligations=obligations)


def valid_rule(data: dict) -> dict:
    form = form_for(data)
    assert form.is_valid(), form.errors.get_json_data()
    return form.rule


def errors_of(data: dict) -> dict[str, list[str]]:
    form = form_for(data)
    assert form.is_valid() is False
    assert form.rule is None
    return {
        name: [e["message"] for e in errs] for name, errs in form.errors.get_json_data().items()
    }


# Each kind ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "rule"),
    [
        pytest.param(
            {"kind": "window", "start_month": "10", "end_month": "1"},
            {"kind": "window", "start_month": 10, "end_month": 1},
            id="window",
        ),
        pytest.param(
            {"kind": "deadline", "deadline_month": "6", "deadline_day": ""},
            {"kind": "deadline", "month": 6, "day": None},
            id="deadline-end-of-month",
        ),
        pytest.param(
            {"kind": "deadline", "deadline_month": "3", "deadline_day": "15"},
            {"kind": "deadline", "month": 3, "day": 15},
            id="deadline-day",
        ),
        pytest.param(
            {"kind": "fixed_month", "fixed_month": "9"},
            {"kind": "fixed_month", "month": 9},
            id="fixed-month",
        ),
        pytest.param(
            {"kind": "frequency", "every": "quarterly", "anchor": ""},
            {"kind": "frequency", "every": "quarterly", "anchor": None},
            id="frequency-financial-year",
        ),
        pytest.param(
            {"kind": "frequency", "every": "six_monthly", "anchor": "2026-04-01"},
            {"kind": "frequency", "every": "six_monthly", "anchor": "2026-04-01"},
            id="frequency-anchored",
        ),
        pytest.param(
            {
                "kind": "after_meeting",
                "meeting_board": "4",
                "meeting_within_days": "10",
                "meeting_working_days": "on",
            },
            {"kind": "after_meeting", "board": 4, "within_days": 10, "working_days": True},
            id="after-meeting-working-days",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "2", "meeting_within_days": "14"},
            {"kind": "after_meeting", "board": 2, "within_days": 14, "working_days": False},
            id="after-meeting-calendar-days",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_event": "the BSCB endorses a serious case review overview report",
                "relative_at": "next_meeting",
                "relative_board": "3",
                # Left over from choosing "within days" first: not part of the rule.
                "relative_within_days": "seven",
                "relative_working_days": "on",
            },
            {
                "kind": "relative",
                "after": {"event": "the BSCB endorses a serious case review overview report"},
                "at": "next_meeting",
                "board": 3,
                "within_days": None,
                "working_days": False,
            },
            id="relative-next-meeting-after-event",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_obligation": "bolton-annual-report",
                "relative_at": "within_days",
                "relative_within_days": "20",
                "relative_working_days": "on",
                # Left over from choosing "next meeting" first: not part of the rule.
                "relative_board": "99",
            },
            {
                "kind": "relative",
                "after": {"obligation": "bolton-annual-report"},
                "at": "within_days",
                "board": None,
                "within_days": 20,
                "working_days": True,
            },
            id="relative-within-days-after-obligation",
        ),
        pytest.param(
            {"kind": "anniversary", "anniversary_of": "signing", "every_years": ""},
            {"kind": "anniversary", "of": "signing", "every_years": 1},
            id="anniversary-default-yearly",
        ),
        pytest.param(
            {"kind": "anniversary", "anniversary_of": "in_force", "every_years": "3"},
            {"kind": "anniversary", "of": "in_force", "every_years": 3},
            id="anniversary-three-yearly",
        ),
        pytest.param(
            {"kind": "external", "external_trigger": "any change in legislation"},
            {"kind": "external", "trigger": "any change in legislation"},
            id="external",
        ),
        pytest.param({"kind": "ad_hoc"}, {"kind": "ad_hoc"}, id="ad-hoc"),
        pytest.param(
            {
                "kind": "frequency",
                "every": "annually",
                "anchor": "2026-04-01",
                "or_on": "on any change in legislation",
            },
            {
                "kind": "first_of",
                "rules": [
                    {"kind": "frequency", "every": "annually", "anchor": "2026-04-01"},
                    {"kind": "external", "trigger": "any change in legislation"},
                ],
            },
            id="annually-or-on-legislation",
        ),
        pytest.param(
            {"kind": "window", "start_month": "10", "end_month": "1", "or_on": "   "},
            {"kind": "window", "start_month": 10, "end_month": 1},
            id="blank-or-on-is-no-combination",
        ),
        pytest.param(
            {
                "kind": "fixed_month",
                "fixed_month": "9",
                # Fields of other kinds, even broken ones, are ignored.
                "meeting_within_days": "ten",
                "deadline_month": "99",
                "anchor": "yesterday",
            },
            {"kind": "fixed_month", "month": 9},
            id="other-kinds-fields-ignored",
        ),
    ],
)
def test_each_kind_builds_its_rule(post, rule):
    built = valid_rule(post)
    assert built == rule
    assert list(built) == list(rule)


# Each refusal lands on its field -----------------------------------------------------

MONTH_RANGE = "must be a whole number from 1 (January) to 12 (December)."


@pytest.mark.parametrize(
    ("post", "errors"),
    [
        pytest.param({}, {"kind": ["Choose when it falls due."]}, id="no-kind"),
        pytest.param(
            {"kind": "first_of"},
            {"kind": ["Choose when it falls due from the list."]},
            id="kind-not-offered",
        ),
        pytest.param(
            {"kind": "window", "end_month": "1"},
            {"start_month": ["Choose the month the window opens."]},
            id="window-no-start",
        ),
        pytest.param(
            {"kind": "window", "start_month": "10"},
            {"end_month": ["Choose the month the window closes."]},
            id="window-no-end",
        ),
        pytest.param(
            {"kind": "window", "start_month": "13", "end_month": "1"},
            {"start_month": ["Choose a month from the list."]},
            id="window-month-13",
        ),
        pytest.param(
            {"kind": "window", "start_month": "0", "end_month": "1"},
            {"start_month": ["Choose a month from the list."]},
            id="window-month-0",
        ),
        pytest.param(
            {"kind": "window", "start_month": "9", "end_month": "9"},
            {
                "end_month": [
                    "A window must open and close in different months: for a single month, "
                    "use a fixed month (“in September each year”)."
                ]
            },
            id="window-equal-months",
        ),
        pytest.param(
            {"kind": "deadline", "deadline_day": "3"},
            {"deadline_month": ["Choose the deadline month."]},
            id="deadline-no-month",
        ),
        pytest.param(
            {"kind": "deadline", "deadline_month": "2", "deadline_day": "29"},
            {
                "deadline_day": [
                    "29 February is only in leap years, so it cannot be a deadline each year: "
                    "choose 28 February, or leave the day blank for the end of February."
                ]
            },
            id="deadline-29-february",
        ),
        pytest.param(
            {"kind": "deadline", "deadline_month": "6", "deadline_day": "31"},
            {
                "deadline_day": [
                    "June has no day 31: choose a day from 1 to 30, or leave the day blank for "
                    "the last day of the month."
                ]
            },
            id="deadline-31-june",
        ),
        pytest.param(
            {"kind": "deadline", "deadline_month": "6", "deadline_day": "first"},
            {"deadline_day": ["The deadline day must be a whole number, for example 30."]},
            id="deadline-day-not-a-number",
        ),
        pytest.param(
            {"kind": "fixed_month"},
            {"fixed_month": ["Choose the month."]},
            id="fixed-month-missing",
        ),
        pytest.param(
            {"kind": "frequency"},
            {"every": ["Choose how often it falls due."]},
            id="frequency-no-every",
        ),
        pytest.param(
            {"kind": "frequency", "every": "bi-annual"},
            {"every": ["Choose one of the options."]},
            id="bi-annual-is-not-offered",
        ),
        pytest.param(
            {"kind": "frequency", "every": "quarterly", "anchor": "2026-02-30"},
            {"anchor": ["Enter a real date, for example 2026-04-01."]},
            id="anchor-not-a-date",
        ),
        pytest.param(
            {"kind": "frequency", "every": "two_yearly"},
            {
                "anchor": [
                    "Enter the date the two-yearly cycle starts from, so it is clear which "
                    "years it falls in."
                ]
            },
            id="two-yearly-no-anchor",
        ),
        pytest.param(
            {"kind": "frequency", "every": "annually", "anchor": "2028-02-29"},
            {
                "anchor": [
                    "29 February is only in leap years, so it cannot start a yearly cycle: "
                    "choose 28 February or 1 March."
                ]
            },
            id="annual-from-29-february",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_within_days": "10"},
            {"meeting_board": ["Choose the board whose meetings this follows."]},
            id="after-meeting-no-board",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "99", "meeting_within_days": "10"},
            {"meeting_board": ["Choose a board from the list."]},
            id="after-meeting-board-not-offered",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "4"},
            {"meeting_within_days": ["Enter the number of days."]},
            id="after-meeting-no-days",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "4", "meeting_within_days": "0"},
            {"meeting_within_days": ["The number of days must be 1 or more."]},
            id="after-meeting-zero-days",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "4", "meeting_within_days": "-3"},
            {"meeting_within_days": ["The number of days must be 1 or more."]},
            id="after-meeting-negative-days",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "4", "meeting_within_days": "ten"},
            {"meeting_within_days": ["The number of days must be a whole number, for example 10."]},
            id="after-meeting-days-not-a-number",
        ),
        pytest.param(
            {"kind": "after_meeting", "meeting_board": "4", "meeting_within_days": "400"},
            {
                "meeting_within_days": [
                    "The number of days must be 365 or fewer: for a longer gap, use a frequency "
                    "or a deadline."
                ]
            },
            id="after-meeting-days-over-a-year",
        ),
        pytest.param(
            {"kind": "relative", "relative_at": "next_meeting", "relative_board": "1"},
            {"after_obligation": ["Say what this follows: another obligation or an event."]},
            id="relative-follows-nothing",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_obligation": "bolton-annual-report",
                "after_event": "the report is published",
                "relative_at": "next_meeting",
                "relative_board": "1",
            },
            {
                "after_obligation": [
                    "Give either an obligation or an event for this to follow, not both."
                ]
            },
            id="relative-follows-both",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_obligation": "someone-elses-obligation",
                "relative_at": "next_meeting",
                "relative_board": "1",
            },
            {"after_obligation": ["Choose an obligation from the list."]},
            id="relative-obligation-not-offered",
        ),
        pytest.param(
            {"kind": "relative", "after_event": "the report is published"},
            {
                "relative_at": [
                    "Choose when it falls due: at the next meeting of a board, or within a "
                    "number of days."
                ]
            },
            id="relative-no-at",
        ),
        pytest.param(
            {"kind": "relative", "after_event": "the report is published", "relative_at": "soon"},
            {"relative_at": ["Choose one of the options."]},
            id="relative-at-not-offered",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_event": "the report is published",
                "relative_at": "next_meeting",
            },
            {"relative_board": ["Choose the board whose next meeting this falls at."]},
            id="relative-next-meeting-no-board",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_event": "the report is published",
                "relative_at": "within_days",
            },
            {"relative_within_days": ["Enter the number of days."]},
            id="relative-within-no-days",
        ),
        pytest.param(
            {
                "kind": "relative",
                "after_event": "e" * 201,
                "relative_at": "within_days",
                "relative_within_days": "5",
            },
            {"after_event": ["The event must be 200 characters or fewer."]},
            id="relative-event-too-long",
        ),
        pytest.param(
            {"kind": "anniversary"},
            {
                "anniversary_of": [
                    "Choose whether the cycle runs from the date of signing or the date it "
                    "came into force."
                ]
            },
            id="anniversary-no-of",
        ),
        pytest.param(
            {"kind": "anniversary", "anniversary_of": "signing", "every_years": "11"},
            {"every_years": ["The number of years must be a whole number from 1 to 10."]},
            id="anniversary-every-11-years",
        ),
        pytest.param(
            {"kind": "anniversary", "anniversary_of": "signing", "every_years": "two"},
            {"every_years": ["The number of years must be a whole number from 1 to 10."]},
            id="anniversary-years-not-a-number",
        ),
        pytest.param(
            {"kind": "external", "external_trigger": "  "},
            {
                "external_trigger": [
                    "Describe what triggers this, for example “any change in legislation”."
                ]
            },
            id="external-no-trigger",
        ),
        pytest.param(
            {"kind": "ad_hoc", "or_on": "any change in legislation"},
            {
                "or_on": [
                    "“As and when needed” cannot be combined with other timings: it has no "
                    "date to be sooner than."
                ]
            },
            id="ad-hoc-cannot-be-combined",
        ),
        pytest.param(
            {
                "kind": "external",
                "external_trigger": "any change in legislation",
                "or_on": "On any change in legislation.",
            },
            {
                "or_on": [
                    "The same timing appears twice in a “whichever is sooner” timing: remove one."
                ]
            },
            id="or-on-repeats-the-trigger",
        ),
        pytest.param(
            {"kind": "fixed_month", "fixed_month": "9", "or_on": "x" * 201},
            {"or_on": ["The trigger must be 200 characters or fewer."]},
            id="or-on-too-long",
        ),
        pytest.param(
            {"kind": "window", "start_month": "9", "end_month": "9", "or_on": "a new law"},
            {
                "end_month": [
                    "A window must open and close in different months: for a single month, "
                    "use a fixed month (“in September each year”)."
                ]
            },
            id="error-in-combined-rule-lands-on-its-own-field",
        ),
    ],
)
def test_each_refusal_lands_on_its_field_with_one_sentence(post, errors):
    assert errors_of(post) == errors


def test_board_and_obligation_choices_come_from_the_caller():
    form = TimingRuleForm(boards=[(7, "SAB")], obligations=[("k", "Label")])
    assert list(form.fields["meeting_board"].choices) == [("", "Choose a board"), (7, "SAB")]
    assert list(form.fields["relative_board"].choices) == [("", "Choose a board"), (7, "SAB")]
    assert list(form.fields["after_obligation"].choices) == [
        ("", "Choose an obligation"),
        ("k", "Label"),
    ]


def test_form_without_boards_refuses_any_board():
    form = form_for(
        {"kind": "after_meeting", "meeting_board": "1", "meeting_within_days": "5"}, boards=()
    )
    assert form.is_valid() is False
    assert form.errors["meeting_board"] == ["Choose a board from the list."]


# Editing an existing rule ------------------------------------------------------------


def post_from_initial(initial: dict) -> dict:
    post = {}
    for name, value in initial.items():
        if value is None or value is False:
            continue
        if value is True:
            post[name] = "on"
        elif isinstance(value, dt.date):
            post[name] = value.isoformat()
        else:
            post[name] = str(value)
    return post


@pytest.mark.parametrize(("data", "sentence"), SEED_TIMINGS)
def test_every_seed_timing_opens_in_the_form_and_saves_unchanged(data, sentence):
    post = post_from_initial(initial_from_rule(data))
    assert valid_rule(post) == validate(data)


def test_initial_from_rule_fills_the_fields_of_the_kind():
    assert initial_from_rule(
        {"kind": "frequency", "every": "quarterly", "anchor": "2026-04-01"}
    ) == {"kind": "frequency", "every": "quarterly", "anchor": dt.date(2026, 4, 1)}
    assert initial_from_rule(
        {
            "kind": "first_of",
            "rules": [
                {"kind": "external", "trigger": "any change in legislation"},
                {"kind": "after_meeting", "board": 4, "within_days": 10, "working_days": True},
            ],
        }
    ) == {
        "or_on": "any change in legislation",
        "kind": "after_meeting",
        "meeting_board": 4,
        "meeting_within_days": 10,
        "meeting_working_days": True,
    }


def test_initial_from_rule_refuses_a_combination_the_form_cannot_show():
    with pytest.raises(TimingRuleError) as caught:
        initial_from_rule(
            {
                "kind": "first_of",
                "rules": [
                    {"kind": "fixed_month", "month": 9},
                    {"kind": "anniversary", "of": "signing"},
                ],
            }
        )
    assert caught.value.message == (
        "This timing combines more timings than the form can show: change it through the API."
    )


def test_initial_from_rule_refuses_an_invalid_rule():
    with pytest.raises(TimingRuleError) as caught:
        initial_from_rule({"kind": "frequency", "every": "biannual"})
    assert caught.value.field == "every"


def _form_can_show(data: dict) -> bool:
    if data["kind"] != "first_of":
        return True
    kinds = [rule["kind"] for rule in data["rules"]]
    return len(kinds) == 2 and "external" in kinds


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(valid_rules.filter(_form_can_show))
def test_any_rule_the_form_can_show_saves_back_unchanged(data):
    rule = parse_rule(data)
    boards = [(board_id, f"Board {board_id}") for board_id in referenced_boards(rule)]
    obligations = [(key, key) for key in referenced_obligations(rule)]
    post = post_from_initial(initial_from_rule(data))
    form = form_for(post, boards=boards, obligations=obligations)
    assert form.is_valid(), form.errors.get_json_data()
    saved = form.rule
    kinds = [r["kind"] for r in data["rules"]] if data["kind"] == "first_of" else []
    if kinds and kinds[0] == "external" and kinds[1] != "external":
        # The form always puts the "or also on" trigger second; the meaning is the same.
        saved = {"kind": "first_of", "rules": saved["rules"][::-1]}
    assert saved == validate(data)


# Rendering ---------------------------------------------------------------------------


def render(form: TimingRuleForm) -> str:
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(Context({"form": form}))


def test_form_renders_govuk_fields_with_labels_and_hints_and_no_form_tag():
    html = render(TimingRuleForm(boards=BOARDS, obligations=OBLIGATIONS))
    assert "<form" not in html
    assert "govuk-radios" in html
    assert "When does it fall due?" in html
    assert "Between two months each year" in html
    assert "The window starts on the 1st of this month." in html
    assert "If the protocol says “bi-annual”, check whether it means twice a year or" in html
    assert "Weekends and bank holidays in England are not counted." in html
    assert 'type="date"' in html
    assert "H&amp;WB" in html


def test_form_renders_the_error_on_its_field_and_escapes_what_was_typed():
    form = form_for(
        {"kind": "ad_hoc", "or_on": "<script>alert(1)</script>"},
    )
    assert form.is_valid() is False
    html = render(form)
    assert "govuk-error-message" in html
    assert "“As and when needed” cannot be combined with other timings" in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_form_works_under_a_prefix_inside_a_larger_form():
    form = TimingRuleForm(
        prefix="timing",
        data={"timing-kind": "fixed_month", "timing-fixed_month": "9", "fixed_month": "1"},
    )
    assert form.is_valid(), form.errors.get_json_data()
    assert form.rule == {"kind": "fixed_month", "month": 9}
