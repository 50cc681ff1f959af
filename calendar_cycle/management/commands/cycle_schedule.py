"""Declare the reporting cycle's beat schedule in the database (django-celery-beat).

manage.py cycle_schedule            # add what is missing; keep what an administrator changed
manage.py cycle_schedule --reset    # put the declared times back

Each task is looked for by the task it runs, under any name. One already on the schedule
is left exactly as it is (its time, whether it is enabled, its name), so running this
on every deployment never undoes a change made in the admin; to stop a task, disable it
in the admin rather than deleting it, or the next run adds it again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, PeriodicTask


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    minute: str
    hour: str
    day_of_week: str = "*"
    description: str = ""

    @property
    def when(self) -> str:
        days = "every day" if self.day_of_week == "*" else "on Mondays"
        return f"{self.hour.zfill(2)}:{self.minute.zfill(2)} {days}"


TASKS = "calendar_cycle.tasks."

#: The declared schedule, in the order it runs (London time).
SCHEDULE = (
    Entry(
        "Reporting cycle: generate occurrences",
        TASKS + "generate_occurrences_task",
        "30",
        "1",
        description="Nightly: plans each in-force protocol's occurrences for two financial years.",
    ),
    Entry(
        "Reporting cycle: update states and open due reviews",
        TASKS + "update_states_task",
        "30",
        "6",
        description="Each morning: upcoming, open, due soon, overdue; reviews that fell due.",
    ),
    Entry(
        "Reporting cycle: send reminders",
        TASKS + "send_reminders_task",
        "0",
        "7",
        description="Each morning: the reminders owed today, and any that failed before.",
    ),
    Entry(
        "Reporting cycle: escalate long-overdue occurrences",
        TASKS + "escalate_overdue_task",
        "15",
        "7",
        description="Each morning: flags long-overdue occurrences to both boards' chairs.",
    ),
    Entry(
        "Reporting cycle: weekly digest",
        TASKS + "send_digests_task",
        "30",
        "7",
        day_of_week="1",
        description="Mondays: each business manager's digest of what is owed and overdue.",
    ),
)


def _crontab(entry: Entry) -> CrontabSchedule:
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute=entry.minute,
        hour=entry.hour,
        day_of_week=entry.day_of_week,
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    return crontab


@transaction.atomic
def declare_schedule(*, reset: bool = False) -> dict[str, list[Entry]]:
    """Add the missing tasks to the beat schedule; with ``reset``, restore declared times."""
    done: dict[str, list[Entry]] = {"added": [], "kept": [], "reset": []}
    for entry in SCHEDULE:
        existing = list(PeriodicTask.objects.select_for_update().filter(task=entry.task))
        if not existing:
            PeriodicTask.objects.create(
                name=entry.name,
                task=entry.task,
                crontab=_crontab(entry),
                description=entry.description,
            )
            done["added"].append(entry)
        elif reset:
            for row in existing:
                row.crontab = _crontab(entry)
                row.interval = row.solar = row.clocked = None
                row.enabled = True
                row.save()
            done["reset"].append(entry)
        else:
            done["kept"].append(entry)
    return done


class Command(BaseCommand):
    help = (
        "Declare the reporting cycle's beat schedule. Tasks already scheduled are kept as the "
        "admin has them, unless --reset."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Put the declared times back on tasks already scheduled, and enable them.",
        )

    def handle(self, *args, reset: bool = False, **options):
        done = declare_schedule(reset=reset)
        for key, label in (
            ("added", "Added"),
            ("reset", "Reset to"),
            ("kept", "Kept as set in the admin"),
        ):
            for entry in done[key]:
                suffix = f" ({entry.when})" if key != "kept" else ""
                self.stdout.write(f"{label}: {entry.name}{suffix}")
