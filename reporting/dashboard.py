"""Reads for the compliance dashboard: which occurrences a page counts, and for whom.

A dashboard is for an area, a board (what the board owes) or a protocol. Each starts
from the occurrences the user may see (``boards.permissions.visible_to``), so another
area's figures are a 404 and never a count of zero. ``occurrences_filtered`` narrows
the same set by the query string of "the occurrences behind a figure".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from boards import permissions as policy
from boards.models import Area, Board
from calendar_cycle import windows
from calendar_cycle.models import Occurrence
from protocols.models import Protocol

from . import compliance

#: how many financial years the "over time" table and the year selector go back
YEARS_SHOWN = 5


@dataclass
class Scope:
    """What a dashboard is about: one area, board or protocol the user may see."""

    kind: str  # "area", "board" or "protocol"
    obj: Area | Board | Protocol

    @property
    def name(self) -> str:
        if self.kind == "area":
            return self.obj.name
        if self.kind == "board":
            return self.obj.name
        return self.obj.current_version.title if self.obj.current_version_id else self.obj.reference

    @property
    def area(self) -> Area:
        return self.obj if self.kind == "area" else self.obj.area

    @property
    def url_kwargs(self) -> dict:
        return {"slug": self.obj.slug} if self.kind == "area" else {"pk": self.obj.pk}

    @property
    def page_url(self) -> str:
        return reverse(f"reporting:{self.kind}_compliance", kwargs=self.url_kwargs)

    @property
    def filter_params(self) -> dict[str, int]:
        """The query string that narrows the occurrence list to this scope."""
        return {self.kind: self.obj.pk}

    def condition(self) -> Q:
        if self.kind == "area":
            return Q(version__protocol__area=self.obj)
        if self.kind == "board":
            return Q(obligation__owing_board=self.obj)
        return Q(version__protocol=self.obj)


def occurrences_visible_to(user) -> QuerySet[Occurrence]:
    return policy.visible_to(user, Occurrence)


def scope_get(*, user, kind: str, key) -> Scope | None:
    """Return the user's scope of ``kind`` named by ``key`` (slug or pk), or None."""
    if kind == "area":
        obj = policy.visible_to(user, Area).filter(slug=key).first()
    elif kind == "board":
        obj = policy.visible_to(user, Board, Board.objects.select_related("area")).filter(pk=key)
        obj = obj.first()
    else:
        qs = Protocol.objects.select_related("area", "current_version")
        obj = policy.visible_to(user, Protocol, qs).filter(pk=key).first()
    return None if obj is None else Scope(kind, obj)


def scope_occurrences(user, scope: Scope) -> QuerySet[Occurrence]:
    return occurrences_visible_to(user).filter(scope.condition())


def years_for(queryset: QuerySet[Occurrence], today: dt.date) -> list[int]:
    """Return the financial years to offer: those with occurrences, and the current one."""
    years = set(queryset.order_by().values_list("financial_year", flat=True).distinct())
    years.add(windows.financial_year_of(today))
    return sorted(years, reverse=True)


# --- the occurrences behind a figure -----------------------------------------------------

FILTER_NAMES = ("area", "board", "protocol", "year", "outcome", "quarter")


class FilterError(ValueError):
    """A query-string filter that names nothing; the message says which and why."""


def parse_filters(params) -> dict:
    """Return the occurrence list's filters from a query string.

    Raises:
        FilterError: a value is not a number, not an outcome or not a quarter.
    """
    found: dict = {}
    for name in ("area", "protocol", "year"):
        value = params.get(name, "")
        if value:
            if not value.isdigit() or len(value) > 9:
                raise FilterError(f"The {name} must be a number, not “{value[:40]}”.")
            found[name] = int(value)
    board = params.get("board", "")
    if board == "none":
        found["board"] = None
    elif board:
        if not board.isdigit() or len(board) > 9:
            raise FilterError(f"The board must be a number or “none”, not “{board[:40]}”.")
        found["board"] = int(board)
    outcome = params.get("outcome", "")
    if outcome:
        parsed = compliance.parse_outcome(outcome)
        if parsed is None:
            names = ", ".join(o.value for o in compliance.Outcome)
            raise FilterError(f"The outcome must be one of {names}.")
        found["outcome"] = parsed
    quarter = params.get("quarter", "")
    if quarter:
        if quarter not in ("1", "2", "3", "4"):
            raise FilterError("The quarter must be 1, 2, 3 or 4.")
        if "year" not in found:
            raise FilterError("Choose a financial year to narrow to a quarter.")
        found["quarter"] = int(quarter)
    return found


def occurrences_filtered(user, filters: dict, today: dt.date) -> QuerySet[Occurrence]:
    """Return the occurrences the user may see that match ``filters`` (``parse_filters``)."""
    qs = occurrences_visible_to(user)
    if "area" in filters:
        qs = qs.filter(version__protocol__area_id=filters["area"])
    if "board" in filters:
        if filters["board"] is None:
            qs = qs.filter(obligation__owing_board__isnull=True)
        else:
            qs = qs.filter(obligation__owing_board_id=filters["board"])
    if "protocol" in filters:
        qs = qs.filter(version__protocol_id=filters["protocol"])
    if "year" in filters:
        qs = qs.filter(financial_year=filters["year"])
        if "quarter" in filters:
            span = windows.quarters(filters["year"])[filters["quarter"] - 1]
            qs = qs.filter(due_on__gte=span.opens, due_on__lte=span.due)
    if "outcome" in filters:
        qs = qs.filter(compliance.outcome_q(filters["outcome"], today))
    return compliance.log_queryset(qs)
