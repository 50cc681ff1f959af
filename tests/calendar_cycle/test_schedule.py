"""The beat schedule is declared in the database, once, and the admin's changes survive."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from calendar_cycle import tasks  # noqa: F401  (registers the tasks with the app)
from calendar_cycle.management.commands.cycle_schedule import SCHEDULE
from config.celery import app

pytestmark = pytest.mark.django_db

DECLARED = [
    (
        "Reporting cycle: generate occurrences",
        "calendar_cycle.tasks.generate_occurrences_task",
        "30 1 *",
    ),
    (
        "Reporting cycle: update states and open due reviews",
        "calendar_cycle.tasks.update_states_task",
        "30 6 *",
    ),
    ("Reporting cycle: send reminders", "calendar_cycle.tasks.send_reminders_task", "0 7 *"),
    (
        "Reporting cycle: escalate long-overdue occurrences",
        "calendar_cycle.tasks.escalate_overdue_task",
        "15 7 *",
    ),
    ("Reporting cycle: weekly digest", "calendar_cycle.tasks.send_digests_task", "30 7 1"),
]


def schedule(*args) -> str:
    out = StringIO()
    call_command("cycle_schedule", *args, stdout=out)
    return out.getvalue()


def rows() -> list[tuple[str, str, str]]:
    return [
        (t.name, t.task, f"{t.crontab.minute} {t.crontab.hour} {t.crontab.day_of_week}")
        for t in PeriodicTask.objects.select_related("crontab").order_by("pk")
    ]


def test_the_schedule_is_declared_in_london_time():
    output = schedule()
    assert rows() == DECLARED
    assert {str(c.timezone) for c in CrontabSchedule.objects.all()} == {"Europe/London"}
    assert output.splitlines() == [
        "Added: Reporting cycle: generate occurrences (01:30 every day)",
        "Added: Reporting cycle: update states and open due reviews (06:30 every day)",
        "Added: Reporting cycle: send reminders (07:00 every day)",
        "Added: Reporting cycle: escalate long-overdue occurrences (07:15 every day)",
        "Added: Reporting cycle: weekly digest (07:30 on Mondays)",
    ]


def test_running_it_again_adds_nothing():
    schedule()
    output = schedule()
    assert rows() == DECLARED
    assert output.splitlines()[0] == (
        "Kept as set in the admin: Reporting cycle: generate occurrences"
    )


def test_a_time_name_or_pause_set_in_the_admin_survives_the_next_deployment():
    schedule()
    nightly = PeriodicTask.objects.get(task="calendar_cycle.tasks.generate_occurrences_task")
    nightly.crontab = CrontabSchedule.objects.create(
        minute="0", hour="3", timezone=settings.TIME_ZONE
    )
    nightly.name = "Occurrences at three"
    nightly.save()
    PeriodicTask.objects.filter(task="calendar_cycle.tasks.send_digests_task").update(enabled=False)
    schedule()
    assert rows()[0] == (
        "Occurrences at three",
        "calendar_cycle.tasks.generate_occurrences_task",
        "0 3 *",
    )
    assert PeriodicTask.objects.count() == len(SCHEDULE)
    assert not PeriodicTask.objects.get(task="calendar_cycle.tasks.send_digests_task").enabled


def test_reset_puts_the_declared_times_back_and_enables_them():
    schedule()
    PeriodicTask.objects.filter(task="calendar_cycle.tasks.send_digests_task").update(
        enabled=False,
        crontab=CrontabSchedule.objects.create(minute="0", hour="9", timezone=settings.TIME_ZONE),
    )
    output = schedule("--reset")
    assert [r[2] for r in rows()] == [d[2] for d in DECLARED]
    assert PeriodicTask.objects.filter(enabled=True).count() == len(SCHEDULE)
    assert "Reset to: Reporting cycle: weekly digest (07:30 on Mondays)" in output


def test_every_scheduled_task_is_a_registered_task_that_acks_late():
    for entry in SCHEDULE:
        task = app.tasks[entry.task]
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
        assert task.soft_time_limit < task.time_limit


def test_the_database_set_up_and_the_containers_declare_the_schedule():
    root = Path(settings.BASE_DIR)
    makefile = (root / "Makefile").read_text()
    db_target = makefile.split("\ndb:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py migrate --noinput\n\t$(PY) manage.py cycle_schedule" in db_target
    compose = (root / "docker-compose.yml").read_text()
    assert "python manage.py migrate --noinput && python manage.py cycle_schedule" in compose
