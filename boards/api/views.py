"""API viewsets for the boards app.

Each viewset starts from the permission policy (``visible_to``), so another area's record
answers 404, and writes go through the same services as the browser forms.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models
from rest_framework import viewsets

from boards import permissions, services
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

from . import filters, serializers


class PolicyQuerysetMixin:
    """Narrow the queryset to the rows the user may see."""

    model: type[models.Model]

    def base_queryset(self) -> models.QuerySet:
        return self.model._default_manager.all()

    def get_queryset(self):
        return permissions.visible_to(self.request.user, self.model, self.base_queryset())


class RecordViewSet(PolicyQuerysetMixin, viewsets.ModelViewSet):
    """List, read, add, change and delete one kind of record through the services.

    ``parent_fields`` name the request fields that say which area or board a new record
    belongs to, in the order they are tried; a subgroup stands for its board.
    """

    parent_fields: tuple[str, ...] = ()

    def policy_parent(self, request) -> Area | Board | None:
        """Return the area or board a new record would belong to, if the user may see it."""
        data = request.data if isinstance(request.data, Mapping) else {}
        for name in self.parent_fields:
            key = data.get(name)
            if key in (None, "") or not str(key).isdigit():
                continue
            model = self.model._meta.get_field(name).related_model
            if model is Subgroup:
                subgroup = (
                    permissions.visible_to(request.user, Subgroup)
                    .select_related("board")
                    .filter(pk=key)
                    .first()
                )
                return subgroup.board if subgroup else None
            return permissions.visible_to(request.user, model).filter(pk=key).first()
        return None

    def _split(self, validated_data: dict) -> tuple[dict, dict]:
        many_to_many = {f.name for f in self.model._meta.many_to_many}
        fields = {k: v for k, v in validated_data.items() if k not in many_to_many}
        m2m = {k: v for k, v in validated_data.items() if k in many_to_many}
        return fields, m2m

    def perform_create(self, serializer):
        fields, m2m = self._split(serializer.validated_data)
        instance = self.model(**fields)
        serializer.instance = services.record_create(
            actor=self.request.user,
            instance=instance,
            m2m=m2m,
            reason="Added through the API",
        )

    def perform_update(self, serializer):
        fields, m2m = self._split(serializer.validated_data)
        instance = serializer.instance
        for name, value in fields.items():
            setattr(instance, name, value)
        services.record_update(
            actor=self.request.user, instance=instance, m2m=m2m, reason="Changed through the API"
        )

    def perform_destroy(self, instance):
        services.record_delete(actor=self.request.user, instance=instance)


class AreaViewSet(PolicyQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Local authority areas. Areas are set up by an administrator, not through the API."""

    model = Area
    serializer_class = serializers.AreaSerializer
    filterset_class = filters.AreaFilterSet
    lookup_field = "slug"


class OrganisationViewSet(RecordViewSet):
    """Bodies that send people to boards: councils, police, NHS bodies and others."""

    model = Organisation
    serializer_class = serializers.OrganisationSerializer
    filterset_class = filters.OrganisationFilterSet
    parent_fields = ("area",)

    def base_queryset(self):
        return Organisation.objects.select_related("area")


class BoardViewSet(RecordViewSet):
    """Partnership boards, with the areas they serve."""

    model = Board
    serializer_class = serializers.BoardSerializer
    filterset_class = filters.BoardFilterSet
    parent_fields = ("area",)

    def base_queryset(self):
        return Board.objects.select_related("area").prefetch_related("additional_areas")


class PersonViewSet(RecordViewSet):
    """People who sit on boards or hold posts."""

    model = Person
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilterSet
    parent_fields = ("area",)

    def base_queryset(self):
        return Person.objects.select_related("area")


class SubgroupViewSet(RecordViewSet):
    """Boards' standing and short-life subgroups."""

    model = Subgroup
    serializer_class = serializers.SubgroupSerializer
    filterset_class = filters.SubgroupFilterSet
    parent_fields = ("board",)

    def base_queryset(self):
        return Subgroup.objects.select_related("board", "chair")


class MembershipViewSet(RecordViewSet):
    """Seats on boards and subgroups, in a role, for a period."""

    model = Membership
    serializer_class = serializers.MembershipSerializer
    filterset_class = filters.MembershipFilterSet
    parent_fields = ("board", "subgroup")

    def base_queryset(self):
        return Membership.objects.select_related(
            "person", "board", "subgroup__board", "organisation"
        )


class PostViewSet(RecordViewSet):
    """Posts in an area (Chief Executive, Director of Public Health, ...) and their holders."""

    model = Post
    serializer_class = serializers.PostSerializer
    filterset_class = filters.PostFilterSet
    parent_fields = ("area",)

    def base_queryset(self):
        return Post.objects.select_related("area", "holder")


class PriorityViewSet(RecordViewSet):
    """Boards' business-plan priorities."""

    model = Priority
    serializer_class = serializers.PrioritySerializer
    filterset_class = filters.PriorityFilterSet
    parent_fields = ("board",)

    def base_queryset(self):
        return Priority.objects.select_related("board")


class MeetingViewSet(RecordViewSet):
    """Meetings of boards and subgroups."""

    model = Meeting
    serializer_class = serializers.MeetingSerializer
    filterset_class = filters.MeetingFilterSet
    parent_fields = ("board", "subgroup")

    def base_queryset(self):
        return Meeting.objects.select_related("board", "subgroup__board")


def register(router) -> None:
    """Register the boards app's viewsets on the /api/v1/ router."""
    router.register("areas", AreaViewSet, basename="area")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("boards", BoardViewSet, basename="board")
    router.register("people", PersonViewSet, basename="person")
    router.register("subgroups", SubgroupViewSet, basename="subgroup")
    router.register("memberships", MembershipViewSet, basename="membership")
    router.register("posts", PostViewSet, basename="post")
    router.register("priorities", PriorityViewSet, basename="priority")
    router.register("meetings", MeetingViewSet, basename="meeting")
