"""A Celery worker killed (SIGKILL) in the middle of a task: a new worker finishes the work once.

Three tasks: generating occurrences, issuing a signed PDF and sending reminders.

Real worker processes (``celery -A config worker``) on the real Redis and this test's
PostgreSQL database. The task is acknowledged only when it ends (``acks_late``), so the
killed worker's message stays unacknowledged in Redis; after the visibility timeout (short
here: ``CELERY_VISIBILITY_TIMEOUT``) the next worker takes it back and runs it again. The
task is idempotent, so the second run leaves exactly what one clean run would have.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count

from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import GenerationMark, Occurrence, Reminder
from calendar_cycle.reminders import message_id, reminders_send
from calendar_cycle.tasks import generate_occurrences_task, send_reminders_task
from config.celery import app as celery_app
from protocols.models import ProtocolVersion, SignedDocument
from protocols.pdf.sign import sign_version_pdf
from protocols.pdf.verify import Outcome, verify_pdf
from tests.benchmarks.bench_cycle import build
from tests.integration.test_cycle_beat import MANAGER, _protocol_due_in_a_week
from tests.protocols.conftest import cast  # noqa: F401 - fixture
from tests.protocols.pdf_support import (
    PASSPHRASE,
    approve_and_sign,
    build_protocol,
    signing_p12,
    use_signing_certificate,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
VISIBILITY_TIMEOUT = 4
TODAY = dt.date(2026, 11, 23)
#: Enough of the country that generation runs for a few seconds: 12,000 obligations.
AREAS = 20


class Worker:
    """One ``celery worker`` process on its own queue, so no other worker takes the task."""

    def __init__(self, queue: str, log: Path, env: dict[str, str]):
        settings = connection.settings_dict
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": (
                f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
                f"{settings['NAME']}?application_name={queue}"
            ),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            **env,
        }
        self.log = log
        self.process = subprocess.Popen(
            [str(CELERY), "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
            + ["--queues", queue, "--hostname", f"{queue}-{log.stem}@%h"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"]
            + ["--logfile", str(log)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while " ready." not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"The worker did not start:\n{self.output()}")
            time.sleep(0.2)

    def output(self) -> str:
        return self.log.read_text() if self.log.exists() else ""

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


def route_every_task(routes: dict | None) -> None:
    """Set the task routes of this process's Celery app, dropping the router it cached."""
    celery_app.conf.task_routes = routes
    celery_app.amqp.flush_routes()
    celery_app.amqp.__dict__.pop("router", None)  # a cached_property: rebuilt on next use


@pytest.fixture
def workers(settings, tmp_path):
    """Start workers on a queue of this test's own, where every task this test sends goes
    (so no other worker on the same Redis takes one); stop them at the end."""
    assert connection.vendor == "postgresql", "run the integration tests on PostgreSQL"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.task_always_eager = False
    queue = f"killed-{uuid.uuid4().hex[:8]}"
    route_every_task({"*": {"queue": queue}})
    started: list[Worker] = []

    def start(**env: str) -> Worker:
        worker = Worker(queue, tmp_path / f"worker-{len(started) + 1}.log", env)
        started.append(worker)
        return worker

    start.queue = queue
    yield start
    for worker in started:
        worker.stop()
    route_every_task(None)
    celery_app.conf.task_always_eager = True


