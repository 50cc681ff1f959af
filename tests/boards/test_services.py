"""The boards write services check where a record belongs, from the record itself."""

import datetime

import pytest

from boards import services
from boards.exceptions import PermissionDeniedError
from boards.models import Meeting, Membership
from tests import factories as f


def test_business_manager_cannot_schedule_another_boards_subgroup_meeting(world):
    other_subgroup = f.SubgroupFactory(board=world.scp, name="Case Review")
    with pytest.raises(PermissionDeniedError, match="You cannot add records here."):
        services.record_create(
            actor=world.user("business_manager"),
            instance=Meeting(subgroup=other_subgroup, date=datetime.date(2026, 12, 1)),
        )
    assert not Meeting.objects.filter(subgroup=other_subgroup).exists()


def test_business_manager_schedules_own_boards_subgroup_meeting(world):
    subgroup = f.SubgroupFactory(board=world.hwb, name="Performance")
    meeting = services.record_create(
        actor=world.user("business_manager"),
        instance=Meeting(subgroup=subgroup, date=datetime.date(2026, 12, 1)),
    )
    assert meeting.history.first().history_user == world.user("business_manager")


def test_business_manager_cannot_add_member_to_another_board(world):
    person = f.PersonFactory(area=world.area_a)
    with pytest.raises(PermissionDeniedError):
        services.record_create(
            actor=world.user("business_manager"),
            instance=Membership(person=person, board=world.scp),
        )
