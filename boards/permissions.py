"""The one permission policy: who may see and change what.

Every view (through the selectors and the Record*View classes in ``boards.views``), every
API endpoint (through ``ApiPolicyPermission``) and every service asks these functions;
nothing else decides access.

Roles come from a person's current memberships plus the "Democratic services" group:

- a board's business manager and chairs (independent chair, chair, co-chair) edit that
  board's records (its subgroups, memberships, priorities and meetings) and, in the
  board's host area, the area-level records (organisations, people, post holders);
- democratic services officers schedule and edit meetings in the areas they can see;
- every other signed-in person reads the records of the areas they belong to;
- nobody sees another area's records unless given that area (``AreaAccess``): those
  objects answer 404, so their existence does not leak;
- staff superusers see and change everything.

Other apps register their models with ``register`` so that one function answers
"which rows of this model may this user see?".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth.models import Group
from django.db import models
from django.db.models import Q
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import (
    Area,
    AreaAccess,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)

DEMOCRATIC_SERVICES_GROUP = "Democratic services"
EDITOR_ROLES = (*Membership.CHAIR_ROLES, Membership.Role.BUSINESS_MANAGER)


@dataclass
class Principal:
    """What the policy knows about a signed-in user, worked out once per request."""

    area_ids: frozenset[int]
    board_ids: frozenset[int]
    editable_board_ids: frozenset[int]
    chaired_board_ids: frozenset[int]
    managed_board_ids: frozenset[int]
    editable_area_ids: frozenset[int]
    person_id: int | None
    is_superuser: bool
    user_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def is_democratic_services(self) -> bool:
        """Is the user in the democratic services group? Asked only by the checks that
        need it (most pages never do), then kept for the request."""
        if self.user_id is None:
            return False
        return Group.objects.filter(name=DEMOCRATIC_SERVICES_GROUP, user__pk=self.user_id).exists()


def principal(user) -> Principal:
    """Return the user's roles, cached on the user object for the request."""
    cached = getattr(user, "_principal", None)
    if cached is not None:
        return cached
    if not getattr(user, "is_authenticated", False):
        result = Principal(
            frozenset(),
            frozenset(),
            frozenset(),
            frozenset(),
            frozenset(),
            frozenset(),
            None,
            False,
        )
        return result
    person = Person.objects.filter(user=user).only("pk", "area_id").first()
    area_ids: set[int] = set(AreaAccess.objects.filter(user=user).values_list("area_id", flat=True))
    board_ids: set[int] = set()
    chaired: set[int] = set()
    managed: set[int] = set()
    hosts: dict[int, int] = {}
    if person is not None:
        area_ids.add(person.area_id)
        # One row per membership (and per further area of its board), with the areas of
        # the board it is of, directly or through a subgroup.
        for (
            board_id,
            board_area,
            board_extra,
            sub_board_id,
            sub_area,
            sub_extra,
            role,
        ) in (
            Membership.objects.current()
            .filter(person=person)
            .order_by()  # a set: the default ordering would only add a join
            .values_list(
                "board_id",
                "board__area_id",
                "board__additional_areas",
                "subgroup__board_id",
                "subgroup__board__area_id",
                "subgroup__board__additional_areas",
                "role",
            )
        ):
            if board_id:
                bid, host, extra = board_id, board_area, board_extra
            else:
                bid, host, extra = sub_board_id, sub_area, sub_extra
            board_ids.add(bid)
            hosts[bid] = host
            area_ids.add(host)
            if extra:
                area_ids.add(extra)
            if board_id and role in Membership.CHAIR_ROLES:
                chaired.add(board_id)
            if board_id and role == Membership.Role.BUSINESS_MANAGER:
                managed.add(board_id)
    editable = chaired | managed
    editable_areas = {hosts[board_id] for board_id in editable}
    result = Principal(
        area_ids=frozenset(area_ids),
        board_ids=frozenset(board_ids),
        editable_board_ids=frozenset(editable),
        chaired_board_ids=frozenset(chaired),
        managed_board_ids=frozenset(managed),
        editable_area_ids=frozenset(editable_areas),
        person_id=person.pk if person else None,
        is_superuser=user.is_superuser,
        user_id=user.pk,
    )
    user._principal = result
    return result


def forget(user) -> None:
    """Drop the cached roles (after a membership change in the same request)."""
    if hasattr(user, "_principal"):
        del user._principal


