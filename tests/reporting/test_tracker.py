"""The annual report tracker reads presentations and responses straight from occurrences."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from boards.models import Post
from calendar_cycle.models import Occurrence
from protocols.models import Obligation, ProtocolVersion
from reporting import tracker
from tests import factories as f
from tests.factories import protocols as pf

D = dt.date
State = Occurrence.State
TODAY = D(2026, 2, 10)
FY = 2025

pytestmark = pytest.mark.django_db


@pytest.fixture
def duties(world):
    """The ASCP's annual report goes to the HWB and the Leader; the HWB responds."""
    protocol = pf.ProtocolFactory(area=world.area_a, reference="alderley-annual")
    version = pf.ProtocolVersionFactory(
        protocol=protocol, status=ProtocolVersion.Status.IN_FORCE, in_force_from=D(2024, 4, 1)
    )
    pf.PartyFactory(version=version, board=world.hwb, order=1)
    pf.PartyFactory(version=version, board=world.scp, order=2)
    leader = f.PostFactory(area=world.area_a, kind=Post.Kind.LEADER)

    def obligation(order, what, owing, receiving=None, post=None, text=""):
        return pf.ObligationFactory(
            version=version,
            owing_board=owing,
            receiving_board=receiving,
            receiving_post=post,
            what=what,
            description=text,
            order=order,
        )

    to_hwb = obligation(
        1,
        Obligation.What.PRESENT_REPORT,
        world.scp,
        world.hwb,
        text="The ASCP presents its annual report to the HWB.",
    )
    to_leader = obligation(
        2,
        Obligation.What.PRESENT_REPORT,
        world.scp,
        post=leader,
        text="The ASCP presents its annual report to the Leader of the Council.",
    )
    response = obligation(
        3,
        Obligation.What.RESPOND,
        world.hwb,
        world.scp,
        text="The HWB responds formally to the themes of the ASCP's annual report.",
    )
    unrelated = obligation(
        4,
        Obligation.What.PRESENT_REPORT,
        world.scp,
        world.hwb,
        text="The ASCP presents its business plan.",
    )
    meeting = f.MeetingFactory(board=world.hwb, date=D(2025, 11, 6))

    def occurrence(obligation, state, due, done=None, **extra):
        return Occurrence.objects.create(
            obligation=obligation,
            version=version,
            financial_year=FY,
            period_key=str(FY),
            due_on=due,
            state=state,
            done_on=done,
            **extra,
        )

    return {
        "hwb": occurrence(
            to_hwb, State.DONE, D(2026, 1, 31), D(2025, 11, 6), evidence_meeting=meeting
        ),
        "leader": occurrence(to_leader, State.OVERDUE, D(2026, 1, 31)),
        "response": occurrence(response, State.DUE_SOON, D(2026, 2, 20)),
        "unrelated": occurrence(unrelated, State.DONE, D(2025, 6, 30), D(2025, 6, 1)),
        "meeting": meeting,
    }


def test_each_recipient_of_the_annual_report_is_tracked_with_its_date_and_meeting(world, duties):
    tracks = tracker.annual_report_tracker(world.user("member"), world.area_a, FY, TODAY)
    assert [t.board.short_name for t in tracks] == ["ASCP"]
    track = tracks[0]
    assert [(d.recipient, d.presented, d.occurrence.done_on) for d in track.deliveries] == [
        ("HWB", True, D(2025, 11, 6)),
        ("Leader of the Council", False, None),
    ]
    assert track.deliveries[0].occurrence.evidence_meeting == duties["meeting"]
    assert track.deliveries[1].outcome.label == "Overdue"
    assert [(d.recipient, d.presented) for d in track.responses] == [("HWB", False)]


@freeze_time("2026-02-10 12:00:00")
def test_tracker_page_shows_presentations_and_the_formal_response(world, duties, client_for):
    url = reverse("reporting:area_tracker", kwargs={"slug": world.area_a.slug}) + f"?year={FY}"
    html = client_for(world.user("member")).get(url).content.decode()
    assert "Presented to 1 of 2" in html
    assert "6 Nov 2025" in html
    assert "HWB — 6 November 2025" in html
    assert "Formal response from the HWB:</strong> not yet due, due 20 February 2026." in html
    assert "business plan" not in html


@freeze_time("2026-02-10 12:00:00")
def test_democratic_services_can_start_a_report_for_an_annual_report_not_yet_presented(
    world, duties, client_for
):
    Occurrence.objects.filter(pk=duties["hwb"].pk).update(
        state=State.OVERDUE, done_on=None, evidence_meeting=None
    )
    url = reverse("reporting:area_tracker", kwargs={"slug": world.area_a.slug}) + f"?year={FY}"
    html = client_for(world.user("democratic_services")).get(url).content.decode()
    to_hwb = reverse("reporting:report_from_occurrence") + f"?occurrence={duties['hwb'].pk}"
    to_leader = reverse("reporting:report_from_occurrence") + f"?occurrence={duties['leader'].pk}"
    assert to_hwb in html
    # The Leader is a post, not a board with meetings: no report to start there.
    assert to_leader not in html
    member_html = client_for(world.user("member")).get(url).content.decode()
    assert "Start a committee report" not in member_html


def test_another_areas_tracker_is_not_found(world, duties, client_for):
    url = reverse("reporting:area_tracker", kwargs={"slug": world.area_a.slug})
    assert client_for(world.user("business_manager_b")).get(url).status_code == 404


@pytest.fixture
def demo_cycle(db):
    import os
    from unittest.mock import patch

    from boards.demo import load as load_boards
    from calendar_cycle.generation import generate_occurrences
    from protocols.demo import load as load_protocols

    with patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        load_boards()
    load_protocols()
    generate_occurrences(today=TODAY)


def test_bolton_demo_names_every_recipient_and_then_the_bhwb_response(demo_cycle):
    from boards.models import Area, Board
    from calendar_cycle import services as cycle
    from calendar_cycle.generation import generate_occurrences
    from tests.factories import UserFactory

    admin = UserFactory(username="tracker_admin", is_superuser=True)
    bolton = Area.objects.get(slug="bolton")
    tracks = tracker.annual_report_tracker(admin, bolton, FY, TODAY)
    assert [t.board.short_name for t in tracks] == ["BSCB"]
    assert sorted(d.recipient for d in tracks[0].deliveries) == [
        "BHWB",
        "Chief Executive",
        "Leader of the Council",
        "Police and Crime Commissioner",
    ]
    # The response follows the presentation, so it is not due until that is recorded.
    assert tracks[0].responses == []

    to_bhwb = next(d.occurrence for d in tracks[0].deliveries if d.recipient == "BHWB")
    bhwb = Board.objects.get(area=bolton, short_name="BHWB")
    bscb = Board.objects.get(area=bolton, short_name="BSCB")
    presented = f.MeetingFactory(board=bhwb, date=D(2025, 9, 18))
    f.MeetingFactory(board=bscb, date=D(2025, 11, 20))
    cycle.occurrence_record_done(
        actor=admin, occurrence=to_bhwb, done_on=D(2025, 9, 18), meeting=presented
    )
    generate_occurrences(today=TODAY)
    track = tracker.annual_report_tracker(admin, bolton, FY, TODAY)[0]
    delivered = next(d for d in track.deliveries if d.recipient == "BHWB")
    assert (delivered.presented, delivered.occurrence.evidence_meeting) == (True, presented)
    assert [d.recipient for d in track.responses] == ["BHWB"]
