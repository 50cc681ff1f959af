"""The boards API: the same policy and services as the pages, in JSON."""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

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

NOT_ALLOWED = "You do not have permission to do that."
NOT_SIGNED_IN = "Authentication credentials were not provided."
NOT_FOUND = "No Board matches the given query."


@pytest.fixture
def api_for():
    """Return a function giving an API client signed in (by session) as a user."""

    def _api_for(user):
        client = APIClient()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _api_for


@dataclass
class Records:
    """One record of each kind on the HWB (area A), on the SCP (area A) and in area B."""

    a: dict
    scp: dict
    b: dict


def _records_for(area, board, tag):
    person = f.PersonFactory(area=area, full_name=f"{tag} Person")
    subgroup = f.SubgroupFactory(board=board, name=f"{tag} Quality Assurance")
    return {
        "organisation": f.OrganisationFactory(area=area, name=f"{tag} Council"),
        "board": board,
        "person": person,
        "subgroup": subgroup,
        "membership": f.MembershipFactory(person=person, board=board),
        "post": f.PostFactory(area=area, kind=Post.Kind.DPH, holder=person),
        "priority": f.PriorityFactory(board=board, title=f"{tag} Early help"),
        "meeting": f.MeetingFactory(board=board, place=f"{tag} Civic Centre"),
    }


@pytest.fixture
def records(world) -> Records:
    return Records(
        a=_records_for(world.area_a, world.hwb, "Alderley"),
        scp={
            "board": world.scp,
            "subgroup": f.SubgroupFactory(board=world.scp, name="Case Review"),
            "membership": f.MembershipFactory(
                person=f.PersonFactory(area=world.area_a), board=world.scp
            ),
            "priority": f.PriorityFactory(board=world.scp, title="Neglect"),
            "meeting": f.MeetingFactory(board=world.scp),
        },
        b=_records_for(world.area_b, world.board_b, "Brookfield"),
    )


RESOURCES = (
    "organisation",
    "board",
    "person",
    "subgroup",
    "membership",
    "post",
    "priority",
    "meeting",
)
BOARD_RESOURCES = ("subgroup", "membership", "priority", "meeting")
MODELS = {
    "organisation": Organisation,
    "board": Board,
    "person": Person,
    "subgroup": Subgroup,
    "membership": Membership,
    "post": Post,
    "priority": Priority,
    "meeting": Meeting,
}


def list_url(resource: str) -> str:
    return reverse(f"{resource}-list")


def detail_url(resource: str, obj) -> str:
    return reverse(f"{resource}-detail", kwargs={"pk": obj.pk})


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def new_record(resource: str, world, board=None) -> dict:
    """Return a valid payload for a new record under ``board`` (default: the HWB)."""
    board = board or world.hwb
    area = board.area
    if resource == "organisation":
        return {"area": area.pk, "name": "Youth Offending Service", "kind": "yot"}
    if resource == "board":
        return {
            "area": area.pk,
            "name": "Safeguarding Adults Board",
            "short_name": "SAB",
            "kind": "sab",
        }
    if resource == "person":
        return {"area": area.pk, "full_name": "Priya Shah", "job_title": "Lead officer"}
    if resource == "post":
        return {"area": area.pk, "kind": "pcc"}
    if resource == "subgroup":
        return {"board": board.pk, "name": "Training", "kind": "standing"}
    if resource == "membership":
        person = f.PersonFactory(area=area, full_name="Sam Okafor")
        return {"person": person.pk, "board": board.pk, "role": "lay_member"}
    if resource == "priority":
        return {"board": board.pk, "title": "Neglect", "period_start": 2025, "period_end": 2028}
    if resource == "meeting":
        return {"board": board.pk, "date": "2027-01-14", "place": "Town Hall"}
    raise AssertionError(resource)


#: a text field of each record and a new value for it
CHANGES = {
    "organisation": ("name", "Alderley Borough Council"),
    "board": ("name", "Alderley Health and Care Board"),
    "person": ("full_name", "Jo Renamed"),
    "subgroup": ("name", "Performance"),
    "membership": ("start_date", datetime.date(2021, 4, 1)),
    "post": ("title", "Director of Public Health and Prevention"),
    "priority": ("title", "Domestic abuse"),
    "meeting": ("place", "Council Chamber"),
}


def change(resource: str) -> tuple[str, object, object]:
    name, value = CHANGES[resource]
    wire = value.isoformat() if isinstance(value, datetime.date) else value
    return name, value, wire


