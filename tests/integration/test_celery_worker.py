"""A real Celery worker takes a task from the real Redis and does the work."""

import datetime
import time

import pytest
from django.core import mail

from boards import services
from boards.models import Meeting, Membership
from tests import factories as f
from tests.integration.celery_support import worker_on_own_queue

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_worker(settings):
    with worker_on_own_queue(settings):
        yield


def test_worker_on_redis_emails_members_when_a_meeting_is_scheduled(redis_worker, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    board = f.BoardFactory(short_name="HWB", name="Alderley Health and Wellbeing Board")
    manager = f.PersonFactory(
        area=board.area, full_name="Bea Manager", user=f.UserFactory(username="bea")
    )
    f.MembershipFactory(person=manager, board=board, role=Membership.Role.BUSINESS_MANAGER)
    member = f.PersonFactory(area=board.area, full_name="Mo Member", email="mo@example.org")
    f.MembershipFactory(person=member, board=board)
    mail.outbox.clear()

    meeting = services.record_create(
        actor=manager.user,
        instance=Meeting(board=board, date=datetime.date(2026, 12, 3), place="Town Hall"),
    )

    deadline = time.monotonic() + 20
    while len(mail.outbox) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["bea.manager@example.org", "mo@example.org"]
    assert mail.outbox[0].subject == (
        "Meeting scheduled: Alderley Health and Wellbeing Board, 3 December 2026"
    )
    assert f"/meetings/{meeting.pk}/" in mail.outbox[0].body


def test_result_round_trips_through_the_redis_result_backend(redis_worker):
    from boards.tasks import meeting_notify

    result = meeting_notify.delay(987654321)  # no such meeting: the task returns quietly
    assert result.get(timeout=20) == 0
