"""API shapes of the boards records.

Related records travel as primary keys. Every related field only accepts the records the
user may see, so a forged id of another area's board is refused as "Invalid pk" exactly
as a missing one is, and the API never confirms that it exists. The model's own
``full_clean()`` gives the field messages, the same ones the browser forms show.
"""

from __future__ import annotations

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings

from boards import permissions
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


class PolicyModelSerializer(serializers.ModelSerializer):
    """A model serializer whose related choices are narrowed to what the user may see."""

    class Meta:
        # The model's full_clean() checks uniqueness and constraints with its own
        # messages; DRF's generated validators would repeat them in other words.
        validators: list = []

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            if (
                isinstance(relation, serializers.PrimaryKeyRelatedField)
                and not relation.read_only
                and relation.queryset is not None
            ):
                relation.queryset = permissions.visible_to(
                    user, relation.queryset.model, relation.queryset
                )
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many_to_many = {f.name for f in model._meta.many_to_many}
        # Check a copy, so a refused change never lingers on the instance being edited.
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many_to_many:
                setattr(candidate, name, value)
        try:
            candidate.full_clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(self._error_detail(exc)) from exc
        return attrs

    def _error_detail(self, exc: DjangoValidationError):
        detail = get_error_detail(exc)
        if not isinstance(detail, dict):
            return {api_settings.NON_FIELD_ERRORS_KEY: detail}
        result: dict[str, list] = {}
        for key, errors in detail.items():
            if key == NON_FIELD_ERRORS or key not in self.fields:
                key = api_settings.NON_FIELD_ERRORS_KEY
            result.setdefault(key, []).extend(errors)
        return result


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["id", "slug", "name", "council_name", "kind"]
        read_only_fields = fields


class OrganisationSerializer(PolicyModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta(PolicyModelSerializer.Meta):
        model = Organisation
        fields = ["id", "area", "area_name", "name", "kind", "created", "modified"]


class BoardSerializer(PolicyModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta(PolicyModelSerializer.Meta):
        model = Board
        fields = [
            "id",
            "area",
            "area_name",
            "additional_areas",
            "name",
            "short_name",
            "kind",
            "is_statutory",
            "statutory_basis",
            "terms_of_reference",
            "established",
            "dissolved",
            "superseded_by",
            "created",
            "modified",
        ]


class PersonSerializer(PolicyModelSerializer):
    """A person's record. The log-in account is left out: linking one grants access."""

    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta(PolicyModelSerializer.Meta):
        model = Person
        fields = [
            "id",
            "area",
            "area_name",
            "title",
            "full_name",
            "job_title",
            "email",
            "phone",
            "created",
            "modified",
        ]


class SubgroupSerializer(PolicyModelSerializer):
    board_name = serializers.CharField(source="board.name", read_only=True)
    chair_name = serializers.CharField(source="chair.full_name", read_only=True, default="")

    class Meta(PolicyModelSerializer.Meta):
        model = Subgroup
        fields = [
            "id",
            "board",
            "board_name",
            "name",
            "kind",
            "remit",
            "chair",
            "chair_name",
            "meeting_frequency",
            "start_date",
            "end_date",
            "created",
            "modified",
        ]


class MembershipSerializer(PolicyModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    body_name = serializers.SerializerMethodField()
    organisation_name = serializers.CharField(
        source="organisation.name", read_only=True, default=""
    )

    class Meta(PolicyModelSerializer.Meta):
        model = Membership
        fields = [
            "id",
            "person",
            "person_name",
            "board",
            "subgroup",
            "body_name",
            "role",
            "organisation",
            "organisation_name",
            "start_date",
            "end_date",
            "created",
            "modified",
        ]

    def get_body_name(self, obj: Membership) -> str:
        """Name the board or subgroup the seat is on."""
        return obj.board.name if obj.board_id else obj.subgroup.name


class PostSerializer(PolicyModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)
    display_title = serializers.CharField(read_only=True)
    holder_name = serializers.CharField(source="holder.full_name", read_only=True, default="")

    class Meta(PolicyModelSerializer.Meta):
        model = Post
        fields = [
            "id",
            "area",
            "area_name",
            "kind",
            "title",
            "display_title",
            "holder",
            "holder_name",
            "holder_since",
            "created",
            "modified",
        ]


class PrioritySerializer(PolicyModelSerializer):
    board_name = serializers.CharField(source="board.name", read_only=True)

    class Meta(PolicyModelSerializer.Meta):
        model = Priority
        fields = [
            "id",
            "board",
            "board_name",
            "title",
            "period_start",
            "period_end",
            "outcomes",
            "order",
            "created",
            "modified",
        ]


class MeetingSerializer(PolicyModelSerializer):
    body_name = serializers.SerializerMethodField()

    class Meta(PolicyModelSerializer.Meta):
        model = Meeting
        fields = [
            "id",
            "board",
            "subgroup",
            "body_name",
            "date",
            "start_time",
            "place",
            "status",
            "minutes_url",
            "notes",
            "created",
            "modified",
        ]

    def get_body_name(self, obj: Meeting) -> str:
        """Name the board or subgroup that meets."""
        return obj.board.name if obj.board_id else obj.subgroup.name
