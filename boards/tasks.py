"""Background work for the boards app. Tasks take ids, load the row and call one service."""

from __future__ import annotations

from celery import shared_task

from .models import Meeting


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=False)
def meeting_notify(meeting_id: int) -> int:
    """Tell the members of a meeting's board that it has been scheduled; return emails sent."""
    from .services import meeting_notice_send

    meeting = (
        Meeting.objects.select_related("board", "subgroup__board").filter(pk=meeting_id).first()
    )
    if meeting is None:  # deleted before the worker got to it: nothing to say
        return 0
    return meeting_notice_send(meeting=meeting)