# --- reading -----------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_member_lists_only_own_area_records(world, records, api_for, resource):
    response = api_for(world.user("member")).get(list_url(resource))
    assert response.status_code == 200
    listed = ids(response)
    assert records.a[resource].pk in listed
    assert records.b[resource].pk not in listed


@pytest.mark.parametrize("resource", RESOURCES)
def test_member_reads_own_area_record(world, records, api_for, resource):
    obj = records.a[resource]
    response = api_for(world.user("member")).get(detail_url(resource, obj))
    assert response.status_code == 200
    assert response.json()["id"] == obj.pk


@pytest.mark.parametrize("resource", RESOURCES)
def test_other_area_record_is_not_found(world, records, api_for, resource):
    response = api_for(world.user("member")).get(detail_url(resource, records.b[resource]))
    assert response.status_code == 404


def test_areas_are_listed_by_slug_and_read_only(world, api_for):
    client = api_for(world.user("member"))
    response = client.get(reverse("area-list"))
    assert [row["slug"] for row in response.json()["results"]] == ["alderley"]
    assert client.get(reverse("area-detail", kwargs={"slug": "brookfield"})).status_code == 404
    response = client.post(reverse("area-list"), {"name": "Camden", "slug": "camden"})
    assert response.status_code == 405


def test_related_names_are_given_alongside_ids(world, records, api_for):
    membership = records.a["membership"]
    response = api_for(world.user("member")).get(detail_url("membership", membership))
    body = response.json()
    assert body["person"] == membership.person_id
    assert body["person_name"] == "Alderley Person"
    assert body["body_name"] == "Alderley Health and Wellbeing Board"
    post = api_for(world.user("member")).get(detail_url("post", records.a["post"])).json()
    assert post["display_title"] == "Director of Public Health"
    assert post["holder_name"] == "Alderley Person"
    subgroup = api_for(world.user("member")).get(detail_url("subgroup", records.a["subgroup"]))
    assert subgroup.json()["chair"] is None
    assert subgroup.json()["chair_name"] == ""


def test_person_log_in_account_is_not_exposed(world, records, api_for):
    body = api_for(world.user("member")).get(detail_url("person", records.a["person"])).json()
    assert "user" not in body


def test_anonymous_is_refused(world, records, api_for):
    client = api_for(None)
    response = client.get(list_url("board"))
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_SIGNED_IN}
    response = client.post(list_url("subgroup"), new_record("subgroup", world), format="json")
    assert response.status_code == 403
    assert not Subgroup.objects.filter(name="Training").exists()


# --- creating ----------------------------------------------------------------------------


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r != "board"])
def test_business_manager_adds_record_to_own_board_or_area(world, api_for, resource):
    model = MODELS[resource]
    before = model.objects.count()
    payload = new_record(resource, world)
    response = api_for(world.user("business_manager")).post(
        list_url(resource), payload, format="json"
    )
    assert response.status_code == 201, response.json()
    assert model.objects.count() == before + 1
    created = model.objects.get(pk=response.json()["id"])
    for name, value in payload.items():
        stored = getattr(created, f"{name}_id", getattr(created, name))
        assert str(stored) == str(value)
    latest = created.history.latest()
    assert latest.history_user == world.user("business_manager")
    assert latest.history_change_reason == "Added through the API"


@pytest.mark.parametrize("resource", RESOURCES)
def test_member_cannot_add_records(world, api_for, resource):
    model = MODELS[resource]
    before = model.objects.count()
    response = api_for(world.user("member")).post(
        list_url(resource), new_record(resource, world), format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ALLOWED}
    assert model.objects.count() == before


@pytest.mark.parametrize("resource", BOARD_RESOURCES)
def test_business_manager_cannot_add_to_other_board_in_same_area(world, api_for, resource):
    model = MODELS[resource]
    before = model.objects.count()
    response = api_for(world.user("business_manager")).post(
        list_url(resource), new_record(resource, world, board=world.scp), format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ALLOWED}
    assert model.objects.count() == before


def test_only_a_superuser_adds_a_board(world, api_for):
    payload = new_record("board", world)
    response = api_for(world.user("business_manager")).post(
        list_url("board"), payload, format="json"
    )
    assert response.status_code == 403
    response = api_for(world.user("superuser")).post(list_url("board"), payload, format="json")
    assert response.status_code == 201
    assert Board.objects.get(pk=response.json()["id"]).short_name == "SAB"


