"""Reminders by email at the configured offsets, each sent exactly once."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boards.models import Post
from calendar_cycle import reminders
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence, Reminder
from calendar_cycle.reminders import Offsets, current_offsets, reminders_send
from tests import factories as f

D = dt.date
DEFAULT = Offsets(before_opens=(30,), before_due=(14,), overdue_every=7)
BOLTON_BSCB_MANAGER = "bolton_bscb_manager@x.gov.uk"
REPORT_SUBJECT = "The BSCB presents its annual assessment and report, with CDOP and…"


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down: every send fails."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def cycle(seeds):
    generate_occurrences(today=D(2026, 4, 1))
    return seeds


def report(cycle) -> Occurrence:
    """Bolton's annual report: in September (opens 1 September, due 30 September)."""
    return Occurrence.objects.get(
        obligation=cycle.obligation("bolton_annual_report"), period_key="2026"
    )


def sent_about(subject_end: str, to: str = BOLTON_BSCB_MANAGER) -> list:
    return [m for m in mail.outbox if m.to == [to] and m.subject.endswith(subject_end)]


# --- which offsets are owed on a day (pure) ----------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 8, 31), []),  # more than 30 days before the window opens
        (D(2026, 9, 1), ["opens-30"]),
        (D(2026, 9, 30), ["opens-30"]),  # still owed if a run was missed
        (D(2026, 10, 1), []),  # the window is open: the opening reminder is over
        (D(2027, 1, 16), []),
        (D(2027, 1, 17), ["due-14"]),
        (D(2027, 1, 31), ["due-14"]),  # the last day of the window
        (D(2027, 2, 1), ["overdue-0"]),  # the day it becomes overdue
        (D(2027, 2, 7), ["overdue-0"]),
        (D(2027, 2, 8), ["overdue-7"]),  # then weekly
        (D(2027, 2, 15), ["overdue-14"]),
    ],
)
def test_the_offsets_owed_through_a_window_that_crosses_the_new_year(today, expected):
    assert (
        current_offsets(
            opens_on=D(2026, 10, 1), due_on=D(2027, 1, 31), today=today, offsets=DEFAULT
        )
        == expected
    )


def test_a_window_shorter_than_the_due_offset_is_owed_both_reminders_at_once():
    keys = current_offsets(
        opens_on=D(2026, 9, 20), due_on=D(2026, 9, 30), today=D(2026, 9, 18), offsets=DEFAULT
    )
    assert keys == ["opens-30", "due-14"]


def test_of_several_offsets_the_latest_passed_is_owed():
    offsets = Offsets(before_opens=(), before_due=(7, 14), overdue_every=0)
    on = {
        day: current_offsets(
            opens_on=None, due_on=D(2026, 6, 30), today=D(2026, 6, day), offsets=offsets
        )
        for day in (15, 16, 23, 30)
    }
    assert on == {15: [], 16: ["due-14"], 23: ["due-7"], 30: ["due-7"]}
    late = current_offsets(
        opens_on=None, due_on=D(2026, 6, 30), today=D(2026, 8, 1), offsets=offsets
    )
    assert late == ["overdue-0"]  # with no repeat, only the day it became overdue


def test_the_offsets_come_from_the_setting(settings):
    settings.CYCLE_REMINDER_OFFSETS = {
        "before_opens": [60, 30],
        "before_due": [7],
        "overdue_every": 0,
    }
    assert reminders.configured_offsets() == Offsets((30, 60), (7,), 0)


# --- sending ----------------------------------------------------------------------------


def test_the_owing_boards_business_manager_is_reminded_before_the_window_opens(cycle):
    counts = reminders_send(today=D(2026, 8, 2))
    assert counts["sent"] == counts["claimed"] >= 1
    [message] = sent_about(REPORT_SUBJECT)
    assert message.subject == f"Opens soon: {REPORT_SUBJECT}"
    link = f"http://localhost:8000{cycle.versions['bolton'].get_absolute_url()}"
    assert message.body == (
        "The window for this opens on 1 September 2026 and closes on 30 September 2026.\n\n"
        "The BSCB presents its annual assessment and report, with CDOP and case review "
        "learning.\n\n"
        "Owed by: BSCB\n"
        "Owed to: BHWB\n"
        "Under: Bolton BHWB and BSCB protocol\n\n"
        "When it is done, record it with its evidence (a meeting, a document, a link or a "
        f"note): {link}\n"
    )
    reminder = Reminder.objects.get(occurrence=report(cycle))
    assert (reminder.offset, reminder.recipients, reminder.attempts) == (
        "opens-30",
        BOLTON_BSCB_MANAGER,
        1,
    )
    assert reminder.sent_at is not None


def test_running_again_or_the_next_days_sends_no_second_reminder(cycle):
    reminders_send(today=D(2026, 8, 2))
    sent = len(mail.outbox)
    again = reminders_send(today=D(2026, 8, 2))
    later = reminders_send(today=D(2026, 8, 10))
    assert (again["claimed"], again["sent"]) == (0, 0)
    assert len(sent_about(REPORT_SUBJECT)) == 1
    assert len(mail.outbox) == sent + later["sent"]
    assert Reminder.objects.filter(occurrence=report(cycle)).count() == 1


def test_a_missed_morning_is_made_up_the_next_day_but_a_moment_that_is_over_is_not(cycle):
    reminders_send(today=D(2026, 8, 20))  # the 2 August run never happened
    assert [m.subject for m in sent_about(REPORT_SUBJECT)] == [f"Opens soon: {REPORT_SUBJECT}"]
    mail.outbox.clear()
    Reminder.objects.all().delete()
    reminders_send(today=D(2026, 9, 2))  # the window is open: too late for "opens soon"
    assert sent_about(REPORT_SUBJECT) == []


