"""Query filters for the boards API: ?area=<slug>, ?board=<id> and ?q=<words>."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from boards.forms import ID_MAX
from boards.models import (
    Area,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)

SEARCH_MAX_LENGTH = 100


class RecordFilterSet(django_filters.FilterSet):
    """Filters shared by every record list.

    ``area_paths`` and ``board_paths`` name how a row reaches its area and board; rows
    reached along many-valued paths are matched through a subquery so each appears once.
    """

    q = django_filters.CharFilter(method="filter_search", label="Search")

    search_fields: tuple[str, ...] = ()
    area_paths: tuple[str, ...] = ()
    board_paths: tuple[str, ...] = ()

    def filter_search(self, queryset, name, value):
        words = value.strip()[:SEARCH_MAX_LENGTH]
        if not words:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": words})
        return self._matching(queryset, condition)

    def filter_area(self, queryset, name, value):
        condition = Q()
        for path in self.area_paths:
            condition |= Q(**{f"{path}__slug": value})
        return self._matching(queryset, condition)

    def filter_board(self, queryset, name, value):
        condition = Q()
        for path in self.board_paths:
            condition |= Q(**{path: value})
        return self._matching(queryset, condition)

    def _matching(self, queryset, condition):
        model = queryset.model
        return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))


def _area_filter():
    return django_filters.CharFilter(
        method="filter_area", label="Area (its short web name, for example bromley)"
    )


def _board_filter():
    return IdFilter(method="filter_board", label="Board (its id)")


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number the database can hold, or a 400 that says so."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(*args, **kwargs)


def _id_filter(field_name: str, label: str):
    # A plain number, not a choice: a choice filter would answer "not a valid choice" for
    # ids that do not exist but not for another area's, which would tell them apart.
    return IdFilter(field_name=field_name, label=label)


class AreaFilterSet(RecordFilterSet):
    search_fields = ("name", "council_name")

    class Meta:
        model = Area
        fields = ["q"]


class OrganisationFilterSet(RecordFilterSet):
    area = _area_filter()
    search_fields = ("name",)
    area_paths = ("area",)

    class Meta:
        model = Organisation
        fields = ["area", "kind", "q"]


class BoardFilterSet(RecordFilterSet):
    area = _area_filter()
    search_fields = ("name", "short_name")
    area_paths = ("area", "additional_areas")

    class Meta:
        model = Board
        fields = ["area", "kind", "q"]


class PersonFilterSet(RecordFilterSet):
    area = _area_filter()
    board = _board_filter()
    search_fields = ("full_name", "job_title", "email")
    area_paths = ("area",)
    board_paths = ("memberships__board", "memberships__subgroup__board")

    class Meta:
        model = Person
        fields = ["area", "board", "q"]


class SubgroupFilterSet(RecordFilterSet):
    area = _area_filter()
    board = _board_filter()
    search_fields = ("name", "remit")
    area_paths = ("board__area", "board__additional_areas")
    board_paths = ("board",)

    class Meta:
        model = Subgroup
        fields = ["area", "board", "kind", "q"]


class MembershipFilterSet(RecordFilterSet):
    area = _area_filter()
    board = _board_filter()
    subgroup = _id_filter("subgroup", "Subgroup (its id)")
    person = _id_filter("person", "Person (their id)")
    search_fields = ("person__full_name", "board__name", "subgroup__name")
    area_paths = (
        "board__area",
        "board__additional_areas",
        "subgroup__board__area",
        "subgroup__board__additional_areas",
    )
    board_paths = ("board", "subgroup__board")

    class Meta:
        model = Membership
        fields = ["area", "board", "subgroup", "person", "role", "q"]


class PostFilterSet(RecordFilterSet):
    area = _area_filter()
    search_fields = ("title", "holder__full_name")
    area_paths = ("area",)

    class Meta:
        model = Post
        fields = ["area", "kind", "q"]


class PriorityFilterSet(RecordFilterSet):
    area = _area_filter()
    board = _board_filter()
    search_fields = ("title", "outcomes")
    area_paths = ("board__area", "board__additional_areas")
    board_paths = ("board",)

    class Meta:
        model = Priority
        fields = ["area", "board", "q"]


class MeetingFilterSet(RecordFilterSet):
    area = _area_filter()
    board = _board_filter()
    subgroup = _id_filter("subgroup", "Subgroup (its id)")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="Until")
    search_fields = ("place", "notes", "board__name", "subgroup__name")
    area_paths = (
        "board__area",
        "board__additional_areas",
        "subgroup__board__area",
        "subgroup__board__additional_areas",
    )
    board_paths = ("board", "subgroup__board")

    class Meta:
        model = Meeting
        fields = ["area", "board", "subgroup", "status", "date_from", "date_to", "q"]
