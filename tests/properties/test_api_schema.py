"""The API against its own schema: schemathesis sends generated requests to every operation
of ``/api/schema/``, as a business manager with a token, through the Django application
itself; no answer is a server error, and every answer matches what the schema says of it
(its body and its content type).
"""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from protocols import services as protocol_services

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def served_schema() -> dict:
    """Return the schema exactly as ``/api/schema/`` renders it (the same generator)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def one_connection():
    """Keep the test's database connection across the application's requests.

    Requests here go through the WSGI handler itself, whose request signals close the
    connection when a request ends; on PostgreSQL that would drop the transaction the test
    runs in. Django's test client disconnects the same handler for the same reason.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast, one_connection) -> str:
    """A business manager's token, with a protocol of their area behind the API."""
    bm = cast.user("business_manager")
    protocol = protocol_services.protocol_create(
        actor=bm,
        area=cast.area_a,
        reference="working-together",
        title="Working together",
        boards=[cast.hwb, cast.scp],
    )
    protocol_services.section_add(
        actor=bm, version=protocol.current_version, heading="Purpose", body="We agree."
    )
    return Token.objects.create(user=bm).key


def test_the_schema_fuzzed_is_the_one_served(cast, client):
    client.force_login(cast.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response.json() == served_schema()


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


def test_an_id_filter_past_the_largest_key_is_a_400_with_the_reason(cast, client):
    client.force_login(cast.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    for url in ("/api/v1/memberships/", "/api/v1/protocol-sections/"):
        field = "person" if "memberships" in url else "version"
        response = client.get(url, {field: str(2**63)})
        assert response.status_code == 400, url
        assert response.json() == {
            field: ["Ensure this value is less than or equal to 9223372036854775807."]
        }


def test_the_schema_names_every_component_once_and_says_which_names_may_be_empty():
    components = served_schema()["components"]["schemas"]
    assert {"Signatory", "VerifiedSignatory"} <= set(components)
    party = components["Party"]["properties"]
    assert party["lead_officer_name"]["nullable"] is True
    assert party["signatory_post_title"]["nullable"] is True
