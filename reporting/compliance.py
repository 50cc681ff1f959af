"""Whether obligations were met: the figures of the compliance dashboard and the log.

Every occurrence of a financial year falls in exactly one outcome on a given day:

- **met on time**: done on or before the day it was due;
- **met late**: done after the day it was due;
- **overdue**: not done, not waived, and its due day has passed;
- **waived**: waived by the side that owes it, with a reason;
- **not yet due**: still outstanding and its due day has not passed.

``outcome_of`` decides it for one row in Python and ``outcome_q`` for many rows in the
database; the dashboard counts with the first and lists "the occurrences behind a
figure" with the second, and the tests hold the two to the same answer. The on-time rate
is met on time out of those whose outcome is settled against the due day (on time, late
or overdue): waived and not-yet-due occurrences are neither a success nor a failure.

The compliance log (``log_rows``, ``LOG_COLUMNS``) is one row per occurrence, shared by
the dashboard's CSV export and the inspection evidence pack.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from calendar_cycle import windows
from calendar_cycle.models import Occurrence

State = Occurrence.State


class Outcome(enum.StrEnum):
    """Where an occurrence stands against its due day."""

    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    WAIVED = "waived"
    NOT_YET_DUE = "not_yet_due"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {
    Outcome.ON_TIME: "Met on time",
    Outcome.LATE: "Met late",
    Outcome.OVERDUE: "Overdue",
    Outcome.WAIVED: "Waived",
    Outcome.NOT_YET_DUE: "Not yet due",
}

#: the outcomes the on-time rate is taken over
SETTLED = (Outcome.ON_TIME, Outcome.LATE, Outcome.OVERDUE)


def outcome_of(state: str, due_on: dt.date, done_on: dt.date | None, today: dt.date) -> Outcome:
    """Return the outcome of one occurrence on ``today``."""
    if state == State.DONE:
        return Outcome.ON_TIME if done_on is not None and done_on <= due_on else Outcome.LATE
    if state == State.WAIVED:
        return Outcome.WAIVED
    return Outcome.OVERDUE if due_on < today else Outcome.NOT_YET_DUE


def outcome_q(outcome: Outcome, today: dt.date) -> Q:
    """Return the database condition for the occurrences with ``outcome`` on ``today``."""
    outstanding = ~Q(state__in=Occurrence.CLOSED_STATES)
    return {
        Outcome.ON_TIME: Q(state=State.DONE, done_on__lte=F("due_on")),
        Outcome.LATE: Q(state=State.DONE, done_on__gt=F("due_on")),
        Outcome.WAIVED: Q(state=State.WAIVED),
        Outcome.OVERDUE: outstanding & Q(due_on__lt=today),
        Outcome.NOT_YET_DUE: outstanding & Q(due_on__gte=today),
    }[outcome]


def parse_outcome(value: str) -> Outcome | None:
    """Return the outcome a query string names, or None for none or an unknown one."""
    try:
        return Outcome(value)
    except ValueError:
        return None


# --- tallies ------------------------------------------------------------------------


@dataclass
class Tally:
    """How many occurrences have each outcome."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def settled(self) -> int:
        return sum(self.counts[o] for o in SETTLED)

    @property
    def on_time_rate(self) -> float | None:
        """Met on time out of those settled, 0 to 1; None when nothing is settled yet."""
        return self.counts[Outcome.ON_TIME] / self.settled if self.settled else None

    @property
    def on_time_percent(self) -> int | None:
        rate = self.on_time_rate
        return None if rate is None else round(rate * 100)

    def as_dict(self) -> dict:
        return {
            **{o.value: self.counts[o] for o in Outcome},
            "total": self.total,
            "on_time_rate": None if self.on_time_rate is None else round(self.on_time_rate, 4),
        }

    def cells(self) -> list[tuple[Outcome, int]]:
        return [(o, self.counts[o]) for o in Outcome]


@dataclass
class Group:
    """A tally for one area, board or protocol, with what to call it and filter by."""

    key: int | None
    label: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Quarter:
    number: int
    span: windows.Span
    tally: Tally = field(default_factory=Tally)

    @property
    def label(self) -> str:
        return f"Q{self.number} ({self.span.opens:%b}–{self.span.due:%b %Y})"


@dataclass
class Summary:
    """The figures for one financial year of a set of occurrences."""

    financial_year: int
    today: dt.date
    total: Tally = field(default_factory=Tally)
    by_area: list[Group] = field(default_factory=list)
    by_board: list[Group] = field(default_factory=list)
    by_protocol: list[Group] = field(default_factory=list)
    quarters: list[Quarter] = field(default_factory=list)

    @property
    def label(self) -> str:
        return windows.financial_year_label(self.financial_year)

    def as_dict(self) -> dict:
        def groups(items: list[Group], name: str) -> list[dict]:
            return [{name: g.key, "name": g.label, **g.tally.as_dict()} for g in items]

        return {
            "financial_year": self.financial_year,
            "financial_year_label": self.label,
            "as_of": self.today.isoformat(),
            "total": self.total.as_dict(),
            "by_quarter": [
                {
                    "quarter": q.number,
                    "starts": q.span.opens.isoformat() if q.span.opens else None,
                    "ends": q.span.due.isoformat(),
                    **q.tally.as_dict(),
                }
                for q in self.quarters
            ],
            "by_area": groups(self.by_area, "area"),
            "by_board": groups(self.by_board, "board"),
            "by_protocol": groups(self.by_protocol, "protocol"),
        }


#: the label of occurrences no board owes: the protocol's review, or a post holder's duty
NO_OWING_BOARD = "Post holders and protocol reviews"

