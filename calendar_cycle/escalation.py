"""Escalating occurrences that have been overdue too long.

An occurrence overdue for more than ``settings.CYCLE_ESCALATE_AFTER_DAYS`` days is
flagged (``escalated_on``, with a history row), the chairs of the owing and the
receiving board are emailed once, and a concern is suggested at the first step of the
protocol's resolution ladder, where the chairs see it on the protocol's page. Each part
is once only: the flag is set under a row lock, the email is a claimed reminder, and the
suggested concern is unique per occurrence in the protocols app.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from boards.exceptions import DomainError
from boards.models import Membership
from protocols import services as protocol_services
from protocols.timing import format_date

from . import reminders
from .generation import BATCH_SIZE
from .models import Occurrence

logger = logging.getLogger(__name__)

ESCALATION_REASON = "Escalated to both boards' chairs"


def suggestion_key(occurrence: Occurrence) -> str:
    """Name the suggested concern about an occurrence, unique across the protocols app."""
    return f"calendar-occurrence-{occurrence.pk}"


def _suggest_concern(occurrence: Occurrence, today: dt.date) -> None:
    obligation = occurrence.obligation
    owing, receiving = obligation.owing_board, obligation.receiving_board
    if owing is None or receiving is None or owing == receiving:
        return  # a post's duty: there is no pair of boards to take it up between them
    due = format_date(occurrence.due_on)
    try:
        with transaction.atomic():
            protocol_services.concern_suggest(
                version=occurrence.version,
                key=suggestion_key(occurrence),
                raised_by_board=receiving,
                raised_with_board=owing,
                subject=f"Overdue since {due}: {reminders.one_line(obligation.description, 200)}",
                description=(
                    f"The {owing.short_name} has not yet done this for the "
                    f"{receiving.short_name}, and it was due by {due}: {obligation.description}"
                ),
                request=(
                    f"The chairs of the {receiving.short_name} and the {owing.short_name} "
                    "agree why it is overdue and the date by which it will be done."
                ),
                on_date=today,
            )
    except DomainError as exc:
        logger.warning("Could not suggest a concern about occurrence %s: %s", occurrence.pk, exc)


@transaction.atomic
def occurrences_escalate(*, today: dt.date | None = None) -> int:
    """Escalate every occurrence overdue for longer than the setting; return how many.

    Rows another run holds are skipped, and an occurrence already escalated is not
    escalated again, so a retried task or two workers at once escalate each one once.
    """
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=reminders.escalate_after_days())
    rows = list(
        Occurrence.objects.outstanding()
        .filter(kind=Occurrence.Kind.OBLIGATION, escalated_on__isnull=True, due_on__lt=cutoff)
        .select_related("version", "obligation__owing_board", "obligation__receiving_board")
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("due_on", "pk")
    )
    if not rows:
        return 0
    chairs = reminders.officer_emails(
        {b for o in rows for b in (o.obligation.owing_board_id, o.obligation.receiving_board_id)}
        - {None},
        Membership.CHAIR_ROLES,
        today,
    )
    now = timezone.now()
    claimed = []
    for occurrence in rows:
        occurrence.escalated_on = today
        occurrence.modified = now
        obligation = occurrence.obligation
        recipients = set(chairs.get(obligation.owing_board_id, ()))
        recipients |= chairs.get(obligation.receiving_board_id, set())
        claimed.append(
            reminders.reminder_claim(
                occurrence=occurrence, offset=reminders.ESCALATED, recipients=sorted(recipients)
            )
        )
        _suggest_concern(occurrence, today)
    reminders.deliver_on_commit(claimed)
    bulk_update_with_history(
        rows,
        Occurrence,
        ["escalated_on", "modified"],
        batch_size=BATCH_SIZE,
        default_change_reason=ESCALATION_REASON,
    )
    return len(rows)


def close_suggestion(occurrence: Occurrence, outcome: str) -> None:
    """Close the concern suggested about an escalated occurrence that is now settled."""
    if occurrence.escalated_on is not None:
        protocol_services.concern_suggestion_close(key=suggestion_key(occurrence), outcome=outcome)
