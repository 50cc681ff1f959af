"""The protocol pages make the same number of queries however much a protocol holds.

Each test builds the same kind of protocol at two sizes (6 and 60 obligations, or 2 and
12 protocols) and asserts the page costs exactly as many queries at both.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boards.models import Post
from protocols import services
from protocols.models import ProtocolVersion, Section
from tests import factories as f

pytestmark = pytest.mark.django_db

TIMINGS = [
    {"kind": "window", "start_month": 10, "end_month": 1},
    {"kind": "deadline", "month": 6},
    {"kind": "fixed_month", "month": 9},
    {"kind": "frequency", "every": "quarterly"},
    {"kind": "after_meeting", "board": None, "within_days": 10, "working_days": True},
    {"kind": "anniversary", "of": "signing", "every_years": 1},
]


def build(world, walk, *, obligations: int, reference: str) -> ProtocolVersion:
    """Return a signed version with ``obligations`` spread over its sections."""
    manager = world.user("business_manager")
    protocol = services.protocol_create(
        actor=manager,
        area=world.area_a,
        reference=reference,
        title=f"Protocol {reference}",
        boards=[world.hwb, world.scp],
    )
    version = protocol.current_version
    post = Post.objects.filter(area=world.area_a).first() or f.PostFactory(area=world.area_a)
    sections = [
        services.section_add(actor=manager, version=version, heading=f"Section {n}", body="Text.")
        for n in range(3)
    ]
    holders = services.section_add(
        actor=manager, version=version, heading="Roles", kind=Section.Kind.POST_HOLDERS
    )
    services.post_responsibility_add(
        actor=manager, section=holders, post=post, responsibilities="Attends."
    )
    first = None
    for n in range(obligations):
        timing = dict(TIMINGS[n % len(TIMINGS)])
        if timing["kind"] == "after_meeting":
            timing["board"] = world.hwb.pk
        if first is not None and n % 7 == 0:
            timing = {
                "kind": "relative",
                "after": {"obligation": str(first.key)},
                "at": "within_days",
                "within_days": 20,
                "working_days": False,
            }
        obligation = services.obligation_add(
            actor=manager,
            version=version,
            section=sections[n % len(sections)] if n % 5 else None,
            what="present_report",
            description=f"Report {n}",
            timing=timing,
            owing_board=world.scp if n % 2 else None,
            owing_post=None if n % 2 else post,
            receiving_board=world.hwb,
        )
        first = first or obligation
    return walk.to(version, "signed")


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_protocol_page_queries_do_not_grow_with_obligations(cast, walk, client_for):
    small = build(cast, walk, obligations=6, reference="small")
    large = build(cast, walk, obligations=60, reference="large")
    client = client_for(cast.user("chair"))
    client.get(reverse("protocols:protocol_list"))  # warm the session and the user's roles
    queries = [
        count(client, reverse("protocols:protocol_detail", kwargs={"pk": v.protocol_id}))
        for v in (small, large)
    ]
    assert queries[0] == queries[1]
    assert "Report 59" in client.get(large.protocol.get_absolute_url()).content.decode()


def test_compare_page_queries_do_not_grow_with_obligations(cast, walk, client_for):
    pages = []
    for size, reference in ((6, "small"), (60, "large")):
        version = build(cast, walk, obligations=size, reference=reference)
        walk.bring_into_force(version)
        walk.supersede_by_new_version(version)
        new = ProtocolVersion.objects.get(protocol=version.protocol, number=2)
        for obligation in new.obligations.all()[: size // 2]:
            services.obligation_update(
                actor=cast.user("business_manager"),
                obligation=obligation,
                section=obligation.section,
                what="share_document",
                description=f"{obligation.description}, shared",
                timing={"kind": "ad_hoc"},
                owing_board=obligation.owing_board,
                owing_post=obligation.owing_post,
                receiving_board=obligation.receiving_board,
            )
        pages.append(
            reverse("protocols:version_compare", kwargs={"pk": version.protocol_id})
            + "?from=1&to=2"
        )
    client = client_for(cast.user("member"))
    client.get(reverse("protocols:protocol_list"))
    queries = [count(client, page) for page in pages]
    assert queries[0] == queries[1]
    html = client.get(pages[1]).content.decode()
    assert html.count("shared</ins>") == 30
    assert "Report 59" in html


def test_version_edit_view_queries_do_not_grow_with_obligations(cast, walk, client_for):
    """The draft page shows every edit link too, so it is measured as an author sees it."""
    pages = []
    for size, reference in ((6, "small"), (60, "large")):
        version = build(cast, walk, obligations=size, reference=reference)
        walk.bring_into_force(version)
        walk.supersede_by_new_version(version)
        pages.append(reverse("protocols:protocol_detail", kwargs={"pk": version.protocol_id}))
    client = client_for(cast.user("business_manager"))
    client.get(reverse("protocols:protocol_list"))
    queries = [count(client, page) for page in pages]
    assert queries[0] == queries[1]


@pytest.mark.parametrize("sizes", [(2, 12)])
def test_protocol_list_queries_do_not_grow_with_protocols(cast, client_for, sizes):
    client = client_for(cast.user("member"))
    client.get(reverse("protocols:protocol_list"))
    measured = []
    made = 0
    for size in sizes:
        while made < size:
            services.protocol_create(
                actor=cast.user("business_manager"),
                area=cast.area_a,
                reference=f"p-{made}",
                title=f"Protocol {made}",
                boards=[cast.hwb, cast.scp],
            )
            made += 1
        measured.append(count(client, reverse("protocols:protocol_list")))
    assert measured[0] == measured[1]


def test_consultation_page_queries_do_not_grow_with_comments(cast, walk, client_for):
    pages = []
    for size, reference in ((2, "small"), (20, "large")):
        protocol = services.protocol_create(
            actor=cast.user("business_manager"),
            area=cast.area_a,
            reference=reference,
            title=reference,
            boards=[cast.hwb, cast.scp],
        )
        version = protocol.current_version
        section = services.section_add(
            actor=cast.user("business_manager"), version=version, heading="Only section"
        )
        walk.consult(version)
        for n in range(size):
            comment = services.comment_add(
                actor=cast.user("member"), version=version, section=section, body=f"Comment {n}"
            )
            services.comment_add(
                actor=cast.user("business_manager"), version=version, parent=comment, body="Noted."
            )
        pages.append(reverse("protocols:comment_list", kwargs={"pk": protocol.pk, "number": 1}))
    client = client_for(cast.user("business_manager"))
    client.get(reverse("protocols:protocol_list"))
    queries = [count(client, page) for page in pages]
    assert queries[0] == queries[1]


def test_area_page_protocol_list_queries_do_not_grow_with_protocols(cast, client_for):
    client = client_for(cast.user("member"))
    area_page = reverse("boards:area_detail", kwargs={"slug": cast.area_a.slug})
    client.get(area_page)
    measured = []
    made = 0
    for size in (1, 8):
        while made < size:
            services.protocol_create(
                actor=cast.user("business_manager"),
                area=cast.area_a,
                reference=f"p-{made}",
                title=f"Protocol {made}",
                boards=[cast.hwb, cast.scp],
            )
            made += 1
        measured.append(count(client, area_page))
    assert measured[0] == measured[1]
