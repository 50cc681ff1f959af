"""Reads for the boards app, with their related rows fetched up front.

Every function starts from the permission policy (``permissions.visible_to``), so a page
built on it shows only what the user may see, and each page makes the same number of
queries however many rows it lists.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch

from . import permissions
from .models import (
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

#: how many of a board's or subgroup's meetings its page lists
RECENT_MEETINGS = 12


def _visible(user, model, queryset):
    return permissions.visible_to(user, model, queryset)


def area_list(*, user):
    """Return the areas the user may see, with how many boards each hosts."""
    return (
        permissions.visible_to(user, Area)
        .annotate(board_count=Count("boards", distinct=True))
        .order_by("name")
    )


def area_get(*, user, slug: str) -> Area | None:
    return _visible(user, Area, Area.objects.all()).filter(slug=slug).first()


def board_list(*, user, area: Area | None = None):
    """Return the boards the user may see, optionally only those serving ``area``."""
    qs = _visible(user, Board, Board.objects.select_related("area", "superseded_by"))
    if area is not None:
        qs = qs.filter(pk__in=Board.objects.for_area(area).values("pk"))
    return qs


def _current_memberships():
    return (
        Membership.objects.current()
        .select_related("person", "organisation")
        .order_by("person__full_name", "role")
    )


def _recent_meetings():
    return Meeting.objects.order_by("-date", "-start_time")


def area_overview(*, area: Area, user) -> dict:
    """Return an area's boards and how they relate: chairs, subgroups, successors, posts."""
    chairs = (
        Membership.objects.current()
        .filter(role__in=Membership.CHAIR_ROLES)
        .select_related("person")
        .order_by("person__full_name")
    )
    boards = list(
        board_list(user=user, area=area)
        .prefetch_related(
            Prefetch("memberships", queryset=chairs, to_attr="chair_memberships"),
            Prefetch(
                "subgroups", queryset=Subgroup.objects.select_related("chair").order_by("name")
            ),
            Prefetch("additional_areas", queryset=Area.objects.order_by("name")),
            Prefetch("predecessors", queryset=Board.objects.order_by("name")),
        )
        .order_by("dissolved", "name")
    )
    posts = (
        _visible(user, Post, Post.objects.filter(area=area))
        .select_related("holder")
        .order_by("kind", "title")
    )
    return {
        "boards": boards,
        "current_boards": [b for b in boards if b.dissolved is None],
        "former_boards": [b for b in boards if b.dissolved is not None],
        "posts": posts,
    }


def board_get(*, user, pk: int) -> Board | None:
    """Return a board with its members, subgroups, priorities and recent meetings."""
    return (
        board_list(user=user)
        .prefetch_related(
            Prefetch("additional_areas", queryset=Area.objects.order_by("name")),
            Prefetch("predecessors", queryset=Board.objects.order_by("name")),
            Prefetch(
                "subgroups", queryset=Subgroup.objects.select_related("chair").order_by("name")
            ),
            Prefetch("memberships", queryset=_current_memberships(), to_attr="current_memberships"),
            Prefetch(
                "priorities",
                queryset=Priority.objects.order_by("-period_start", "order", "title"),
            ),
            Prefetch(
                "meetings",
                queryset=_recent_meetings()[:RECENT_MEETINGS],
                to_attr="recent_meetings",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def organisation_list(*, user):
    return _visible(user, Organisation, Organisation.objects.select_related("area"))


def organisation_get(*, user, pk: int) -> Organisation | None:
    """Return an organisation with the seats its people hold today."""
    seats = (
        Membership.objects.current()
        .select_related("person", "board", "subgroup")
        .order_by("person__full_name")
    )
    return (
        organisation_list(user=user)
        .prefetch_related(Prefetch("memberships", queryset=seats, to_attr="current_seats"))
        .filter(pk=pk)
        .first()
    )


def person_list(*, user):
    return _visible(user, Person, Person.objects.select_related("area"))


def person_get(*, user, pk: int) -> Person | None:
    """Return a person with every seat they hold or held, their posts and chairs."""
    roles = Membership.objects.select_related(
        "board", "subgroup", "subgroup__board", "organisation"
    ).order_by("end_date", "-start_date")
    return (
        person_list(user=user)
        .prefetch_related(
            Prefetch("memberships", queryset=roles, to_attr="roles"),
            Prefetch("posts", queryset=Post.objects.order_by("kind")),
            Prefetch(
                "chaired_subgroups",
                queryset=Subgroup.objects.select_related("board").order_by("name"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def subgroup_list(*, user):
    return _visible(
        user, Subgroup, Subgroup.objects.select_related("board", "board__area", "chair")
    )


def subgroup_get(*, user, pk: int) -> Subgroup | None:
    """Return a subgroup with its chair, current members and recent meetings."""
    return (
        subgroup_list(user=user)
        .prefetch_related(
            Prefetch("memberships", queryset=_current_memberships(), to_attr="current_memberships"),
            Prefetch(
                "meetings",
                queryset=_recent_meetings()[:RECENT_MEETINGS],
                to_attr="recent_meetings",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def membership_list(*, user):
    return _visible(
        user,
        Membership,
        Membership.objects.select_related(
            "person",
            "board",
            "board__area",
            "subgroup",
            "subgroup__board",
            "subgroup__board__area",
            "organisation",
        ),
    )


def post_list(*, user):
    return _visible(user, Post, Post.objects.select_related("area", "holder"))


def priority_list(*, user):
    return _visible(user, Priority, Priority.objects.select_related("board", "board__area"))


def meeting_list(*, user):
    return _visible(
        user,
        Meeting,
        Meeting.objects.select_related(
            "board", "board__area", "subgroup", "subgroup__board", "subgroup__board__area"
        ),
    )


def current_board_members(*, board: Board):
    """Return the people who sit on ``board`` today (not only on its subgroups)."""
    return Person.objects.filter(
        pk__in=Membership.objects.current().filter(board=board).values("person_id")
    )


def current_subgroup_members(*, subgroup: Subgroup):
    return Person.objects.filter(
        pk__in=Membership.objects.current().filter(subgroup=subgroup).values("person_id")
    )
