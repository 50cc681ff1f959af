"""A version's body as a page reads it: from the cache on PostgreSQL, never stale.

On PostgreSQL, ``protocols.content.fetch_body`` keeps the sections, post holders,
obligations and ladder a page read, under a digest of the stored rows. These tests change
those rows behind the services (as someone with database access could) between two views
of a signed protocol and check that the page shows the change at once and reports the
signatures exactly as a fresh reading does. The tests marked ``integration`` run on
PostgreSQL, where the cache is used, and check the cache itself.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from boards.models import Board, Post
from protocols import content, services
from protocols.models import LadderStep, Obligation, PostResponsibility, Section
from tests.protocols import pdf_support as support


@pytest.fixture
def signed(cast):
    caches[content.CACHE_ALIAS].clear()
    return support.approve_and_sign(cast, support.build_protocol(cast))


def _rows(version):
    """One row of each kind the body reads, with the post and board they name."""
    responsibility = PostResponsibility.objects.get(section__version=version, post__isnull=False)
    obligation = Obligation.objects.filter(version=version, owing_label="").first()
    return {
        "section": Section.objects.filter(version=version, order=1),
        "responsibility": PostResponsibility.objects.filter(pk=responsibility.pk),
        "obligation": Obligation.objects.filter(pk=obligation.pk),
        "ladder step": LadderStep.objects.filter(version=version, order=1),
        "post": Post.objects.filter(pk=responsibility.post_id),
        "board": Board.objects.filter(pk=obligation.owing_board_id),
    }


# What each change writes, and a phrase the page then shows (None: shown nowhere, but the
# signed content names it, so the signatures break).
TAMPERS = {
    "section": ({"body": "Something nobody signed."}, "Something nobody signed."),
    "responsibility": ({"responsibilities": "Nothing at all"}, "Nothing at all"),
    "obligation": ({"description": "A duty nobody agreed."}, "A duty nobody agreed."),
    "ladder step": ({"title": "Ignore the other board"}, "Ignore the other board"),
    "post": ({"title": "Acting Director of Public Health"}, None),
    "board": ({"short_name": "XSCP"}, "XSCP"),
}


def _same_page(page: bytes) -> str:
    """The page without what differs on every response (the CSP nonce, the CSRF token)."""
    page = re.sub(rb'nonce="[^"]*"', b"", page)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", page).decode()


def _signature_tags(page: str) -> list[bool]:
    return [tag == "Intact" for tag in re.findall(r"govuk-tag--(?:green|red)\">(\w+)<", page)]


@pytest.mark.parametrize("kind", TAMPERS)
def test_a_change_behind_the_services_shows_on_the_next_view(cast, client_for, signed, kind):
    client = client_for(cast.user("member"))
    url = signed.protocol.get_absolute_url()
    for _ in range(2):  # the second view, on PostgreSQL, comes from the cache
        page = client.get(url).content.decode()
        assert _signature_tags(page) == [True, True]

    values, shown = TAMPERS[kind]
    assert _rows(signed)[kind].update(**values) == 1

    page = client.get(url).content.decode()
    if shown is not None:
        assert shown in page
    fresh = [intact for _, intact in services.signature_status(signed)]
    assert fresh == [False, False]
    assert _signature_tags(page) == fresh


def test_an_untouched_version_keeps_its_signatures_intact_view_after_view(cast, client_for, signed):
    client = client_for(cast.user("chair"))
    pages = [_same_page(client.get(signed.protocol.get_absolute_url()).content) for _ in range(3)]
    assert _signature_tags(pages[0]) == [True, True]
    assert pages[1] == pages[2]


# --- the cache itself (PostgreSQL) ------------------------------------------------------


def _postgresql() -> None:
    assert connection.vendor == "postgresql", "the body cache is used on PostgreSQL only"


def _body_queries(captured) -> list[str]:
    """The ORM's reads of the body's rows (the digest names the tables, not their columns)."""
    columns = ('"protocols_section"."id"', '"protocols_obligation"."id"')
    columns += ('"protocols_ladderstep"."id"', '"protocols_postresponsibility"."id"')
    return [q["sql"] for q in captured if any(c in q["sql"] for c in columns)]


@pytest.mark.integration
def test_the_second_view_takes_the_body_from_the_cache(cast, client_for, signed):
    _postgresql()
    client = client_for(cast.user("member"))
    url = signed.protocol.get_absolute_url()
    with CaptureQueriesContext(connection) as first:
        first_page = _same_page(client.get(url).content)
    with CaptureQueriesContext(connection) as second:
        second_page = _same_page(client.get(url).content)
    assert len(_body_queries(first)) == 4  # sections, post holders, obligations, ladder
    assert _body_queries(second) == []
    assert len(second) == len(first) - 4
    assert second_page == first_page


@pytest.mark.integration
@pytest.mark.parametrize("kind", TAMPERS)
def test_the_digest_changes_with_any_column_of_any_row_it_covers(signed, kind):
    _postgresql()
    before = content.body_digest(signed.pk)
    assert re.fullmatch(r"[0-9a-f]{64}", before)
    assert content.body_digest(signed.pk) == before
    rows = _rows(signed)[kind]
    # A column that is not content at all: the digest covers whole rows.
    rows.update(modified=timezone.now())
    after_timestamp = content.body_digest(signed.pk)
    assert after_timestamp != before
    rows.update(**TAMPERS[kind][0])
    assert content.body_digest(signed.pk) not in (before, after_timestamp)


@pytest.mark.integration
def test_the_digest_covers_rows_added_and_removed(cast, signed):
    _postgresql()
    before = content.body_digest(signed.pk)
    step = LadderStep.objects.create(version=signed, order=99, title="A step nobody signed")
    added = content.body_digest(signed.pk)
    assert added != before
    step.delete()
    assert content.body_digest(signed.pk) == before
    Obligation.objects.filter(version=signed).first().delete()
    assert content.body_digest(signed.pk) not in (before, added)


@pytest.mark.integration
def test_each_version_has_its_own_digest(cast, signed):
    _postgresql()
    other = support.build_protocol(cast, reference="another-protocol")
    assert content.body_digest(signed.pk) != content.body_digest(other.pk)