_SUMMARY_FIELDS = (
    "state",
    "due_on",
    "done_on",
    "version__protocol__area_id",
    "version__protocol__area__name",
    "obligation__owing_board_id",
    "obligation__owing_board__short_name",
    "version__protocol_id",
    "version__protocol__reference",
)


def summarise(queryset: QuerySet[Occurrence], financial_year: int, today: dt.date) -> Summary:
    """Count a financial year's occurrences by outcome, overall, per group and per quarter.

    One query, whatever the number of occurrences, areas, boards or protocols.
    """
    summary = Summary(financial_year=financial_year, today=today)
    summary.quarters = [
        Quarter(number=i + 1, span=span) for i, span in enumerate(windows.quarters(financial_year))
    ]
    areas: dict[int, Group] = {}
    boards: dict[int | None, Group] = {}
    protocols: dict[int, Group] = {}
    rows = queryset.filter(financial_year=financial_year).values_list(*_SUMMARY_FIELDS)
    for state, due, done, area_id, area, board_id, board, protocol_id, reference in rows:
        outcome = outcome_of(state, due, done, today)
        summary.total.add(outcome)
        summary.quarters[windows.quarter_of(due) - 1].tally.add(outcome)
        areas.setdefault(area_id, Group(area_id, area)).tally.add(outcome)
        boards.setdefault(board_id, Group(board_id, board or NO_OWING_BOARD)).tally.add(outcome)
        protocols.setdefault(protocol_id, Group(protocol_id, reference)).tally.add(outcome)

    def ordered(groups: dict) -> list[Group]:
        return sorted(groups.values(), key=lambda g: (g.key is None, g.label.lower()))

    summary.by_area = ordered(areas)
    summary.by_board = ordered(boards)
    summary.by_protocol = ordered(protocols)
    return summary


def over_time(
    queryset: QuerySet[Occurrence], years: Iterable[int], today: dt.date
) -> list[tuple[int, Tally]]:
    """Return a tally per financial year in ``years``, oldest first; one query."""
    years = sorted(set(years))
    tallies = {fy: Tally() for fy in years}
    rows = queryset.filter(financial_year__in=years).values_list(
        "financial_year", "state", "due_on", "done_on"
    )
    for fy, state, due, done in rows:
        tallies[fy].add(outcome_of(state, due, done, today))
    return [(fy, tallies[fy]) for fy in years]


# --- the compliance log ------------------------------------------------------------------

LOG_COLUMNS = (
    "protocol",
    "version",
    "obligation",
    "owing",
    "receiving",
    "financial_year",
    "period",
    "opens",
    "due",
    "state",
    "done_on",
    "outcome",
    "on_time",
    "evidence",
    "waived_reason",
)


def log_queryset(queryset: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    """Return the occurrences with everything a log row prints joined, in log order."""
    return queryset.select_related(
        "version__protocol",
        "obligation__owing_board",
        "obligation__owing_post",
        "obligation__receiving_board",
        "obligation__receiving_post",
        "evidence_meeting__board",
        "evidence_meeting__subgroup",
    ).order_by("version__protocol__reference", "due_on", "obligation__order", "kind", "pk")


def _evidence(occurrence: Occurrence) -> str:
    parts = []
    if occurrence.evidence_meeting_id:
        parts.append(f"Meeting: {occurrence.evidence_meeting}")
    if occurrence.evidence_document:
        parts.append(f"Document: {occurrence.evidence_document.name.rsplit('/', 1)[-1]}")
    if occurrence.evidence_link:
        parts.append(f"Link: {occurrence.evidence_link}")
    if occurrence.note:
        parts.append(f"Note: {occurrence.note}")
    return "; ".join(parts)


def owing_label(occurrence: Occurrence) -> str:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return "Party boards"
    return occurrence.obligation.owing_display


def receiving_label(occurrence: Occurrence) -> str:
    if occurrence.kind == Occurrence.Kind.REVIEW:
        return "Party boards"
    return occurrence.obligation.receiving_display


def log_row(occurrence: Occurrence, today: dt.date) -> dict[str, str]:
    """Return one occurrence as a compliance log row (every value a string)."""
    outcome = outcome_of(occurrence.state, occurrence.due_on, occurrence.done_on, today)
    on_time = {Outcome.ON_TIME: "yes", Outcome.LATE: "no", Outcome.OVERDUE: "no"}
    return {
        "protocol": occurrence.version.protocol.reference,
        "version": str(occurrence.version.number),
        "obligation": occurrence.title,
        "owing": owing_label(occurrence),
        "receiving": receiving_label(occurrence),
        "financial_year": occurrence.financial_year_label,
        "period": occurrence.period_key,
        "opens": occurrence.opens_on.isoformat() if occurrence.opens_on else "",
        "due": occurrence.due_on.isoformat(),
        "state": occurrence.get_state_display(),
        "done_on": occurrence.done_on.isoformat() if occurrence.done_on else "",
        "outcome": outcome.label,
        "on_time": on_time.get(outcome, ""),
        "evidence": _evidence(occurrence),
        "waived_reason": occurrence.waived_reason,
    }


def log_rows(occurrences: Iterable[Occurrence], today: dt.date) -> Iterator[dict[str, str]]:
    for occurrence in occurrences:
        yield log_row(occurrence, today)


def _safe_cell(value: str) -> str:
    # A spreadsheet runs a cell that starts like a formula; these come from users' text.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def log_csv(rows: Iterable[dict[str, str]]) -> str:
    """Return log rows as CSV text with a header line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=LOG_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return out.getvalue()
