"""Reads of occurrences, with what their pages, feeds and exports show already joined."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from boards.models import Area
from protocols.models import Party

from .models import Occurrence


def occurrence_list(queryset: QuerySet[Occurrence] | None = None) -> QuerySet[Occurrence]:
    """Return occurrences with their protocol, obligation, boards, posts and parties loaded."""
    queryset = Occurrence.objects.all() if queryset is None else queryset
    return queryset.select_related(
        "version__protocol",
        "obligation__owing_board",
        "obligation__owing_post",
        "obligation__receiving_board",
        "obligation__receiving_post",
    ).prefetch_related(
        Prefetch(
            "version__parties",
            queryset=Party.objects.select_related("board").order_by("order", "pk"),
        )
    )


def occurrence_list_for_area(area: Area, financial_year: int) -> QuerySet[Occurrence]:
    """Return an area's occurrences in a financial year, soonest due first."""
    return occurrence_list(
        Occurrence.objects.for_area(area).in_financial_year(financial_year)
    ).order_by("due_on", "version__protocol__reference", "obligation__order", "kind", "pk")