# --- the registry of models and how they reach an area and a board -------------------


@dataclass(frozen=True)
class Rule:
    """How rows of one model relate to areas and boards, and who may change them."""

    area_paths: tuple[str, ...]
    board_of: Callable[[Any], set[int]] | None = None
    area_of: Callable[[Any], set[int]] | None = None
    can_edit: Callable[[Principal, Any], bool] | None = None
    can_create: Callable[[Principal, Any], bool] | None = None
    #: who may delete, when that is narrower than who may edit
    can_delete: Callable[[Principal, Any], bool] | None = None


_RULES: dict[type[models.Model], Rule] = {}


def register(model: type[models.Model], rule: Rule) -> None:
    _RULES[model] = rule


def _rule(model: type[models.Model]) -> Rule:
    try:
        return _RULES[model]
    except KeyError as exc:  # a model nobody registered is nobody's to see
        raise LookupError(f"{model.__name__} is not registered with the permission policy") from exc


def visible_to(user, model: type[models.Model], queryset: models.QuerySet | None = None):
    """Return the rows of ``model`` the user may see."""
    qs = queryset if queryset is not None else model._default_manager.all()
    who = principal(user)
    if who.is_superuser:
        return qs
    if not getattr(user, "is_authenticated", False) or not who.area_ids:
        return qs.none()
    rule = _rule(model)
    if len(rule.area_paths) > 1:
        # Many-valued paths multiply rows; keep each row once without DISTINCT on the page.
        # One subquery per path, each starting from the user's areas: a single subquery
        # ORing the joined paths makes PostgreSQL walk every row of the table.
        condition = Q()
        for path in rule.area_paths:
            matching = model._default_manager.filter(**{f"{path}__in": who.area_ids})
            condition |= Q(pk__in=matching.values("pk"))
        return qs.filter(condition)
    return qs.filter(**{f"{rule.area_paths[0]}__in": who.area_ids})


def sees_area(user, area_id: int | None) -> bool:
    """Whether the user sees the area and so everything in it: each model's registered
    paths include its own area, so a row of a seen area needs no subquery to be seen."""
    who = principal(user)
    return who.is_superuser or (
        getattr(user, "is_authenticated", False) and area_id in who.area_ids
    )


def visible_in_area(user, model: type[models.Model], queryset: models.QuerySet, area_id: int):
    """Narrow ``queryset`` (rows of one area) to what the user may see: all of it when they
    see the area, else through ``visible_to``."""
    if sees_area(user, area_id):
        return queryset
    return visible_to(user, model, queryset)


def can_view(user, obj) -> bool:
    who = principal(user)
    if who.is_superuser:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    rule = _rule(type(obj))
    areas = rule.area_of(obj) if rule.area_of else None
    if areas is not None:
        return bool(areas & who.area_ids)
    return visible_to(user, type(obj)).filter(pk=obj.pk).exists()


def can_edit(user, obj) -> bool:
    who = principal(user)
    if who.is_superuser:
        return True
    if not can_view(user, obj):
        return False
    rule = _rule(type(obj))
    if rule.can_edit is not None:
        return rule.can_edit(who, obj)
    if rule.board_of is not None:
        return bool(rule.board_of(obj) & who.editable_board_ids)
    return False


def can_delete(user, obj) -> bool:
    if not can_edit(user, obj):
        return False
    rule = _rule(type(obj))
    return rule.can_delete(principal(user), obj) if rule.can_delete is not None else True


def parent_of(instance: models.Model) -> Area | Board | None:
    """Return the area or board a (possibly unsaved) record belongs to, from its own fields.

    Creation is checked against this, never against a parent a caller names, so a record
    cannot be slipped under a board the user runs while belonging to another.
    """
    if isinstance(instance, Board):
        return instance.area if instance.area_id else None
    if getattr(instance, "board_id", None):
        return instance.board
    if getattr(instance, "subgroup_id", None):
        return instance.subgroup.board
    if getattr(instance, "area_id", None):
        return instance.area
    return None


def can_create(user, model: type[models.Model], parent=None) -> bool:
    """May the user add a ``model`` row, optionally under ``parent`` (an area or a board)?"""
    who = principal(user)
    if who.is_superuser:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    rule = _rule(model)
    if rule.can_create is not None:
        return rule.can_create(who, parent)
    return False


# --- the boards app's own models ------------------------------------------------------


