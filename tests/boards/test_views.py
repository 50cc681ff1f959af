"""The boards app's browser pages: who sees what, saving, and refusing bad input."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models.signals import pre_save
from django.urls import reverse

from boards.models import (
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)
from tests import factories as f

MODELS = (
    "board",
    "organisation",
    "person",
    "subgroup",
    "membership",
    "post",
    "priority",
    "meeting",
)


@pytest.fixture
def records(world):
    """One of each record in area A (and a copy of each in area B), keyed by model name."""

    def make(area, board):
        chair = Person.objects.get(full_name="Chair") if area == world.area_a else None
        org = f.OrganisationFactory(area=area, name=f"{area.name} Council")
        person = f.PersonFactory(area=area, full_name=f"{area.name} Officer")
        membership = f.MembershipFactory(person=person, board=board, organisation=org)
        subgroup = f.SubgroupFactory(board=board, name="Case Review", chair=chair)
        return {
            "area": area,
            "board": board,
            "organisation": org,
            "person": person,
            "membership": membership,
            "subgroup": subgroup,
            "post": f.PostFactory(area=area, holder=person),
            "priority": f.PriorityFactory(board=board, outcomes="Fewer delays\nBetter plans"),
            "meeting": f.MeetingFactory(board=board),
            "subgroup_meeting": f.MeetingFactory(board=None, subgroup=subgroup),
        }

    return {"a": make(world.area_a, world.hwb), "b": make(world.area_b, world.board_b)}


def detail_url(obj):
    return obj.get_absolute_url()


def update_url(name, obj):
    return reverse(f"boards:{name}_update", kwargs={"pk": obj.pk})


def field_errors(response) -> dict:
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def assert_refused(response, field, message):
    """The form came back (200, not 500) with exactly this message at this field."""
    assert response.status_code == 200
    errors = field_errors(response)
    assert errors.get(field) == [message], errors
    html = response.content.decode()
    summary = html.index("govuk-error-summary")
    assert summary < html.index("<h1")
    anchor = re.search(r'href="#(id_[a-z_0-9]+)">' + re.escape(escape(message)), html)
    assert anchor, f"no summary link for {message!r}"
    assert f'id="{anchor.group(1)}"' in html, f"summary links to missing #{anchor.group(1)}"


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("'", "&#x27;").replace('"', "&quot;")


# --- who can open which page --------------------------------------------------------------


@pytest.mark.parametrize("name", MODELS)
def test_reader_sees_every_list_page(world, records, client_for, name):
    response = client_for(world.user("member")).get(reverse(f"boards:{name}_list"))
    assert response.status_code == 200
    assert records["a"][name] in response.context["object_list"]
    assert records["b"][name] not in response.context["object_list"]
    assert records["a"][name].get_absolute_url() in response.content.decode()


@pytest.mark.parametrize("name", MODELS)
def test_reader_sees_every_record_page(world, records, client_for, name):
    response = client_for(world.user("member")).get(detail_url(records["a"][name]))
    assert response.status_code == 200
    assert response.context["can_edit"] is False


def test_reader_sees_area_page(world, records, client_for):
    response = client_for(world.user("member")).get(world.area_a.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alderley Health and Wellbeing Board" in html
    assert "Case Review" in html
    assert "Chief Executive" in html


@pytest.mark.parametrize("name", MODELS)
def test_reader_cannot_open_edit_page(world, records, client_for, name):
    client = client_for(world.user("member"))
    assert client.get(update_url(name, records["a"][name])).status_code == 403
    assert client.post(update_url(name, records["a"][name]), {}).status_code == 403


@pytest.mark.parametrize("name", MODELS)
def test_reader_cannot_open_add_page(world, client_for, name):
    client = client_for(world.user("member"))
    assert client.get(reverse(f"boards:{name}_create")).status_code == 403


@pytest.mark.parametrize("name", MODELS)
def test_another_areas_record_is_not_found(world, records, client_for, name):
    client = client_for(world.user("business_manager_b"))
    assert client.get(detail_url(records["a"][name])).status_code == 404
    assert client.get(update_url(name, records["a"][name])).status_code == 404


def test_another_areas_area_page_is_not_found(world, client_for):
    client = client_for(world.user("business_manager_b"))
    assert client.get(world.area_a.get_absolute_url()).status_code == 404


def test_add_page_for_another_areas_board_is_not_found(world, client_for):
    client = client_for(world.user("business_manager_b"))
    url = reverse("boards:subgroup_create") + f"?board={world.hwb.pk}"
    assert client.get(url).status_code == 404


def test_add_page_for_a_board_the_user_does_not_manage_is_forbidden(world, client_for):
    client = client_for(world.user("business_manager"))
    url = reverse("boards:subgroup_create") + f"?board={world.scp.pk}"
    assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_sign_in(world, client_for):
    response = client_for(None).get(reverse("boards:board_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_is_searchable_and_paginated(world, client_for):
    for n in range(30):
        f.PersonFactory(area=world.area_a, full_name=f"Searchable Person {n:02d}")
    client = client_for(world.user("member"))
    response = client.get(reverse("boards:person_list"), {"q": "searchable"})
    assert response.context["paginator"].count == 30
    assert len(response.context["object_list"]) == 25
    second = client.get(reverse("boards:person_list"), {"q": "searchable", "page": 2})
    assert len(second.context["object_list"]) == 5
    assert "Page 2 of 2" in second.content.decode()


def test_list_filtered_by_board_shows_only_that_boards_records(world, records, client_for):
    other = f.MeetingFactory(board=world.scp, date=datetime.date(2026, 5, 1))
    response = client_for(world.user("member")).get(
        reverse("boards:meeting_list"), {"board": world.hwb.pk}
    )
    shown = set(response.context["object_list"])
    assert shown == {records["a"]["meeting"], records["a"]["subgroup_meeting"]}
    assert other not in shown


def test_user_written_text_is_escaped(world, client_for):
    f.PersonFactory(area=world.area_a, full_name="<script>alert(1)</script>")
    response = client_for(world.user("member")).get(reverse("boards:person_list"))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- record pages show what a reader needs -------------------------------------------------


def test_board_page_lists_members_subgroups_priorities_and_meetings(world, records, client_for):
    response = client_for(world.user("business_manager")).get(detail_url(world.hwb))
    html = response.content.decode()
    assert "Alderley Officer" in html
    assert "Case Review" in html
    assert "Fewer delays" in html and "Better plans" in html
    assert records["a"]["meeting"].get_absolute_url() in html
    for add in ("membership", "subgroup", "priority", "meeting"):
        assert reverse(f"boards:{add}_create") + f"?board={world.hwb.pk}" in html


def test_board_page_offers_no_add_links_to_a_reader(world, records, client_for):
    html = client_for(world.user("member")).get(detail_url(world.hwb)).content.decode()
    for add in ("membership", "subgroup", "priority", "meeting"):
        assert reverse(f"boards:{add}_create") not in html


def test_person_page_lists_roles_and_posts(world, records, client_for):
    html = client_for(world.user("member")).get(detail_url(records["a"]["person"])).content
    html = html.decode()
    assert "Member" in html and "Alderley Health and Wellbeing Board" in html
    assert "Chief Executive" in html


def test_subgroup_page_shows_chair_remit_members_and_meetings(world, records, client_for):
    subgroup = records["a"]["subgroup"]
    subgroup.remit = "Reviews serious cases."
    subgroup.save()
    f.MembershipFactory(person=records["a"]["person"], board=None, subgroup=subgroup)
    html = client_for(world.user("member")).get(detail_url(subgroup)).content.decode()
    assert "Chair" in html and "Reviews serious cases." in html
    assert "Alderley Officer" in html
    assert records["a"]["subgroup_meeting"].get_absolute_url() in html


def test_area_page_shows_how_boards_relate(world, records, client_for):
    old = f.BoardFactory(
        area=world.area_a,
        name="Alderley Safeguarding Children Board",
        short_name="ALSCB",
        dissolved=datetime.date(2019, 9, 29),
        superseded_by=world.scp,
    )
    world.board_b.additional_areas.add(world.area_a)
    f.MembershipFactory(person=Person.objects.get(full_name="Chair"), board=world.scp, role="chair")
    html = client_for(world.user("member")).get(world.area_a.get_absolute_url()).content.decode()
    assert "Succeeded" in html and old.get_absolute_url() in html
    assert "Hosted by" in html and "Brookfield" in html
    assert "Former boards" in html and "succeeded by" in html


# --- saving ---------------------------------------------------------------------------------


def test_business_manager_adds_subgroup_with_chair_and_schedules_meeting(world, client_for):
    """The journey: sign in, add a subgroup with a chair, schedule a board meeting."""
    client = client_for(world.user("business_manager"))
    chair = Person.objects.get(full_name="Chair")
    form_page = client.get(reverse("boards:subgroup_create") + f"?board={world.hwb.pk}")
    assert form_page.context["form"].initial["board"] == world.hwb.pk
    assert set(form_page.context["form"].fields["chair"].queryset) == set(
        Person.objects.filter(memberships__board=world.hwb)
    )
    response = client.post(
        reverse("boards:subgroup_create") + f"?board={world.hwb.pk}",
        {
            "board": world.hwb.pk,
            "name": "Quality Assurance",
            "kind": "standing",
            "chair": chair.pk,
            "meeting_frequency": "quarterly",
        },
    )
    subgroup = Subgroup.objects.get(name="Quality Assurance")
    assert response.status_code == 302
    assert response["Location"] == subgroup.get_absolute_url()
    assert subgroup.chair == chair
    assert subgroup.history.get().history_user == world.user("business_manager")

    response = client.post(
        reverse("boards:meeting_create") + f"?board={world.hwb.pk}",
        {"board": world.hwb.pk, "date": "2026-12-03", "start_time": "14:00", "status": "scheduled"},
    )
    meeting = Meeting.objects.get(board=world.hwb, date=datetime.date(2026, 12, 3))
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.history.get().history_user == world.user("business_manager")
    page = client.get(response["Location"])
    assert "Meeting added." in page.content.decode()


def test_democratic_services_schedules_meeting_of_any_visible_board(world, client_for):
    client = client_for(world.user("democratic_services"))
    listing = client.get(reverse("boards:meeting_list")).content.decode()
    assert f'href="{reverse("boards:meeting_create")}"' in listing
    assert "Schedule a meeting" in listing
    form = client.get(reverse("boards:meeting_create")).context["form"]
    assert set(form.fields["board"].queryset) == {world.hwb, world.scp}
    response = client.post(
        reverse("boards:meeting_create"),
        {"board": world.scp.pk, "date": "2027-01-14", "status": "scheduled"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(board=world.scp)
    assert meeting.history.get().history_user == world.user("democratic_services")


def test_democratic_services_cannot_schedule_meeting_of_another_area(world, client_for):
    response = client_for(world.user("democratic_services")).post(
        reverse("boards:meeting_create"),
        {"board": world.board_b.pk, "date": "2027-01-14", "status": "scheduled"},
    )
    assert_refused(response, "board", "Select a board from the list.")
    assert not Meeting.objects.exists()


def _post_and_get(client, url, data, model, **lookup):
    response = client.post(url, data)
    assert response.status_code == 302, field_errors(response)
    obj = model.objects.get(**lookup)
    assert response["Location"] == obj.get_absolute_url()
    return obj


def test_business_manager_adds_each_kind_of_record(world, client_for):
    user = world.user("business_manager")
    client = client_for(user)
    area, hwb = world.area_a, world.hwb
    org = _post_and_get(
        client,
        reverse("boards:organisation_create") + f"?area={area.pk}",
        {"area": area.pk, "name": "Alderley Police", "kind": "police"},
        Organisation,
        name="Alderley Police",
    )
    person = _post_and_get(
        client,
        reverse("boards:person_create"),
        {"area": area.pk, "title": "Dr", "full_name": "Ada Lovelace", "email": "ada@example.org"},
        Person,
        full_name="Ada Lovelace",
    )
    membership = _post_and_get(
        client,
        reverse("boards:membership_create") + f"?board={hwb.pk}",
        {
            "person": person.pk,
            "board": hwb.pk,
            "role": "partner_representative",
            "organisation": org.pk,
            "start_date": "2026-04-01",
        },
        Membership,
        person=person,
    )
    post = _post_and_get(
        client,
        reverse("boards:post_create") + f"?area={area.pk}",
        {"area": area.pk, "kind": "dph", "holder": person.pk, "holder_since": "2024-01-08"},
        Post,
        kind="dph",
    )
    priority = _post_and_get(
        client,
        reverse("boards:priority_create") + f"?board={hwb.pk}",
        {
            "board": hwb.pk,
            "title": "Early help",
            "period_start": "2025",
            "period_end": "2028",
            "outcomes": "One\nTwo",
            "order": "1",
        },
        Priority,
        title="Early help",
    )
    for record in (org, person, membership, post, priority):
        assert record.history.get().history_user == user
    assert membership.organisation == org and post.holder == person
    assert priority.outcome_list == ["One", "Two"]


def test_business_manager_changes_own_board(world, client_for):
    user = world.user("business_manager")
    client = client_for(user)
    response = client.post(
        update_url("board", world.hwb),
        {
            "area": world.area_a.pk,
            "name": "Alderley Health and Wellbeing Board",
            "short_name": "AHWB",
            "kind": "hwb",
            "is_statutory": "on",
            "established": "2013-04-01",
        },
    )
    assert response.status_code == 302
    world.hwb.refresh_from_db()
    assert world.hwb.short_name == "AHWB"
    latest = world.hwb.history.latest()
    assert latest.history_type == "~" and latest.history_user == user


def test_business_manager_cannot_move_own_board_to_another_area(world, client_for):
    response = client_for(world.user("business_manager")).post(
        update_url("board", world.hwb),
        {"area": world.area_b.pk, "name": "Moved", "short_name": "MV", "kind": "hwb"},
    )
    assert_refused(response, "area", "Select an area from the list.")
    world.hwb.refresh_from_db()
    assert world.hwb.area == world.area_a


def test_business_manager_changes_meeting_and_history_names_them(world, records, client_for):
    user = world.user("business_manager")
    meeting = records["a"]["meeting"]
    response = client_for(user).post(
        update_url("meeting", meeting),
        {"board": world.hwb.pk, "date": "2026-10-08", "status": "postponed", "place": "Town Hall"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "postponed"
    assert meeting.history.latest().history_user == user


def test_only_superuser_adds_boards(world, client_for):
    assert (
        client_for(world.user("business_manager")).get(reverse("boards:board_create")).status_code
        == 403
    )
    admin = world.user("superuser")
    board = _post_and_get(
        client_for(admin),
        reverse("boards:board_create") + f"?area={world.area_a.pk}",
        {
            "area": world.area_a.pk,
            "name": "Alderley Safeguarding Adults Board",
            "short_name": "ASAB",
            "kind": "sab",
            "is_statutory": "on",
            "additional_areas": [world.area_b.pk],
        },
        Board,
        short_name="ASAB",
    )
    assert list(board.additional_areas.all()) == [world.area_b]
    assert board.history.latest().history_user == admin


# --- refusing bad input: the exact message at the field, a 200 and nothing saved ---------


def _subgroup_data(world, **changes):
    data = {
        "board": world.hwb.pk,
        "name": "Training",
        "kind": "standing",
        "meeting_frequency": "quarterly",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_subgroup_dates_the_wrong_way_round_are_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:subgroup_create"),
        _subgroup_data(world, start_date="2026-05-01", end_date="2026-04-01"),
    )
    assert_refused(response, "end_date", "The end date must be on or after the start date.")
    assert not Subgroup.objects.exists()


def test_task_and_finish_subgroup_without_end_date_is_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:subgroup_create"), _subgroup_data(world, kind="task_and_finish")
    )
    assert_refused(response, "end_date", "Enter the date a short-life group ends.")
    assert not Subgroup.objects.exists()


def test_subgroup_chair_who_is_not_a_board_member_is_refused(world, client_for):
    outsider = f.PersonFactory(area=world.area_a, full_name="Not A Member")
    response = client_for(world.user("business_manager")).post(
        reverse("boards:subgroup_create") + f"?board={world.hwb.pk}",
        _subgroup_data(world, chair=outsider.pk),
    )
    assert_refused(
        response, "chair", "The chair must be a current member of the board or the subgroup."
    )
    assert not Subgroup.objects.exists()


def test_subgroup_chair_whose_seat_has_ended_is_refused(world, client_for):
    former = f.PersonFactory(area=world.area_a, full_name="Former Member")
    f.MembershipFactory(person=former, board=world.hwb, end_date=datetime.date(2021, 1, 1))
    response = client_for(world.user("superuser")).post(
        reverse("boards:subgroup_create"), _subgroup_data(world, chair=former.pk)
    )
    assert_refused(
        response, "chair", "The chair must be a current member of the board or the subgroup."
    )
    assert not Subgroup.objects.exists()


def test_board_dates_the_wrong_way_round_are_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        update_url("board", world.hwb),
        {
            "area": world.area_a.pk,
            "name": world.hwb.name,
            "short_name": "HWB",
            "kind": "hwb",
            "established": "2013-04-01",
            "dissolved": "2012-01-01",
        },
    )
    assert_refused(
        response, "dissolved", "The date dissolved must be on or after the date established."
    )
    world.hwb.refresh_from_db()
    assert world.hwb.dissolved is None


def test_duplicate_short_name_in_one_area_is_refused_whatever_its_case(world, client_for):
    response = client_for(world.user("superuser")).post(
        reverse("boards:board_create"),
        {"area": world.area_a.pk, "name": "Another board", "short_name": "hwb", "kind": "other"},
    )
    assert_refused(
        response, "short_name", "Another board in this area already has the short name hwb."
    )
    assert Board.objects.count() == 3


def test_same_short_name_in_another_area_is_allowed(world, client_for):
    response = client_for(world.user("superuser")).post(
        reverse("boards:board_create"),
        {
            "area": world.area_b.pk,
            "name": "Brookfield Partnership",
            "short_name": "HWB2",
            "kind": "other",
        },
    )
    assert response.status_code == 302


def test_duplicate_board_name_in_one_area_is_refused_at_the_name(world, client_for):
    response = client_for(world.user("superuser")).post(
        reverse("boards:board_create"),
        {"area": world.area_a.pk, "name": world.hwb.name, "short_name": "NEW", "kind": "hwb"},
    )
    assert_refused(response, "name", "Another board in this area already has this name.")
    assert Board.objects.count() == 3


def test_membership_dates_the_wrong_way_round_are_refused(world, records, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:membership_create"),
        {
            "person": records["a"]["person"].pk,
            "board": world.hwb.pk,
            "role": "vice_chair",
            "start_date": "2026-06-01",
            "end_date": "2026-05-31",
        },
    )
    assert_refused(response, "end_date", "The end date must be on or after the start date.")
    assert not Membership.objects.filter(role="vice_chair").exists()


def test_membership_of_both_board_and_subgroup_is_refused(world, records, client_for):
    before = Membership.objects.count()
    response = client_for(world.user("business_manager")).post(
        reverse("boards:membership_create"),
        {
            "person": records["a"]["person"].pk,
            "board": world.hwb.pk,
            "subgroup": records["a"]["subgroup"].pk,
            "role": "member",
        },
    )
    assert_refused(response, "board", "Choose either a board or a subgroup, not both.")
    assert Membership.objects.count() == before


def test_membership_of_neither_board_nor_subgroup_is_refused(world, records, client_for):
    before = Membership.objects.count()
    response = client_for(world.user("business_manager")).post(
        reverse("boards:membership_create"),
        {"person": records["a"]["person"].pk, "role": "member"},
    )
    assert_refused(response, "board", "Choose a board or a subgroup.")
    assert Membership.objects.count() == before


def test_membership_of_a_person_of_another_area_is_refused(world, records, client_for):
    before = Membership.objects.count()
    stranger = records["b"]["person"]
    for user, url in (
        ("business_manager", reverse("boards:membership_create")),
        ("superuser", reverse("boards:membership_create")),
        ("superuser", reverse("boards:membership_create") + f"?board={world.hwb.pk}"),
    ):
        response = client_for(world.user(user)).post(
            url, {"person": stranger.pk, "board": world.hwb.pk, "role": "member"}
        )
        assert_refused(response, "person", "This person belongs to another area's records.")
    assert Membership.objects.count() == before


def test_duplicate_open_membership_is_refused(world, records, client_for):
    before = Membership.objects.count()
    response = client_for(world.user("business_manager")).post(
        reverse("boards:membership_create"),
        {"person": records["a"]["person"].pk, "board": world.hwb.pk, "role": "member"},
    )
    assert_refused(response, "role", "This person already holds this role here.")
    assert Membership.objects.count() == before


def test_priority_years_the_wrong_way_round_are_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:priority_create"),
        {
            "board": world.hwb.pk,
            "title": "Early help",
            "period_start": "2018",
            "period_end": "2015",
            "order": "0",
        },
    )
    assert_refused(
        response, "period_end", "The end year must be the same as or after the start year."
    )
    assert not Priority.objects.exists()


def test_priority_year_that_is_not_a_year_is_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:priority_create"),
        {
            "board": world.hwb.pk,
            "title": "Early help",
            "period_start": "twenty",
            "period_end": "3000",
            "order": "0",
        },
    )
    assert field_errors(response) == {
        "period_start": ["Enter a year as a number, for example 2015."],
        "period_end": ["Enter a year between 1990 and 2100."],
    }
    assert not Priority.objects.exists()


def test_forged_post_naming_another_areas_board_is_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:subgroup_create"), _subgroup_data(world, board=world.board_b.pk)
    )
    assert_refused(response, "board", "Select a board from the list.")
    assert not Subgroup.objects.exists()


def test_forged_post_naming_a_board_the_user_does_not_manage_is_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:priority_create"),
        {
            "board": world.scp.pk,
            "title": "X",
            "period_start": "2020",
            "period_end": "2021",
            "order": "0",
        },
    )
    assert_refused(response, "board", "Select a board from the list.")
    assert not Priority.objects.exists()


def test_forged_post_naming_a_subgroup_of_another_board_is_refused(world, client_for):
    theirs = f.SubgroupFactory(board=world.scp, name="Their subgroup")
    response = client_for(world.user("business_manager")).post(
        reverse("boards:meeting_create"),
        {"subgroup": theirs.pk, "date": "2026-11-11", "status": "scheduled"},
    )
    assert_refused(response, "subgroup", "Select a subgroup from the list.")
    assert not Meeting.objects.exists()


def test_forged_post_holder_of_another_area_is_refused(world, records, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:post_create") + f"?area={world.area_a.pk}",
        {"area": world.area_a.pk, "kind": "dcs", "holder": records["b"]["person"].pk},
    )
    assert_refused(response, "holder", "The holder must be a person in this area.")
    assert not Post.objects.filter(kind="dcs").exists()


def test_person_added_to_another_area_is_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:person_create"), {"area": world.area_b.pk, "full_name": "Sneaky"}
    )
    assert_refused(response, "area", "Select an area from the list.")
    assert not Person.objects.filter(full_name="Sneaky").exists()


def test_empty_form_names_each_missing_field(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:subgroup_create"), {"board": world.hwb.pk}
    )
    assert field_errors(response) == {
        "name": ["Enter the name."],
        "kind": ["Select the kind of subgroup."],
        "meeting_frequency": ["Select how often it meets."],
    }
    assert_refused(response, "kind", "Select the kind of subgroup.")


def test_meeting_with_a_date_that_is_not_real_is_refused(world, client_for):
    response = client_for(world.user("business_manager")).post(
        reverse("boards:meeting_create"),
        {"board": world.hwb.pk, "date": "31/02/2026", "status": "scheduled"},
    )
    assert_refused(response, "date", "Date must be a real date.")
    assert not Meeting.objects.exists()


def test_clash_found_only_by_the_database_is_a_form_error(world, client_for):
    """A board saved by someone else between our check and our save: no 500, no half-save."""

    def insert_rival(sender, instance, **kwargs):
        if instance.pk is None and instance.short_name == "RACE":
            pre_save.disconnect(insert_rival, sender=Board)
            Board.objects.create(
                area=instance.area, name=instance.name, short_name="RIVAL", kind="other"
            )

    pre_save.connect(insert_rival, sender=Board)
    try:
        response = client_for(world.user("superuser")).post(
            reverse("boards:board_create"),
            {"area": world.area_a.pk, "name": "Raced board", "short_name": "RACE", "kind": "other"},
        )
    finally:
        pre_save.disconnect(insert_rival, sender=Board)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This record clashes with one that already exists."
    ]
    assert not Board.objects.filter(name="Raced board").exists()


# --- every edit page saves, and every form refuses another area's place --------------------

CHANGES = {
    "board": ("terms_of_reference", "Meets four times a year."),
    "organisation": ("name", "Alderley Borough Council"),
    "person": ("job_title", "Director of Public Health"),
    "subgroup": ("remit", "Reviews serious cases."),
    "membership": ("start_date", "2024-04-01"),
    "post": ("holder_since", "2023-09-01"),
    "priority": ("outcomes", "Fewer delays"),
    "meeting": ("place", "Town Hall"),
}


def form_data(form) -> dict:
    """Return what the browser would send back for the form as it was shown."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[bound.html_name] = value
    return data


