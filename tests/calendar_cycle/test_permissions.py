"""Who sees occurrences (the one policy) and who may change them."""

from __future__ import annotations

import datetime as dt

import pytest

from boards.permissions import can_edit, can_view, visible_to
from calendar_cycle import permissions
from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence, Reminder, TriggerEvent
from tests import factories as f

D = dt.date


@pytest.fixture
def cycle(seeds):
    generate_occurrences(today=D(2026, 4, 1))
    return seeds


def test_members_see_the_occurrences_of_their_areas_protocols_only(cycle):
    seen = visible_to(cycle.users["bolton_member"], Occurrence)
    protocols = set(seen.values_list("version__protocol__reference", flat=True))
    assert protocols == {"bolton-bhwb-bscb"}
    assert seen.count() == Occurrence.objects.filter(version=cycle.versions["bolton"]).count()


def test_a_board_shared_with_another_area_brings_its_protocols_occurrences(cycle):
    bhwb = cycle.boards["bolton_bhwb"]
    bhwb.additional_areas.add(cycle.areas["bromley"])
    bromley_member = f.UserFactory(username="bromley_reader")
    person = f.PersonFactory(area=cycle.areas["bromley"], user=bromley_member)
    f.MembershipFactory(person=person, board=cycle.boards["bromley_hwb"])
    protocols = set(
        visible_to(bromley_member, Occurrence).values_list(
            "version__protocol__reference", flat=True
        )
    )
    assert protocols == {"bromley-hwb-bscb", "bolton-bhwb-bscb"}


def test_anonymous_users_see_no_occurrences(cycle):
    assert not visible_to(None, Occurrence).exists()


def test_another_areas_occurrence_cannot_be_viewed(cycle):
    bromley = Occurrence.objects.filter(version=cycle.versions["bromley"]).first()
    bolton = Occurrence.objects.filter(version=cycle.versions["bolton"]).first()
    member = cycle.users["bolton_member"]
    assert can_view(member, bolton)
    assert not can_view(member, bromley)


def test_reminders_and_events_follow_their_protocols_area(cycle):
    bolton = Occurrence.objects.filter(version=cycle.versions["bolton"]).first()
    Reminder.objects.create(occurrence=bolton, offset="due-14")
    TriggerEvent.objects.create(
        protocol=cycle.versions["bolton"].protocol,
        obligation_key=cycle.obligation("bolton_scr_learning").key,
        happened_on=D(2026, 5, 1),
    )
    assert visible_to(cycle.users["bolton_member"], Reminder).count() == 1
    assert visible_to(cycle.users["bolton_member"], TriggerEvent).count() == 1
    assert visible_to(cycle.users["bromley_hwb_manager"], Reminder).count() == 0
    assert visible_to(cycle.users["bromley_hwb_manager"], TriggerEvent).count() == 0


@pytest.mark.parametrize(
    ("who", "editable"),
    [
        ("bolton_bscb_manager", True),  # owes the business plan
        ("bolton_bhwb_chair", True),  # receives it
        ("bolton_member", False),
        ("bromley_hwb_manager", False),
    ],
)
def test_the_owing_and_receiving_officers_may_edit_an_occurrence(cycle, who, editable):
    plan = Occurrence.objects.get(
        obligation=cycle.obligation("bolton_business_plan"), period_key="2026"
    )
    assert can_edit(cycle.users[who], plan) is editable


def test_the_holder_of_the_owing_post_owes_the_obligation(cycle):
    from boards.permissions import principal

    holder = f.UserFactory(username="dcs")
    person = f.PersonFactory(area=cycle.areas["bolton"], user=holder)
    post = f.PostFactory(area=cycle.areas["bolton"], kind="dcs", holder=person)
    obligation = cycle.obligation("bolton_health_summary")
    obligation.owing_post = post
    obligation.save()
    assert permissions.owes(principal(holder), obligation)
    assert not permissions.owes(principal(cycle.users["bolton_member"]), obligation)


def test_party_officers_may_record_the_review(cycle):
    review = Occurrence.objects.filter(
        kind=Occurrence.Kind.REVIEW, version=cycle.versions["bromley"]
    ).first()
    assert permissions.can_record_done(cycle.users["bromley_hwb_chair"], review)
    assert permissions.can_waive(cycle.users["bromley_bscb_manager"], review)
    assert not permissions.can_record_done(cycle.users["bolton_bhwb_chair"], review)
