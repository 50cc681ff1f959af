"""A real beat and a real worker run the reporting cycle on PostgreSQL and Redis.

Beat reads its schedule from the database (django-celery-beat's DatabaseScheduler), the
worker takes the tasks from Redis, and each reminder is emailed once however many times
the schedule fires. Both are separate processes, so email goes to files the test reads.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection, connections
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from boards.models import Membership
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence, Reminder
from calendar_cycle.reminders import reminders_deliver, reminders_send
from protocols.models import ProtocolVersion
from tests import factories as f
from tests.factories import protocols as pf

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MANAGER = "cycle.manager@example.org"
STARTUP_SECONDS = 120


def _protocol_due_in_a_week(obligations: int = 1) -> ProtocolVersion:
    """An in-force protocol whose obligations fall due a week from today (or a day later,
    where a week from today is 29 February, which not every year has)."""
    due = timezone.localdate() + dt.timedelta(days=7)
    if (due.month, due.day) == (2, 29):
        due += dt.timedelta(days=1)
    owing, receiving = f.BoardFactory(short_name="LSCB"), f.BoardFactory(short_name="HWB")
    version = pf.ProtocolVersionFactory(
        protocol=pf.ProtocolFactory(area=owing.area),
        status=ProtocolVersion.Status.IN_FORCE,
        in_force_from=due - dt.timedelta(days=400),
    )
    pf.PartyFactory(version=version, board=owing, order=1)
    pf.PartyFactory(version=version, board=receiving, order=2)
    manager = f.PersonFactory(area=owing.area, full_name="Cy Manager", email=MANAGER)
    f.MembershipFactory(person=manager, board=owing, role=Membership.Role.BUSINESS_MANAGER)
    for n in range(obligations):
        pf.ObligationFactory(
            version=version,
            owing_board=owing,
            receiving_board=receiving,
            description=f"The LSCB shares its plan number {n + 1}.",
            timing={"kind": "deadline", "month": due.month, "day": due.day},
            order=n + 1,
        )
    return version


def _sent_subjects(mail_dir: Path) -> list[str]:
    return [
        line.removeprefix("Subject: ")
        for path in sorted(mail_dir.glob("*.log"))
        for line in path.read_text().splitlines()
        if line.startswith("Subject: ")
    ]


def _runs(log: Path, task: str) -> int:
    if not log.exists():
        return 0
    return sum(
        1
        for line in log.read_text().splitlines()
        if f"Task {task}[" in line and "succeeded" in line
    )


def _wait_for(condition, what: str, logs: list[Path]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    tails = "\n".join(p.read_text()[-3000:] for p in logs if p.exists())
    pytest.fail(f"Timed out waiting for {what}.\n{tails}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def worker_and_beat(tmp_path):
    """Start a worker and beat on a queue of their own; stop both however the test ends."""
    queue = f"cycle-test-{uuid.uuid4().hex[:12]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.cycle_settings",
        "DATABASE_URL": _database_url(),
        "CYCLE_MAIL_DIR": str(mail_dir),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    python = sys.executable
    worker_log, beat_log = tmp_path / "worker.log", tmp_path / "beat.log"
    common = ["-m", "celery", "-A", "config"]
    processes = []
    try:
        processes.append(
            subprocess.Popen(  # noqa: S603  (our own interpreter and arguments)
                [python, *common, "worker", "--pool=solo", "--concurrency=1", "-Q", queue]
                + ["--loglevel=INFO", f"--logfile={worker_log}", f"--hostname={queue}@%h"],
                cwd=settings.BASE_DIR,
                env=env,
            )
        )
        yield {
            "queue": queue,
            "mail_dir": mail_dir,
            "worker_log": worker_log,
            "beat_log": beat_log,
            "start_beat": lambda: processes.append(
                subprocess.Popen(  # noqa: S603
                    [python, *common, "beat", "--loglevel=INFO", f"--logfile={beat_log}"]
                    + ["-S", "django_celery_beat.schedulers:DatabaseScheduler"]
                    + [
                        f"--schedule={tmp_path / 'beat-schedule'}",
                        f"--pidfile={tmp_path / 'beat.pid'}",
                    ],
                    cwd=settings.BASE_DIR,
                    env=env,
                )
            ),
        }
    finally:
        for process in reversed(processes):
            _stop(process)


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("This test needs PostgreSQL: set DATABASE_URL.")
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def test_beat_and_a_worker_generate_occurrences_and_send_each_reminder_once(worker_and_beat):
    _protocol_due_in_a_week()
    every_two_seconds, _ = IntervalSchedule.objects.get_or_create(
        every=2, period=IntervalSchedule.SECONDS
    )
    for name, task in (
        ("Generate now", "calendar_cycle.tasks.generate_occurrences_task"),
        ("Remind now", "calendar_cycle.tasks.send_reminders_task"),
    ):
        PeriodicTask.objects.create(
            name=name, task=task, interval=every_two_seconds, queue=worker_and_beat["queue"]
        )
    worker_and_beat["start_beat"]()
    logs = [worker_and_beat["worker_log"], worker_and_beat["beat_log"]]

    _wait_for(lambda: Occurrence.objects.filter(kind="obligation").exists(), "occurrences", logs)
    _wait_for(
        lambda: (
            _runs(worker_and_beat["worker_log"], "calendar_cycle.tasks.send_reminders_task") >= 4
        ),
        "four runs of the reminders task",
        logs,
    )

    occurrence = Occurrence.objects.filter(kind="obligation").earliest("due_on")
    assert (occurrence.due_on - timezone.localdate()).days in (7, 8)
    reminder = Reminder.objects.get(occurrence=occurrence)
    assert (reminder.offset, reminder.attempts, reminder.recipients) == ("due-14", 1, MANAGER)
    assert reminder.sent_at is not None
    assert _sent_subjects(worker_and_beat["mail_dir"]) == [
        "Due soon: The LSCB shares its plan number 1."
    ]


def _race(target, runners: int = 2) -> None:
    """Run ``target`` in ``runners`` threads at once, each on its own connection."""
    barrier = threading.Barrier(runners)
    errors = []

    def run():
        try:
            barrier.wait(timeout=30)
            target()
        except Exception as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []


def test_two_reminder_runs_racing_send_each_reminder_once():
    _protocol_due_in_a_week(obligations=25)
    generate_occurrences()
    _race(reminders_send)
    assert Reminder.objects.count() == 25
    assert Reminder.objects.filter(sent_at__isnull=False, attempts=1).count() == 25
    assert len(mail.outbox) == 25
    assert len({m.subject for m in mail.outbox}) == 25


def test_two_workers_delivering_the_same_claimed_reminders_send_each_once():
    _protocol_due_in_a_week(obligations=25)
    generate_occurrences()
    reminders_send(today=timezone.localdate() - dt.timedelta(days=30))  # nothing owed yet
    assert not Reminder.objects.exists()
    soon = Occurrence.objects.filter(
        kind="obligation", due_on__lte=timezone.localdate() + dt.timedelta(days=8)
    )
    for occurrence in soon:
        Reminder.objects.create(occurrence=occurrence, offset="due-14", recipients=MANAGER)
    _race(reminders_deliver, runners=3)
    assert Reminder.objects.filter(sent_at__isnull=False, attempts=1).count() == 25
    assert len(mail.outbox) == 25
