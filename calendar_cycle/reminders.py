"""Reminders by email about occurrences: each sent exactly once per occurrence and offset.

Sending has two halves. Claiming inserts a ``Reminder`` row per occurrence and offset and
commits it: the database's unique constraint lets one run, of any number retried or
racing, hold each. Delivering then takes each unsent row under a row lock (skipping rows
another worker holds), sends its emails and records them sent in the same transaction;
a send that fails is counted with its error and the next run tries it again, up to
``MAX_ATTEMPTS``. Two runs never both send a row, because it is sent only while locked
and only while it is unsent. The one repeat possible is a worker killed after the mail
server took a message but before its transaction committed: the retry sends that message
again, under the same Message-ID (``message_id``), which mail systems treat as one.

The offsets come from ``settings.CYCLE_REMINDER_OFFSETS`` (days): before a window opens,
before it closes or falls due, and once overdue, on the day it becomes overdue and then
every so many days. A run finds, for each outstanding occurrence, the latest moment of
each kind that has passed and is still current, so a run missed while the broker was
down is made up by the next one, and a moment that is over (a window already open) is
not reminded late.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from boards.models import Membership
from protocols.timing import format_date

from .models import Occurrence, Reminder

logger = logging.getLogger(__name__)

#: how many times a reminder is tried before it is left for a person to look at
MAX_ATTEMPTS = 5
REVIEW_DUE = "review-due"
REVIEW_OPENED = "review-opened"
ESCALATED = "escalated"
#: how much of an obligation's description a subject line carries
SUBJECT_WORDS = 70


@dataclass(frozen=True)
class Offsets:
    before_opens: tuple[int, ...] = (30,)
    before_due: tuple[int, ...] = (14,)
    overdue_every: int = 7

    @property
    def furthest_ahead(self) -> int:
        return max((*self.before_opens, *self.before_due, 0))


def configured_offsets() -> Offsets:
    """Return the offsets in ``settings.CYCLE_REMINDER_OFFSETS``, or the defaults."""
    given = getattr(settings, "CYCLE_REMINDER_OFFSETS", {}) or {}
    default = Offsets()
    return Offsets(
        before_opens=tuple(sorted(int(d) for d in given.get("before_opens", default.before_opens))),
        before_due=tuple(sorted(int(d) for d in given.get("before_due", default.before_due))),
        overdue_every=int(given.get("overdue_every", default.overdue_every)),
    )


def _latest_before(day: dt.date, days_before: tuple[int, ...], today: dt.date) -> int | None:
    """Return the smallest offset whose moment (``day`` less it) is today or past."""
    passed = [d for d in days_before if day - dt.timedelta(days=d) <= today]
    return min(passed) if passed else None


def current_offsets(
    *, opens_on: dt.date | None, due_on: dt.date, today: dt.date, offsets: Offsets
) -> list[str]:
    """Return the reminders an outstanding occurrence is owed on ``today``, at most one a kind.

    "opens-30" while the window is still to open and its moment 30 days before has
    passed; "due-14" until the due date; "overdue-0" from the day after the due date,
    "overdue-7" a week later, and so on (only "overdue-0" when ``overdue_every`` is 0).
    """
    keys = []
    if opens_on is not None and today < opens_on:
        d = _latest_before(opens_on, offsets.before_opens, today)
        if d is not None:
            keys.append(f"opens-{d}")
    if today <= due_on:
        d = _latest_before(due_on, offsets.before_due, today)
        if d is not None:
            keys.append(f"due-{d}")
    else:
        late = (today - due_on).days - 1
        every = offsets.overdue_every
        keys.append(f"overdue-{late // every * every if every > 0 else 0}")
    return keys


# --- who is told -----------------------------------------------------------------------


def officer_emails(board_ids: Iterable[int], roles, today: dt.date) -> dict[int, set[str]]:
    """Return the email addresses of each board's current members in ``roles``."""
    rows = (
        Membership.objects.current(today)
        .filter(board_id__in=set(board_ids), role__in=roles)
        .exclude(person__email="")
        .values_list("board_id", "person__email")
    )
    result: dict[int, set[str]] = {}
    for board_id, email in rows:
        result.setdefault(board_id, set()).add(email)
    return result