def wait_for(condition, *, timeout: float, every: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def test_generation_killed_mid_run_completes_once_on_another_worker(workers):
    build(AREAS)
    versions = ProtocolVersion.objects.count()
    first = workers()

    result = generate_occurrences_task.apply_async(kwargs={"today": TODAY.isoformat()})
    assert wait_for(lambda: result.state == "STARTED", timeout=60), first.output()
    first.kill()
    killed_at = time.monotonic()

    # Killed part-way: the run had not finished, so it had not marked a version as done.
    assert result.state == "STARTED"
    assert GenerationMark.objects.count() == 0
    assert "succeeded" not in first.output()

    # The message comes back once the visibility timeout has passed since its delivery.
    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - killed_at)))
    second = workers()
    counts = result.get(timeout=180)

    # The result is stored a moment before the worker logs the task as succeeded.
    assert wait_for(lambda: "succeeded" in second.output(), timeout=30), second.output()
    occurrences = Occurrence.objects.count()
    assert counts["created"] == occurrences > 0
    duplicated = (
        Occurrence.objects.values("obligation", "version", "kind", "period_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(duplicated) == []
    assert GenerationMark.objects.count() == versions
    # Nothing left to do: the redelivered run did the whole job, once.
    again = generate_occurrences(today=TODAY)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert Occurrence.objects.count() == occurrences


def in_transaction(queue: str) -> bool:
    """Whether the worker's database connection is inside a transaction (mid-task)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s "
            "AND state LIKE 'idle in transaction%%'",
            [queue],
        )
        return cursor.fetchone()[0] > 0


def test_a_signed_pdf_killed_mid_issue_is_issued_once_by_another_worker(
    workers,
    cast,  # noqa: F811
    settings,
    tmp_path,
):
    p12 = signing_p12(tmp_path)
    use_signing_certificate(settings, p12)
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PDF_SIGNING_P12": str(p12),
        "PDF_SIGNING_PASSPHRASE": PASSPHRASE,
    }
    first = workers(**env)

    # The last signature queues the PDF; the worker renders and seals it while holding the
    # version's row lock, inside a transaction: that is when it is killed.
    version = approve_and_sign(cast, build_protocol(cast))
    assert wait_for(lambda: in_transaction(workers.queue), timeout=60), first.output()
    first.kill()
    killed_at = time.monotonic()
    assert not SignedDocument.objects.filter(version=version).exists()

    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - killed_at)))
    second = workers(**env)
    assert wait_for(
        lambda: SignedDocument.objects.filter(version=version).exists(), timeout=180, every=0.5
    ), second.output()

    document = SignedDocument.objects.get(version=version)
    signed = sorted(p.name for p in (settings.MEDIA_ROOT / "protocols" / "signed").iterdir())
    assert signed == [Path(document.file.name).name]
    data = document.file.open("rb").read()
    assert verify_pdf(data).outcome == Outcome.VALID
    # Asking again returns the stored file; nothing is made twice.
    assert sign_version_pdf(version) == data
    assert SignedDocument.objects.count() == 1


def _sent_message_ids(mail_dir: Path) -> list[str]:
    return [
        line.removeprefix("Message-ID: ").strip()
        for path in sorted(mail_dir.iterdir())
        for line in path.read_text(errors="replace").splitlines()
        if line.startswith("Message-ID: ")
    ]


def test_reminders_killed_mid_delivery_are_all_sent_by_another_worker(workers, tmp_path):
    # Many reminders, so that delivering them one by one takes long enough to kill part-way.
    reminders_owed = 400
    _protocol_due_in_a_week(obligations=reminders_owed)
    generate_occurrences()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        "DJANGO_SETTINGS_MODULE": "tests.integration.cycle_settings",
        "CYCLE_MAIL_DIR": str(mail_dir),
    }
    first = workers(**env)

    result = send_reminders_task.apply_async()
    sent = Reminder.objects.filter(sent_at__isnull=False)
    assert wait_for(lambda: sent.exists(), timeout=60), first.output()
    first.kill()
    killed_at = time.monotonic()

    # Killed part-way: every reminder was claimed, some were sent, the rest were not.
    assert Reminder.objects.count() == reminders_owed
    assert 0 < sent.count() < reminders_owed, "the worker finished before it was killed"
    assert "succeeded" not in first.output()

    time.sleep(max(0.0, VISIBILITY_TIMEOUT + 1 - (time.monotonic() - killed_at)))
    second = workers(**env)
    result.get(timeout=180)
    # The result is stored a moment before the worker logs the task as succeeded.
    assert wait_for(lambda: "succeeded" in second.output(), timeout=30), second.output()

    # Every reminder sent, each recorded once, and none claimed twice.
    assert Reminder.objects.count() == reminders_owed
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert set(Reminder.objects.values_list("attempts", flat=True)) == {1}
    ids = _sent_message_ids(mail_dir)
    expected = {
        message_id(f"reminder-{pk}", MANAGER)
        for pk in Reminder.objects.values_list("pk", flat=True)
    }
    assert set(ids) == expected
    # A message the mail server took just before the kill, whose sending was not yet
    # recorded, is sent again by the retry, under the same Message-ID; nothing else repeats.
    assert len(ids) - len(expected) in (0, 1)
    # Running again sends nothing more.
    assert reminders_send()["sent"] == 0
    assert len(_sent_message_ids(mail_dir)) == len(ids)