@pytest.mark.parametrize("name", MODELS)
def test_business_manager_changes_each_kind_of_record(world, records, client_for, name):
    user = world.user("business_manager")
    client = client_for(user)
    record = records["a"][name]
    page = client.get(update_url(name, record))
    assert page.status_code == 200
    field, value = CHANGES[name]
    data = form_data(page.context["form"])
    data[field] = value
    response = client.post(update_url(name, record), data)
    assert response.status_code == 302, field_errors(response)
    assert response["Location"] == record.get_absolute_url()
    record.refresh_from_db()
    assert str(getattr(record, field)) == value
    latest = record.history.latest()
    assert latest.history_type == "~" and latest.history_user == user


OWNED_BY_BOARD = {
    "subgroup": {"name": "X", "kind": "standing", "meeting_frequency": "monthly"},
    "priority": {"title": "X", "period_start": "2020", "period_end": "2021", "order": "0"},
    "membership": {"role": "member"},
    "meeting": {"date": "2026-10-01", "status": "scheduled"},
}
OWNED_BY_AREA = {
    "organisation": {"name": "X", "kind": "other"},
    "person": {"full_name": "X"},
    "post": {"kind": "dph"},
}


@pytest.mark.parametrize("name", sorted(OWNED_BY_BOARD))
def test_forged_post_naming_another_areas_board_is_refused_by_every_form(
    world, records, client_for, name
):
    model = records["a"][name].__class__
    before = model.objects.count()
    data = {**OWNED_BY_BOARD[name], "board": world.board_b.pk}
    if name == "membership":
        data["person"] = records["a"]["person"].pk
    response = client_for(world.user("business_manager")).post(
        reverse(f"boards:{name}_create"), data
    )
    assert_refused(response, "board", "Select a board from the list.")
    assert model.objects.count() == before