def test_democratic_services_schedules_meetings_of_any_board_in_area(world, api_for):
    client = api_for(world.user("democratic_services"))
    response = client.post(
        list_url("meeting"), new_record("meeting", world, board=world.scp), format="json"
    )
    assert response.status_code == 201
    response = client.post(list_url("subgroup"), new_record("subgroup", world), format="json")
    assert response.status_code == 403


def test_meeting_of_a_subgroup_takes_the_subgroups_board_for_the_policy(world, records, api_for):
    payload = {"subgroup": records.a["subgroup"].pk, "date": "2027-02-01"}
    response = api_for(world.user("chair")).post(list_url("meeting"), payload, format="json")
    assert response.status_code == 201
    payload = {"subgroup": records.scp["subgroup"].pk, "date": "2027-02-01"}
    response = api_for(world.user("chair")).post(list_url("meeting"), payload, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize("resource", BOARD_RESOURCES)
def test_forged_board_of_another_area_is_invalid_not_revealed(world, api_for, resource):
    model = MODELS[resource]
    before = model.objects.count()
    client = api_for(world.user("business_manager"))
    payload = new_record(resource, world)
    payload["board"] = world.board_b.pk
    response = client.post(list_url(resource), payload, format="json")
    assert response.status_code == 400
    assert response.json()["board"] == [f'Invalid pk "{world.board_b.pk}" - object does not exist.']
    assert model.objects.count() == before
    missing = Board.objects.order_by("-pk").first().pk + 100
    payload["board"] = missing
    response = client.post(list_url(resource), payload, format="json")
    assert response.json()["board"] == [f'Invalid pk "{missing}" - object does not exist.']


def test_forged_area_of_another_area_is_invalid(world, api_for):
    payload = new_record("organisation", world)
    payload["area"] = world.area_b.pk
    response = api_for(world.user("business_manager")).post(
        list_url("organisation"), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"area": [f'Invalid pk "{world.area_b.pk}" - object does not exist.']}


def test_membership_cannot_seat_another_areas_person(world, records, api_for):
    payload = {"person": records.b["person"].pk, "board": world.hwb.pk, "role": "member"}
    response = api_for(world.user("superuser")).post(list_url("membership"), payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"person": ["This person belongs to another area's records."]}


# --- validation --------------------------------------------------------------------------


def test_subgroup_ending_before_it_starts_is_refused_with_field_message(world, api_for):
    payload = new_record("subgroup", world) | {"start_date": "2026-05-01", "end_date": "2026-04-01"}
    response = api_for(world.user("business_manager")).post(
        list_url("subgroup"), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"end_date": ["The end date must be on or after the start date."]}
    assert not Subgroup.objects.filter(name="Training").exists()


def test_short_life_subgroup_needs_an_end_date(world, api_for):
    payload = new_record("subgroup", world) | {"kind": "task_and_finish"}
    response = api_for(world.user("business_manager")).post(
        list_url("subgroup"), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"end_date": ["Enter the date a short-life group ends."]}


def test_board_dissolved_before_established_is_refused(world, api_for):
    payload = {"established": "2013-04-01", "dissolved": "2012-03-31"}
    response = api_for(world.user("business_manager")).patch(
        detail_url("board", world.hwb), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "dissolved": ["The date dissolved must be on or after the date established."]
    }
    world.hwb.refresh_from_db()
    assert world.hwb.dissolved is None


def test_priority_period_out_of_order_is_refused(world, records, api_for):
    response = api_for(world.user("chair")).patch(
        detail_url("priority", records.a["priority"]), {"period_end": 2014}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "period_end": ["The end year must be the same as or after the start year."]
    }


def test_duplicate_short_name_in_area_is_refused(world, api_for):
    response = api_for(world.user("business_manager")).patch(
        detail_url("board", world.hwb), {"short_name": "ascp"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "short_name": ["Another board in this area already has the short name ascp."]
    }


def test_meeting_needs_a_board_or_a_subgroup(world, api_for):
    response = api_for(world.user("democratic_services")).post(
        list_url("meeting"), {"date": "2027-01-14"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"board": ["Choose either a board or a subgroup, not both."]}


def test_malformed_date_is_a_field_error(world, api_for):
    payload = new_record("meeting", world) | {"date": "14/01/2027"}
    response = api_for(world.user("business_manager")).post(
        list_url("meeting"), payload, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "date": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]
    }


# --- changing and deleting ---------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES)
def test_business_manager_changes_own_board_and_area_records(world, records, api_for, resource):
    obj = records.a[resource]
    name, value, wire = change(resource)
    response = api_for(world.user("business_manager")).patch(
        detail_url(resource, obj), {name: wire}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()[name] == wire
    obj.refresh_from_db()
    assert getattr(obj, name) == value
    assert obj.history.latest().history_change_reason == "Changed through the API"


@pytest.mark.parametrize("resource", ["board", *BOARD_RESOURCES])
def test_business_manager_cannot_change_other_boards_records(world, records, api_for, resource):
    obj = records.scp[resource]
    name, value, wire = change(resource)
    response = api_for(world.user("business_manager")).patch(
        detail_url(resource, obj), {name: wire}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": NOT_ALLOWED}
    obj.refresh_from_db()
    assert getattr(obj, name) != value


@pytest.mark.parametrize("resource", RESOURCES)
def test_member_cannot_change_records(world, records, api_for, resource):
    obj = records.a[resource]
    name, value, wire = change(resource)
    response = api_for(world.user("member")).patch(
        detail_url(resource, obj), {name: wire}, format="json"
    )
    assert response.status_code == 403
    obj.refresh_from_db()
    assert getattr(obj, name) != value


def test_moving_a_record_to_a_board_the_user_cannot_edit_is_refused(world, records, api_for):
    subgroup = records.a["subgroup"]
    response = api_for(world.user("business_manager")).patch(
        detail_url("subgroup", subgroup), {"board": world.scp.pk}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "You cannot change this record."}
    subgroup.refresh_from_db()
    assert subgroup.board == world.hwb


def test_democratic_services_reschedules_a_meeting_but_changes_nothing_else(
    world, records, api_for
):
    client = api_for(world.user("democratic_services"))
    meeting = records.scp["meeting"]
    response = client.patch(detail_url("meeting", meeting), {"status": "postponed"}, format="json")
    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.POSTPONED
    response = client.patch(
        detail_url("priority", records.a["priority"]), {"title": "X"}, format="json"
    )
    assert response.status_code == 403


def test_other_area_record_cannot_be_changed_and_stays_hidden(world, records, api_for):
    response = api_for(world.user("business_manager_b")).patch(
        detail_url("board", world.hwb), {"name": "Taken over"}, format="json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": NOT_FOUND}
    world.hwb.refresh_from_db()
    assert world.hwb.name == "Alderley Health and Wellbeing Board"


def test_board_serves_additional_areas_it_may_see(world, api_for):
    client = api_for(world.user("business_manager"))
    response = client.patch(
        detail_url("board", world.hwb), {"additional_areas": [world.area_b.pk]}, format="json"
    )
    assert response.status_code == 400
    assert world.hwb.additional_areas.count() == 0
    response = api_for(world.user("superuser")).patch(
        detail_url("board", world.hwb), {"additional_areas": [world.area_b.pk]}, format="json"
    )
    assert response.status_code == 200
    assert list(world.hwb.additional_areas.all()) == [world.area_b]


def test_business_manager_deletes_own_boards_priority_not_others(world, records, api_for):
    client = api_for(world.user("business_manager"))
    response = client.delete(detail_url("priority", records.scp["priority"]))
    assert response.status_code == 403
    assert Priority.objects.filter(pk=records.scp["priority"].pk).exists()
    response = client.delete(detail_url("priority", records.a["priority"]))
    assert response.status_code == 204
    assert not Priority.objects.filter(pk=records.a["priority"].pk).exists()


# --- filters -----------------------------------------------------------------------------


def test_boards_filter_by_area_includes_boards_serving_it(world, api_for):
    world.board_b.additional_areas.add(world.area_a)
    client = api_for(world.user("superuser"))
    response = client.get(list_url("board"), {"area": "alderley"})
    assert ids(response) == {world.hwb.pk, world.scp.pk, world.board_b.pk}
    response = client.get(list_url("board"), {"area": "brookfield"})
    assert ids(response) == {world.board_b.pk}


def test_meetings_filter_by_board_includes_its_subgroups(world, records, api_for):
    subgroup_meeting = f.MeetingFactory(board=None, subgroup=records.a["subgroup"])
    response = api_for(world.user("member")).get(list_url("meeting"), {"board": world.hwb.pk})
    assert ids(response) == {records.a["meeting"].pk, subgroup_meeting.pk}


def test_search_matches_words_in_names(world, records, api_for):
    response = api_for(world.user("member")).get(list_url("person"), {"q": "alderley per"})
    assert ids(response) == {records.a["person"].pk}


def test_filter_by_another_areas_subgroup_looks_like_an_unknown_one(world, records, api_for):
    client = api_for(world.user("member"))
    response = client.get(list_url("membership"), {"subgroup": records.b["subgroup"].pk})
    assert response.status_code == 200
    assert ids(response) == set()
    response = client.get(list_url("membership"), {"subgroup": 999999})
    assert response.status_code == 200
    assert ids(response) == set()


# --- token authentication ----------------------------------------------------------------


def test_script_gets_a_token_and_uses_it_to_read_and_write(world, records):
    client = APIClient()
    response = client.post(
        reverse("api-token"),
        {"username": "business_manager", "password": "correct horse battery staple"},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert token == Token.objects.get(user=world.user("business_manager")).key
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = client.get(list_url("meeting"))
    assert response.status_code == 200
    assert records.a["meeting"].pk in ids(response)
    response = client.post(list_url("meeting"), new_record("meeting", world), format="json")
    assert response.status_code == 201
    assert Meeting.objects.get(pk=response.json()["id"]).history.latest().history_user == (
        world.user("business_manager")
    )


def test_wrong_password_gets_no_token(world):
    response = APIClient().post(
        reverse("api-token"), {"username": "member", "password": "guess"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}
    assert not Token.objects.exists()


def test_bad_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(list_url("board"))
    # Session authentication comes first, so DRF answers 403 rather than 401.
    assert response.status_code == 403
    assert response.json() == {"detail": "Invalid token."}


# --- schema and docs ----------------------------------------------------------------------


def test_schema_and_docs_need_a_signed_in_caller(world):
    assert APIClient().get(reverse("schema")).status_code == 403
    assert APIClient().get(reverse("api-docs")).status_code == 403


def test_schema_describes_every_boards_endpoint(world):
    client = APIClient()
    client.force_authenticate(world.user("member"))
    response = client.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for plural in ("areas", "organisations", "boards", "people", "subgroups", "memberships"):
        assert f"/api/v1/{plural}/" in paths
    for plural in ("posts", "priorities", "meetings"):
        assert f"/api/v1/{plural}/{{id}}/" in paths
    assert "tokenAuth" in response.json()["components"]["securitySchemes"]


def test_api_docs_load_their_script_from_the_site_under_the_csp(world):
    client = APIClient()
    client.force_login(world.user("member"), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts
    assert all("src=" in attrs for attrs in scripts), "an inline script is blocked by the CSP"
    script_url = re.search(r'<script src="([^"]*script[^"]*)"', page).group(1)
    script = client.get(html.unescape(script_url))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# --- query counts ------------------------------------------------------------------------


def _add_rows(world, n: int) -> None:
    """Add n records of every kind to area A's HWB, each with its related rows filled."""
    for i in range(n):
        tag = f"{n}-{i}"
        org = f.OrganisationFactory(area=world.area_a, name=f"Org {tag}")
        person = f.PersonFactory(area=world.area_a, full_name=f"Person {tag}")
        board = f.BoardFactory(area=world.area_a, name=f"Board {tag}", short_name=f"B{tag}")
        board.additional_areas.add(world.area_b)
        f.MembershipFactory(person=person, board=world.hwb, organisation=org)
        subgroup = f.SubgroupFactory(board=world.hwb, name=f"Subgroup {tag}", chair=person)
        f.MembershipFactory(person=person, board=None, subgroup=subgroup)
        f.PostFactory(area=world.area_a, kind=Post.Kind.OTHER, title=f"Post {tag}", holder=person)
        f.PriorityFactory(board=world.hwb, title=f"Priority {tag}")
        f.MeetingFactory(board=world.hwb)
        f.MeetingFactory(board=None, subgroup=subgroup)


def _count_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.json()["count"]


@pytest.mark.parametrize("resource", ["area", *RESOURCES])
@pytest.mark.parametrize("role", ["member", "superuser"])
def test_list_queries_do_not_grow_with_rows(world, api_for, resource, role):
    client = api_for(world.user(role))
    _add_rows(world, 1)
    small, small_count = _count_queries(client, list_url(resource))
    _add_rows(world, 5)
    large, large_count = _count_queries(client, list_url(resource))
    if resource != "area":
        assert large_count > small_count
    assert large == small
