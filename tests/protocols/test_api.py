"""The protocols API: the same policy, services and state machine as the pages, in JSON.

A refusal is the service's own sentence with its status (403 who, 409 state, 400 data)
and leaves everything as it was.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from boards.models import Membership
from protocols import services
from protocols.models import (
    Approval,
    Comment,
    Concern,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolVersion,
    Section,
    Signature,
)
from tests import factories as f
from tests.factories import protocols as pf
from tests.protocols.conftest import PASSWORD, yesterday

pytestmark = pytest.mark.django_db

NOT_SIGNED_IN = "Authentication credentials were not provided."
STALE = (
    "This section was changed by someone else since you opened it. Copy your changes, open "
    "the section again and reapply them."
)
WINDOW = {"kind": "window", "start_month": 10, "end_month": 1}


@pytest.fixture
def api_for():
    """Return a function giving an API client signed in (by session) as a user."""

    def _api_for(user):
        client = APIClient()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _api_for


def version_url(version: ProtocolVersion, action: str = "detail") -> str:
    return reverse(
        f"protocol-version-{action}",
        kwargs={"protocol_pk": version.protocol_id, "number": version.number},
    )


def transition(client, version, name, **extra):
    return client.post(version_url(version, "transitions"), {"name": name, **extra}, format="json")


def status_of(version: ProtocolVersion) -> str:
    return ProtocolVersion.objects.get(pk=version.pk).status


def obligation_body(version, world, **extra) -> dict:
    return {
        "version": version.pk,
        "what": "present_report",
        "description": "Present the annual report to the HWB.",
        "timing": WINDOW,
        "owing_board": world.scp.pk,
        "receiving_board": world.hwb.pk,
        **extra,
    }


# --- the whole life of a protocol, by API calls only ------------------------------------


def test_protocol_walks_through_every_state_by_api_calls_only(cast, api_for):
    manager = api_for(cast.user("business_manager"))
    chair = api_for(cast.user("chair"))
    ascp_chair = api_for(cast.user("ascp_chair"))
    member = api_for(cast.user("member"))

    response = manager.post(
        reverse("protocol-list"),
        {
            "area": cast.area_a.pk,
            "reference": "alderley-hwb-ascp",
            "title": "Working together",
            "purpose": "How the boards hold each other to account.",
            "boards": [cast.hwb.pk, cast.scp.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["current_version"]["number"] == 1
    assert body["current_version"]["status"] == "draft"
    assert body["review_rule_text"] == "Each year from the date of signing"
    version = Protocol.objects.get(pk=body["id"]).current_version

    response = manager.post(
        reverse("protocol-section-list"),
        {"version": version.pk, "heading": "Purpose", "body": "The boards **agree**."},
        format="json",
    )
    assert response.status_code == 201
    section = response.json()
    assert (section["number"], section["body_html"]) == (
        1,
        "<p>The boards <strong>agree</strong>.</p>",
    )
    response = manager.post(
        reverse("protocol-obligation-list"),
        obligation_body(version, cast, section=section["id"]),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["timing_text"] == "Each year between 1 October and 31 January"

    response = transition(manager, version, "start_consultation")
    assert response.status_code == 200
    assert response.json()["status"] == "consultation"

    response = member.post(
        reverse("protocol-comment-list"),
        {"version": version.pk, "section": section["id"], "body": "Who chairs the meeting?"},
        format="json",
    )
    assert response.status_code == 201
    comment = response.json()
    assert (comment["author_name"], comment["is_resolved"]) == ("member", False)

    response = transition(manager, version, "request_approval")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Resolve the open comment before sending the version for approval."
    }
    assert status_of(version) == "consultation"

    response = manager.post(reverse("protocol-comment-resolve", kwargs={"pk": comment["id"]}))
    assert response.status_code == 200
    assert response.json()["is_resolved"] is True

    assert transition(manager, version, "request_approval").json()["status"] == (
        "awaiting_approval"
    )

    approval = {"decided_on": yesterday().isoformat(), "minute_reference": "Minute 7"}
    response = chair.post(
        version_url(version, "approvals"),
        {"board": cast.hwb.pk, "decided_by": "The Board", **approval},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["board_name"] == cast.hwb.name
    assert status_of(version) == "awaiting_approval"
    response = ascp_chair.post(
        version_url(version, "approvals"),
        {"board": cast.scp.pk, "decided_by": "The Partnership", **approval},
        format="json",
    )
    assert response.status_code == 201
    assert status_of(version) == "approved"

    response = chair.post(
        version_url(version, "signatures"), {"board": cast.hwb.pk, "password": PASSWORD}
    )
    assert response.status_code == 201
    assert (response.json()["capacity"], response.json()["intact"]) == ("Chair, HWB", True)
    assert status_of(version) == "approved"
    response = ascp_chair.post(
        version_url(version, "signatures"), {"board": cast.scp.pk, "password": PASSWORD}
    )
    assert response.status_code == 201
    assert status_of(version) == "signed"

    response = transition(chair, version, "bring_into_force", on_date=None)
    assert response.status_code == 200
    assert response.json()["status"] == "in_force"
    assert response.json()["in_force_from"] == timezone.localdate().isoformat()

    response = transition(chair, version, "open_review")
    assert (response.status_code, response.json()["status"]) == (200, "under_review")

    response = member.get(version_url(version))
    assert response.status_code == 200
    detail = response.json()
    assert detail["status"] == "under_review"
    assert [a["board"] for a in detail["approvals"]] == [cast.hwb.pk, cast.scp.pk]
    assert [(x["board"], x["intact"]) for x in detail["signatures"]] == [
        (cast.hwb.pk, True),
        (cast.scp.pk, True),
    ]
    assert detail["signatures_intact"] is True
    assert [x["signed"] for x in detail["signatories"]] == [True, True]
    assert [c["body"] for c in detail["comments"]] == ["Who chairs the meeting?"]
    assert detail["obligations"][0]["timing_text"] == "Each year between 1 October and 31 January"
    assert detail["transitions"] == []
    latest = ProtocolVersion.history.filter(id=version.pk).latest()
    assert latest.history_user == cast.user("chair")


def test_closing_a_review_needs_its_outcome_and_returns_the_version_to_force(
    cast, version_in, api_for
):
    version = version_in("under_review")
    chair = api_for(cast.user("chair"))
    response = transition(chair, version, "close_review")
    assert response.status_code == 400
    assert response.json() == {
        "reason": ["Enter the outcome of the review."],
        "detail": "Enter the outcome of the review.",
    }
    assert status_of(version) == "under_review"
    response = transition(chair, version, "close_review", reason="No change needed.")
    assert (response.status_code, response.json()["status"]) == (200, "in_force")


def test_transitions_lists_the_steps_open_and_which_the_caller_may_take(cast, draft, api_for):
    response = api_for(cast.user("member")).get(version_url(draft, "transitions"))
    assert response.status_code == 200
    assert [(t["name"], t["allowed"]) for t in response.json()] == [
        ("start_consultation", False),
        ("request_approval", False),
        ("withdraw", False),
    ]
    response = api_for(cast.user("business_manager")).get(version_url(draft, "transitions"))
    assert [t["allowed"] for t in response.json()] == [True, True, True]
    assert response.json()[2]["reason_prompt"] == "Enter the reason for withdrawing this version."


def test_format_suffixed_step_is_taken_like_the_plain_one(cast, draft, api_for):
    url = version_url(draft, "transitions").rstrip("/") + ".json"
    response = api_for(cast.user("business_manager")).post(
        url, {"name": "start_consultation"}, format="json"
    )
    assert (response.status_code, response.json()["status"]) == (200, "consultation")
    assert status_of(draft) == "consultation"


# --- illegal transitions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "name", "message"),
    [
        (
            "draft",
            "bring_into_force",
            "You cannot bring this version into force while it is in draft.",
        ),
        ("draft", "open_review", "You cannot open a review of this version while it is in draft."),
        (
            "draft",
            "return_to_draft",
            "You cannot return this version to draft while it is in draft.",
        ),
        (
            "draft",
            "close_review",
            "You cannot close the review of this version while it is in draft.",
        ),
        (
            "consultation",
            "start_consultation",
            "You cannot send this version for consultation while it is in consultation.",
        ),
        (
            "awaiting_approval",
            "request_approval",
            "You cannot send this version for approval while it is awaiting approval.",
        ),
        (
            "approved",
            "request_approval",
            "You cannot send this version for approval while it is approved.",
        ),
        (
            "approved",
            "bring_into_force",
            "You cannot bring this version into force while it is approved.",
        ),
        ("signed", "open_review", "You cannot open a review of this version while it is signed."),
        (
            "signed",
            "return_to_draft",
            "You cannot return this version to draft while it is signed.",
        ),
        (
            "in_force",
            "close_review",
            "You cannot close the review of this version while it is in force.",
        ),
        (
            "in_force",
            "start_consultation",
            "You cannot send this version for consultation while it is in force.",
        ),
        (
            "under_review",
            "bring_into_force",
            "You cannot bring this version into force while it is under review.",
        ),
        (
            "superseded",
            "open_review",
            "You cannot open a review of this version while it is superseded.",
        ),
        ("withdrawn", "withdraw", "You cannot withdraw this version while it is withdrawn."),
        (
            "withdrawn",
            "start_consultation",
            "You cannot send this version for consultation while it is withdrawn.",
        ),
        (
            "awaiting_approval",
            "approve",
            "A version becomes approved when the last party board's approval is recorded.",
        ),
        ("approved", "sign", "A version becomes signed when the last signatory signs it."),
        (
            "in_force",
            "supersede",
            "A version is superseded when the next version comes into force, or when a new "
            "version is started before it comes into force.",
        ),
    ],
)
def test_illegal_transition_is_refused_with_its_sentence_and_nothing_changes(
    cast, version_in, api_for, state, name, message
):
    version = version_in(state)
    before = (version.status, version.status_changed_at, version.history.count())
    response = transition(
        api_for(cast.user("superuser")), version, name, reason="Because.", on_date=None
    )
    assert response.status_code == 409
    assert response.json() == {"detail": message}
    version.refresh_from_db()
    assert (version.status, version.status_changed_at, version.history.count()) == before


def test_version_with_an_approval_cannot_return_to_draft(cast, version_in, api_for):
    version = version_in("awaiting_approval")
    services.approval_record(
        actor=cast.user("chair"),
        version=version,
        board=cast.hwb,
        decided_on=yesterday(),
        decided_by="The Board",
    )
    response = transition(
        api_for(cast.user("business_manager")), version, "return_to_draft", reason="Rethink."
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This version already has an approval recorded, so it cannot return to "
        "draft. Withdraw it and start a new version instead."
    }
    assert status_of(version) == "awaiting_approval"


def test_unknown_transition_is_a_bad_request(cast, draft, api_for):
    response = transition(api_for(cast.user("business_manager")), draft, "publish")
    assert response.status_code == 400
    assert response.json() == {"detail": "There is no action called “publish”."}
    assert status_of(draft) == "draft"


def test_approval_recorded_twice_is_a_conflict(cast, version_in, api_for):
    version = version_in("awaiting_approval")
    chair = api_for(cast.user("chair"))
    body = {"board": cast.hwb.pk, "decided_on": yesterday().isoformat(), "decided_by": "Board"}
    assert chair.post(version_url(version, "approvals"), body).status_code == 201
    response = chair.post(version_url(version, "approvals"), body)
    assert response.status_code == 409
    assert response.json() == {"detail": "The HWB's approval of this version is already recorded."}
    assert Approval.objects.filter(version=version).count() == 1


def test_new_version_while_draft_is_open_is_a_conflict(cast, draft, api_for):
    url = reverse("protocol-newversion", kwargs={"pk": draft.protocol_id})
    response = api_for(cast.user("business_manager")).post(url)
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Version 1 is still in draft. Make your changes there instead of starting "
        "another version."
    }
    assert ProtocolVersion.objects.filter(protocol=draft.protocol).count() == 1


# --- unauthorised actions ---------------------------------------------------------------


def snapshot(version: ProtocolVersion) -> tuple:
    """Everything a refused action might have touched, to prove it touched nothing."""
    return (
        status_of(version),
        Section.objects.filter(version=version).count(),
        Comment.objects.filter(version=version).count(),
        Approval.objects.filter(version=version).count(),
        Signature.objects.filter(version=version).count(),
        ProtocolVersion.objects.filter(protocol_id=version.protocol_id).count(),
        ProtocolVersion.history.filter(id=version.pk).count(),
    )


@pytest.mark.parametrize(
    ("state", "role", "method", "action", "data", "message"),
    [
        (
            "draft",
            "member",
            "transition",
            None,
            {"name": "start_consultation"},
            "Only a business manager of one of the party boards can send this version for "
            "consultation.",
        ),
        (
            "draft",
            "chair",
            "section",
            None,
            {"heading": "Training"},
            "Only a business manager of one of the party boards can change this version.",
        ),
        (
            "consultation",
            "democratic_services",
            "comment",
            None,
            {"body": "A comment."},
            "Only members of the party boards can comment on this version.",
        ),
        (
            "awaiting_approval",
            "member",
            "approval",
            "hwb",
            {"decided_by": "The Board"},
            "Only the chair or business manager of the HWB can record its approval.",
        ),
        (
            "awaiting_approval",
            "chair",
            "approval",
            "scp",
            {"decided_by": "The Partnership"},
            "Only the chair or business manager of the ASCP can record its approval.",
        ),
        (
            "approved",
            "business_manager",
            "signature",
            "hwb",
            {"password": PASSWORD},
            "You are not a signatory for the HWB, so you cannot sign for it.",
        ),
        (
            "approved",
            "chair",
            "signature",
            "scp",
            {"password": PASSWORD},
            "You are not a signatory for the ASCP, so you cannot sign for it.",
        ),
        (
            "signed",
            "member",
            "transition",
            None,
            {"name": "bring_into_force"},
            "Only a chair or business manager of one of the party boards can bring this "
            "version into force.",
        ),
        (
            "in_force",
            "csp_business_manager",
            "new_version",
            None,
            {},
            "Only a business manager of one of the party boards can start a new version.",
        ),
        (
            "draft",
            "chair",
            "transition",
            None,
            {"name": "withdraw", "reason": "Merged."},
            "Only a business manager of one of the party boards can withdraw this version.",
        ),
    ],
)
def test_unauthorised_action_is_refused_and_changes_nothing(
    cast, version_in, api_for, state, role, method, action, data, message
):
    version = version_in(state)
    before = snapshot(version)
    client = api_for(cast.user(role))
    boards = {"hwb": cast.hwb, "scp": cast.scp}
    if action:
        data = {"board": boards[action].pk, "decided_on": yesterday().isoformat(), **data}
    if method == "transition":
        response = client.post(version_url(version, "transitions"), data, format="json")
    elif method == "section":
        response = client.post(
            reverse("protocol-section-list"), {"version": version.pk, **data}, format="json"
        )
    elif method == "comment":
        response = client.post(
            reverse("protocol-comment-list"), {"version": version.pk, **data}, format="json"
        )
    elif method == "approval":
        response = client.post(version_url(version, "approvals"), data, format="json")
    elif method == "signature":
        response = client.post(version_url(version, "signatures"), data, format="json")
    else:
        response = client.post(reverse("protocol-newversion", kwargs={"pk": version.protocol_id}))
    assert response.status_code == 403
    assert response.json() == {"detail": message}
    assert snapshot(version) == before


def test_member_cannot_start_a_protocol(cast, api_for):
    response = api_for(cast.user("member")).post(
        reverse("protocol-list"),
        {
            "area": cast.area_a.pk,
            "reference": "member-protocol",
            "title": "A protocol",
            "boards": [cast.hwb.pk, cast.scp.pk],
        },
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only a business manager of one of the boards can start a protocol between them."
    }
    assert not Protocol.objects.exists()


def test_other_areas_protocol_is_not_found_anywhere(cast, draft, api_for):
    section = draft.sections.first()
    client = api_for(cast.user("business_manager_b"))
    not_found = {"detail": "No Protocol matches the given query."}
    assert (
        client.get(reverse("protocol-detail", kwargs={"pk": draft.protocol_id})).status_code == 404
    )
    response = client.get(
        reverse("protocol-version-list", kwargs={"protocol_pk": draft.protocol_id})
    )
    assert (response.status_code, response.json()) == (404, not_found)
    assert client.get(version_url(draft)).status_code == 404
    assert transition(client, draft, "start_consultation").status_code == 404
    assert client.get(version_url(draft, "compare"), {"from": 1}).status_code == 404
    response = client.patch(
        reverse("protocol-section-detail", kwargs={"pk": section.pk}),
        {"heading": "Taken over", "revision": section.revision},
        format="json",
    )
    assert response.status_code == 404
    assert client.get(reverse("protocol-list")).json()["count"] == 0
    assert client.get(reverse("protocol-section-list")).json()["count"] == 0
    assert status_of(draft) == "draft"
    assert Section.objects.get(pk=section.pk).heading == "Purpose"


def test_forged_version_of_another_area_is_an_invalid_id_not_revealed(cast, draft, api_for):
    response = api_for(cast.user("business_manager_b")).post(
        reverse("protocol-section-list"),
        {"version": draft.pk, "heading": "Slipped in"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"version": [f'Invalid pk "{draft.pk}" - object does not exist.']}
    assert draft.sections.count() == 2


def test_anonymous_caller_is_refused(draft):
    response = APIClient().get(reverse("protocol-list"))
    assert (response.status_code, response.json()) == (403, {"detail": NOT_SIGNED_IN})
    response = APIClient().post(version_url(draft, "transitions"), {"name": "start_consultation"})
    assert response.status_code == 403
    assert status_of(draft) == "draft"


# --- signing -----------------------------------------------------------------------------


def test_signing_with_a_wrong_password_is_refused_on_the_password(cast, version_in, api_for):
    version = version_in("approved")
    response = api_for(cast.user("chair")).post(
        version_url(version, "signatures"),
        {"board": cast.hwb.pk, "password": "not my password"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "password": ["The password is not correct."],
        "detail": "The password is not correct.",
    }
    assert not Signature.objects.filter(version=version).exists()
    assert status_of(version) == "approved"


def test_signing_needs_the_password_even_when_it_is_blank(cast, version_in, api_for):
    version = version_in("approved")
    response = api_for(cast.user("chair")).post(
        version_url(version, "signatures"), {"board": cast.hwb.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"password": ["This field is required."]}
    assert not Signature.objects.filter(version=version).exists()


def test_signing_an_unapproved_version_is_a_conflict(cast, version_in, api_for):
    version = version_in("awaiting_approval")
    response = api_for(cast.user("chair")).post(
        version_url(version, "signatures"), {"board": cast.hwb.pk, "password": PASSWORD}
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This version cannot be signed until every party board has approved it."
    }


def test_changed_content_shows_the_signatures_broken(cast, version_in, api_for):
    version = version_in("signed")
    # A change the services would refuse, made behind their back.
    Section.objects.filter(version=version, order=1).update(body="Something else entirely.")
    client = api_for(cast.user("member"))
    detail = client.get(version_url(version)).json()
    assert [x["intact"] for x in detail["signatures"]] == [False, False]
    assert detail["signatures_intact"] is False
    assert [x["intact"] for x in client.get(version_url(version, "signatures")).json()] == [
        False,
        False,
    ]
    response = transition(api_for(cast.user("chair")), version, "bring_into_force")
    assert response.status_code == 409
    assert response.json()["detail"].startswith("The text of this version has changed since")
    assert status_of(version) == "signed"


# --- content: stale and frozen edits -----------------------------------------------------


def test_stale_section_revision_is_a_conflict_and_overwrites_nothing(cast, draft, api_for):
    section = draft.sections.get(order=1)
    manager = api_for(cast.user("business_manager"))
    url = reverse("protocol-section-detail", kwargs={"pk": section.pk})
    response = manager.patch(url, {"body": "First edit.", "revision": 1}, format="json")
    assert response.status_code == 200
    assert (response.json()["body"], response.json()["revision"]) == ("First edit.", 2)
    assert response.json()["heading"] == "Purpose"
    response = manager.patch(url, {"body": "Second edit.", "revision": 1}, format="json")
    assert response.status_code == 409
    assert response.json() == {"detail": STALE}
    section.refresh_from_db()
    assert (section.body, section.revision) == ("First edit.", 2)


def test_section_change_without_a_revision_is_refused(cast, draft, api_for):
    section = draft.sections.get(order=1)
    response = api_for(cast.user("business_manager")).patch(
        reverse("protocol-section-detail", kwargs={"pk": section.pk}),
        {"heading": "Renamed"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "revision": [
            "Send the section's revision as you read it, so that a change someone else has "
            "made since is not overwritten."
        ]
    }
    assert Section.objects.get(pk=section.pk).heading == "Purpose"


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (
            "awaiting_approval",
            "This version is awaiting approval and can no longer be changed. Return it to "
            "draft to make changes.",
        ),
        (
            "approved",
            "This version is approved and can no longer be changed. Start a new version to "
            "make changes.",
        ),
        (
            "in_force",
            "This version is in force and can no longer be changed. Start a new version to "
            "make changes.",
        ),
    ],
)
def test_frozen_version_edits_are_conflicts_and_change_nothing(
    cast, version_in, api_for, state, message
):
    version = version_in(state)
    section = version.sections.get(order=1)
    step = version.ladder_steps.get(order=1)
    manager = api_for(cast.user("business_manager"))
    attempts = [
        manager.patch(version_url(version), {"title": "Renamed"}, format="json"),
        manager.patch(
            reverse("protocol-section-detail", kwargs={"pk": section.pk}),
            {"body": "Changed.", "revision": section.revision},
            format="json",
        ),
        manager.post(reverse("protocol-section-list"), {"version": version.pk, "heading": "New"}),
        manager.post(
            reverse("protocol-obligation-list"), obligation_body(version, cast), format="json"
        ),
        manager.patch(
            reverse("protocol-ladder-step-detail", kwargs={"pk": step.pk}),
            {"title": "Changed"},
            format="json",
        ),
        manager.delete(reverse("protocol-section-detail", kwargs={"pk": section.pk})),
    ]
    for response in attempts:
        assert (response.status_code, response.json()) == (409, {"detail": message})
    version.refresh_from_db()
    section.refresh_from_db()
    assert version.title == "Working together: the HWB and the ASCP"
    assert (section.body, version.sections.count()) == ("The boards agree to work together.", 2)
    assert not version.obligations.exists()
    assert LadderStep.objects.get(pk=step.pk).title == "Formal written request"


# --- content: what an author does ---------------------------------------------------------


def test_business_manager_writes_a_draft_through_each_content_resource(cast, draft, api_for):
    manager = api_for(cast.user("business_manager"))
    post = f.PostFactory(area=cast.area_a, title="Director of Public Health", kind="dph")

    response = manager.patch(
        version_url(draft), {"purpose": "A new purpose.", "change_summary": "Purpose."}
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["purpose"]) == (
        "Working together: the HWB and the ASCP",
        "A new purpose.",
    )

    response = manager.post(
        reverse("protocol-section-list"),
        {"version": draft.pk, "heading": "Roles", "kind": "post_holders"},
        format="json",
    )
    assert response.status_code == 201
    holders = response.json()["id"]
    response = manager.post(
        reverse("protocol-post-holder-list"),
        {"section": holders, "post": post.pk, "responsibilities": "Leads the JSNA.\nAttends."},
        format="json",
    )
    assert response.status_code == 201
    row = response.json()
    assert (row["post_title"], row["responsibility_list"]) == (
        "Director of Public Health",
        ["Leads the JSNA.", "Attends."],
    )
    response = manager.patch(
        reverse("protocol-post-holder-detail", kwargs={"pk": row["id"]}),
        {"post_title": "DPH"},
        format="json",
    )
    assert (response.status_code, response.json()["post_title"]) == (200, "DPH")

    response = manager.post(
        reverse("protocol-section-move", kwargs={"pk": holders}), {"direction": "up"}
    )
    assert (response.status_code, response.json()["number"]) == (200, 2)
    response = manager.post(
        reverse("protocol-section-move", kwargs={"pk": holders}), {"direction": "sideways"}
    )
    assert response.status_code == 400
    assert response.json() == {"direction": ['"sideways" is not a valid choice.']}

    response = manager.post(
        reverse("protocol-obligation-list"), obligation_body(draft, cast), format="json"
    )
    obligation = response.json()["id"]
    response = manager.patch(
        reverse("protocol-obligation-detail", kwargs={"pk": obligation}),
        {"timing": {"kind": "deadline", "month": 6}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["timing_text"] == "By 30 June each year"
    assert response.json()["description"] == "Present the annual report to the HWB."
    response = manager.patch(
        reverse("protocol-obligation-detail", kwargs={"pk": obligation}),
        {"timing": {"kind": "frequency", "every": "biannual"}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["timing"] == [
        "“Bi-annual” can mean twice a year or every two years: choose six_monthly (twice a "
        "year) or two_yearly (every two years)."
    ]

    response = manager.post(
        reverse("protocol-ladder-step-list"),
        {"version": draft.pk, "title": "Independent mediation"},
        format="json",
    )
    assert (response.status_code, response.json()["order"]) == (201, 5)

    party = draft.parties.get(board=cast.hwb)
    person = f.PersonFactory(area=cast.area_a, full_name="Lee Officer")
    response = manager.patch(
        reverse("protocol-party-detail", kwargs={"pk": party.pk}),
        {"lead_officer": person.pk},
        format="json",
    )
    assert (response.status_code, response.json()["lead_officer_name"]) == (200, "Lee Officer")
    response = manager.delete(reverse("protocol-party-detail", kwargs={"pk": party.pk}))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "A protocol needs at least two parties, so this one cannot be removed."
    }

    response = manager.delete(reverse("protocol-obligation-detail", kwargs={"pk": obligation}))
    assert response.status_code == 204
    assert not Obligation.objects.filter(pk=obligation).exists()
    response = manager.delete(reverse("protocol-post-holder-detail", kwargs={"pk": row["id"]}))
    assert response.status_code == 204
    assert not PostResponsibility.objects.filter(pk=row["id"]).exists()
    response = manager.delete(reverse("protocol-section-detail", kwargs={"pk": holders}))
    assert response.status_code == 204
    assert list(draft.sections.values_list("order", "heading")) == [
        (1, "Purpose"),
        (2, "Working together"),
    ]


def test_obligation_with_a_board_that_is_not_a_party_is_refused(cast, draft, api_for):
    response = api_for(cast.user("business_manager")).post(
        reverse("protocol-obligation-list"),
        obligation_body(draft, cast, owing_board=cast.csp.pk),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "owing_board": ["The CSP is not a party to this protocol."],
        "detail": "The CSP is not a party to this protocol.",
    }
    assert not draft.obligations.exists()


def test_blank_heading_gets_the_services_sentence(cast, draft, api_for):
    response = api_for(cast.user("business_manager")).post(
        reverse("protocol-section-list"), {"version": draft.pk, "heading": "  "}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "heading": ["Enter the section's heading."],
        "detail": "Enter the section's heading.",
    }


def test_party_added_to_a_draft_and_removed_again(cast, draft, api_for):
    manager = api_for(cast.user("business_manager"))
    response = manager.post(
        reverse("protocol-party-list"), {"version": draft.pk, "board": cast.csp.pk}, format="json"
    )
    assert response.status_code == 201
    assert (response.json()["board_short_name"], response.json()["order"]) == ("CSP", 3)
    party = response.json()["id"]
    assert manager.delete(reverse("protocol-party-detail", kwargs={"pk": party})).status_code == 204
    assert not Party.objects.filter(pk=party).exists()


# --- new versions and the redline ---------------------------------------------------------


def test_new_version_and_its_redline_against_the_last(cast, version_in, api_for):
    version = version_in("in_force")
    manager = api_for(cast.user("business_manager"))
    response = manager.post(reverse("protocol-newversion", kwargs={"pk": version.protocol_id}))
    assert response.status_code == 201
    assert (response.json()["number"], response.json()["based_on_number"]) == (2, 1)
    new = ProtocolVersion.objects.get(protocol=version.protocol, number=2)
    assert status_of(version) == "in_force"
    section = new.sections.get(order=2)
    response = manager.patch(
        reverse("protocol-section-detail", kwargs={"pk": section.pk}),
        {"body": "The chairs meet every month.", "revision": section.revision},
        format="json",
    )
    assert response.status_code == 200

    response = api_for(cast.user("member")).get(version_url(new, "compare"), {"from": 1})
    assert response.status_code == 200
    redline = response.json()
    assert (redline["from"], redline["to"], redline["summary"]) == (1, 2, "1 section changed")
    changed = [x for x in redline["sections"] if x["status"] == "changed"]
    assert [x["key"] for x in changed] == [str(section.key)]
    assert changed[0]["body"]["segments"] == [
        {"op": "equal", "text": "The chairs meet every "},
        {"op": "delete", "text": "quarter"},
        {"op": "insert", "text": "month"},
        {"op": "equal", "text": "."},
    ]

    versions = api_for(cast.user("member")).get(
        reverse("protocol-version-list", kwargs={"protocol_pk": version.protocol_id})
    )
    assert [(v["number"], v["status"]) for v in versions.json()["results"]] == [
        (2, "draft"),
        (1, "in_force"),
    ]
    assert versions.json()["results"][1]["signature_count"] == 2


def test_compare_needs_an_existing_version_to_compare_with(cast, draft, api_for):
    client = api_for(cast.user("member"))
    response = client.get(version_url(draft, "compare"))
    assert response.status_code == 400
    assert response.json() == {"from": ["Choose the version to compare with, for example ?from=1."]}
    response = client.get(version_url(draft, "compare"), {"from": 7})
    assert (response.status_code, response.json()) == (
        400,
        {"from": ["This protocol has no version 7."]},
    )


# --- concerns ------------------------------------------------------------------------------


def test_concern_climbs_the_ladder_and_is_resolved(cast, version_in, api_for):
    version = version_in("in_force")
    chair = api_for(cast.user("chair"))
    ascp_chair = api_for(cast.user("ascp_chair"))
    response = chair.post(
        reverse("protocol-concern-list"),
        {
            "protocol": version.protocol_id,
            "raised_by_board": cast.hwb.pk,
            "raised_with_board": cast.scp.pk,
            "subject": "Annual report not presented",
            "description": "The annual report was due in January.",
            "request": "Please present it at the next meeting.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    concern = response.json()
    assert [(x["step"], x["step_title"]) for x in concern["steps"]] == [
        (1, "Formal written request")
    ]
    url = lambda name: reverse(f"protocol-concern-{name}", kwargs={"pk": concern["id"]})  # noqa: E731

    response = chair.post(url("respond"), {"response": "We will."}, format="json")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Only a chair or the business manager of the ASCP can answer this concern."
    }
    response = ascp_chair.post(url("respond"), {"response": "It is on the agenda."})
    assert (response.status_code, response.json()["steps"][0]["response"]) == (
        200,
        "It is on the agenda.",
    )
    response = chair.post(url("escalate"), {"request": "Please add an item to your agenda."})
    assert response.status_code == 200
    assert [x["step"] for x in response.json()["steps"]] == [1, 2]
    response = ascp_chair.post(url("resolve"), {"outcome": "Presented in March."})
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["outcome"]) == (
        "resolved",
        "Presented in March.",
    )
    response = chair.post(url("withdraw"), {"reason": "Too late."})
    assert response.status_code == 409
    assert response.json() == {
        "detail": "This concern is resolved, so nothing more can be done with it."
    }
    assert Concern.objects.get(pk=concern["id"]).status == "resolved"


def test_concern_about_a_protocol_not_in_force_is_a_conflict(cast, draft, api_for):
    response = api_for(cast.user("chair")).post(
        reverse("protocol-concern-list"),
        {
            "protocol": draft.protocol_id,
            "raised_by_board": cast.hwb.pk,
            "raised_with_board": cast.scp.pk,
            "subject": "S",
            "description": "D",
            "request": "R",
        },
        format="json",
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A concern can be raised only about a protocol that is in force."
    }
    assert not Concern.objects.exists()


# --- lists and filters ---------------------------------------------------------------------


def test_protocols_filter_by_area_status_and_words(cast, draft, version_in, api_for):
    other = services.protocol_create(
        actor=cast.user("business_manager"),
        area=cast.area_a,
        reference="alderley-hwb-csp",
        title="Community safety and health",
        boards=[cast.hwb, cast.csp],
    )
    client = api_for(cast.user("member"))

    def ids(**params) -> set[int]:
        response = client.get(reverse("protocol-list"), params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {draft.protocol_id, other.pk}
    assert ids(area="alderley") == {draft.protocol_id, other.pk}
    assert ids(area="brookfield") == set()
    assert ids(q="community") == {other.pk}
    services.version_transition(
        actor=cast.user("business_manager"), version=draft, name="start_consultation"
    )
    assert ids(status="consultation") == {draft.protocol_id}
    response = client.get(reverse("protocol-list"), {"status": "published"})
    assert response.status_code == 400
    assert response.json() == {
        "status": ["Select a valid choice. published is not one of the available choices."]
    }


def test_comments_filter_by_version_and_whether_resolved(cast, version_in, api_for):
    version = version_in("consultation")
    member = cast.user("member")
    first = services.comment_add(actor=member, version=version, body="First.")
    services.comment_add(actor=member, version=version, body="Second.")
    services.comment_resolve(actor=cast.user("business_manager"), comment=first)
    client = api_for(member)
    response = client.get(
        reverse("protocol-comment-list"), {"version": version.pk, "resolved": "true"}
    )
    assert [c["body"] for c in response.json()["results"]] == ["First."]
    response = client.get(
        reverse("protocol-comment-list"), {"version": version.pk, "resolved": "false"}
    )
    assert [c["body"] for c in response.json()["results"]] == ["Second."]


# --- query counts ------------------------------------------------------------------------


def add_protocols(world, start: int, count: int) -> None:
    """Add ``count`` protocols between the HWB and the ASCP, each with content."""
    for i in range(start, start + count):
        version = pf.ProtocolVersionFactory(
            protocol=pf.ProtocolFactory(area=world.area_a, reference=f"protocol-{i:03d}")
        )
        pf.PartyFactory(version=version, board=world.hwb, order=1)
        pf.PartyFactory(version=version, board=world.scp, order=2)
        section = pf.SectionFactory(version=version, order=1)
        pf.ObligationFactory(
            version=version, section=section, owing_board=world.scp, receiving_board=world.hwb
        )
        pf.LadderStepFactory(version=version, order=1)


def add_obligations(world, version: ProtocolVersion, start: int, count: int) -> None:
    """Add ``count`` obligations, each with a comment and a post holder, to ``version``."""
    sections = list(version.sections.all())
    for i in range(start, start + count):
        rule = {"kind": "after_meeting", "board": world.hwb.pk, "within_days": 10}
        obligation = pf.ObligationFactory(
            version=version,
            section=sections[i % len(sections)],
            owing_board=world.scp,
            receiving_board=world.hwb,
            order=i + 1,
            timing=rule if i % 2 else WINDOW,
        )
        pf.CommentFactory(version=version, section=obligation.section, author=world.user("member"))
        PostResponsibility.objects.create(
            section=sections[0], order=i, post_title=f"Post {i}", responsibilities="Attends."
        )


def queries_for(client, url: str, params=None) -> int:
    client.get(url, params)  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "route", ["protocol-list", "protocol-obligation-list", "protocol-section-list"]
)
def test_list_queries_do_not_grow_with_protocols(cast, api_for, route):
    client = api_for(cast.user("member"))
    add_protocols(cast, 0, 2)
    small = queries_for(client, reverse(route))
    add_protocols(cast, 2, 10)
    large = queries_for(client, reverse(route))
    assert small == large
    assert client.get(reverse(route)).json()["count"] == 12


def test_version_queries_do_not_grow_with_its_content(cast, draft, api_for):
    client = api_for(cast.user("member"))
    walked = services.version_transition(
        actor=cast.user("business_manager"), version=draft, name="start_consultation"
    )
    add_obligations(cast, walked, 0, 3)
    urls = [
        (version_url(walked), None),
        (reverse("protocol-obligation-list"), {"version": walked.pk}),
        (reverse("protocol-comment-list"), {"version": walked.pk}),
        (reverse("protocol-version-list", kwargs={"protocol_pk": walked.protocol_id}), None),
    ]
    small = [queries_for(client, url, params) for url, params in urls]
    add_obligations(cast, walked, 3, 57)
    large = [queries_for(client, url, params) for url, params in urls]
    assert small == large
    detail = client.get(version_url(walked)).json()
    assert len(detail["obligations"]) == 60
    assert detail["obligations"][1]["timing_text"] == (
        "Within 10 days after every meeting of the HWB"
    )


# --- token authentication ----------------------------------------------------------------


def test_script_with_a_token_walks_a_version_and_still_re_enters_the_password_to_sign(
    cast, version_in, api_for
):
    version = version_in("approved")
    client = APIClient()
    response = client.post(
        reverse("api-token"), {"username": "chair", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    response = client.get(version_url(version))
    assert (response.status_code, response.json()["status"]) == (200, "approved")

    response = client.post(
        version_url(version, "signatures"), {"board": cast.hwb.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"password": ["This field is required."]}
    response = client.post(
        version_url(version, "signatures"), {"board": cast.hwb.pk, "password": "wrong"}
    )
    assert response.status_code == 400
    assert response.json()["password"] == ["The password is not correct."]
    response = client.post(
        version_url(version, "signatures"), {"board": cast.hwb.pk, "password": PASSWORD}
    )
    assert response.status_code == 201
    signature = Signature.objects.get(pk=response.json()["id"])
    assert (signature.user, signature.method) == (cast.user("chair"), "password")


def test_schema_describes_the_protocols_endpoints(cast, api_for):
    response = api_for(cast.user("member")).get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/protocols/",
        "/api/v1/protocols/{id}/new-version/",
        "/api/v1/protocols/{protocol_pk}/versions/{number}/",
        "/api/v1/protocols/{protocol_pk}/versions/{number}/transitions/",
        "/api/v1/protocols/{protocol_pk}/versions/{number}/signatures/",
        "/api/v1/protocols/{protocol_pk}/versions/{number}/compare/",
        "/api/v1/protocol-sections/{id}/",
        "/api/v1/protocol-concerns/{id}/escalate/",
    ):
        assert path in paths


def test_chair_of_two_party_boards_signs_once_in_each_capacity(cast, version_in, api_for):
    version = version_in("approved")
    person = cast.user("chair").person
    # The HWB's chair also becomes the ASCP's only chair.
    Membership.objects.filter(board=cast.scp, role=Membership.Role.INDEPENDENT_CHAIR).update(
        end_date=datetime.date(2020, 6, 1)
    )
    f.MembershipFactory(person=person, board=cast.scp, role=Membership.Role.CHAIR)
    chair = api_for(cast.user("chair"))
    for board in (cast.hwb, cast.scp):
        response = chair.post(
            version_url(version, "signatures"), {"board": board.pk, "password": PASSWORD}
        )
        assert response.status_code == 201
    assert status_of(version) == "signed"
    response = chair.post(
        version_url(version, "signatures"), {"board": cast.hwb.pk, "password": PASSWORD}
    )
    assert response.status_code == 409
