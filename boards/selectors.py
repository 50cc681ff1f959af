"""Reads for the boards app, with their related rows fetched up front."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from . import permissions
from .models import Area, Board, Membership, Post, Subgroup


def area_list(*, user):
    """Return the areas the user may see, with how many boards each hosts."""
    return (
        permissions.visible_to(user, Area)
        .annotate(board_count=Count("boards", distinct=True))
        .order_by("name")
    )


def board_list(*, user, area: Area | None = None):
    qs = permissions.visible_to(user, Board, Board.objects.select_related("area", "superseded_by"))
    if area is not None:
        qs = qs.filter(Q(area=area) | Q(additional_areas=area)).distinct()
    return qs


def area_overview(*, area: Area, user) -> dict:
    """Return an area's boards and how they relate: chairs, subgroups, successors, posts."""
    chairs = (
        Membership.objects.current()
        .filter(role__in=Membership.CHAIR_ROLES)
        .select_related("person")
    )
    boards = list(
        board_list(user=user, area=area)
        .prefetch_related(
            Prefetch("memberships", queryset=chairs, to_attr="chair_memberships"),
            Prefetch("subgroups", queryset=Subgroup.objects.order_by("name")),
            "additional_areas",
            "predecessors",
        )
        .order_by("dissolved", "name")
    )
    posts = Post.objects.filter(area=area).select_related("holder")
    return {
        "boards": boards,
        "current_boards": [b for b in boards if b.dissolved is None],
        "former_boards": [b for b in boards if b.dissolved is not None],
        "posts": posts,
    }