@pytest.mark.parametrize("name", sorted(OWNED_BY_AREA))
def test_forged_post_naming_another_area_is_refused_by_every_form(world, records, client_for, name):
    model = records["a"][name].__class__
    before = model.objects.count()
    response = client_for(world.user("business_manager")).post(
        reverse(f"boards:{name}_create"), {**OWNED_BY_AREA[name], "area": world.area_b.pk}
    )
    assert_refused(response, "area", "Select an area from the list.")
    assert model.objects.count() == before


@pytest.mark.parametrize("name", MODELS)
def test_record_pages_escape_user_written_text(world, records, client_for, name):
    nasty = "<img src=x onerror=alert(1)>"
    record = records["a"][name]
    text_field = {
        "board": "terms_of_reference",
        "organisation": "name",
        "person": "job_title",
        "subgroup": "remit",
        "membership": None,
        "post": "title",
        "priority": "outcomes",
        "meeting": "notes",
    }[name]
    target = record.person if text_field is None else record
    setattr(target, text_field or "full_name", nasty)
    target.save()
    html = client_for(world.user("member")).get(detail_url(record)).content.decode()
    assert nasty not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# --- deleting -------------------------------------------------------------------------------

DELETABLE = ("subgroup", "membership", "post", "priority", "meeting")


