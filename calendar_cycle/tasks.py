"""Background work of the reporting cycle: thin tasks that call one service each.

django-celery-beat runs them on the schedule held in the database: generation nightly,
states (and due reviews) each morning. Both are idempotent, so a retry, a late ack after
a lost worker, or two workers at once do no harm.
"""

from __future__ import annotations

from celery import shared_task

_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": False,
    "soft_time_limit": 15 * 60,
    "time_limit": 20 * 60,
}


@shared_task(**_TASK_OPTIONS)
def generate_occurrences_task(today: str | None = None) -> dict:
    """Generate the occurrences of the current and next financial year; return the counts.

    ``today`` (YYYY-MM-DD, for a catch-up run) defaults to the worker's today.
    """
    import datetime as dt

    from .generation import generate_occurrences

    day = dt.date.fromisoformat(today) if today else None
    return generate_occurrences(today=day).as_dict()


@shared_task(**_TASK_OPTIONS)
def update_states_task(today: str | None = None) -> dict:
    """Move occurrences into today's states and open the reviews that fell due."""
    import datetime as dt

    from .services import update_states

    day = dt.date.fromisoformat(today) if today else None
    return update_states(today=day)
