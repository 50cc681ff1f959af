"""The compliance figures in the API: the dashboard's numbers, visible in the schema."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from rest_framework.test import APIClient

from tests.reporting.compliance_support import FY, TODAY, build_ledger

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@freeze_time(f"{TODAY.isoformat()} 12:00:00")
def test_area_figures_in_the_api_match_the_dashboard(world, client_for):
    build_ledger(world)
    client = _client(world.user("member"))
    data = client.get(f"/api/v1/compliance/areas/{world.area_a.slug}/?year={FY}").json()
    page = client_for(world.user("member")).get(
        f"/reports/compliance/areas/{world.area_a.slug}/?year={FY}"
    )
    assert data["total"] == page.context["summary"].total.as_dict()
    assert data["scope"] == {"kind": "area", "id": world.area_a.pk, "name": "Alderley"}
    assert [q["on_time_rate"] for q in data["by_quarter"]] == [1.0, 0.0, 0.0, None]


@freeze_time(f"{TODAY.isoformat()} 12:00:00")
def test_board_and_protocol_figures_in_the_api(world):
    ledger = build_ledger(world)
    client = _client(world.user("member"))
    board = client.get(f"/api/v1/compliance/boards/{world.scp.pk}/?year={FY}").json()
    assert board["total"]["waived"] == 1
    protocol = client.get(f"/api/v1/compliance/protocols/{ledger.version.protocol_id}/").json()
    assert protocol["financial_year"] == FY
    assert [y["financial_year"] for y in protocol["over_time"]] == [FY - 1, FY]


def test_another_areas_figures_are_not_found_in_the_api(world):
    build_ledger(world)
    response = _client(world.user("business_manager_b")).get(
        f"/api/v1/compliance/areas/{world.area_a.slug}/"
    )
    assert response.status_code == 404


def test_the_compliance_endpoints_are_in_the_schema(world):
    schema = _client(world.user("member")).get("/api/schema/?format=json").json()
    assert "/api/v1/compliance/areas/{slug}/" in schema["paths"]
    assert "/api/v1/compliance/boards/{id}/" in schema["paths"]
    assert "/api/v1/compliance/protocols/{id}/" in schema["paths"]
    operation = schema["paths"]["/api/v1/compliance/areas/{slug}/"]["get"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "query"] == ["year"]
    assert "Compliance" in schema["components"]["schemas"]
