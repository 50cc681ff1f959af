"""The weekly digest: each business manager hears what their boards owe and are owed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from calendar_cycle.digest import digest_contents, digests_send
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Digest
from tests import factories as f
from tests.factories import protocols as pf

D = dt.date
MONDAY = D(2026, 9, 7)
BSCB_MANAGER = "bolton_bscb_manager@x.gov.uk"


@pytest.fixture
def cycle(seeds):
    generate_occurrences(today=D(2026, 4, 1))
    return seeds


def digest_to(address: str):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_a_business_manager_hears_what_is_overdue_owed_by_and_owed_to_their_boards(cycle):
    digests_send(today=MONDAY)
    message = digest_to(BSCB_MANAGER)
    assert message.subject == "This week's obligations for the BSCB"
    assert message.body == (
        "Dear Bolton Bscb Manager,\n\n"
        "This is what the BSCB owe and are owed, as at 7 September 2026.\n\n"
        "Overdue\n"
        "- The BSCB provides the BHWB with a copy of its Business Plan.\n"
        "  Owed by BSCB to BHWB; due by 30 June 2026\n"
        "- The boards' officers meet.\n"
        "  Owed by BSCB to BHWB; opens 1 April 2026, due by 30 June 2026\n\n"
        "Owed by your boards in the next 6 weeks\n"
        "- The BSCB presents its annual assessment and report, with CDOP and case review "
        "learning.\n"
        "  Owed by BSCB to BHWB; opens 1 September 2026, due by 30 September 2026\n"
        "- The boards' officers meet.\n"
        "  Owed by BSCB to BHWB; opens 1 July 2026, due by 30 September 2026\n"
        "- The boards' officers meet.\n"
        "  Owed by BSCB to BHWB; opens 1 October 2026, due by 31 December 2026\n\n"
        "See everything that is due: http://localhost:8000/\n"
    )


def test_the_receiving_board_sees_the_same_duties_as_owed_to_it(cycle):
    digests_send(today=MONDAY)
    body = digest_to("bolton_bhwb_manager@x.gov.uk").body
    assert "\nOwed to your boards in the next 6 weeks\n- The BSCB presents its annual" in body
    assert "Owed by your boards" not in body


def test_a_window_opening_in_the_coming_weeks_is_in_the_digest(cycle):
    digests_send(today=MONDAY)
    body = digest_to("bromley_bscb_manager@x.gov.uk").body
    assert (
        "- The BSCB independent chair presents the annual report and a position statement.\n"
        "  Owed by BSCB to H&WB; opens 1 October 2026, due by 31 January 2027\n"
    ) in body


def test_each_manager_gets_one_digest_a_week(cycle):
    first = digests_send(today=MONDAY)
    again = digests_send(today=MONDAY + dt.timedelta(days=2))
    assert first["sent"] == first["people"] == 4
    assert (again["sent"], again["failed"]) == (0, 0)
    assert len(mail.outbox) == 4
    next_week = digests_send(today=MONDAY + dt.timedelta(days=7))
    assert next_week["sent"] == 4
    assert Digest.objects.filter(week_of=MONDAY, sent_at__isnull=False).count() == 4


def test_nobody_with_nothing_due_is_written_to(cycle):
    counts = digests_send(today=D(2026, 7, 6))
    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == ["bolton_bhwb_manager@x.gov.uk", BSCB_MANAGER]
    assert counts["people"] == 2


def test_text_the_boards_wrote_is_escaped_in_the_html_digest(cycle):
    obligation = cycle.obligation("bolton_annual_report")
    type(obligation).objects.filter(pk=obligation.pk).update(description="<i>Report</i> & more")
    digests_send(today=MONDAY)
    message = digest_to(BSCB_MANAGER)
    assert "<li>&lt;i&gt;Report&lt;/i&gt; &amp; more<br>" in message.alternatives[0][0]
    assert "- <i>Report</i> & more\n" in message.body


def test_the_digest_reads_a_constant_number_of_queries(cycle):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            digest_contents(MONDAY, 6)
        return len(ctx.captured_queries)

    before = queries()
    bolton = cycle.boards["bolton_bscb"]
    version = cycle.versions["bolton"]
    for n in range(5):
        manager = f.PersonFactory(area=bolton.area, email=f"extra{n}@bolton.gov.uk")
        f.MembershipFactory(person=manager, board=bolton, role="business_manager")
        pf.ObligationFactory(
            version=version, owing_board=bolton, receiving_board=cycle.boards["bolton_bhwb"]
        )
    generate_occurrences(today=D(2026, 4, 1), force=True)
    assert len(digest_contents(MONDAY, 6)) == 9
    assert queries() == before
