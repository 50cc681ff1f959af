"""Timing phrases become rules of the protocols' timing vocabulary."""

from __future__ import annotations

import pytest

from protocols import timing
from protocols.importer.timing_phrases import BIANNUAL_NOTE, best_timing

W = {"kind": "frequency"}


@pytest.mark.parametrize(
    ("sentence", "rule"),
    [
        (
            "Between October and January each year, the chair will present",
            {"kind": "window", "start_month": 10, "end_month": 1},
        ),
        ("from April to June each year", {"kind": "window", "start_month": 4, "end_month": 6}),
        (
            "between 1 September and 30 November",
            {"kind": "window", "start_month": 9, "end_month": 11},
        ),
        ("by June each year", {"kind": "deadline", "month": 6, "day": None}),
        ("no later than the end of November", {"kind": "deadline", "month": 11, "day": None}),
        ("by 15 March every year", {"kind": "deadline", "month": 3, "day": 15}),
        ("by 31 March every year", {"kind": "deadline", "month": 3, "day": None}),
        ("in September each year", {"kind": "fixed_month", "month": 9}),
        ("each October", {"kind": "fixed_month", "month": 10}),
        ("Quarterly meetings will be held", {**W, "every": "quarterly"}),
        ("meet every three months", {**W, "every": "quarterly"}),
        ("each quarter", {**W, "every": "quarterly"}),
        ("six monthly reports", {**W, "every": "six_monthly"}),
        ("twice a year", {**W, "every": "six_monthly"}),
        ("a half-yearly update", {**W, "every": "six_monthly"}),
        ("a monthly catch-up", {**W, "every": "monthly"}),
        ("on an annual basis", {**W, "every": "annually"}),
        ("consulted annually", {**W, "every": "annually"}),
        ("once a year", {**W, "every": "annually"}),
        ("its annual report", {**W, "every": "annually"}),
        (
            "after every meeting",
            {"kind": "after_meeting", "board": None, "within_days": 10, "working_days": True},
        ),
        (
            "within ten working days of every meeting",
            {"kind": "after_meeting", "board": None, "within_days": 10, "working_days": True},
        ),
        (
            "at the next available BHWB meeting, following endorsement of the Overview Report",
            {
                "kind": "relative",
                "after": {"event": "endorsement of the Overview Report"},
                "at": "next_meeting",
                "board": None,
            },
        ),
        (
            "within 28 days of receiving it",
            {
                "kind": "relative",
                "after": {"event": "receiving it"},
                "at": "within_days",
                "board": None,
                "within_days": 28,
                "working_days": False,
            },
        ),
        (
            "within three months of the review being published",
            {
                "kind": "relative",
                "after": {"event": "the review being published"},
                "at": "within_days",
                "board": None,
                "within_days": 90,
                "working_days": False,
            },
        ),
        (
            "At each review of the Health and Wellbeing strategy, both Boards will receive",
            {"kind": "external", "trigger": "each review of the Health and Wellbeing strategy"},
        ),
        ("attend respective Board meetings as necessary", {"kind": "ad_hoc"}),
        ("at any time necessary", {"kind": "ad_hoc"}),
    ],
)
def test_phrase_becomes_rule(sentence, rule):
    assert best_timing(sentence).rule == rule


def test_phrase_that_names_a_board_reports_it_for_matching():
    found = best_timing("at the next available BHWB meeting following endorsement")
    assert found.board_text == "BHWB"
    found = best_timing("at the next available meeting of the HWB following publication")
    assert found.board_text == "the HWB"


@pytest.mark.parametrize(
    "sentence",
    [
        "Health & Wellbeing board – approved December 2012",
        "Following the Ofsted inspection in April/May 2016",
        "between April 2015 and March 2016",
        "The three Boards have distinctive and complementary roles.",
    ],
)
def test_dated_events_and_plain_sentences_are_not_yearly_rules(sentence):
    assert best_timing(sentence) is None


def test_most_specific_phrase_wins():
    found = best_timing(
        "Between October and March each year, a member to present the annual review"
    )
    assert found.rule == {"kind": "window", "start_month": 10, "end_month": 3}
    found = best_timing("Will provide six monthly reports, including the annual report")
    assert found.rule == {"kind": "frequency", "every": "six_monthly"}


def test_bi_annual_is_left_for_a_person_to_decide():
    found = best_timing("The board will report bi-annually to the partnership.")
    assert found.rule == {"kind": "ad_hoc"}
    assert found.notes == [BIANNUAL_NOTE]


@pytest.mark.parametrize(
    "sentence",
    [
        "between October and January each year",
        "by 30 April",
        "in September each year",
        "quarterly",
        "six-monthly",
        "annually",
        "as and when required",
        "at each review of the strategy",
    ],
)
def test_rules_without_a_board_are_valid_as_found(sentence):
    rule = best_timing(sentence).rule
    assert timing.rule_to_dict(timing.parse_rule(rule))["kind"] == rule["kind"]
