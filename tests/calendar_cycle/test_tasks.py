"""The Celery tasks call the services (run eagerly here; a real worker is an integration test)."""

from __future__ import annotations

from calendar_cycle.models import Occurrence
from calendar_cycle.tasks import (
    escalate_overdue_task,
    generate_occurrences_task,
    send_digests_task,
    send_reminders_task,
    update_states_task,
)


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
    for task in (
        generate_occurrences_task,
        update_states_task,
        send_reminders_task,
        escalate_overdue_task,
        send_digests_task,
    ):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
        assert task.soft_time_limit < task.time_limit


def test_the_morning_tasks_remind_and_escalate_and_the_weekly_task_sends_digests(seeds):
    generate_occurrences_task.delay(today="2026-04-01").get()
    reminded = send_reminders_task.delay(today="2026-10-29").get()
    escalated = escalate_overdue_task.delay(today="2026-10-29").get()
    digests = send_digests_task.delay(today="2026-10-26").get()
    assert reminded["sent"] == reminded["claimed"] > 0
    assert escalated == Occurrence.objects.filter(escalated_on="2026-10-29").count() > 0
    assert digests["sent"] == digests["people"] > 0
