"""The weekly digest: each business manager hears what their boards owe and are owed.

One email a business manager a week: what is overdue, and what their boards owe and what
is owed to them that opens or falls due in the next ``settings.CYCLE_DIGEST_WEEKS`` weeks.
A ``Digest`` row per person and week is claimed before sending, so a retried task or a
second worker sends nobody two digests for the same week. The whole run reads a constant
number of queries, however many people and occurrences there are; then each digest is
sent under its lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from boards.models import Membership, Person
from protocols.timing import format_date

from . import reminders
from .models import Digest, Occurrence


@dataclass
class DigestContent:
    """What one business manager's digest says."""

    person: Person
    board_names: list[str] = field(default_factory=list)
    overdue: list[Occurrence] = field(default_factory=list)
    owe: list[Occurrence] = field(default_factory=list)
    owed: list[Occurrence] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.overdue) + len(self.owe) + len(self.owed)


def digest_weeks() -> int:
    return int(getattr(settings, "CYCLE_DIGEST_WEEKS", 6))


def week_of(day: dt.date) -> dt.date:
    """Return the Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def digest_contents(today: dt.date, weeks: int) -> dict[int, DigestContent]:
    """Return each current business manager's digest, by person id (two queries)."""
    memberships = (
        Membership.objects.current(today)
        .filter(role=Membership.Role.BUSINESS_MANAGER, board__isnull=False)
        .exclude(person__email="")
        .select_related("person", "board")
        .order_by("person_id", "board__short_name")
    )
    contents: dict[int, DigestContent] = {}
    boards_of: dict[int, set[int]] = {}
    for m in memberships:
        content = contents.setdefault(m.person_id, DigestContent(person=m.person))
        if m.board_id not in boards_of.setdefault(m.person_id, set()):
            content.board_names.append(m.board.short_name)
            boards_of[m.person_id].add(m.board_id)
    all_boards = set().union(*boards_of.values()) if boards_of else set()
    if not all_boards:
        return {}
    horizon = today + dt.timedelta(weeks=weeks)
    occurrences = list(
        Occurrence.objects.outstanding()
        .filter(kind=Occurrence.Kind.OBLIGATION)
        .filter(Q(due_on__lte=horizon) | Q(opens_on__gte=today, opens_on__lte=horizon))
        .filter(
            Q(obligation__owing_board_id__in=all_boards)
            | Q(obligation__receiving_board_id__in=all_boards)
        )
        .select_related(
            "version",
            "obligation__owing_board",
            "obligation__receiving_board",
            "obligation__owing_post",
            "obligation__receiving_post",
        )
        .order_by("due_on", "pk")
    )
    for person_id, boards in boards_of.items():
        content = contents[person_id]
        for o in occurrences:
            owes = o.obligation.owing_board_id in boards
            owed = o.obligation.receiving_board_id in boards
            if not (owes or owed):
                continue
            if o.due_on < today:
                content.overdue.append(o)
            elif owes:
                content.owe.append(o)
            else:
                content.owed.append(o)
    return contents


def digest_messages(content: DigestContent, today: dt.date, weeks: int, *, key: str):
    context = {
        "person": content.person,
        "boards": ", ".join(content.board_names),
        "weeks": weeks,
        "today": format_date(today),
        "overdue": content.overdue,
        "owe": content.owe,
        "owed": content.owed,
        "link": settings.SITE_URL.rstrip("/") + "/",
    }
    subject = f"This week's obligations for the {context['boards']}"
    return reminders.render_email("digest", subject, context, [content.person.email], key=key)


def digests_send(*, today: dt.date | None = None) -> dict:
    """Send this week's digest to every business manager who has not had it; return counts.

    A person with nothing overdue and nothing due in the coming weeks gets no digest.
    """
    today = today or timezone.localdate()
    weeks = digest_weeks()
    monday = week_of(today)
    contents = {pk: c for pk, c in digest_contents(today, weeks).items() if c.size}
    with transaction.atomic():  # the claims are committed before anything is sent
        Digest.objects.bulk_create(
            [Digest(person_id=pk, week_of=monday, items=c.size) for pk, c in contents.items()],
            ignore_conflicts=True,
            batch_size=500,
        )
    pending = Digest.objects.filter(
        week_of=monday,
        person_id__in=list(contents),
        sent_at__isnull=True,
        attempts__lt=reminders.MAX_ATTEMPTS,
    ).order_by("pk")
    counts = reminders.deliver_claimed(
        Digest,
        list(pending.values_list("pk", flat=True)),
        lambda digest: digest_messages(
            contents[digest.person_id], today, weeks, key=f"digest-{digest.pk}"
        ),
    )
    return {"people": len(contents), **counts}
