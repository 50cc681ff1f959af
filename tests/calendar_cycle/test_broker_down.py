"""With the broker unreachable the cycle's services still work; the next run catches up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from freezegun import freeze_time

from boards.services import enqueue
from calendar_cycle import services
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence, Reminder, TriggerEvent
from calendar_cycle.reminders import reminders_send
from calendar_cycle.tasks import generate_occurrences_task, send_reminders_task
from tests.boards.test_broker_down import dead_broker  # noqa: F401  (a fixture)

from .conftest import meeting

D = dt.date

pytestmark = pytest.mark.usefixtures("dead_broker")


def test_an_event_is_recorded_with_the_broker_down_and_the_next_run_plans_it(
    seeds, django_capture_on_commit_callbacks, caplog
):
    generate_occurrences(today=D(2026, 4, 1))
    meeting(seeds.boards["bolton_bhwb"], D(2026, 12, 17))
    learning = seeds.obligation("bolton_scr_learning")
    with (
        freeze_time("2026-11-02 10:00"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        event = services.event_record(
            actor=seeds.users["bolton_bscb_manager"],
            obligation=learning,
            happened_on=D(2026, 11, 2),
        )
    assert len(callbacks) == 1
    assert TriggerEvent.objects.filter(pk=event.pk).exists()
    assert "Could not queue calendar_cycle.tasks.generate_occurrences_task" in caplog.text
    assert not Occurrence.objects.filter(obligation=learning).exists()

    # The nightly run, once the broker is back, plans it.
    generate_occurrences_task.apply(kwargs={"today": "2026-11-03"}).get()
    planned = Occurrence.objects.get(obligation=learning)
    assert (planned.period_key, planned.due_on) == (f"event-{event.pk}", D(2026, 12, 17))


def test_the_reminders_a_lost_morning_owed_are_sent_by_the_next_morning(
    seeds, django_capture_on_commit_callbacks, caplog
):
    generate_occurrences(today=D(2026, 4, 1))
    report = Occurrence.objects.get(
        obligation=seeds.obligation("bolton_annual_report"), period_key="2026"
    )
    # The 2 August morning run could not be queued: nothing was claimed or sent.
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(send_reminders_task, "2026-08-02")
    assert "Could not queue calendar_cycle.tasks.send_reminders_task" in caplog.text
    assert not Reminder.objects.exists()

    reminders_send(today=D(2026, 8, 3))
    assert Reminder.objects.get(occurrence=report).offset == "opens-30"
    opens_soon = [
        m.to for m in mail.outbox if m.subject.startswith("Opens soon: The BSCB presents")
    ]
    assert opens_soon == [["bolton_bscb_manager@x.gov.uk"]]
