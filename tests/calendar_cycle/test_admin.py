"""The admin shows occurrences and their history, and changes nothing."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from calendar_cycle.digest import digests_send
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from calendar_cycle.reminders import reminders_send
from tests import factories as f


def test_superusers_see_occurrences_in_the_admin_but_cannot_change_them(seeds, client):
    generate_occurrences(today=dt.date(2026, 4, 1))
    admin = f.UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    listing = client.get("/admin/calendar_cycle/occurrence/")
    assert listing.status_code == 200
    assert (
        "The BSCB provides the BHWB with a copy of its Business Plan." in listing.content.decode()
    )
    occurrence = Occurrence.objects.first()
    change = client.post(
        f"/admin/calendar_cycle/occurrence/{occurrence.pk}/change/", {"state": "done"}
    )
    assert change.status_code == 403
    occurrence.refresh_from_db()
    assert occurrence.state != "done"
    assert client.get("/admin/calendar_cycle/occurrence/add/").status_code == 403


def test_administrators_see_which_reminders_and_digests_went_and_can_change_the_schedule(
    seeds, client
):
    generate_occurrences(today=dt.date(2026, 4, 1))
    reminders_send(today=dt.date(2026, 8, 2))
    digests_send(today=dt.date(2026, 9, 7))
    call_command("cycle_schedule", stdout=StringIO())
    admin = f.UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    reminders = client.get("/admin/calendar_cycle/reminder/?sent_at__isempty=0")
    digests = client.get("/admin/calendar_cycle/digest/")
    schedule = client.get("/admin/django_celery_beat/periodictask/")
    assert "opens-30" in reminders.content.decode()
    assert "Bolton Bscb Manager" in digests.content.decode()
    assert "Reporting cycle: weekly digest" in schedule.content.decode()
    task = PeriodicTask.objects.get(task="calendar_cycle.tasks.send_digests_task")
    change = client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/")
    assert change.status_code == 200
