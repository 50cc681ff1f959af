"""Query filters for the protocols API: ?area=<slug>, ?status=, ?protocol=<id>, ?version=<id>
and ?q=<words>."""

from __future__ import annotations

import django_filters

from boards.api.filters import IdFilter, RecordFilterSet
from protocols.models import (
    Comment,
    Concern,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
)

# A protocol belongs to its own area and to the area of every board party to it, as the
# permission policy sees it.
PROTOCOL_AREA_PATHS = ("area", "versions__parties__board__area")


def _area_filter():
    return django_filters.CharFilter(
        method="filter_area", label="Area (its short web name, for example bromley)"
    )


def _id_filter(field_name: str, label: str):
    # A plain number, not a choice: a choice filter would answer "not a valid choice" for
    # ids that do not exist but not for another area's, which would tell them apart.
    return IdFilter(field_name=field_name, label=label)


class ProtocolFilterSet(RecordFilterSet):
    area = _area_filter()
    status = django_filters.ChoiceFilter(
        field_name="current_version__status",
        choices=ProtocolVersion.Status.choices,
        label="Status of the current version",
    )
    search_fields = ("reference", "versions__title", "versions__purpose")
    area_paths = PROTOCOL_AREA_PATHS

    class Meta:
        model = Protocol
        fields = ["area", "status", "q"]


class VersionContentFilterSet(django_filters.FilterSet):
    """Rows of a version's content, narrowed to one version or one protocol's versions."""

    version = _id_filter("version", "Version (its id)")
    protocol = _id_filter("version__protocol", "Protocol (its id)")


class PartyFilterSet(VersionContentFilterSet):
    class Meta:
        model = Party
        fields = ["version", "protocol"]


class SectionFilterSet(VersionContentFilterSet):
    class Meta:
        model = Section
        fields = ["version", "protocol", "kind"]


class ObligationFilterSet(VersionContentFilterSet):
    section = _id_filter("section", "Section (its id)")

    class Meta:
        model = Obligation
        fields = ["version", "protocol", "section", "what"]


class PostResponsibilityFilterSet(django_filters.FilterSet):
    version = _id_filter("section__version", "Version (its id)")
    protocol = _id_filter("section__version__protocol", "Protocol (its id)")
    section = _id_filter("section", "Section (its id)")

    class Meta:
        model = PostResponsibility
        fields = ["version", "protocol", "section"]


class LadderStepFilterSet(VersionContentFilterSet):
    class Meta:
        model = LadderStep
        fields = ["version", "protocol"]


class CommentFilterSet(VersionContentFilterSet):
    section = _id_filter("section", "Section (its id)")
    resolved = django_filters.BooleanFilter(
        field_name="resolved_at", lookup_expr="isnull", exclude=True, label="Resolved"
    )

    class Meta:
        model = Comment
        fields = ["version", "protocol", "section", "resolved"]


class ConcernFilterSet(RecordFilterSet):
    area = _area_filter()
    protocol = _id_filter("protocol", "Protocol (its id)")
    search_fields = ("subject", "description")
    area_paths = ("protocol__area", "protocol__versions__parties__board__area")

    class Meta:
        model = Concern
        fields = ["area", "protocol", "status", "q"]
