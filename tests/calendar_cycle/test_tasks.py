"""The Celery tasks call the services (run eagerly here; a real worker is an integration test)."""

from __future__ import annotations

from calendar_cycle.models import Occurrence
from calendar_cycle.tasks import generate_occurrences_task, update_states_task


def test_the_nightly_task_generates_occurrences(seeds):
    result = generate_occurrences_task.delay(today="2026-04-01").get()
    assert result["created"] == Occurrence.objects.count() > 0
    assert result["versions"] == 4
    again = generate_occurrences_task.delay(today="2026-04-01").get()
    assert (again["created"], again["versions_planned"]) == (0, 0)


def test_the_morning_task_updates_states(seeds):
    generate_occurrences_task.delay(today="2026-04-01").get()
    counts = update_states_task.delay(today="2026-10-01").get()
    report = Occurrence.objects.get(
        obligation=seeds.obligation("bolton_annual_report"), period_key="2026"
    )
    assert report.state == "overdue"
    assert counts["overdue"] >= 1


def test_the_tasks_ack_late_and_are_rejected_when_a_worker_is_lost():
    for task in (generate_occurrences_task, update_states_task):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
        assert task.soft_time_limit < task.time_limit
