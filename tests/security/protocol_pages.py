"""How the access matrix fills and writes to the protocol pages (``protocols:``).

A protocol page's URL names the protocol, the version's number and often a row inside the
version, so one record gives every parameter. Each page is tried with the record the
page needs: most with the rows of the version in consultation that the API cases use;
recording an approval with a version awaiting approval; signing and starting a new
version with an approved one; raising a concern with a protocol in force.

A write to a page posts what a person filling the form in correctly would post, so a
role the policy lets through saves; whether anything changed is judged from every row of
the protocols tables, before and after.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib import messages

from protocols import services as protocol_services
from protocols.models import (
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
)

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password

#: which record (a key of the matrix's ``objects``) fills a page's URL, by the page's model
PAGE_RECORDS = {
    "protocol": "protocol",
    "version": "protocol-version",
    "party": "protocol-party",
    "section": "protocol-section",
    "postresponsibility": "protocol-post-holder",
    "obligation": "protocol-obligation",
    "ladderstep": "protocol-ladder-step",
    "comment": "protocol-comment",
    "concern": "protocol-concern",
}
#: pages that need a version in another state than consultation
STATE_RECORDS = {
    "protocols:approval_create": "protocol-party-awaiting",
    "protocols:signature_create": "protocol-party-approved",
    "protocols:version_create": "protocol-approved",
    "protocols:concern_create": "protocol-in-force",
}
STATE_MODELS = {
    "protocol-party-awaiting": Party,
    "protocol-party-approved": Party,
    "protocol-approved": Protocol,
    "protocol-in-force": Protocol,
}
#: the lifecycle step the transition page is tried with (the version is in consultation)
TRANSITION = "return_to_draft"
#: a button's write refused by the service: back to the page with the reason, nothing changed
REFUSED = "refused"


def record_key(route_name: str, model: str) -> str:
    """Return which record of the matrix's ``objects`` fills the route's URL."""
    if route_name in STATE_RECORDS:
        return STATE_RECORDS[route_name]
    if route_name.startswith("protocols:"):
        return PAGE_RECORDS.get(model, model)
    return model


def page_kwargs(params: tuple[str, ...], obj) -> dict:
    """Return the URL parameters of a protocol page about ``obj``."""
    in_a_version = isinstance(obj, ProtocolVersion | PostResponsibility) or hasattr(
        obj, "version_id"
    )
    if not in_a_version:
        return {"pk": obj.pk}  # a protocol, a concern, or a record with pages of its own
    version = _version(obj)
    values = {
        "pk": version.protocol_id,
        "number": version.number,
        "name": TRANSITION,
        "party_pk": obj.pk,
        "board_pk": getattr(obj, "board_id", None),
        "section_pk": obj.pk if isinstance(obj, Section) else getattr(obj, "section_id", None),
        "responsibility_pk": obj.pk,
        "obligation_pk": obj.pk,
        "step_pk": obj.pk,
        "comment_pk": obj.pk,
    }
    return {name: values[name] for name in params}


def build_states(world, found: dict, boards: dict) -> None:
    """Add, for area A and area B, protocols awaiting approval, approved and in force."""
    admin = world.user("superuser")
    for target, (first, second, _spare) in boards.items():
        versions = {}
        for state in ("awaiting", "approved", "in-force"):
            protocol = protocol_services.protocol_create(
                actor=admin,
                area=first.area,
                reference=f"agreed-{state}",
                title=f"Agreed protocol ({state})",
                boards=[first, second],
            )
            version = protocol.current_version
            protocol_services.section_add(
                actor=admin, version=version, heading="Purpose", body="The boards agree."
            )
            protocol_services.version_transition(
                actor=admin, version=version, name="request_approval"
            )
            if state != "awaiting":
                for board in (first, second):
                    protocol_services.approval_record(
                        actor=admin,
                        version=version,
                        board=board,
                        decided_on=datetime.date(2026, 1, 15),
                        decided_by="The Board",
                    )
            versions[state] = version
        # Signing needs each board's chair with a password; only the raise-a-concern page
        # is tried here, so the version is put in force directly.
        ProtocolVersion.objects.filter(pk=versions["in-force"].pk).update(
            status=ProtocolVersion.Status.IN_FORCE
        )
        found["protocol-party-awaiting"][target] = versions["awaiting"].parties.get(board=first)
        found["protocol-party-approved"][target] = versions["approved"].parties.get(board=first)
        found["protocol-approved"][target] = versions["approved"].protocol
        found["protocol-in-force"][target] = versions["in-force"].protocol


def snapshot() -> list:
    """Return every row of every protocols table, to tell whether a write changed any."""
    return [
        list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_app_config("protocols").get_models()
    ]


def _version(obj) -> ProtocolVersion:
    if isinstance(obj, ProtocolVersion):
        return obj
    if isinstance(obj, PostResponsibility):
        return obj.section.version
    return obj.version


def _obligation(obj, objects, target) -> dict:
    first, second, _spare = objects["_protocol_boards"][target]
    version = _version(obj)
    return {
        "section": str(version.sections.order_by("order").first().pk),
        "owed_by": f"board:{second.pk}",
        "owing_label": "",
        "what": "present_report",
        "description": "Present the annual report to the board.",
        "owed_to": f"board:{first.pk}",
        "timing-kind": "window",
        "timing-start_month": "10",
        "timing-end_month": "1",
    }


def _section(obj, objects, target) -> dict:
    return {
        "heading": "Renamed section",
        "kind": Section.Kind.TEXT,
        "body": "The boards meet every quarter.",
        "revision": str(obj.revision) if isinstance(obj, Section) else "",
    }


def _protocol(obj, objects, target) -> dict:
    first, second, _spare = objects["_protocol_boards"][target]
    return {
        "title": "A new protocol",
        "reference": "new-protocol",
        "boards": [str(first.pk), str(second.pk)],
        "purpose": "How the boards work together.",
        "review-kind": "anniversary",
        "review-anniversary_of": "signing",
        "review-every_years": "1",
    }


def _concern(obj, objects, target) -> dict:
    first, second, _spare = objects["_protocol_boards"][target]
    return {
        "raised_by_board": str(first.pk),
        "on_behalf_of": "",
        "raised_with_board": str(second.pk),
        "subject": "Annual report not presented",
        "description": "The annual report was due in January.",
        "request": "Please present it at the next meeting.",
    }


#: what a correct submission of each page's form posts: (record, objects, target) → data
PAGE_POSTS = {
    "protocols:protocol_create": _protocol,
    "protocols:version_create": lambda obj, objects, target: {},
    "protocols:version_update": lambda obj, objects, target: {
        "title": "Renamed protocol",
        "purpose": "How the boards work together.",
    },
    "protocols:version_transition": lambda obj, objects, target: {
        "reason": "The boards want to look at it again."
    },
    "protocols:party_update": lambda obj, objects, target: {
        "lead_officer": "",
        "signatory_kind": Party.SignatoryKind.CHAIRS,
        "signatory_post": "",
    },
    "protocols:section_create": _section,
    "protocols:section_update": _section,
    "protocols:section_move": lambda obj, objects, target: {"direction": "down"},
    "protocols:section_delete": lambda obj, objects, target: {},
    "protocols:postresponsibility_create": lambda obj, objects, target: {
        "post_title": "Director of Public Health",
        "post": "",
        "responsibilities": "Leads the needs assessment.",
    },
    "protocols:postresponsibility_update": lambda obj, objects, target: {
        "post_title": "Renamed post",
        "post": "",
        "responsibilities": "Chairs the board.",
    },
    "protocols:postresponsibility_delete": lambda obj, objects, target: {},
    "protocols:obligation_create": _obligation,
    "protocols:obligation_update": _obligation,
    "protocols:obligation_delete": lambda obj, objects, target: {},
    "protocols:ladderstep_create": lambda obj, objects, target: {
        "title": "Independent mediation",
        "description": "",
    },
    "protocols:ladderstep_update": lambda obj, objects, target: {
        "title": "Renamed step",
        "description": "",
    },
    "protocols:ladderstep_delete": lambda obj, objects, target: {},
    "protocols:comment_list": lambda obj, objects, target: {
        "section": str(_version(obj).sections.order_by("order").first().pk),
        "body": "Who chairs the joint meeting?",
    },
    "protocols:comment_resolve": lambda obj, objects, target: {},
    "protocols:approval_create": lambda obj, objects, target: {
        "decided_on": "2026-01-15",
        "meeting": "",
        "minute_reference": "Minute 12/2026",
        "decided_by": "The Board",
    },
    "protocols:signature_create": lambda obj, objects, target: {"password": PASSWORD},
    "protocols:concern_create": _concern,
    "protocols:concern_respond": lambda obj, objects, target: {
        "response": "The report goes to the March meeting."
    },
    "protocols:concern_escalate": lambda obj, objects, target: {
        "request": "Please meet the chairs."
    },
    "protocols:concern_resolve": lambda obj, objects, target: {"outcome": "Presented in March."},
}


def post_page(client, url: str, route_name: str, obj, objects, target: str):
    """Post a correct submission of the page's form; return the response and if it wrote."""
    data = PAGE_POSTS[route_name](obj, objects, target)
    if route_name == "protocols:protocol_create":
        url = f"{url}?area={objects['area'][target].slug}"
    before = snapshot()
    response = client.post(url, data)
    return response, snapshot() != before


def refused_with_a_message(response) -> bool:
    """Whether a redirect carries an error message: a button whose write was refused."""
    stored = getattr(response.wsgi_request, "_messages", None)
    return response.status_code == 302 and any(
        m.level == messages.ERROR for m in (stored._queued_messages if stored else [])
    )