def _owing_recipients(occurrence: Occurrence, managers: dict[int, set[str]]) -> list[str]:
    obligation = occurrence.obligation
    emails = set(managers.get(obligation.owing_board_id, ()))
    post = obligation.owing_post
    if post is not None and post.holder is not None and post.holder.email:
        emails.add(post.holder.email)
    return sorted(emails)


# --- claiming --------------------------------------------------------------------------


def reminder_claim(
    *, occurrence: Occurrence, offset: str, recipients: list[str]
) -> Reminder | None:
    """Claim the reminder for this occurrence and offset; None if it was claimed before."""
    if not recipients:
        return None
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                occurrence=occurrence, offset=offset, recipients=", ".join(recipients)
            )
    except IntegrityError:
        return None


def _claim_due(today: dt.date, offsets: Offsets) -> int:
    """Claim every reminder outstanding occurrences are owed today; return how many."""
    ahead = today + dt.timedelta(days=offsets.furthest_ahead)
    candidates = list(
        Occurrence.objects.outstanding()
        .filter(kind=Occurrence.Kind.OBLIGATION)
        .filter(Q(opens_on__gt=today, opens_on__lte=ahead) | Q(due_on__lte=ahead))
        .select_related("obligation__owing_post__holder")
    )
    wanted = {
        (o.pk, key): o
        for o in candidates
        for key in current_offsets(
            opens_on=o.opens_on, due_on=o.due_on, today=today, offsets=offsets
        )
    }
    if not wanted:
        return 0
    claimed = set(
        Reminder.objects.filter(occurrence_id__in={pk for pk, _ in wanted}).values_list(
            "occurrence_id", "offset"
        )
    )
    managers = officer_emails(
        {o.obligation.owing_board_id for o in candidates} - {None},
        [Membership.Role.BUSINESS_MANAGER],
        today,
    )
    rows = []
    for (pk, key), occurrence in wanted.items():
        if (pk, key) in claimed:
            continue
        recipients = _owing_recipients(occurrence, managers)
        if recipients:
            rows.append(Reminder(occurrence_id=pk, offset=key, recipients=", ".join(recipients)))
    # Committed before anything is sent; a row another run inserted first is left to it.
    with transaction.atomic():
        Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


# --- delivering ------------------------------------------------------------------------


