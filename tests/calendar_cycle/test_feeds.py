"""Calendar feeds: made with a secret address shown once, read with no sign-in, revoked.

The feeds of the demo's in-force protocols (Bromley, Bolton) are parsed back with the
icalendar package and their FY 2026/27 dates checked against the seed papers.
"""

from __future__ import annotations

import datetime as dt
import os
from unittest.mock import patch

import icalendar
import pytest
from django.test import Client, TestCase
from django.urls import reverse
from django.utils.module_loading import import_string

from boards.demo import load as load_boards
from boards.management.commands.load_demo import DEMO_LOADERS
from boards.models import Board
from calendar_cycle import feeds, ical
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import CalendarFeed, Occurrence
from protocols.models import Obligation, ProtocolVersion
from tests import factories as f

D = dt.date
START_OF_2026 = D(2026, 4, 1)


def _load_demo() -> None:
    """Load every demo loader, as load_demo does."""
    with patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        load_boards()
    for path in DEMO_LOADERS[1:]:
        import_string(path)()


def _events(content: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(content)
    return list(calendar.walk("VEVENT"))


def _span(event) -> tuple[dt.date, dt.date]:
    return event.decoded("dtstart"), event.decoded("dtend")


class TestDemoFeeds(TestCase):
    """The demo's board feeds for FY 2026/27, read as a calendar client reads them."""

    @classmethod
    def setUpTestData(cls):
        _load_demo()
        generate_occurrences(today=START_OF_2026)
        cls.admin = f.UserFactory(username="feed-admin", is_superuser=True, is_staff=True)

    def feed(self, area: str, board: str) -> dict[str, icalendar.Event]:
        board = Board.objects.get(area__slug=area, short_name=board)
        issued = feeds.feed_create(actor=self.admin, board=board)
        response = Client().get(reverse("calendar_cycle:feed_ics", args=[issued.token]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        return {str(e["uid"]): e for e in _events(response.content)}

    def occurrence(self, area: str, period: str, **timing) -> Occurrence:
        obligation = Obligation.objects.get(
            version__protocol__area__slug=area,
            version__status=ProtocolVersion.Status.IN_FORCE,
            **{f"timing__{key}": value for key, value in timing.items()},
        )
        return Occurrence.objects.select_related("obligation", "version").get(
            obligation=obligation, period_key=period
        )

    def test_bromleys_annual_report_spans_october_to_january_as_an_all_day_event(self):
        events = self.feed("bromley", "BSCB")
        report = self.occurrence("bromley", "2026", kind="window", start_month=10, end_month=1)
        event = events[ical.occurrence_uid(report)]
        # DTEND is exclusive: the window closes on 31 January 2027.
        assert _span(event) == (D(2026, 10, 1), D(2027, 2, 1))
        assert event["dtstart"].params.get("VALUE") == "DATE"
        assert str(event["url"]).endswith(
            reverse("calendar_cycle:occurrence_detail", args=[report.pk])
        )

    def test_bromleys_strategy_review_spans_october_to_march(self):
        events = self.feed("bromley", "H&WB")
        review = self.occurrence("bromley", "2026", kind="window", start_month=10, end_month=3)
        assert _span(events[ical.occurrence_uid(review)]) == (D(2026, 10, 1), D(2027, 4, 1))

    def test_bolton_annual_report_is_september_and_business_plan_due_by_30_june(self):
        events = self.feed("bolton", "BSCB")
        report = self.occurrence("bolton", "2026", kind="fixed_month", month=9)
        plan = self.occurrence("bolton", "2026", kind="deadline", month=6)
        assert _span(events[ical.occurrence_uid(report)]) == (D(2026, 9, 1), D(2026, 10, 1))
        assert _span(events[ical.occurrence_uid(plan)]) == (D(2026, 6, 30), D(2026, 7, 1))

    def test_bolton_officers_meet_once_in_each_quarter(self):
        events = self.feed("bolton", "BSCB")
        spans = sorted(
            _span(events[ical.occurrence_uid(self.occurrence("bolton", f"2026-Q{q}", **rule))])
            for q in (1, 2, 3, 4)
            for rule in [{"kind": "frequency", "every": "quarterly"}]
        )
        assert spans == [
            (D(2026, 4, 1), D(2026, 7, 1)),
            (D(2026, 7, 1), D(2026, 10, 1)),
            (D(2026, 10, 1), D(2027, 1, 1)),
            (D(2027, 1, 1), D(2027, 4, 1)),
        ]

    def test_a_boards_feed_has_only_its_own_duties_and_no_other_areas(self):
        events = self.feed("bolton", "BHWB")
        board = Board.objects.get(area__slug="bolton", short_name="BHWB")
        expected = {
            ical.occurrence_uid(o)
            for o in Occurrence.objects.select_related("obligation", "version").filter(
                version__protocol__area__slug="bolton"
            )
            if o.kind == "review"
            or board.pk in (o.obligation.owing_board_id, o.obligation.receiving_board_id)
        }
        assert set(events) == expected

    def test_uids_stay_the_same_when_the_occurrences_are_regenerated(self):
        before = set(self.feed("bolton", "BSCB"))
        generate_occurrences(today=START_OF_2026, force=True)
        assert set(self.feed("bolton", "BSCB")) == before


# --- making, showing and revoking ---------------------------------------------------------


@pytest.fixture
def signed_in(client, seeds):
    client.force_login(
        seeds.users["bolton_bscb_manager"], backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


def test_a_new_feeds_address_is_shown_once_and_only_its_hash_is_kept(signed_in, seeds):
    response = signed_in.post(reverse("calendar_cycle:feed_create"), {"whose": "mine"})
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar_cycle:feed_list")
    page = signed_in.get(reverse("calendar_cycle:feed_list"))
    address = page.context["new_feed_address"]
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert address == f"http://testserver/calendar/feeds/{token}.ics"
    assert f'value="{address}"' in page.content.decode()
    feed = CalendarFeed.objects.get()
    assert feed.user == seeds.users["bolton_bscb_manager"] and feed.board is None
    assert feed.token == feeds.hash_token(token) != token
    again = signed_in.get(reverse("calendar_cycle:feed_list"))
    assert token not in again.content.decode()
    assert again.context["new_feed_address"] == ""


def test_a_personal_feed_shows_what_i_owe_and_what_is_owed_to_my_boards(client, signed_in, seeds):
    generate_occurrences(today=START_OF_2026)
    issued = feeds.feed_create(actor=seeds.users["bolton_bscb_manager"])
    response = Client().get(reverse("calendar_cycle:feed_ics", args=[issued.token]))
    summaries = {str(e["summary"]) for e in _events(response.content)}
    assert any(s.startswith("BSCB to BHWB: The BSCB presents its annual") for s in summaries)
    assert any(s.startswith("BHWB to BSCB: The chair of the BHWB provides") for s in summaries)
    assert not any("Bromley" in s or "H&WB" in s for s in summaries)
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "My protocol duties"


def test_a_board_feed_is_made_for_a_board_i_can_see(signed_in, seeds):
    board = seeds.boards["bolton_bhwb"]
    response = signed_in.post(
        reverse("calendar_cycle:feed_create"), {"whose": "board", "board": board.pk}
    )
    assert response.status_code == 302
    assert CalendarFeed.objects.get().board == board


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "whose", "Choose whose duties the feed shows."),
        ({"whose": "board"}, "board", "Choose the board whose duties the feed shows."),
        (
            {"whose": "board", "board": "99999999999999999999"},
            "board",
            "Choose a board from the list.",
        ),
    ],
)
def test_a_feed_needs_a_choice_that_was_offered(signed_in, seeds, data, field, message):
    response = signed_in.post(reverse("calendar_cycle:feed_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not CalendarFeed.objects.exists()


def test_another_areas_board_is_not_offered_for_a_feed(signed_in, seeds):
    response = signed_in.post(
        reverse("calendar_cycle:feed_create"),
        {"whose": "board", "board": seeds.boards["bromley_hwb"].pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["board"] == ["Choose a board from the list."]


def test_a_revoked_feed_is_gone_and_an_unknown_one_not_found(signed_in, seeds):
    issued = feeds.feed_create(actor=seeds.users["bolton_bscb_manager"])
    url = reverse("calendar_cycle:feed_ics", args=[issued.token])
    assert Client().get(url).status_code == 200
    page = signed_in.get(reverse("calendar_cycle:feed_revoke", args=[issued.feed.pk]))
    assert page.status_code == 200
    response = signed_in.post(reverse("calendar_cycle:feed_revoke", args=[issued.feed.pk]))
    assert response.status_code == 302
    gone = Client().get(url)
    assert gone.status_code == 410
    assert gone.content.decode() == (
        "This calendar feed was revoked. Make a new one to subscribe again.\n"
    )
    assert Client().get(reverse("calendar_cycle:feed_ics", args=["x" * 43])).status_code == 404
    again = signed_in.post(reverse("calendar_cycle:feed_revoke", args=[issued.feed.pk]))
    assert again.status_code == 400
    assert again.context["errors"][0][1] == "This feed was already revoked."


def test_only_the_maker_can_revoke_a_feed(client, seeds):
    issued = feeds.feed_create(actor=seeds.users["bolton_bscb_manager"])
    client.force_login(
        seeds.users["bolton_bhwb_manager"], backend="django.contrib.auth.backends.ModelBackend"
    )
    response = client.post(reverse("calendar_cycle:feed_revoke", args=[issued.feed.pk]))
    assert response.status_code == 404
    issued.feed.refresh_from_db()
    assert issued.feed.revoked_at is None


def test_a_board_feed_stops_when_its_maker_can_no_longer_see_the_board(seeds):
    user = seeds.users["bolton_bhwb_manager"]
    issued = feeds.feed_create(actor=user, board=seeds.boards["bolton_bhwb"])
    url = reverse("calendar_cycle:feed_ics", args=[issued.token])
    assert Client().get(url).status_code == 200
    # They move to Bromley's records and leave the board.
    user.person.memberships.all().delete()
    type(user.person).objects.filter(pk=user.person.pk).update(area=seeds.areas["bromley"])
    assert Client().get(url).status_code == 404


def test_a_feed_stops_when_its_makers_log_in_is_closed(seeds):
    user = seeds.users["bolton_bscb_manager"]
    issued = feeds.feed_create(actor=user)
    user.is_active = False
    user.save()
    assert Client().get(reverse("calendar_cycle:feed_ics", args=[issued.token])).status_code == 404


def test_the_feed_address_needs_no_sign_in_but_the_feed_pages_do(seeds):
    issued = feeds.feed_create(actor=seeds.users["bolton_bscb_manager"])
    anonymous = Client()
    assert anonymous.get(reverse("calendar_cycle:feed_ics", args=[issued.token])).status_code == 200
    response = anonymous.get(reverse("calendar_cycle:feed_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
