"""Background work of the reporting cycle: thin tasks that call one service each.

django-celery-beat runs them on the schedule held in the database (declared by
``manage.py cycle_schedule``, changed in the admin): generation nightly; states (and due
reviews), reminders and escalation each morning; the digest weekly. Each is idempotent,
so a retry, a late ack after a lost worker, or two workers at once do no harm, and each
catches up what a missed run (a broker that was down) left undone.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task

_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": False,
    "soft_time_limit": 15 * 60,
    "time_limit": 20 * 60,
}


def _day(today: str | None) -> dt.date | None:
    return dt.date.fromisoformat(today) if today else None


@shared_task(**_TASK_OPTIONS)
def generate_occurrences_task(today: str | None = None) -> dict:
    """Generate the occurrences of the current and next financial year; return the counts.

    ``today`` (YYYY-MM-DD, for a catch-up run) defaults to the worker's today.
    """
    from .generation import generate_occurrences

    return generate_occurrences(today=_day(today)).as_dict()


@shared_task(**_TASK_OPTIONS)
def update_states_task(today: str | None = None) -> dict:
    """Move occurrences into today's states and open the reviews that fell due."""
    from .services import update_states

    return update_states(today=_day(today))


@shared_task(**_TASK_OPTIONS)
def send_reminders_task(today: str | None = None) -> dict:
    """Claim the reminders owed today and send every claimed reminder not yet sent."""
    from .reminders import reminders_send

    return reminders_send(today=_day(today))


@shared_task(**_TASK_OPTIONS)
def escalate_overdue_task(today: str | None = None) -> int:
    """Flag occurrences overdue too long to both chairs and suggest a concern."""
    from .escalation import occurrences_escalate

    return occurrences_escalate(today=_day(today))


@shared_task(**_TASK_OPTIONS)
def send_digests_task(today: str | None = None) -> dict:
    """Send each business manager this week's digest, once."""
    from .digest import digests_send

    return digests_send(today=_day(today))
