"""The API's operations as its schema lists them, for the access matrix.

The matrix tries every URL of the URL conf; for the API it also tries every method the
schema at ``/api/schema/`` offers on it (changes with PUT, deletions, and the actions such
as resolving a comment), so what the schema promises and what the table says are the same
list. Those requests carry no body, or an empty one: a role the policy lets through gets a
field error (400), a state refusal (409), or, for a deletion, the deletion; nobody else may
change anything, which is judged from every row of the apps' tables before and after.
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.apps import apps
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
#: the apps whose tables a write could touch
APPS = ("boards", "protocols", "calendar_cycle", "reporting", "authtoken")


def schema_operations() -> dict[str, set[str]]:
    """Return, by URL name, the methods the API schema lists for it."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    found: dict[str, set[str]] = defaultdict(set)
    for path, item in generated["paths"].items():
        match = resolve(re.sub(r"\{[^}]+\}", "1", path))
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        found[name] |= {method.upper() for method in item if method in METHODS}
    return dict(found)


def is_probe(method: str, is_api: bool, has_object: bool) -> bool:
    """Whether a request is sent with an empty body to see who gets past the policy."""
    return is_api and (method in ("PUT", "DELETE") or (method == "POST" and has_object))


def snapshot() -> list:
    """Return every row of every table a request could change."""
    return [
        list(model._default_manager.order_by("pk").values_list())
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    ]


def probe(client, url: str, method: str):
    """Send the request with an empty body; return the response and whether anything changed."""
    before = snapshot()
    response = getattr(client, method.lower())(url, {}, format="json")
    return response, snapshot() != before
