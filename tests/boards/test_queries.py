"""Pages make the same number of queries however many rows they show (no N+1)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Membership, Person, Post
from tests import factories as f

SMALL, LARGE = 2, 12


def add_rows(world, start: int, count: int) -> None:
    """Add ``count`` of every kind of record around area A's HWB, each fully related."""
    area, hwb = world.area_a, world.hwb
    for i in range(start, start + count):
        person = f.PersonFactory(area=area, full_name=f"Person {i:03d}", job_title="Officer")
        org = f.OrganisationFactory(area=area, name=f"Organisation {i:03d}")
        f.MembershipFactory(person=person, board=hwb, organisation=org)
        subgroup = f.SubgroupFactory(board=hwb, name=f"Subgroup {i:03d}", chair=person)
        f.MembershipFactory(person=person, board=None, subgroup=subgroup, organisation=org)
        f.PriorityFactory(board=hwb, title=f"Priority {i:03d}", outcomes="One\nTwo")
        f.MeetingFactory(board=hwb, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i))
        f.MeetingFactory(board=None, subgroup=subgroup, date=datetime.date(2025, 1, 1))
        f.PostFactory(area=area, kind=Post.Kind.OTHER, title=f"Post {i:03d}", holder=person)
        # A board of the area with a chair, a subgroup, a second area and a predecessor.
        board = f.BoardFactory(area=area, name=f"Board {i:03d}", short_name=f"BD{i:03d}")
        board.additional_areas.add(world.area_b)
        f.MembershipFactory(person=person, board=board, role=Membership.Role.CHAIR)
        f.SubgroupFactory(board=board, name=f"Board {i:03d} group", chair=person)
        f.BoardFactory(
            area=area,
            name=f"Old board {i:03d}",
            short_name=f"OLD{i:03d}",
            dissolved=datetime.date(2019, 1, 1),
            superseded_by=board,
        )
        # A person with many roles, for the person page.
        f.MembershipFactory(
            person=world.star, board=board, role=Membership.Role.MEMBER, organisation=org
        )
        f.MembershipFactory(person=world.star, board=None, subgroup=subgroup)


def page_urls(world) -> dict[str, str]:
    urls = {f"{name} list": reverse(f"boards:{name}_list") for name in LISTS}
    urls["area page"] = world.area_a.get_absolute_url()
    urls["board page"] = world.hwb.get_absolute_url()
    urls["person page"] = world.star.get_absolute_url()
    urls["organisation page"] = world.org.get_absolute_url()
    urls["subgroup page"] = world.subgroup.get_absolute_url()
    return urls


LISTS = ("board", "organisation", "person", "subgroup", "membership", "post", "priority", "meeting")
PAGES = (*(f"{name} list" for name in LISTS), "area page", "board page", "person page")
PAGES += ("organisation page", "subgroup page")


def count_queries(client, url) -> tuple[int, bytes]:
    client.get(url)  # warm caches (content types, the session) out of the measurement
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content


@pytest.fixture
def seeded(world):
    world.star = f.PersonFactory(area=world.area_a, full_name="Star Member")
    world.org = f.OrganisationFactory(area=world.area_a, name="Fixed Organisation")
    world.subgroup = f.SubgroupFactory(board=world.hwb, name="Fixed group")
    # Members of the fixed subgroup and the fixed organisation grow with the rest.
    world.seat_holders = [
        Person.objects.create(area=world.area_a, full_name=f"Seat holder {i:03d}")
        for i in range(LARGE)
    ]
    return world


def grow(world, start, count):
    add_rows(world, start, count)
    for person in world.seat_holders[start : start + count]:
        f.MembershipFactory(
            person=person, board=None, subgroup=world.subgroup, organisation=world.org
        )


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["business_manager", "superuser"])
def test_page_queries_do_not_grow_with_rows(seeded, client_for, page, role):
    world = seeded
    client = client_for(world.user(role))
    url = page_urls(world)[page]

    grow(world, 0, SMALL)
    small, small_html = count_queries(client, url)
    grow(world, SMALL, LARGE - SMALL)
    large, large_html = count_queries(client, url)

    assert len(large_html) > len(small_html), "the larger page should show more rows"
    assert large == small, f"{page}: {small} queries with {SMALL} rows, {large} with {LARGE}"
