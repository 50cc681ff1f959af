"""Browser pages for protocols: who may open them, and what each form does with good and
bad input. Every change goes through the services; a refusal is a message on the page,
with status 200 and nothing changed, never a 500."""

from __future__ import annotations

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from boards.models import Post
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
from tests.protocols.conftest import PASSWORD, yesterday

pytestmark = pytest.mark.django_db

WINDOW = {"kind": "window", "start_month": 10, "end_month": 1}


def url(route: str, version: ProtocolVersion | None = None, **kwargs) -> str:
    if version is not None:
        kwargs.update(pk=version.protocol_id, number=version.number)
    return reverse(f"protocols:{route}", kwargs=kwargs)


def text(response) -> str:
    """Return the page's text with tags removed and whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))


def error_summary(response) -> list[str]:
    html = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, flags=re.S)
    if not match:
        return []
    found = re.findall(r"<a [^>]*>(.*?)</a>", match.group(1))
    return [unescape(" ".join(m.split())) for m in found]


def field_errors(response, field_id: str) -> list[str]:
    """Return the GOV.UK error messages shown at the field with ``field_id``."""
    html = response.content.decode()
    found = re.findall(
        rf'id="{re.escape(field_id)}_\d+_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>\s*(.*?)\s*</span>',
        html,
        flags=re.S,
    )
    return [unescape(" ".join(m.split())) for m in found]


def add_obligation(world, version, section=None, **overrides):
    data = {
        "actor": world.user("business_manager"),
        "version": version,
        "section": section or version.sections.order_by("order").first(),
        "what": "present_report",
        "description": "The annual report for the previous financial year.",
        "timing": WINDOW,
        "owing_board": world.scp,
        "receiving_board": world.hwb,
    }
    data.update(overrides)
    return services.obligation_add(**data)


def obligation_post(version, world, **overrides) -> dict:
    data = {
        "section": str(version.sections.order_by("order").first().pk),
        "owed_by": f"board:{world.scp.pk}",
        "owing_label": "Independent Chair of the ASCP",
        "what": "present_report",
        "description": "The annual report, with a position statement for the current year.",
        "owed_to": f"board:{world.hwb.pk}",
        "timing-kind": "window",
        "timing-start_month": "10",
        "timing-end_month": "1",
    }
    data.update(overrides)
    return data


# --- who may open which page ------------------------------------------------------------

READ_PAGES = ["protocol_detail", "version_detail", "version_compare", "comment_list"]


def read_url(name: str, version: ProtocolVersion) -> str:
    if name in ("protocol_detail", "version_compare"):
        return url(name, pk=version.protocol_id)
    return url(name, version)


@pytest.mark.parametrize("page", READ_PAGES)
@pytest.mark.parametrize(
    "role", ["member", "business_manager", "chair", "democratic_services", "superuser"]
)
def test_read_pages_open_for_everyone_in_the_area(cast, draft, client_for, page, role):
    response = client_for(cast.user(role)).get(read_url(page, draft))
    assert response.status_code == 200


@pytest.mark.parametrize("page", READ_PAGES)
def test_read_pages_are_not_found_for_another_areas_user(cast, draft, client_for, page):
    response = client_for(cast.user("business_manager_b")).get(read_url(page, draft))
    assert response.status_code == 404


@pytest.mark.parametrize("page", READ_PAGES)
def test_read_pages_send_the_anonymous_to_sign_in(cast, draft, client_for, page):
    response = client_for(None).get(read_url(page, draft))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def edit_urls(version: ProtocolVersion, world) -> dict[str, str]:
    section = version.sections.order_by("order").first()
    holders = services.section_add(
        actor=world.user("business_manager"),
        version=version,
        heading="Roles of post holders",
        kind=Section.Kind.POST_HOLDERS,
    )
    responsibility = services.post_responsibility_add(
        actor=world.user("business_manager"),
        section=holders,
        post_title="Director of Children's Services",
        responsibilities="Attends both boards.",
    )
    obligation = add_obligation(world, version)
    step = version.ladder_steps.order_by("order").first()
    party = version.parties.order_by("order").first()
    return {
        "version_update": url("version_update", version),
        "party_update": url("party_update", version, party_pk=party.pk),
        "section_create": url("section_create", version),
        "section_update": url("section_update", version, section_pk=section.pk),
        "section_delete": url("section_delete", version, section_pk=section.pk),
        "obligation_create": url("obligation_create", version),
        "obligation_update": url("obligation_update", version, obligation_pk=obligation.pk),
        "obligation_delete": url("obligation_delete", version, obligation_pk=obligation.pk),
        "postresponsibility_create": url(
            "postresponsibility_create", version, section_pk=holders.pk
        ),
        "postresponsibility_update": url(
            "postresponsibility_update",
            version,
            section_pk=holders.pk,
            responsibility_pk=responsibility.pk,
        ),
        "postresponsibility_delete": url(
            "postresponsibility_delete",
            version,
            section_pk=holders.pk,
            responsibility_pk=responsibility.pk,
        ),
        "ladderstep_create": url("ladderstep_create", version),
        "ladderstep_update": url("ladderstep_update", version, step_pk=step.pk),
        "ladderstep_delete": url("ladderstep_delete", version, step_pk=step.pk),
    }


EDIT_PAGES = [
    "version_update",
    "party_update",
    "section_create",
    "section_update",
    "section_delete",
    "obligation_create",
    "obligation_update",
    "obligation_delete",
    "postresponsibility_create",
    "postresponsibility_update",
    "postresponsibility_delete",
    "ladderstep_create",
    "ladderstep_update",
    "ladderstep_delete",
]


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_edit_pages_open_for_a_party_boards_business_manager(cast, draft, client_for, page):
    target = edit_urls(draft, cast)[page]
    for role in ("business_manager", "ascp_business_manager", "superuser"):
        assert client_for(cast.user(role)).get(target).status_code == 200, role


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_edit_pages_are_forbidden_to_readers(cast, draft, client_for, page):
    target = edit_urls(draft, cast)[page]
    for role in ("member", "chair", "democratic_services", "csp_business_manager"):
        response = client_for(cast.user(role)).get(target)
        assert response.status_code == 403, role
        assert client_for(cast.user(role)).post(target, {}).status_code == 403, role


@pytest.mark.parametrize("page", EDIT_PAGES)
def test_edit_pages_are_not_found_for_another_areas_user(cast, draft, client_for, page):
    target = edit_urls(draft, cast)[page]
    assert client_for(cast.user("business_manager_b")).get(target).status_code == 404


def test_a_row_of_another_version_is_not_found_under_this_one(cast, draft, client_for, walk):
    other = services.protocol_create(
        actor=cast.user("business_manager"),
        area=cast.area_a,
        reference="second",
        title="Second protocol",
        boards=[cast.hwb, cast.scp],
    ).current_version
    section = services.section_add(
        actor=cast.user("business_manager"), version=other, heading="Elsewhere"
    )
    target = url("section_update", draft, section_pk=section.pk)
    assert client_for(cast.user("business_manager")).get(target).status_code == 404


# --- the protocol page ------------------------------------------------------------------


def test_protocol_page_reads_as_the_protocol(cast, draft, client_for):
    section = draft.sections.get(order=2)
    services.section_update(
        actor=cast.user("business_manager"),
        section=section,
        heading="Working together",
        body="The chairs **meet** every quarter.\n\n<script>alert('x')</script>",
        revision=section.revision,
    )
    add_obligation(cast, draft, section=section, owing_label="Independent Chair of the ASCP")
    response = client_for(cast.user("member")).get(url("protocol_detail", pk=draft.protocol_id))
    html = response.content.decode()
    page = text(response)
    assert '<h1 class="govuk-heading-l">Working together: the HWB and the ASCP</h1>' in html
    assert "2. Working together" in page
    assert "The chairs <strong>meet</strong> every quarter." in html
    assert "<script>alert" not in html
    assert "Independent Chair of the ASCP → to HWB" in page
    assert "Each year between 1 October and 31 January" in page
    assert "Formal written request" in page  # the default resolution ladder
    assert "Draft" in page


def test_protocol_page_shows_approvals_and_signatures_with_their_state(
    cast, version_in, client_for
):
    version = version_in("signed")
    signature = Signature.objects.get(version=version, board=cast.hwb)
    Signature.objects.filter(pk=signature.pk).update(content_hash="0" * 64)
    response = client_for(cast.user("member")).get(url("version_detail", version))
    page = text(response)
    assert f"HWB {yesterday():%-d %B %Y}" in page
    assert "The Partnership" in page
    assert "Chair, HWB" in page
    assert "Independent chair, ASCP" in page
    assert page.count("BROKEN") == 1
    assert page.count("Intact") == 1


def test_protocol_page_offers_only_the_actions_the_user_may_take(cast, draft, client_for):
    manager = text(client_for(cast.user("business_manager")).get(url("version_detail", draft)))
    assert "Send to the parties for consultation" in manager
    assert "Send for approval by each board" in manager
    assert "Withdraw" in manager
    assert "Add a section" in manager
    member = text(client_for(cast.user("member")).get(url("version_detail", draft)))
    assert "Send to the parties for consultation" not in member
    assert "Add a section" not in member


def test_older_version_page_points_to_the_newest(cast, version_in, walk, client_for):
    version = version_in("in_force")
    walk.supersede_by_new_version(version)
    response = client_for(cast.user("member")).get(url("version_detail", version))
    assert "The newest is version 2 (draft)." in text(response)
    latest = client_for(cast.user("member")).get(url("protocol_detail", pk=version.protocol_id))
    assert "Version 1 is the one in force" in text(latest)


def test_unknown_version_number_is_not_found(cast, draft, client_for):
    target = url("version_detail", pk=draft.protocol_id, number=9)
    assert client_for(cast.user("member")).get(target).status_code == 404


# --- the list -------------------------------------------------------------------------


def test_list_filters_by_area_status_and_words(cast, draft, version_in, client_for):
    services.protocol_create(
        actor=cast.user("business_manager"),
        area=cast.area_a,
        reference="data-sharing",
        title="Data sharing agreement",
        boards=[cast.hwb, cast.scp],
    )
    client = client_for(cast.user("member"))
    everything = text(client.get(url("protocol_list")))
    assert "Working together: the HWB and the ASCP" in everything
    assert "Data sharing agreement" in everything
    found = text(client.get(url("protocol_list"), {"q": "sharing"}))
    assert "Data sharing agreement" in found
    assert "Working together" not in found
    version_in("consultation")
    consulting = text(client.get(url("protocol_list"), {"status": "consultation"}))
    assert "Working together" in consulting
    assert "Data sharing agreement" not in consulting
    elsewhere = text(client.get(url("protocol_list"), {"area": "brookfield"}))
    assert "No protocols match your filters." in elsewhere


def test_list_shows_nothing_of_another_area(cast, draft, client_for):
    page = text(client_for(cast.user("business_manager_b")).get(url("protocol_list")))
    assert "Working together" not in page
    assert "No protocols yet." in page


def test_list_is_paginated(cast, client_for):
    for n in range(27):
        services.protocol_create(
            actor=cast.user("business_manager"),
            area=cast.area_a,
            reference=f"p-{n}",
            title=f"Protocol {n:02d}",
            boards=[cast.hwb, cast.scp],
        )
    client = client_for(cast.user("member"))
    first = text(client.get(url("protocol_list")))
    assert "27 protocols" in first
    assert "Page 1 of 2" in first
    second = text(client.get(url("protocol_list"), {"page": 2}))
    assert "Protocol 26" in second
    assert client.get(url("protocol_list"), {"page": 9}).status_code == 404


# --- starting a protocol ----------------------------------------------------------------


def create_data(world, **overrides) -> dict:
    data = {
        "area": "alderley",
        "title": "Children's health protocol",
        "reference": "childrens-health",
        "boards": [str(world.hwb.pk), str(world.scp.pk)],
        "purpose": "How the boards work together.",
        "review-kind": "anniversary",
        "review-anniversary_of": "signing",
        "review-every_years": "1",
    }
    data.update(overrides)
    return data


def test_business_manager_starts_a_protocol(cast, client_for):
    client = client_for(cast.user("business_manager"))
    page = client.get(url("protocol_create"))
    assert page.status_code == 200
    assert "Alderley Safeguarding Children Partnership (ASCP)" in text(page)
    response = client.post(url("protocol_create") + "?area=alderley", create_data(cast))
    protocol = Protocol.objects.get(reference="childrens-health")
    assert response.status_code == 302
    assert response["Location"] == protocol.get_absolute_url()
    assert protocol.current_version.title == "Children's health protocol"
    assert {p.board for p in protocol.current_version.parties.all()} == {cast.hwb, cast.scp}
    assert protocol.review_rule == {"kind": "anniversary", "of": "signing", "every_years": 1}


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"boards": []}, "boards", "Select the boards that are party to the protocol."),
        ({"title": ""}, "title", "Enter the title."),
        (
            {"reference": "has spaces"},
            "reference",
            "The short reference must use only letters, numbers and hyphens.",
        ),
        ({"review-kind": ""}, "review-kind", "Choose when it falls due."),
    ],
)
def test_starting_a_protocol_with_bad_input_changes_nothing(
    cast, client_for, overrides, field, message
):
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("protocol_create") + "?area=alderley", create_data(cast, **overrides)
    )
    assert response.status_code == 200
    assert message in error_summary(response)
    assert not Protocol.objects.exists()


def test_one_board_is_not_enough(cast, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(url("protocol_create"), create_data(cast, boards=[str(cast.hwb.pk)]))
    assert response.status_code == 200
    assert field_errors(response, "id_boards") == ["Select at least two boards."]
    assert not Protocol.objects.exists()


def test_a_forged_board_of_another_area_is_refused(cast, client_for):
    client = client_for(cast.user("business_manager"))
    data = create_data(cast, boards=[str(cast.hwb.pk), str(cast.board_b.pk)])
    response = client.post(url("protocol_create"), data)
    assert response.status_code == 200
    assert error_summary(response) == ["Select boards of this area from the list."]
    assert not Protocol.objects.exists()


def test_a_reference_already_used_gets_the_services_sentence(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(url("protocol_create"), create_data(cast, reference="alderley-hwb-ascp"))
    assert response.status_code == 200
    assert error_summary(response) == [
        "Another protocol in Alderley already uses the reference “alderley-hwb-ascp”."
    ]
    assert Protocol.objects.count() == 1


def test_readers_cannot_start_a_protocol(cast, client_for):
    for role in ("member", "chair", "democratic_services"):
        client = client_for(cast.user(role))
        assert client.get(url("protocol_create")).status_code == 403
        assert client.post(url("protocol_create"), create_data(cast)).status_code == 403
    assert not Protocol.objects.exists()


def test_another_areas_manager_cannot_start_one_here(cast, client_for):
    client = client_for(cast.user("business_manager_b"))
    assert client.get(url("protocol_create") + "?area=alderley").status_code == 404
    assert client.post(url("protocol_create"), create_data(cast)).status_code == 404
    assert not Protocol.objects.exists()


def test_a_manager_in_two_areas_chooses_the_area_first(cast, client_for):
    manager = cast.user("business_manager")
    person = manager.person
    f.MembershipFactory(person=person, board=cast.board_b, role="business_manager")
    client = client_for(manager)
    page = client.get(url("protocol_create"))
    assert "You manage boards in more than one area." in text(page)
    assert "Brookfield" in text(page)
    chosen = client.get(url("protocol_create"), {"area": "brookfield"})
    assert "Brookfield Health and Wellbeing Board (BHWB)" in text(chosen)
    assert "Alderley Health and Wellbeing Board" not in text(chosen)


# --- title, purpose and parties ---------------------------------------------------------


def test_title_and_purpose_are_changed(cast, draft, client_for):
    client = client_for(cast.user("ascp_business_manager"))
    response = client.post(
        url("version_update", draft), {"title": "A new title", "purpose": "A new purpose."}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.purpose) == ("A new title", "A new purpose.")


def test_a_blank_title_is_refused(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(url("version_update", draft), {"title": "", "purpose": "x"})
    assert response.status_code == 200
    assert error_summary(response) == ["Enter the title of the protocol."]
    draft.refresh_from_db()
    assert draft.title == "Working together: the HWB and the ASCP"


def test_a_frozen_version_refuses_changes_with_the_services_sentence(cast, version_in, client_for):
    version = version_in("awaiting_approval")
    client = client_for(cast.user("business_manager"))
    page = client.get(url("version_update", version))
    assert "This version is awaiting approval, so its content can no longer be changed." in text(
        page
    )
    response = client.post(url("version_update", version), {"title": "Sneaky", "purpose": ""})
    assert response.status_code == 200
    assert error_summary(response) == [
        "This version is awaiting approval and can no longer be changed. "
        "Return it to draft to make changes."
    ]
    version.refresh_from_db()
    assert version.title == "Working together: the HWB and the ASCP"


def test_a_party_is_signed_for_by_a_named_post(cast, draft, client_for):
    post = f.PostFactory(area=cast.area_a, kind=Post.Kind.DPH)
    party = draft.parties.get(board=cast.hwb)
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("party_update", draft, party_pk=party.pk),
        {"lead_officer": "", "signatory_kind": "post", "signatory_post": str(post.pk)},
    )
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.signatory_kind, party.signatory_post) == ("post", post)


@pytest.mark.parametrize(
    "post_of, message",
    [
        (None, "Select the post holder who signs for the board."),
        ("b", "Select a post holder of this area."),
    ],
)
def test_a_post_signatory_needs_a_post_of_this_area(cast, draft, client_for, post_of, message):
    other = f.PostFactory(area=cast.area_b, kind=Post.Kind.DPH)
    party = draft.parties.get(board=cast.hwb)
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("party_update", draft, party_pk=party.pk),
        {"signatory_kind": "post", "signatory_post": str(other.pk) if post_of else ""},
    )
    assert response.status_code == 200
    assert field_errors(response, "id_signatory_post") == [message]
    party.refresh_from_db()
    assert party.signatory_kind == Party.SignatoryKind.CHAIRS


# --- sections -------------------------------------------------------------------------


def test_a_section_is_added(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("section_create", draft),
        {"heading": "Outcomes", "kind": "text", "body": "Better outcomes for children."},
    )
    section = draft.sections.get(heading="Outcomes")
    assert response.status_code == 302
    assert response["Location"] == f"{draft.get_absolute_url()}#section-3"
    assert (section.order, section.body) == (3, "Better outcomes for children.")


def test_a_section_needs_a_heading(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(url("section_create", draft), {"heading": " ", "kind": "text"})
    assert response.status_code == 200
    assert field_errors(response, "id_heading") == ["Enter the heading of the section."]
    assert draft.sections.count() == 2


def test_a_second_resolution_process_section_gets_the_services_sentence(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    data = {"heading": "Resolution process", "kind": "ladder"}
    assert client.post(url("section_create", draft), data).status_code == 302
    response = client.post(url("section_create", draft), data)
    assert response.status_code == 200
    assert field_errors(response, "id_kind") == [
        "This version already has a resolution process section."
    ]
    assert draft.sections.filter(kind="ladder").count() == 1


def test_a_section_is_changed(cast, draft, client_for):
    section = draft.sections.get(order=1)
    client = client_for(cast.user("business_manager"))
    page = client.get(url("section_update", draft, section_pk=section.pk))
    assert 'name="revision" value="1"' in page.content.decode()
    response = client.post(
        url("section_update", draft, section_pk=section.pk),
        {"heading": "Purpose of the protocol", "body": "New text.", "revision": "1"},
    )
    assert response.status_code == 302
    section.refresh_from_db()
    assert (section.heading, section.body, section.revision) == (
        "Purpose of the protocol",
        "New text.",
        2,
    )


def test_a_stale_section_edit_shows_both_texts_and_keeps_mine(cast, draft, client_for):
    section = draft.sections.get(order=1)
    services.section_update(
        actor=cast.user("ascp_business_manager"),
        section=section,
        heading="Purpose",
        body="Their words, saved first.",
        revision=1,
    )
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("section_update", draft, section_pk=section.pk),
        {"heading": "Purpose", "body": "My words, saved second.", "revision": "1"},
    )
    assert response.status_code == 200
    assert error_summary(response) == [services.authoring.STALE_SECTION]
    html = response.content.decode()
    mine = html[html.index('id="conflict-mine"') : html.index('id="conflict-current"')]
    current = html[html.index('id="conflict-current"') :]
    assert "My words, saved second." in mine
    assert "Their words, saved first." in current
    assert "My words, saved second.</textarea>" in html
    assert 'name="revision" value="2"' in html
    section.refresh_from_db()
    assert section.body == "Their words, saved first."


def test_a_section_is_moved_up(cast, draft, client_for):
    second = draft.sections.get(order=2)
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("section_move", draft, section_pk=second.pk), {"direction": "up"}, follow=True
    )
    second.refresh_from_db()
    assert second.order == 1
    assert "Section moved to number 1." in text(response)


def test_the_first_section_cannot_move_up(cast, draft, client_for):
    first = draft.sections.get(order=1)
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("section_move", draft, section_pk=first.pk), {"direction": "up"}, follow=True
    )
    assert response.status_code == 200
    assert "This section is already the first." in text(response)
    first.refresh_from_db()
    assert first.order == 1


def test_moving_is_a_button_not_a_link(cast, draft, client_for):
    first = draft.sections.get(order=1)
    client = client_for(cast.user("business_manager"))
    assert client.get(url("section_move", draft, section_pk=first.pk)).status_code == 405


def test_a_section_is_deleted_after_asking(cast, draft, client_for):
    first = draft.sections.get(order=1)
    client = client_for(cast.user("business_manager"))
    page = client.get(url("section_delete", draft, section_pk=first.pk))
    assert "Are you sure you want to delete this section?" in text(page)
    assert draft.sections.count() == 2
    response = client.post(url("section_delete", draft, section_pk=first.pk))
    assert response.status_code == 302
    assert list(draft.sections.values_list("heading", "order")) == [("Working together", 1)]


def test_a_section_with_obligations_is_not_deleted(cast, draft, client_for):
    first = draft.sections.get(order=1)
    add_obligation(cast, draft, section=first)
    client = client_for(cast.user("business_manager"))
    response = client.post(url("section_delete", draft, section_pk=first.pk))
    assert response.status_code == 200
    assert error_summary(response) == [
        "Move or delete its obligation before deleting this section."
    ]
    assert draft.sections.count() == 2


# --- obligations ----------------------------------------------------------------------


def test_an_obligation_is_added_with_its_timing(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    section = draft.sections.get(order=2)
    page = client.get(url("obligation_create", draft) + f"?section={section.pk}")
    assert page.status_code == 200
    assert f'<option value="{section.pk}" selected>' in page.content.decode()
    response = client.post(
        url("obligation_create", draft), obligation_post(draft, cast, section=str(section.pk))
    )
    obligation = Obligation.objects.get(version=draft)
    assert response.status_code == 302
    assert response["Location"] == f"{draft.get_absolute_url()}#section-2"
    assert obligation.section == section
    assert (obligation.owing_board, obligation.receiving_board) == (cast.scp, cast.hwb)
    assert obligation.owing_label == "Independent Chair of the ASCP"
    assert obligation.timing == WINDOW


def test_an_obligation_can_be_owed_by_a_post_holder(cast, draft, client_for):
    post = f.PostFactory(area=cast.area_a, kind=Post.Kind.DCS)
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("obligation_create", draft), obligation_post(draft, cast, owed_by=f"post:{post.pk}")
    )
    assert response.status_code == 302
    obligation = Obligation.objects.get(version=draft)
    assert (obligation.owing_board, obligation.owing_post) == (None, post)


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"timing-kind": ""}, "id_timing-kind", "Choose when it falls due."),
        (
            {"timing-end_month": "10"},
            "id_timing-end_month",
            "A window must open and close in different months: for a single month, use a "
            "fixed month (“in October each year”).",
        ),
        ({"description": ""}, "id_description", "Describe the obligation."),
        (
            {"owed_to": "board:{scp}"},
            "id_owed_to",
            "An obligation must be owed to someone else.",
        ),
        (
            {"owed_by": "board:{board_b}"},
            "id_owed_by",
            "Select a party board or a post holder of this area.",
        ),
        (
            {"owed_by": "board:{csp}"},
            "id_owed_by",
            "Select a party board or a post holder of this area.",
        ),
    ],
)
def test_a_bad_obligation_is_refused_at_its_field(
    cast, draft, client_for, overrides, field_id, message
):
    ids = {"scp": cast.scp.pk, "board_b": cast.board_b.pk, "csp": cast.csp.pk}
    data = obligation_post(draft, cast, **{k: v.format(**ids) for k, v in overrides.items()})
    response = client_for(cast.user("business_manager")).post(url("obligation_create", draft), data)
    assert response.status_code == 200
    assert field_errors(response, field_id) == [message]
    assert message in error_summary(response)
    assert not Obligation.objects.exists()


def test_a_timing_naming_a_board_that_is_not_a_party_is_refused(cast, draft, client_for):
    data = obligation_post(
        draft,
        cast,
        **{
            "timing-kind": "after_meeting",
            "timing-meeting_board": str(cast.csp.pk),
            "timing-meeting_within_days": "10",
        },
    )
    response = client_for(cast.user("business_manager")).post(url("obligation_create", draft), data)
    assert response.status_code == 200
    assert error_summary(response) == ["Choose a board from the list."]
    assert not Obligation.objects.exists()


def test_an_obligation_on_a_frozen_version_gets_the_services_sentence(cast, version_in, client_for):
    version = version_in("approved")
    data = obligation_post(version, cast)
    response = client_for(cast.user("business_manager")).post(
        url("obligation_create", version), data
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "This version is approved and can no longer be changed. Start a new version to make "
        "changes."
    ]
    assert not Obligation.objects.exists()


def test_an_obligation_is_changed_from_its_current_values(cast, draft, client_for):
    obligation = add_obligation(cast, draft)
    client = client_for(cast.user("business_manager"))
    target = url("obligation_update", draft, obligation_pk=obligation.pk)
    page = client.get(target).content.decode()
    assert "The annual report for the previous financial year.</textarea>" in page
    assert 'value="window" checked' in " ".join(page.split())
    data = obligation_post(
        draft,
        cast,
        description="The business plan.",
        what="share_document",
        **{"timing-kind": "deadline", "timing-deadline_month": "6"},
    )
    assert client.post(target, data).status_code == 302
    obligation.refresh_from_db()
    assert obligation.description == "The business plan."
    assert obligation.timing == {"kind": "deadline", "month": 6, "day": None}
    assert obligation.key == Obligation.objects.get(pk=obligation.pk).key


def test_an_obligation_is_deleted(cast, draft, client_for):
    obligation = add_obligation(cast, draft)
    client = client_for(cast.user("business_manager"))
    response = client.post(url("obligation_delete", draft, obligation_pk=obligation.pk))
    assert response.status_code == 302
    assert not Obligation.objects.exists()


# --- post holders and the ladder -------------------------------------------------------


def test_a_post_holders_responsibilities_are_added(cast, draft, client_for):
    holders = services.section_add(
        actor=cast.user("business_manager"),
        version=draft,
        heading="Roles of post holders",
        kind=Section.Kind.POST_HOLDERS,
    )
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("postresponsibility_create", draft, section_pk=holders.pk),
        {
            "post_title": "Director of Public Health",
            "responsibilities": "Leads the JSNA.\nAttends.",
        },
    )
    assert response.status_code == 302
    row = PostResponsibility.objects.get(section=holders)
    assert row.responsibility_list == ["Leads the JSNA.", "Attends."]
    page = text(client.get(url("version_detail", draft)))
    assert "Director of Public Health Leads the JSNA. Attends." in page


def test_responsibilities_in_a_text_section_get_the_services_sentence(cast, draft, client_for):
    section = draft.sections.get(order=1)
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("postresponsibility_create", draft, section_pk=section.pk),
        {"post_title": "Director of Public Health", "responsibilities": "Leads the JSNA."},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Post holders' responsibilities belong in a “Roles of post and position holders” section."
    ]
    assert not PostResponsibility.objects.exists()


def test_a_ladder_step_is_added_changed_and_deleted(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(
        url("ladderstep_create", draft), {"title": "Independent mediation", "description": ""}
    )
    assert response.status_code == 302
    step = draft.ladder_steps.get(order=5)
    assert step.title == "Independent mediation"
    client.post(
        url("ladderstep_update", draft, step_pk=step.pk),
        {"title": "Mediation", "description": "By the council's monitoring officer."},
    )
    step.refresh_from_db()
    assert (step.title, step.description) == ("Mediation", "By the council's monitoring officer.")
    first = draft.ladder_steps.get(order=1)
    client.post(url("ladderstep_delete", draft, step_pk=first.pk))
    assert list(draft.ladder_steps.values_list("order", flat=True)) == [1, 2, 3, 4]
    assert not LadderStep.objects.filter(pk=first.pk).exists()


def test_a_ladder_step_needs_a_title(cast, draft, client_for):
    client = client_for(cast.user("business_manager"))
    response = client.post(url("ladderstep_create", draft), {"title": ""})
    assert response.status_code == 200
    assert field_errors(response, "id_title") == ["Enter what the step is."]
    assert draft.ladder_steps.count() == 4


# --- consultation -----------------------------------------------------------------------


def test_a_member_comments_on_a_section_and_another_replies(cast, version_in, client_for):
    version = version_in("consultation")
    section = version.sections.get(order=2)
    member = client_for(cast.user("member"))
    response = member.post(
        url("comment_list", version),
        {"body": "Should this say monthly?", "section": str(section.pk), "parent": ""},
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith("#comments-2")
    assert (comment.section, comment.author) == (section, cast.user("member"))
    manager = client_for(cast.user("ascp_business_manager"))
    manager.post(
        url("comment_list", version), {"body": "Quarterly is agreed.", "parent": str(comment.pk)}
    )
    reply = Comment.objects.get(parent=comment)
    assert reply.section == section
    page = text(manager.get(url("comment_list", version)))
    assert "Should this say monthly?" in page
    assert "Quarterly is agreed." in page
    assert "1 comment is open." in page


def test_a_blank_comment_is_refused_where_it_was_typed(cast, version_in, client_for):
    version = version_in("consultation")
    section = version.sections.get(order=2)
    response = client_for(cast.user("member")).post(
        url("comment_list", version), {"body": "  ", "section": str(section.pk)}
    )
    assert response.status_code == 200
    assert field_errors(response, f"id_s{section.pk}_body") == ["Enter your comment."]
    assert not Comment.objects.exists()


def test_comments_outside_consultation_get_the_services_sentence(cast, draft, client_for):
    response = client_for(cast.user("member")).post(
        url("comment_list", draft), {"body": "Too early?"}
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Comments can be made only while the version is in consultation."
    ]
    assert not Comment.objects.exists()


def test_a_comment_is_resolved_and_the_version_can_go_for_approval(cast, version_in, client_for):
    version = version_in("consultation")
    comment = services.comment_add(
        actor=cast.user("member"), version=version, body="Please add the CDOP."
    )
    manager = client_for(cast.user("business_manager"))
    refused = manager.post(url("version_transition", version, name="request_approval"))
    assert refused.status_code == 200
    assert error_summary(refused) == [
        "Resolve the open comment before sending the version for approval."
    ]
    resolved = manager.post(url("comment_resolve", version, comment_pk=comment.pk), follow=True)
    assert "Comment resolved." in text(resolved)
    comment.refresh_from_db()
    assert comment.is_resolved
    response = manager.post(url("version_transition", version, name="request_approval"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == "awaiting_approval"


def test_someone_else_cannot_resolve_a_members_comment(cast, version_in, client_for):
    version = version_in("consultation")
    comment = services.comment_add(actor=cast.user("member"), version=version, body="Hmm.")
    response = client_for(cast.user("chair")).post(
        url("comment_resolve", version, comment_pk=comment.pk), follow=True
    )
    assert (
        "Only the comment's author or a business manager of a party board can resolve it."
        in text(response)
    )
    comment.refresh_from_db()
    assert not comment.is_resolved


# --- the lifecycle ----------------------------------------------------------------------


def test_a_draft_is_sent_for_consultation_with_a_button(cast, draft, client_for):
    response = client_for(cast.user("business_manager")).post(
        url("version_transition", draft, name="start_consultation"), follow=True
    )
    assert "Version 1 is now in consultation." in text(response)
    draft.refresh_from_db()
    assert draft.status == "consultation"


def test_returning_to_draft_needs_a_reason(cast, version_in, client_for):
    version = version_in("consultation")
    client = client_for(cast.user("business_manager"))
    target = url("version_transition", version, name="return_to_draft")
    response = client.post(target, {"reason": ""})
    assert response.status_code == 200
    assert error_summary(response) == ["Enter the reason for returning this version to draft."]
    version.refresh_from_db()
    assert version.status == "consultation"
    assert client.post(target, {"reason": "More sections are needed."}).status_code == 302
    version.refresh_from_db()
    assert version.status == "draft"


def test_a_date_before_the_last_signature_is_refused(cast, version_in, client_for):
    version = version_in("signed")
    target = url("version_transition", version, name="bring_into_force")
    earlier = timezone.localdate() - datetime.timedelta(days=30)
    response = client_for(cast.user("chair")).post(target, {"on_date": earlier.isoformat()})
    assert response.status_code == 200
    today = timezone.localdate()
    assert field_errors(response, "id_on_date") == [
        "The date it comes into force must be on or after the date of the last signature "
        f"({today.day} {today:%B %Y})."
    ]
    version.refresh_from_db()
    assert version.status == "signed"


def test_a_signed_version_comes_into_force_and_is_reviewed(cast, version_in, client_for):
    version = version_in("signed")
    client = client_for(cast.user("chair"))
    today = timezone.localdate().isoformat()
    client.post(url("version_transition", version, name="bring_into_force"), {"on_date": today})
    version.refresh_from_db()
    assert (version.status, version.in_force_from) == ("in_force", timezone.localdate())
    client.post(url("version_transition", version, name="open_review"), {"on_date": today})
    version.refresh_from_db()
    assert (version.status, version.review_opened_on) == ("under_review", timezone.localdate())


def test_a_nonsense_date_is_a_field_error(cast, version_in, client_for):
    version = version_in("signed")
    response = client_for(cast.user("chair")).post(
        url("version_transition", version, name="bring_into_force"), {"on_date": "31/02/2026"}
    )
    assert response.status_code == 200
    assert field_errors(response, "id_on_date") == [
        "Date it comes into force must be a real date, for example 27/03/2026."
    ]


def test_transitions_are_forbidden_to_readers_and_unknown_ones_are_not_found(
    cast, draft, client_for
):
    member = client_for(cast.user("member"))
    assert (
        member.post(url("version_transition", draft, name="start_consultation")).status_code == 403
    )
    manager = client_for(cast.user("business_manager"))
    assert manager.get(url("version_transition", draft, name="approve")).status_code == 404
    assert manager.get(url("version_transition", draft, name="fly")).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_transition_from_the_wrong_state_gets_the_services_sentence(cast, draft, client_for):
    response = client_for(cast.user("chair")).post(
        url("version_transition", draft, name="bring_into_force"),
        {"on_date": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "You cannot bring this version into force while it is in draft."
    ]


def test_a_new_version_starts_from_the_last(cast, version_in, client_for):
    version = version_in("in_force")
    response = client_for(cast.user("business_manager")).post(
        url("version_create", pk=version.protocol_id)
    )
    new = ProtocolVersion.objects.get(protocol=version.protocol, number=2)
    assert response.status_code == 302
    assert response["Location"] == new.get_absolute_url()
    assert new.sections.count() == 2


def test_a_new_version_while_one_is_open_gets_the_services_sentence(cast, draft, client_for):
    response = client_for(cast.user("business_manager")).post(
        url("version_create", pk=draft.protocol_id), follow=True
    )
    assert "Version 1 is still in draft. Make your changes there instead of starting another " in (
        text(response)
    )
    assert ProtocolVersion.objects.count() == 1


def test_readers_cannot_start_a_new_version(cast, version_in, client_for):
    version = version_in("in_force")
    response = client_for(cast.user("member")).post(url("version_create", pk=version.protocol_id))
    assert response.status_code == 403
    assert ProtocolVersion.objects.count() == 1


# --- approvals and signatures -----------------------------------------------------------


def approval_data(**overrides) -> dict:
    data = {
        "decided_on": yesterday().isoformat(),
        "meeting": "",
        "minute_reference": "Minute 12/2026",
        "decided_by": "The Board",
    }
    data.update(overrides)
    return data


def test_a_chair_records_the_boards_approval_at_a_meeting(cast, version_in, client_for):
    version = version_in("awaiting_approval")
    meeting = f.MeetingFactory(board=cast.hwb, date=yesterday())
    client = client_for(cast.user("chair"))
    target = url("approval_create", version, board_pk=cast.hwb.pk)
    page = client.get(target)
    assert page.status_code == 200
    assert "Record the HWB's approval" in text(page)
    response = client.post(target, approval_data(meeting=str(meeting.pk)))
    assert response.status_code == 302
    approval = Approval.objects.get(version=version)
    assert (approval.board, approval.meeting, approval.minute_reference) == (
        cast.hwb,
        meeting,
        "Minute 12/2026",
    )


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"decided_on": ""}, "id_decided_on", "Enter the date of decision."),
        (
            {"decided_on": "2026-13-45"},
            "id_decided_on",
            "Date of decision must be a real date, for example 27/03/2026.",
        ),
        (
            {"decided_by": ""},
            "id_decided_by",
            "Enter who made the decision, for example the Board.",
        ),
        (
            {"decided_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "id_decided_on",
            "The date of the decision must be today or in the past.",
        ),
    ],
)
def test_a_bad_approval_is_refused(cast, version_in, client_for, overrides, field_id, message):
    version = version_in("awaiting_approval")
    response = client_for(cast.user("chair")).post(
        url("approval_create", version, board_pk=cast.hwb.pk), approval_data(**overrides)
    )
    assert response.status_code == 200
    assert field_errors(response, field_id) == [message]
    assert not Approval.objects.exists()


def test_a_meeting_of_another_board_is_refused(cast, version_in, client_for):
    version = version_in("awaiting_approval")
    theirs = f.MeetingFactory(board=cast.scp, date=yesterday())
    response = client_for(cast.user("chair")).post(
        url("approval_create", version, board_pk=cast.hwb.pk),
        approval_data(meeting=str(theirs.pk)),
    )
    assert response.status_code == 200
    assert field_errors(response, "id_meeting") == ["Select a meeting of this board from the list."]
    assert not Approval.objects.exists()


def test_approval_of_a_draft_gets_the_services_sentence(cast, draft, client_for):
    response = client_for(cast.user("chair")).post(
        url("approval_create", draft, board_pk=cast.hwb.pk), approval_data()
    )
    assert response.status_code == 200
    assert error_summary(response) == [
        "Approvals can be recorded only while the version is awaiting approval. This version "
        "is in draft."
    ]


def test_only_the_boards_own_officers_record_its_approval(cast, version_in, client_for):
    version = version_in("awaiting_approval")
    target = url("approval_create", version, board_pk=cast.hwb.pk)
    for role in ("member", "ascp_chair", "democratic_services"):
        assert client_for(cast.user(role)).post(target, approval_data()).status_code == 403
    assert client_for(cast.user("business_manager_b")).get(target).status_code == 404
    not_a_party = url("approval_create", version, board_pk=cast.csp.pk)
    assert client_for(cast.user("csp_business_manager")).get(not_a_party).status_code == 404
    assert not Approval.objects.exists()


def test_the_sign_page_shows_what_is_signed(cast, version_in, client_for):
    version = version_in("approved")
    response = client_for(cast.user("chair")).get(
        url("signature_create", version, board_pk=cast.hwb.pk)
    )
    page = text(response)
    assert response.status_code == 200
    assert "Capacity Chair, HWB" in page
    assert "Version 1 (approved)" in page
    from protocols.selectors import current_content_hash

    assert current_content_hash(version) in page


def test_a_wrong_password_does_not_sign(cast, version_in, client_for):
    version = version_in("approved")
    response = client_for(cast.user("chair")).post(
        url("signature_create", version, board_pk=cast.hwb.pk), {"password": "not my password"}
    )
    assert response.status_code == 200
    assert field_errors(response, "id_password") == ["The password is not correct."]
    assert "not my password" not in response.content.decode()
    assert not Signature.objects.exists()


def test_the_right_password_signs(cast, version_in, client_for):
    version = version_in("approved")
    client = client_for(cast.user("chair"))
    response = client.post(
        url("signature_create", version, board_pk=cast.hwb.pk),
        {"password": PASSWORD},
        HTTP_USER_AGENT="Test browser",
    )
    assert response.status_code == 302
    signature = Signature.objects.get()
    assert (signature.board, signature.capacity, signature.user_agent) == (
        cast.hwb,
        "Chair, HWB",
        "Test browser",
    )
    assert signature.ip_address == "127.0.0.1"


def test_signing_is_a_post_and_only_for_the_signatory(cast, version_in, client_for):
    version = version_in("approved")
    target = url("signature_create", version, board_pk=cast.hwb.pk)
    for role in ("member", "business_manager", "ascp_chair"):
        assert client_for(cast.user(role)).post(target, {"password": PASSWORD}).status_code == 403
    assert not Signature.objects.exists()


def test_signing_twice_gets_the_services_sentence(cast, version_in, client_for):
    version = version_in("approved")
    client = client_for(cast.user("chair"))
    target = url("signature_create", version, board_pk=cast.hwb.pk)
    client.post(target, {"password": PASSWORD})
    response = client.post(target, {"password": PASSWORD})
    assert response.status_code == 200
    assert error_summary(response) == ["You have already signed this version for the HWB."]
    assert Signature.objects.count() == 1


# --- concerns ---------------------------------------------------------------------------


def raise_data(world, **overrides) -> dict:
    data = {
        "raised_by_board": str(world.hwb.pk),
        "raised_with_board": str(world.scp.pk),
        "subject": "Annual report not presented",
        "description": "The ASCP's annual report has not come to the HWB.",
        "request": "Please present it at the next meeting.",
    }
    data.update(overrides)
    return data


def test_a_chair_raises_a_concern_and_it_climbs_the_ladder(cast, version_in, client_for):
    version = version_in("in_force")
    chair = client_for(cast.user("chair"))
    page = chair.get(url("concern_create", pk=version.protocol_id))
    assert page.status_code == 200
    assert "On behalf of" not in text(page)
    response = chair.post(url("concern_create", pk=version.protocol_id), raise_data(cast))
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == concern.get_absolute_url()
    detail = text(chair.get(concern.get_absolute_url()))
    assert "Formal written request Current step" in detail
    assert "Please present it at the next meeting." in detail

    other = client_for(cast.user("ascp_chair"))
    answered = other.post(
        url("concern_respond", pk=concern.pk), {"response": "It will come in October."}
    )
    assert answered.status_code == 302
    assert concern.steps.get().response == "It will come in October."

    chair = client_for(cast.user("chair"))
    chair.post(url("concern_escalate", pk=concern.pk), {"request": "An agenda item, please."})
    assert concern.steps.count() == 2
    chair.post(url("concern_resolve", pk=concern.pk), {"outcome": "Presented in October."})
    concern.refresh_from_db()
    assert (concern.status, concern.outcome) == ("resolved", "Presented in October.")


def test_a_business_manager_raises_a_concern_for_the_chair(cast, version_in, client_for):
    version = version_in("in_force")
    client = client_for(cast.user("business_manager"))
    target = url("concern_create", pk=version.protocol_id)
    refused = client.post(target, raise_data(cast))
    assert refused.status_code == 200
    assert field_errors(refused, "id_on_behalf_of") == [
        "Choose the chair of the HWB you are raising this for."
    ]
    chair = cast.user("chair").person
    response = client.post(target, raise_data(cast, on_behalf_of=str(chair.pk)))
    assert response.status_code == 302
    assert Concern.objects.get().on_behalf_of == chair


@pytest.mark.parametrize(
    "overrides, field_id, message",
    [
        ({"subject": ""}, "id_subject", "Enter the subject of the concern."),
        (
            {"raised_with_board": "{hwb}"},
            "id_raised_with_board",
            "A concern is raised with another party board.",
        ),
        (
            {"raised_by_board": "{scp}"},
            "id_raised_by_board",
            "Select a party board you chair or manage.",
        ),
    ],
)
def test_a_bad_concern_is_refused(cast, version_in, client_for, overrides, field_id, message):
    version = version_in("in_force")
    ids = {"hwb": cast.hwb.pk, "scp": cast.scp.pk}
    data = raise_data(cast, **{k: v.format(**ids) for k, v in overrides.items()})
    response = client_for(cast.user("chair")).post(
        url("concern_create", pk=version.protocol_id), data
    )
    assert response.status_code == 200
    assert field_errors(response, field_id) == [message]
    assert not Concern.objects.exists()


def test_readers_cannot_raise_or_answer_concerns(cast, version_in, client_for):
    version = version_in("in_force")
    member = client_for(cast.user("member"))
    assert member.get(url("concern_create", pk=version.protocol_id)).status_code == 403
    concern = services.concern_raise(
        actor=cast.user("chair"),
        protocol=version.protocol,
        raised_by_board=cast.hwb,
        raised_with_board=cast.scp,
        subject="Minutes not shared",
        description="No minutes since March.",
        request="Please share them.",
    )
    assert member.get(concern.get_absolute_url()).status_code == 200
    for name in ("concern_respond", "concern_escalate", "concern_resolve"):
        assert member.get(url(name, pk=concern.pk)).status_code == 403
    # The raising side does not answer its own concern.
    chair = client_for(cast.user("chair"))
    assert chair.get(url("concern_respond", pk=concern.pk)).status_code == 403
    other_area = client_for(cast.user("business_manager_b"))
    assert other_area.get(concern.get_absolute_url()).status_code == 404


def test_a_concern_about_a_draft_cannot_be_raised(cast, draft, client_for):
    response = client_for(cast.user("chair")).get(url("concern_create", pk=draft.protocol_id))
    assert response.status_code == 403


# --- comparing versions -----------------------------------------------------------------


def test_compare_shows_what_changed_as_a_redline(cast, version_in, walk, client_for):
    version = version_in("in_force")
    walk.supersede_by_new_version(version)
    new = ProtocolVersion.objects.get(number=2)
    section = new.sections.get(order=2)
    services.section_update(
        actor=cast.user("business_manager"),
        section=section,
        heading="Working together",
        body="The chairs meet every month.",
        revision=section.revision,
    )
    add_obligation(cast, new, section=section)
    response = client_for(cast.user("member")).get(
        url("version_compare", pk=version.protocol_id), {"from": "1", "to": "2"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 section changed; 1 obligation added" in text(response)
    assert '<del><span class="govuk-visually-hidden">deleted: </span>quarter</del>' in html
    assert '<ins><span class="govuk-visually-hidden">inserted: </span>month</ins>' in html
    assert "<ins>Each year between 1 October and 31 January</ins>" in html


def test_compare_defaults_to_the_newest_and_what_it_started_from(
    cast, version_in, walk, client_for
):
    version = version_in("in_force")
    walk.supersede_by_new_version(version)
    page = text(client_for(cast.user("member")).get(url("version_compare", pk=version.protocol_id)))
    assert "Version 1 to version 2" in page
    assert "No changes." in page


@pytest.mark.parametrize(
    "params, message",
    [
        ({"from": "2", "to": "2"}, "Select two different versions."),
        ({"from": "abc", "to": "2"}, "Select the earlier version from the list."),
        ({"from": "1", "to": "7"}, "Select the later version from the list."),
    ],
)
def test_compare_with_bad_choices_explains(cast, version_in, walk, client_for, params, message):
    version = version_in("in_force")
    walk.supersede_by_new_version(version)
    response = client_for(cast.user("member")).get(
        url("version_compare", pk=version.protocol_id), params
    )
    assert response.status_code == 200
    assert error_summary(response) == [message]


def test_compare_with_one_version_says_so(cast, draft, client_for):
    response = client_for(cast.user("member")).get(url("version_compare", pk=draft.protocol_id))
    assert "This protocol has only one version, so there is nothing to compare yet." in text(
        response
    )


# --- user text is escaped -----------------------------------------------------------------


def test_user_written_text_is_escaped_everywhere(cast, client_for):
    evil = "<b>bold</b><script>x()</script>"
    cast.hwb.name = f"HWB {evil}"
    cast.hwb.save()
    protocol = services.protocol_create(
        actor=cast.user("business_manager"),
        area=cast.area_a,
        reference="evil",
        title=f"Title {evil}",
        purpose=f"Purpose {evil}",
        boards=[cast.hwb, cast.scp],
    )
    version = protocol.current_version
    section = services.section_add(
        actor=cast.user("business_manager"), version=version, heading=f"Heading {evil}"
    )
    add_obligation(cast, version, section=section, description=f"Duty {evil}")
    client = client_for(cast.user("business_manager"))
    for target in (
        url("protocol_detail", pk=protocol.pk),
        url("protocol_list"),
        url("protocol_create"),
        url("obligation_create", version),
        url("comment_list", version),
    ):
        html = client.get(target).content.decode()
        assert "<script>x()" not in html, target
        assert "<b>bold</b>" not in html, target


# --- the area page ----------------------------------------------------------------------


def test_area_page_lists_its_protocols(cast, draft, client_for):
    response = client_for(cast.user("business_manager")).get(
        reverse("boards:area_detail", kwargs={"slug": "alderley"})
    )
    page = text(response)
    assert "Working together: the HWB and the ASCP HWB, ASCP Draft" in page
    assert "Start a protocol" in page
    reader = text(
        client_for(cast.user("member")).get(
            reverse("boards:area_detail", kwargs={"slug": "alderley"})
        )
    )
    assert "Working together: the HWB and the ASCP" in reader
    assert "Start a protocol" not in reader


@pytest.mark.parametrize(
    "address, status",
    [
        ("/protocols/99999999999999999999999/", 404),
        ("/protocols/{pk}/versions/99999999999999999999999/", 404),
        ("/protocols/{pk}/compare/?from=99999999999999999999999&to=1", 200),
        ("/protocols/?page=abc", 404),
        ("/protocols/?status=nonsense&area=%00&q=%00", 200),
        ("/protocols/{pk}/versions/1/obligations/add/?section=abc", 200),
    ],
)
def test_odd_addresses_are_answered_without_an_error(cast, draft, client_for, address, status):
    client = client_for(cast.user("business_manager"))
    assert client.get(address.format(pk=draft.protocol_id)).status_code == status
