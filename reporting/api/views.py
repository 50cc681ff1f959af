"""The compliance figures of an area, board or protocol under /api/v1/compliance/.

The same figures as the dashboard and its JSON download (``reporting.compliance``), for
the areas, boards and protocols the caller may see; another area's is a 404.
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from ..views.compliance import figures_data
from .serializers import ComplianceSerializer

YEAR = OpenApiParameter(
    "year",
    int,
    description="The financial year by the year it starts in; the newest with figures if left out.",
)


class ComplianceViewSet(viewsets.ViewSet):
    """The compliance figures of one area, board or protocol for a financial year."""

    permission_classes = [IsAuthenticated]
    kind = "area"
    lookup_field = "pk"

    @extend_schema(parameters=[YEAR], responses=ComplianceSerializer)
    def retrieve(self, request, **kwargs):
        key = kwargs.get(self.lookup_field)
        try:
            data = figures_data(request, self.kind, key)
        except Http404 as exc:
            from rest_framework.exceptions import NotFound

            raise NotFound(str(exc)) from exc
        return Response(data)


class AreaComplianceViewSet(ComplianceViewSet):
    kind = "area"
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


class BoardComplianceViewSet(ComplianceViewSet):
    kind = "board"
    lookup_value_regex = r"[0-9]{1,18}"


class ProtocolComplianceViewSet(ComplianceViewSet):
    kind = "protocol"
    lookup_value_regex = r"[0-9]{1,18}"


def register(router) -> None:
    """Register the reporting app's viewsets on the /api/v1/ router."""
    router.register("compliance/areas", AreaComplianceViewSet, basename="area-compliance")
    router.register("compliance/boards", BoardComplianceViewSet, basename="board-compliance")
    router.register(
        "compliance/protocols", ProtocolComplianceViewSet, basename="protocol-compliance"
    )