def _area_editor(who: Principal, area_id: int | None) -> bool:
    return area_id in who.editable_area_ids


def _create_under_area(who: Principal, parent) -> bool:
    if parent is None:
        return bool(who.editable_area_ids)
    area_id = parent.pk if isinstance(parent, Area) else getattr(parent, "area_id", None)
    return _area_editor(who, area_id)


def _create_under_board(who: Principal, parent) -> bool:
    if parent is None:
        return bool(who.editable_board_ids)
    board_id = parent.pk if isinstance(parent, Board) else getattr(parent, "board_id", None)
    return board_id in who.editable_board_ids


def _board_areas(board: Board) -> set[int]:
    return {board.area_id, *board.additional_areas.values_list("pk", flat=True)}


def _meeting_board(meeting: Meeting) -> set[int]:
    return {meeting.board_id} if meeting.board_id else {meeting.subgroup.board_id}


def _meeting_edit(who: Principal, meeting: Meeting) -> bool:
    return bool(_meeting_board(meeting) & who.editable_board_ids) or who.is_democratic_services


def _meeting_create(who: Principal, parent) -> bool:
    return who.is_democratic_services or _create_under_board(who, parent)


def _membership_board(m: Membership) -> set[int]:
    return {m.board_id} if m.board_id else {m.subgroup.board_id}


register(
    Area,
    Rule(
        area_paths=("pk",),
        area_of=lambda a: {a.pk},
        can_edit=lambda who, a: False,
        can_create=lambda who, p: False,
    ),
)
register(
    AreaAccess,
    Rule(
        area_paths=("area",),
        area_of=lambda a: {a.area_id},
        can_edit=lambda who, a: False,
        can_create=lambda who, p: False,
    ),
)
register(
    Organisation,
    Rule(
        area_paths=("area",),
        area_of=lambda o: {o.area_id},
        can_edit=lambda who, o: _area_editor(who, o.area_id),
        can_create=_create_under_area,
    ),
)
register(
    Person,
    Rule(
        area_paths=("area",),
        area_of=lambda p: {p.area_id},
        can_edit=lambda who, p: _area_editor(who, p.area_id),
        can_create=_create_under_area,
    ),
)
register(
    Post,
    Rule(
        area_paths=("area",),
        area_of=lambda p: {p.area_id},
        can_edit=lambda who, p: _area_editor(who, p.area_id),
        can_create=_create_under_area,
    ),
)
# A board is dissolved (with a date), not deleted: deleting would take its members,
# subgroups and meetings with it. Only an administrator may remove one made in error.
register(
    Board,
    Rule(
        area_paths=("area", "additional_areas"),
        area_of=_board_areas,
        board_of=lambda b: {b.pk},
        can_create=lambda who, p: False,
        can_delete=lambda who, b: who.is_superuser,
    ),
)
register(
    Subgroup,
    Rule(
        area_paths=("board__area", "board__additional_areas"),
        board_of=lambda s: {s.board_id},
        can_create=_create_under_board,
    ),
)
register(
    Priority,
    Rule(
        area_paths=("board__area", "board__additional_areas"),
        board_of=lambda p: {p.board_id},
        can_create=_create_under_board,
    ),
)
register(
    Membership,
    Rule(
        area_paths=(
            "board__area",
            "board__additional_areas",
            "subgroup__board__area",
            "subgroup__board__additional_areas",
        ),
        board_of=_membership_board,
        can_create=_create_under_board,
    ),
)
register(
    Meeting,
    Rule(
        area_paths=(
            "board__area",
            "board__additional_areas",
            "subgroup__board__area",
            "subgroup__board__additional_areas",
        ),
        board_of=_meeting_board,
        can_edit=_meeting_edit,
        can_create=_meeting_create,
    ),
)


class ApiPolicyPermission(BasePermission):
    """DRF's door to the same policy. Querysets are already narrowed by ``visible_to``.

    A view may name ``policy_parent(request)`` to say what a new row would belong to.
    """

    message = "You do not have permission to do that."

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if request.method in SAFE_METHODS or getattr(view, "action", None) != "create":
            return True
        model = view.get_queryset().model
        parent = view.policy_parent(request) if hasattr(view, "policy_parent") else None
        return can_create(request.user, model, parent)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return can_view(request.user, obj)
        custom = getattr(view, "object_permission", None)
        if custom is not None:
            return custom(request, obj)
        return can_edit(request.user, obj)
