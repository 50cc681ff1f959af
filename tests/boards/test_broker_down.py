"""With the broker unreachable, saving a record still works and nothing is lost."""

import datetime

import pytest
from kombu import pools as kombu_pools

from boards import services
from boards.models import Meeting
from config.celery import app


def _drop_connection_pools():
    # Celery keeps the broker connection pools of the first URL it used, in kombu's
    # process-wide registry; close them AND empty the registry (a closed pool left there
    # would refuse every later send to the real broker, "Acquire on closed pool"), then
    # forget the app's references, as a fork does (Celery._after_fork).
    kombu_pools.reset()
    app._after_fork()


@pytest.fixture
def dead_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    original = app.conf.broker_url
    _drop_connection_pools()
    # Nothing listens on port 1 of the loopback: connections are refused at once.
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    yield
    _drop_connection_pools()
    app.conf.broker_url = original
    app.conf.task_always_eager = True


def test_meeting_is_saved_when_the_broker_is_down(
    world, dead_broker, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meeting = services.record_create(
            actor=world.user("business_manager"),
            instance=Meeting(board=world.hwb, date=datetime.date(2026, 12, 3)),
        )
    assert len(callbacks) == 1
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    assert "Could not queue boards.tasks.meeting_notify" in caplog.text