def _site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def one_line(text: str, limit: int = 0) -> str:
    """Return text fit for a subject line: no line breaks, no runs of spaces.

    With ``limit``, text longer than that is cut at a word and ends with an ellipsis.
    """
    text = " ".join(str(text).split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return text


def message_id(key: str, to: str) -> str:
    """Return the Message-ID of the email ``key`` (a reminder, a digest) to one person.

    The same every time the email is sent: a worker killed after the mail server took a
    message but before the send was recorded sends it again on retry, and the repeat
    carries the same Message-ID, by which mail systems recognise it as one message.
    """
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    person = hashlib.sha256(to.strip().lower().encode()).hexdigest()[:16]
    return f"<{key}.{person}@{domain}>"


def render_email(
    template: str, subject: str, context: dict, recipients: list[str], *, key: str
) -> list[EmailMultiAlternatives]:
    """Render ``calendar_cycle/email/<template>.txt`` and ``.html``: one message a person,
    each with the stable Message-ID of ``key`` and that person."""
    text = render_to_string(f"calendar_cycle/email/{template}.txt", context)
    html = render_to_string(f"calendar_cycle/email/{template}.html", context)
    messages = []
    for to in recipients:
        message = EmailMultiAlternatives(
            one_line(subject),
            text,
            settings.DEFAULT_FROM_EMAIL,
            [to],
            headers={"Message-ID": message_id(key, to)},
        )
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return messages


def _kind(offset: str) -> tuple[str, int]:
    name, _, days = offset.rpartition("-")
    if name in ("opens", "due", "overdue") and days.isdigit():
        return name, int(days)
    return offset, 0


def reminder_messages(reminder: Reminder) -> list[EmailMultiAlternatives]:
    """Build the emails of one reminder, one to each of its recipients."""
    occurrence = reminder.occurrence
    version = occurrence.version
    kind, days = _kind(reminder.offset)
    context = {
        "occurrence": occurrence,
        "obligation": occurrence.obligation,
        "version": version,
        "kind": kind,
        "days": days,
        "opens": format_date(occurrence.opens_on) if occurrence.opens_on else "",
        "due": format_date(occurrence.due_on),
        "link": _site_link(version.get_absolute_url()),
    }
    title = one_line(
        occurrence.obligation.description if occurrence.obligation else occurrence.title,
        SUBJECT_WORDS,
    )
    if kind in (REVIEW_DUE, REVIEW_OPENED):
        subject = f"{'Review opened' if kind == REVIEW_OPENED else 'Review due'}: {version.title}"
        template = "review"
    elif kind == ESCALATED:
        context["days"] = escalate_after_days()
        subject = f"Overdue for more than {context['days']} days: {title}"
        template = "escalated"
    else:
        lead = {"opens": "Opens soon", "due": "Due soon", "overdue": "Overdue"}[kind]
        subject = f"{lead}: {title}"
        template = "reminder"
    recipients = [r.strip() for r in reminder.recipients.split(",") if r.strip()]
    return render_email(template, subject, context, recipients, key=f"reminder-{reminder.pk}")


def escalate_after_days() -> int:
    return int(getattr(settings, "CYCLE_ESCALATE_AFTER_DAYS", 28))


def deliver_claimed(model, pks: Iterable[int], build, related: tuple[str, ...] = ()) -> dict:
    """Send each claimed, unsent row of ``model`` (a reminder or a digest) exactly once.

    Each row is locked, sent with the messages ``build(row)`` returns and marked sent in
    one transaction; a row another worker holds is skipped, and one already sent is not
    selected. A failure is recorded (attempts, last error) and left for the next run.
    """
    counts = {"sent": 0, "failed": 0}
    connection = get_connection()
    for pk in pks:
        with transaction.atomic():
            row = (
                model.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(pk=pk, sent_at__isnull=True)
                .select_related(*related)
                .first()
            )
            if row is None:
                continue  # another worker has it, or has sent it
            row.attempts += 1
            try:
                connection.send_messages(build(row))
            except Exception as exc:  # any failure of the mail server is retried later
                logger.warning("Could not send %s %s: %s", model.__name__, row.pk, exc)
                row.last_error = str(exc)[:500]
                row.save(update_fields=["attempts", "last_error", "modified"])
                counts["failed"] += 1
                continue
            row.sent_at = timezone.now()
            row.last_error = ""
            row.save(update_fields=["attempts", "sent_at", "last_error", "modified"])
            counts["sent"] += 1
    return counts


def reminders_deliver(*, pks: Iterable[int] | None = None) -> dict:
    """Send the claimed reminders not yet sent (only ``pks``, if given); return the counts."""
    pending = Reminder.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
    if pks is not None:
        pending = pending.filter(pk__in=list(pks))
    return deliver_claimed(
        Reminder,
        list(pending.order_by("pk").values_list("pk", flat=True)),
        reminder_messages,
        related=(
            "occurrence__version",
            "occurrence__obligation__owing_board",
            "occurrence__obligation__receiving_board",
            "occurrence__obligation__owing_post",
            "occurrence__obligation__receiving_post",
        ),
    )


def deliver_on_commit(claimed: Iterable[Reminder | None]) -> None:
    """Send reminders claimed in the current transaction once that transaction commits."""
    pks = [r.pk for r in claimed if r is not None]
    if pks:
        transaction.on_commit(lambda: reminders_deliver(pks=pks))


def reminders_send(*, today: dt.date | None = None) -> dict:
    """Claim the reminders owed today, then send every claimed reminder not yet sent.

    What the morning task runs; safe to run again, retried, or in two workers at once.
    """
    today = today or timezone.localdate()
    claimed = _claim_due(today, configured_offsets())
    return {"claimed": claimed, **reminders_deliver()}
