"""Two people acting at the same moment: the row locks and guarded updates decide.

These run in real transactions on separate connections. On PostgreSQL the second writer
waits for the first to commit and is then refused; SQLite has no row locks, so there the
second writer is refused by the database's own write lock instead. Either way, nothing
written by the first is lost and the second never wins as well.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import OperationalError, close_old_connections, connection, transaction

from protocols import services
from protocols.exceptions import StaleEditError
from protocols.models import ProtocolVersion, Section

from .conftest import yesterday

pytestmark = pytest.mark.django_db(transaction=True)


def _hold_open(work, holding: threading.Event, release: threading.Event, outcome: dict):
    """Run ``work`` in a transaction and keep it open until ``release`` is set."""
    try:
        with transaction.atomic():
            outcome["result"] = work()
            holding.set()
            release.wait(10)
    except Exception as exc:  # the test inspects what happened to each writer
        outcome["error"] = exc
        holding.set()
    finally:
        close_old_connections()
        connection.close()


def _second(work, outcome: dict):
    try:
        outcome["result"] = work()
    except Exception as exc:  # the test inspects what happened to each writer
        outcome["error"] = exc
    finally:
        connection.close()


def _race(first_work, second_work):
    """Start ``first_work`` and hold its transaction open while ``second_work`` runs."""
    holding, release = threading.Event(), threading.Event()
    first, second = {}, {}
    a = threading.Thread(target=_hold_open, args=(first_work, holding, release, first))
    a.start()
    assert holding.wait(10)
    b = threading.Thread(target=_second, args=(second_work, second))
    b.start()
    time.sleep(0.5)
    second_waited = b.is_alive()
    release.set()
    a.join(10)
    b.join(10)
    return first, second, second_waited


def test_two_saves_of_one_section_cannot_both_win(cast, draft):
    section = draft.sections.get(order=1)

    def save(user, body):
        return lambda: services.section_update(
            actor=user, section=section, heading="Purpose", body=body, revision=1
        )

    first, second, waited = _race(
        save(cast.user("business_manager"), "First."),
        save(cast.user("ascp_business_manager"), "Second."),
    )
    assert "error" not in first
    section.refresh_from_db()
    assert (section.body, section.revision) == ("First.", 2)
    if connection.features.has_select_for_update:
        assert waited, "the second save should wait for the first to commit"
        assert isinstance(second["error"], StaleEditError)
    else:
        assert isinstance(second["error"], StaleEditError | OperationalError)


def test_the_last_two_approvals_at_once_approve_the_version_once(cast, version_in):
    version = version_in("awaiting_approval")

    def approve(role, board):
        return lambda: services.approval_record(
            actor=cast.user(role),
            version=version,
            board=board,
            decided_on=yesterday(),
            decided_by="The Board",
        )

    first, second, waited = _race(approve("chair", cast.hwb), approve("ascp_chair", cast.scp))
    assert "error" not in first
    version.refresh_from_db()
    if connection.features.has_select_for_update:
        assert waited
        assert "error" not in second
        assert version.status == ProtocolVersion.Status.APPROVED
        assert version.approvals.count() == 2
        approvals = [h.history_change_reason for h in version.history.all()]
        assert approvals.count("Approved by every party board (last: ASCP)") == 1
    else:
        assert isinstance(second["error"], OperationalError)
        assert version.approvals.count() == 1


def test_two_new_versions_at_once_make_one(cast, version_in):
    v1 = version_in("in_force")

    def start(role):
        return lambda: services.version_new(actor=cast.user(role), protocol=v1.protocol)

    first, second, waited = _race(start("business_manager"), start("ascp_business_manager"))
    assert "error" not in first
    assert ProtocolVersion.objects.filter(protocol=v1.protocol).count() == 2
    assert "error" in second
    if connection.features.has_select_for_update:
        assert waited
        assert second["error"].message == (
            "Version 2 is still in draft. Make your changes there instead of starting another "
            "version."
        )
    assert Section.objects.filter(version__number=2).count() == 2
