"""A real worker builds an evidence pack from the real Redis, once."""

import time
import zipfile

import pytest

from reporting import evidence
from reporting.models import EvidencePack
from reporting.tasks import build_evidence_pack_task
from tests.integration.celery_support import worker_on_own_queue
from tests.reporting.compliance_support import build_ledger

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def redis_worker(settings):
    with worker_on_own_queue(settings):
        yield


def test_worker_builds_the_requested_pack_and_a_second_delivery_changes_nothing(
    redis_worker, world
):
    ledger = build_ledger(world)
    pack = evidence.evidence_pack_request(
        actor=world.user("chair"), area=world.area_a, protocol=ledger.version.protocol
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        pack.refresh_from_db()
        if pack.status in (EvidencePack.Status.READY, EvidencePack.Status.FAILED):
            break
        time.sleep(0.2)
    assert pack.status == EvidencePack.Status.READY, pack.progress
    with pack.file.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert "alderley-hwb-ascp/compliance-log.csv" in names
    finished = pack.finished_at

    assert build_evidence_pack_task.delay(pack.pk).get(timeout=20) is None
    pack.refresh_from_db()
    assert pack.finished_at == finished


def test_a_pack_that_is_gone_is_left_alone(redis_worker):
    assert build_evidence_pack_task.delay(987654321).get(timeout=20) is None