def test_it_is_reminded_before_due_then_on_becoming_overdue_then_weekly(cycle):
    for day in range(16, 31):
        reminders_send(today=D(2026, 9, day))
    for day in range(1, 16):
        reminders_send(today=D(2026, 10, day))
    subjects = [m.subject for m in sent_about(REPORT_SUBJECT)]
    assert subjects == [f"Due soon: {REPORT_SUBJECT}"] + [f"Overdue: {REPORT_SUBJECT}"] * 3
    offsets = Reminder.objects.filter(occurrence=report(cycle)).values_list("offset", flat=True)
    assert sorted(offsets) == ["due-14", "overdue-0", "overdue-14", "overdue-7"]
    assert sent_about(REPORT_SUBJECT)[1].body.startswith(
        "This was due by 30 September 2026 and is now overdue.\n\n"
    )


def test_an_occurrence_done_or_waived_is_not_reminded(cycle):
    Occurrence.objects.filter(pk=report(cycle).pk).update(state="waived", waived_reason="Merged")
    reminders_send(today=D(2026, 8, 2))
    assert sent_about(REPORT_SUBJECT) == []
    assert not Reminder.objects.filter(occurrence=report(cycle)).exists()


def test_the_named_post_holder_is_reminded_too(cycle):
    obligation = cycle.obligation("bolton_annual_report")
    holder = f.PersonFactory(area=cycle.areas["bolton"], email="dcs@bolton.gov.uk")
    post = f.PostFactory(area=cycle.areas["bolton"], kind=Post.Kind.DCS, holder=holder)
    type(obligation).objects.filter(pk=obligation.pk).update(owing_post=post)
    reminders_send(today=D(2026, 8, 2))
    assert len(sent_about(REPORT_SUBJECT, to="dcs@bolton.gov.uk")) == 1
    assert len(sent_about(REPORT_SUBJECT)) == 1
    reminder = Reminder.objects.get(occurrence=report(cycle))
    assert reminder.recipients == f"{BOLTON_BSCB_MANAGER}, dcs@bolton.gov.uk"


def test_each_email_has_a_message_id_that_a_repeat_send_keeps(cycle):
    reminders_send(today=D(2026, 8, 2))
    [message] = sent_about(REPORT_SUBJECT)
    reminder = Reminder.objects.get(occurrence=report(cycle))
    first_id = message.message()["Message-ID"]
    assert first_id == reminders.message_id(f"reminder-{reminder.pk}", BOLTON_BSCB_MANAGER)
    assert first_id.startswith(f"<reminder-{reminder.pk}.") and first_id.endswith("@localhost>")
    # Built again (as a retry after a worker was killed mid-send would): the same id.
    [again] = reminders.reminder_messages(reminder)
    assert again.message()["Message-ID"] == first_id
    # Every email sent that morning has an id of its own.
    ids = [m.message()["Message-ID"] for m in mail.outbox]
    assert len(set(ids)) == len(ids) > 1


def test_a_failed_send_is_recorded_and_sent_once_by_a_later_run(cycle, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    first = reminders_send(today=D(2026, 8, 2))
    assert first["sent"] == 0
    assert first["failed"] == first["claimed"] >= 1
    reminder = Reminder.objects.get(occurrence=report(cycle))
    assert (reminder.sent_at, reminder.attempts) == (None, 1)
    assert reminder.last_error == "Connection unexpectedly closed"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    second = reminders_send(today=D(2026, 8, 3))
    third = reminders_send(today=D(2026, 8, 4))
    assert (second["claimed"], second["sent"]) == (0, first["claimed"])
    assert third["sent"] == 0
    assert len(sent_about(REPORT_SUBJECT)) == 1
    reminder.refresh_from_db()
    assert (reminder.attempts, reminder.last_error) == (2, "")
    assert reminder.sent_at is not None


def test_a_reminder_that_keeps_failing_is_given_up_after_the_last_attempt(cycle, settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    for day in range(2, 2 + reminders.MAX_ATTEMPTS + 2):
        reminders_send(today=D(2026, 8, day))
    reminder = Reminder.objects.get(occurrence=report(cycle))
    assert (reminder.sent_at, reminder.attempts) == (None, reminders.MAX_ATTEMPTS)


def test_text_the_boards_wrote_is_escaped_in_the_html_email(cycle):
    obligation = cycle.obligation("bolton_annual_report")
    type(obligation).objects.filter(pk=obligation.pk).update(
        description='The BSCB presents <b onclick="x()">its report</b> & more.'
    )
    reminders_send(today=D(2026, 8, 2))
    [message] = sent_about("& more.")
    html = message.alternatives[0][0]
    assert "&lt;b onclick=&quot;x()&quot;&gt;its report&lt;/b&gt; &amp; more." in html
    assert '<b onclick="x()">its report</b> & more.' in message.body


def test_claiming_reads_a_constant_number_of_queries(cycle):
    def claim_queries(today):
        with CaptureQueriesContext(connection) as ctx:
            reminders._claim_due(today, DEFAULT)
        return len(ctx.captured_queries)

    few = claim_queries(D(2026, 6, 20))
    many = claim_queries(D(2026, 10, 20))  # more overdue by then
    assert Reminder.objects.count() > 2
    assert few == many