def delete_url(name, obj):
    return reverse(f"boards:{name}_delete", kwargs={"pk": obj.pk})


@pytest.mark.parametrize("name", DELETABLE)
def test_business_manager_deletes_a_record_after_confirming(world, records, client_for, name):
    user = world.user("business_manager")
    client = client_for(user)
    record = records["a"][name]
    model = type(record)
    confirm = client.get(delete_url(name, record))
    assert confirm.status_code == 200
    assert "You cannot undo this." in confirm.content.decode()
    assert model.objects.filter(pk=record.pk).exists()

    response = client.post(delete_url(name, record))
    parent = record.board if getattr(record, "board_id", None) else None
    parent = parent or getattr(record, "area", None) or record.subgroup
    assert response.status_code == 302
    assert response["Location"] == parent.get_absolute_url()
    assert not model.objects.filter(pk=record.pk).exists()
    gone = model.history.filter(id=record.pk, history_type="-").get()
    assert gone.history_user == user
    page = client.get(response["Location"])
    assert f"{model._meta.verbose_name.capitalize()} deleted." in page.content.decode()


@pytest.mark.parametrize("name", DELETABLE)
def test_reader_cannot_delete(world, records, client_for, name):
    client = client_for(world.user("member"))
    record = records["a"][name]
    assert client.get(delete_url(name, record)).status_code == 403
    assert client.post(delete_url(name, record)).status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", DELETABLE)
