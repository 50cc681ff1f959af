"""`manage.py cycle`: generate, states, and an area's occurrences as CSV or iCalendar."""

from __future__ import annotations

import csv
import datetime as dt
import io

import icalendar
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Digest, Occurrence, Reminder
from tests.factories import protocols as pf

from .conftest import meeting

D = dt.date
START_OF_2026 = D(2026, 4, 1)
BOLTON = "bolton-bhwb-bscb"


def cycle(*args) -> str:
    out = io.StringIO()
    call_command("cycle", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(seeds):
    meeting(seeds.boards["bolton_bhwb"], D(2026, 10, 8))
    generate_occurrences(today=START_OF_2026)
    return seeds


def test_generate_prints_what_it_did(seeds):
    out = cycle("generate", "--today", "2026-04-01")
    created = Occurrence.objects.count()
    assert out == (
        "Financial years 2026/27 and 2027/28: 4 versions in force, 4 planned; "
        f"{created} occurrences created, 0 updated, 0 deleted.\n"
    )
    again = cycle("generate", "--today", "2026-04-01")
    assert again.endswith(
        "4 versions in force, 0 planned; 0 occurrences created, 0 updated, 0 deleted.\n"
    )


def test_show_prints_an_areas_financial_year_as_csv(generated):
    rows = list(
        csv.reader(io.StringIO(cycle("show", "--area", "bolton", "--financial-year", "2026")))
    )
    report = (
        "The BSCB presents its annual assessment and report, with CDOP and case review learning."
    )
    plan = "The BSCB provides the BHWB with a copy of its Business Plan."
    meet = "The boards' officers meet."
    minutes = "The BHWB shares its minutes with the BSCB's chair and lead officer."
    summary = "The chair of the BHWB provides an annual summary of children's and parents' health."
    assert rows == [
        ["protocol", "obligation", "owing", "receiving", "opens", "due", "state"],
        [BOLTON, plan, "BSCB", "BHWB", "", "2026-06-30", "upcoming"],
        [BOLTON, meet, "BSCB", "BHWB", "2026-04-01", "2026-06-30", "open"],
        [BOLTON, report, "BSCB", "BHWB", "2026-09-01", "2026-09-30", "upcoming"],
        [BOLTON, meet, "BSCB", "BHWB", "2026-07-01", "2026-09-30", "upcoming"],
        [BOLTON, minutes, "BHWB", "BSCB", "2026-10-08", "2026-10-22", "upcoming"],
        [BOLTON, meet, "BSCB", "BHWB", "2026-10-01", "2026-12-31", "upcoming"],
        [BOLTON, summary, "BHWB", "BSCB", "2026-04-01", "2027-03-31", "open"],
        [BOLTON, meet, "BSCB", "BHWB", "2027-01-01", "2027-03-31", "upcoming"],
    ]


def test_show_lists_the_protocols_review_with_its_parties(generated):
    rows = list(
        csv.DictReader(io.StringIO(cycle("show", "--area", "bromley", "--financial-year", "2027")))
    )
    reviews = [r for r in rows if r["obligation"] == "Review of the protocol"]
    assert reviews == [
        {
            "protocol": "bromley-hwb-bscb",
            "obligation": "Review of the protocol",
            "owing": "H&WB and BSCB",
            "receiving": "H&WB and BSCB",
            "opens": "",
            "due": "2027-07-13",
            "state": "upcoming",
        }
    ]
    assert {r["due"][:4] for r in rows} <= {"2027", "2028"}
    assert len(rows) == 4  # three obligations and the review


def test_show_makes_the_same_number_of_queries_for_more_occurrences(generated):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            cycle("show", "--area", "bolton", "--financial-year", "2026")
        return len(captured)

    small = queries()
    version = generated.versions["bolton"]
    for month in range(1, 13):
        pf.ObligationFactory(
            version=version,
            owing_board=generated.boards["bolton_bscb"],
            receiving_board=generated.boards["bolton_bhwb"],
            timing={"kind": "fixed_month", "month": month},
        )
    generate_occurrences(today=START_OF_2026)
    assert queries() == small


def _events(text: str) -> dict:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_show_prints_an_areas_financial_year_as_icalendar(generated):
    text = cycle("show", "--area", "bromley", "--financial-year", "2026", "--format", "ics")
    events = _events(text)
    report = events[
        "BSCB to H&WB: The BSCB independent chair presents the annual report and a position "
        "statement."
    ]
    # A window is an all-day span; DTEND is the day after the last day.
    assert (report.decoded("dtstart"), report.decoded("dtend")) == (D(2026, 10, 1), D(2027, 2, 1))
    review = events["Review of Bromley H&WB and BSCB protocol"]
    assert (review.decoded("dtstart"), review.decoded("dtend")) == (D(2026, 7, 13), D(2026, 7, 14))
    assert len(events) == 4
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_icalendar_uids_survive_regeneration(generated):
    def uids() -> set[str]:
        text = cycle("show", "--area", "bolton", "--financial-year", "2026", "--format", "ics")
        return {str(e["uid"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}

    before = uids()
    Occurrence.objects.all().delete()
    generate_occurrences(today=START_OF_2026, force=True)
    assert uids() == before
    assert len(before) == 8


def test_show_refuses_an_unknown_area(db):
    with pytest.raises(CommandError) as refusal:
        cycle("show", "--area", "atlantis")
    assert str(refusal.value) == "There is no area with the short web name “atlantis”."


@pytest.mark.parametrize("year", ["26", "2026/27", "1999", "twenty"])
def test_show_refuses_a_financial_year_that_is_not_a_starting_year(db, year):
    with pytest.raises(CommandError) as refusal:
        cycle("show", "--area", "bolton", "--financial-year", year)
    assert "give the year the financial year starts in, from 2000 to 2100" in str(refusal.value)


def test_generate_refuses_a_day_that_is_not_a_date(db):
    with pytest.raises(CommandError) as refusal:
        cycle("generate", "--today", "2026-02-30")
    assert "give a date as YYYY-MM-DD, for example 2026-04-01, not “2026-02-30”" in str(
        refusal.value
    )


def test_states_prints_the_changes(generated):
    out = cycle("states", "--today", "2026-09-16")
    assert out.startswith("overdue: ")
    assert (
        Occurrence.objects.get(
            obligation=generated.obligation("bolton_annual_report"), period_key="2026"
        ).state
        == "due_soon"
    )


def test_remind_escalate_and_digest_do_by_hand_what_the_morning_and_weekly_tasks_do(generated):
    reminded = cycle("remind", "--today", "2026-10-29")
    sent = Reminder.objects.filter(sent_at__isnull=False).count()
    assert sent > 0
    assert reminded == f"claimed: {sent}, sent: {sent}, failed: 0\n"
    escalated = cycle("escalate", "--today", "2026-10-29")
    flagged = Occurrence.objects.filter(escalated_on=D(2026, 10, 29)).count()
    assert flagged > 0
    assert escalated == f"escalated: {flagged}\n"
    digested = cycle("digest", "--today", "2026-10-26")
    people = Digest.objects.filter(week_of=D(2026, 10, 26), sent_at__isnull=False).count()
    assert people > 0
    assert digested == f"people: {people}, sent: {people}, failed: 0\n"
    assert cycle("digest", "--today", "2026-10-27") == f"people: {people}, sent: 0, failed: 0\n"
