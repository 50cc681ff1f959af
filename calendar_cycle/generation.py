"""Generate occurrences for every operative protocol version, in bulk.

``generate_occurrences`` is what the nightly task and ``manage.py cycle generate`` run.
It reads every in-force (or under-review) version's obligations and review rule with a
few queries, plans their occurrences in Python (``calendar_cycle.planning``), compares
them with what is stored and writes only the difference:

- a planned occurrence that is not stored is inserted, and the unique constraint on
  (obligation, period) — (version, period) for reviews — is what stops a second run, or
  a concurrent one, making a duplicate (``ON CONFLICT DO NOTHING``);
- a stored occurrence that is still to come and not done or waived takes the planned
  dates when they differ (the obligation's rule changed, a meeting moved);
- a stored occurrence that is still to come, not done or waived, and no longer planned
  (its period went with a rule change, its meeting was cancelled, its version was
  superseded) is deleted;
- past occurrences, and done or waived ones, are never touched, and a rule change adds
  no periods in the past to an obligation that already has occurrences (a meeting or an
  event recorded late still gets its occurrence, even if already overdue).

A version whose inputs have not changed since the last run (its fingerprint, kept in
``GenerationMark``) is not planned or compared again, so a nightly run with nothing to
do reads the rules and the meetings and stops.

History: updates and deletions write one history row each, in bulk. Inserted
occurrences get no creation history row, to keep a national run fast; their ``created``
time says when they were generated, and their history starts with their first change.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from boards.models import Meeting
from protocols import timing
from protocols.models import Obligation, ProtocolVersion, Signature

from . import planning, windows
from .models import GenerationMark, Occurrence, TriggerEvent
from .planning import Facts, Horizon, MeetingDate, Trigger

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
OPERATIVE = ProtocolVersion.OPERATIVE_STATUSES
CLOSED = Occurrence.CLOSED_STATES
OBLIGATION = Occurrence.Kind.OBLIGATION.value
REVIEW = Occurrence.Kind.REVIEW.value
DEFAULT_REVIEW_RULE = {"kind": "anniversary", "of": "signing", "every_years": 1}
REVIEW_PREFIX = "review-"

#: Change when planning changes what it plans, so every version is planned again.
PLANNER_VERSION = "1"

# The longest a rule can reach back: 365 working days after a meeting, with holidays.
_LOOKBACK = dt.timedelta(days=550)

Identity = tuple[str, int, str]  # (kind, obligation or version id, period key)


@dataclass
class GenerationStats:
    """What a run did. Rows a concurrent run made first are not counted as ``created``."""

    versions: int = 0
    versions_planned: int = 0
    obligations: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    invalid_rules: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


_STORED_FIELDS = ("pk", "opens_on", "due_on", "financial_year", "state")


@dataclass
class _Stored:
    pk: int
    opens_on: dt.date | None
    due_on: dt.date
    financial_year: int
    state: str


@dataclass
class _Version:
    pk: int
    protocol_id: int
    in_force_from: dt.date | None
    review_rule: str
    signed_on: dt.date | None = None
    #: (id, stable key, timing rule as text) of each obligation, in id order
    obligations: list[tuple[int, uuid.UUID, str]] = field(default_factory=list)


def generate_occurrences(
    *,
    horizon: Horizon | None = None,
    today: dt.date | None = None,
    due_soon_days: int | None = None,
    force: bool = False,
) -> GenerationStats:
    """Bring the stored occurrences of every operative version into line with its rules.

    ``horizon`` defaults to the financial year ``today`` falls in and the next one.
    Idempotent: a second run with nothing changed writes nothing. ``force`` plans and
    compares every version, changed or not.
    """
    today = today or timezone.localdate()
    horizon = horizon or Horizon.around(today)
    soon = planning.DEFAULT_DUE_SOON_DAYS if due_soon_days is None else due_soon_days
    stats = GenerationStats()
    run = _Run(today=today, horizon=horizon, due_soon_days=soon, stats=stats)
    run.load()
    changed = run.changed_versions(force=force)
    if changed:
        planned = run.plan(changed)
        stored = run.stored(changed)
        run.write(planned, stored)
        run.mark(changed)
    run.retire_inoperative()
    return stats


class _Run:
    def __init__(self, *, today, horizon: Horizon, due_soon_days: int, stats: GenerationStats):
        self.today = today
        self.horizon = horizon
        self.due_soon_days = due_soon_days
        self.stats = stats
        self._rules: dict[str, timing.TimingRule | None] = {}
        self.fingerprints: dict[int, str] = {}
        self._board_digests: dict[int, str] = {}

    # --- reading ------------------------------------------------------------------------

    def load(self) -> None:
        self.versions: dict[int, _Version] = {
            pk: _Version(pk, protocol_id, in_force_from, _canonical(review_rule))
            for pk, protocol_id, in_force_from, review_rule in ProtocolVersion.objects.filter(
                status__in=OPERATIVE
            )
            .order_by("pk")
            .values_list("pk", "protocol_id", "in_force_from", "protocol__review_rule")
        }
        for version_id, last in (
            Signature.objects.filter(version__status__in=OPERATIVE)
            .values("version_id")
            .annotate(last=Max("signed_at"))
            .values_list("version_id", "last")
        ):
            self.versions[version_id].signed_on = timezone.localdate(last)
        # The rule as text: parsed once per distinct rule, and hashed as it is.
        for pk, version_id, key, text in (
            Obligation.objects.filter(version__status__in=OPERATIVE)
            .order_by("pk")
            .values_list("pk", "version_id", "key", Cast("timing", TextField()))
        ):
            self.versions[version_id].obligations.append((pk, key, text))
            self.stats.obligations += 1
        self.stats.versions = len(self.versions)

        boards: set[int] = set()
        followed: set[uuid.UUID] = set()
        for version in self.versions.values():
            for text in (version.review_rule, *(t for _pk, _key, t in version.obligations)):
                rule = self.rule(text)
                if rule is not None and _needs_facts(rule):
                    boards.update(_boards_of(rule))
                    followed.update(_followed(rule))
        self.meetings = self._meetings(boards)
        self.done_by_key, self.events_by_key = self._triggers(followed)

    def rule(self, text: str) -> timing.TimingRule | None:
        """Return the parsed rule, parsing each distinct rule once."""
        if text not in self._rules:
            try:
                self._rules[text] = timing.parse_rule(json.loads(text))
            except (timing.TimingRuleError, ValueError) as exc:
                message = getattr(exc, "message", str(exc))
                logger.warning("Skipping a timing rule that does not parse: %s", message)
                self._rules[text] = None
        return self._rules[text]

    def _meetings(self, boards: set[int]) -> dict[int, list[MeetingDate]]:
        result: dict[int, list[MeetingDate]] = defaultdict(list)
        if not boards:
            return result
        rows = (
            Meeting.objects.filter(
                board_id__in=boards,
                status__in=[Meeting.Status.SCHEDULED, Meeting.Status.HELD],
                date__gte=self.horizon.start - _LOOKBACK,
                date__lte=self.horizon.end,
            )
            .order_by("date", "pk")
            .values_list("board_id", "date", "pk")
        )
        for board_id, date, pk in rows:
            result[board_id].append(MeetingDate(date=date, id=pk))
        return result

    def _triggers(self, followed: set[uuid.UUID]):
        """Return the done occurrences and recorded events that relative rules follow.

        Done occurrences are those of the obligations a rule follows (``followed``);
        events are recorded against the following obligation's own key.
        """
        done: dict[tuple[int, uuid.UUID], list[Trigger]] = defaultdict(list)
        events: dict[tuple[int, uuid.UUID], list[Trigger]] = defaultdict(list)
        since = self.horizon.start - _LOOKBACK
        if followed:
            for pk, protocol_id, key, done_on in (
                Occurrence.objects.filter(
                    kind=OBLIGATION,
                    state=Occurrence.State.DONE,
                    obligation__key__in=followed,
                    done_on__gte=since,
                )
                .order_by("done_on", "pk")
                .values_list("pk", "version__protocol_id", "obligation__key", "done_on")
            ):
                done[(protocol_id, key)].append(Trigger(key=f"after-{pk}", date=done_on))
        for pk, protocol_id, key, happened_on in (
            TriggerEvent.objects.filter(happened_on__gte=since)
            .order_by("happened_on", "pk")
            .values_list("pk", "protocol_id", "obligation_key", "happened_on")
        ):
            events[(protocol_id, key)].append(Trigger(key=f"event-{pk}", date=happened_on))
        return done, events

    def _triggers_of(self, version: _Version, rule, key: uuid.UUID | None) -> list[Trigger]:
        triggers: list[Trigger] = []
        for relative in relative_parts(rule):
            if relative.after_obligation is not None:
                followed = _as_uuid(relative.after_obligation)
                triggers += self.done_by_key.get((version.protocol_id, followed), [])
            elif key is not None:
                triggers += self.events_by_key.get((version.protocol_id, key), [])
        return triggers

    # --- what changed -------------------------------------------------------------------

    def fingerprint(self, version: _Version) -> str:
        """Return a digest of everything the version's occurrences depend on."""
        parts = [
            PLANNER_VERSION,
            f"{self.horizon.first_fy}-{self.horizon.last_fy}",
            f"{version.in_force_from}|{version.signed_on}",
            version.review_rule,
        ]
        parts += [f"{pk}|{key.hex}|{text}" for pk, key, text in version.obligations]
        facts = [(None, self.rule(version.review_rule))]
        facts += [(key, self.rule(text)) for _pk, key, text in version.obligations]
        for key, rule in facts:
            if rule is None or not _needs_facts(rule):
                continue
            parts += [self._meetings_digest(board) for board in _boards_of(rule)]
            parts += [f"{t.key}:{t.date}" for t in self._triggers_of(version, rule, key)]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def _meetings_digest(self, board: int) -> str:
        if board not in self._board_digests:
            meetings = self.meetings.get(board, ())
            self._board_digests[board] = f"{board}:" + ",".join(
                f"{m.id}@{m.date}" for m in meetings
            )
        return self._board_digests[board]

    def changed_versions(self, *, force: bool) -> list[_Version]:
        """Return the versions whose inputs differ from those of their last generation."""
        marks = dict(GenerationMark.objects.values_list("version_id", "fingerprint"))
        changed = []
        for version in self.versions.values():
            self.fingerprints[version.pk] = self.fingerprint(version)
            if force or marks.get(version.pk) != self.fingerprints[version.pk]:
                changed.append(version)
        self.stats.versions_planned = len(changed)
        return changed

    def mark(self, versions: list[_Version]) -> None:
        """Record the fingerprints of the versions just generated."""
        GenerationMark.objects.bulk_create(
            [
                GenerationMark(version_id=v.pk, fingerprint=self.fingerprints[v.pk])
                for v in versions
            ],
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["version"],
            update_fields=["fingerprint", "generated_at"],
        )

    # --- planning -----------------------------------------------------------------------

    def plan(self, versions: Iterable[_Version]) -> dict[Identity, tuple[int, windows.Span]]:
        """Return the planned occurrences of ``versions``: identity → (version id, span)."""
        planned: dict[Identity, tuple[int, windows.Span]] = {}
        carried = self._carried_over()
        horizon = self.horizon
        for version in versions:
            since = version.in_force_from
            # A version in force before the horizon began loses no period to the filter.
            bounded = since is not None and since > horizon.start
            for pk, key, text in version.obligations:
                rule = self.rule(text)
                if rule is None:
                    self.stats.invalid_rules += 1
                    continue
                if planning.is_calendar_rule(rule):
                    items = planning.calendar_plan(rule, horizon)
                else:
                    facts = self._facts(version, rule, key)
                    items = planning.plan(rule, horizon, facts).items()
                for period, span in items:
                    if bounded and span.due < since:
                        continue
                    if carried and (version.protocol_id, key, period) in carried:
                        continue
                    planned[(OBLIGATION, pk, period)] = (version.pk, span)
            rule = self.rule(version.review_rule)
            if rule is None:
                self.stats.invalid_rules += 1
                continue
            for period, span in planning.plan(rule, horizon, self._facts(version, rule)).items():
                planned[(REVIEW, version.pk, review_period_key(period))] = (version.pk, span)
        return planned

    def _facts(self, version: _Version, rule, key: uuid.UUID | None = None) -> Facts:
        return Facts(
            meetings=self.meetings,
            triggers=self._triggers_of(version, rule, key),
            signed_on=version.signed_on,
            in_force_from=version.in_force_from,
        )

    def _carried_over(self) -> set[tuple[int, uuid.UUID, str]]:
        """Return the periods already done or waived under an earlier version.

        A new version's obligations keep their stable keys, so a report presented under
        version 1 is not asked for again when version 2 comes into force.
        """
        return set(
            Occurrence.objects.filter(
                kind=OBLIGATION,
                state__in=CLOSED,
                due_on__gte=self.horizon.start,
            )
            .exclude(version__status__in=OPERATIVE)
            .values_list("version__protocol_id", "obligation__key", "period_key")
        )

    def stored(self, versions: list[_Version]) -> dict[Identity, _Stored]:
        """Return the stored occurrences of ``versions`` due in the horizon."""
        stored = Occurrence.objects.filter(due_on__gte=self.horizon.start).order_by()
        if len(versions) == len(self.versions):
            chunks = [stored.filter(version__status__in=OPERATIVE)]
        else:
            ids = [v.pk for v in versions]
            chunks = [stored.filter(version_id__in=chunk) for chunk in batches(ids, 500)]
        columns = ("kind", "obligation_id", "version_id", "period_key", *_STORED_FIELDS)
        result = {}
        for queryset in chunks:
            for row in queryset.values_list(*columns):
                kind, obligation_id, version_id, key, *values = row
                owner = obligation_id if kind == OBLIGATION else version_id
                result[(kind, owner, key)] = _Stored(*values)
        return result

    # --- writing ------------------------------------------------------------------------

    def write(self, planned, stored) -> None:
        creates: list[tuple] = []
        changes: dict[int, windows.Span] = {}
        generated_before = {(kind, owner) for kind, owner, _ in stored}
        for identity in sorted(planned):
            version_id, span = planned[identity]
            have = stored.pop(identity, None)
            if have is None:
                kind, owner, period = identity
                if (
                    span.due < self.today
                    and (kind, owner) in generated_before
                    and not planning.is_event_key(period)
                ):
                    # A period a changed rule adds in the past: the past is left alone.
                    continue
                creates.append(self._new(identity, version_id, span))
            elif (
                have.state not in CLOSED
                and have.due_on >= self.today
                and (have.opens_on, have.due_on, have.financial_year)
                != (span.opens, span.due, windows.financial_year_of(span.due))
            ):
                changes[have.pk] = span
            else:
                self.stats.unchanged += 1
        window_start = max(self.today, self.horizon.start)
        gone = sorted(
            have.pk
            for have in stored.values()
            if have.state not in CLOSED and window_start <= have.due_on <= self.horizon.end
        )
        self.stats.created += insert_new(creates)
        self._update(changes)
        self.stats.deleted += delete_with_history(gone, reason="No longer planned by its rule")

    def _new(self, identity: Identity, version_id: int, span: windows.Span) -> tuple:
        """Return the values of ``NEW_COLUMNS`` for a planned occurrence."""
        kind, owner, period = identity
        return (
            kind,
            owner if kind == OBLIGATION else None,
            version_id,
            windows.financial_year_of(span.due),
            period,
            span.opens,
            span.due,
            planning.state_on(span, self.today, self.due_soon_days),
        )

    def _update(self, changes: dict[int, windows.Span]) -> None:
        now = timezone.now()
        for batch in batches(sorted(changes), BATCH_SIZE):
            with transaction.atomic():
                rows = list(
                    Occurrence.objects.select_for_update()
                    .filter(pk__in=batch, due_on__gte=self.today)
                    .exclude(state__in=CLOSED)
                    .order_by("pk")
                )
                for row in rows:
                    span = changes[row.pk]
                    row.opens_on, row.due_on = span.opens, span.due
                    row.financial_year = windows.financial_year_of(span.due)
                    row.state = planning.state_on(span, self.today, self.due_soon_days)
                    row.modified = now
                bulk_update_with_history(
                    rows,
                    Occurrence,
                    ["opens_on", "due_on", "financial_year", "state", "modified"],
                    batch_size=BATCH_SIZE,
                    default_change_reason="Dates changed with the timing rule",
                    default_date=now,
                )
            self.stats.updated += len(rows)

    def retire_inoperative(self) -> None:
        """Delete the outstanding future occurrences of versions no longer operative.

        Versions generated before carry a mark; one that is no longer operative has its
        future, outstanding occurrences deleted and its mark removed.
        """
        retired = list(
            GenerationMark.objects.exclude(version__status__in=OPERATIVE).values_list(
                "version_id", flat=True
            )
        )
        if not retired:
            return
        start = max(self.today, self.horizon.start)
        gone = list(
            Occurrence.objects.filter(version_id__in=retired)
            .exclude(state__in=CLOSED)
            .filter(due_on__gte=start, due_on__lte=self.horizon.end)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        self.stats.deleted += delete_with_history(
            gone, reason="The protocol version is no longer in force"
        )
        GenerationMark.objects.filter(version_id__in=retired).delete()


#: the columns generation fills; the rest take their empty defaults
NEW_COLUMNS = (
    "kind",
    "obligation_id",
    "version_id",
    "financial_year",
    "period_key",
    "opens_on",
    "due_on",
    "state",
)


def insert_new(rows: list[tuple]) -> int:
    """Insert new occurrences, skipping any that already exist; return how many went in.

    ``rows`` hold the values of ``NEW_COLUMNS``. Rows a concurrent run has inserted
    meanwhile are skipped by the unique constraints (ON CONFLICT DO NOTHING), never
    duplicated. On PostgreSQL the rows stream through COPY into a temporary table and
    cross in one INSERT ... SELECT, several times faster at national scale than building
    model instances for ``bulk_create``.
    """
    if not rows:
        return 0
    now = timezone.now()
    fields = [f for f in Occurrence._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in NEW_COLUMNS} | {
        "created": now,
        "modified": now,
    }
    if connection.vendor != "postgresql":
        with transaction.atomic():
            before = Occurrence.objects.count()
            for batch in batches(rows, BATCH_SIZE):
                occurrences = [
                    Occurrence(**defaults, **dict(zip(NEW_COLUMNS, row, strict=True)))
                    for row in batch
                ]
                Occurrence.objects.bulk_create(occurrences, ignore_conflicts=True)
            return Occurrence.objects.count() - before
    quote = connection.ops.quote_name
    table = quote(Occurrence._meta.db_table)
    staging = quote("calendar_cycle_occurrence_new")
    new = ", ".join(quote(c) for c in NEW_COLUMNS)
    rest = [f.column for f in fields if f.attname not in NEW_COLUMNS]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {new} FROM {table} WITH NO DATA"
        )
        with cursor.copy(f"COPY {staging} ({new}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        # One order for every run, so two runs at once wait for each other, not deadlock.
        cursor.execute(
            f"INSERT INTO {table} ({new}, {', '.join(quote(c) for c in rest)}) "
            f"SELECT {new}, {', '.join(['%s'] * len(rest))} FROM {staging} "
            f"ORDER BY {quote('obligation_id')}, {quote('version_id')}, {quote('period_key')} "
            "ON CONFLICT DO NOTHING",
            [defaults[f.attname] for f in fields if f.attname not in NEW_COLUMNS],
        )
        inserted = cursor.rowcount
        # Dropped now, not at commit, in case this runs inside a longer transaction.
        cursor.execute(f"DROP TABLE {staging}")
        return inserted


def review_period_key(period: str) -> str:
    """Return the review's period key for a rule's period: ``review-2027``."""
    return REVIEW_PREFIX + period.removeprefix("anniversary-")


def delete_with_history(pks: list[int], *, reason: str) -> int:
    """Delete outstanding occurrences in batches, writing their deletion history in bulk.

    Django's ordinary delete sends a signal per row, and simple-history answers each with
    its own insert; at national scale that is a query per row. Rows that point at an
    occurrence (its reminders) are deleted first, through the ordinary delete. Rows done
    or waived since they were chosen are kept.
    """
    deleted = 0
    history = Occurrence.history.model
    for batch in batches(pks, BATCH_SIZE):
        with transaction.atomic():
            rows = list(
                Occurrence.objects.select_for_update()
                .filter(pk__in=batch)
                .exclude(state__in=CLOSED)
                .order_by("pk")
            )
            if not rows:
                continue
            now = timezone.now()
            history.objects.bulk_create(
                [
                    history(
                        history_date=now,
                        history_type="-",
                        history_change_reason=reason,
                        **{f.attname: getattr(row, f.attname) for f in history.tracked_fields},
                    )
                    for row in rows
                ]
            )
            ids = [row.pk for row in rows]
            for relation in Occurrence._meta.related_objects:
                if relation.one_to_many:
                    relation.related_model._base_manager.filter(
                        **{f"{relation.field.name}__in": ids}
                    ).delete()
            # The history is written above, so the per-row signals are not wanted here.
            Occurrence.objects.filter(pk__in=ids)._raw_delete(Occurrence.objects.db)
            deleted += len(ids)
    return deleted


@functools.lru_cache(maxsize=4096)
def _needs_facts(rule: timing.TimingRule) -> bool:
    return planning.needs_facts(rule)


@functools.lru_cache(maxsize=4096)
def _boards_of(rule: timing.TimingRule) -> tuple[int, ...]:
    return tuple(sorted(timing.referenced_boards(rule)))


@functools.lru_cache(maxsize=4096)
def _followed(rule: timing.TimingRule) -> frozenset[uuid.UUID]:
    keys = (_as_uuid(k) for k in timing.referenced_obligations(rule))
    return frozenset(k for k in keys if k is not None)


def relative_parts(rule: timing.TimingRule) -> list[timing.Relative]:
    """Return the relative rules in ``rule``: itself, or those inside a first_of."""
    if isinstance(rule, timing.FirstOf):
        return [r for r in rule.rules if isinstance(r, timing.Relative)]
    return [rule] if isinstance(rule, timing.Relative) else []


def batches(items: list, size: int) -> Iterator[list]:
    """Yield ``items`` in lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _canonical(data: Any) -> str:
    return json.dumps(data or DEFAULT_REVIEW_RULE, sort_keys=True)


def _as_uuid(value: Any) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None