def test_another_areas_record_cannot_be_deleted(world, records, client_for, name):
    record = records["a"][name]
    response = client_for(world.user("business_manager_b")).post(delete_url(name, record))
    assert response.status_code == 404
    assert type(record).objects.filter(pk=record.pk).exists()


def test_delete_link_shows_only_for_deletable_records_and_editors(world, records, client_for):
    editor = client_for(world.user("business_manager"))
    html = editor.get(detail_url(records["a"]["meeting"])).content.decode()
    assert delete_url("meeting", records["a"]["meeting"]) in html
    board_html = editor.get(detail_url(world.hwb)).content.decode()
    assert "/delete/" not in board_html
    reader_html = client_for(world.user("member")).get(detail_url(records["a"]["meeting"]))
    assert "/delete/" not in reader_html.content.decode()


HUGE = "9" * 30


def test_oversized_ids_are_not_found_rather_than_a_crash(world, client_for):
    client = client_for(world.user("business_manager"))
    assert client.get(reverse("boards:subgroup_create"), {"board": HUGE}).status_code == 404
    assert client.get(reverse("boards:meeting_list"), {"board": HUGE}).status_code == 404
    response = client.post(reverse("boards:subgroup_create"), _subgroup_data(world, board=HUGE))
    assert_refused(response, "board", "Select a board from the list.")
