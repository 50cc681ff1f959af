"""The policy core: who sees which area's records and who may change them."""

import pytest

from boards import permissions
from boards.models import Board, Meeting, Person, Subgroup


def test_member_sees_only_own_area_boards(world):
    visible = set(permissions.visible_to(world.user("member"), Board))
    assert visible == {world.hwb, world.scp}


def test_business_manager_of_other_area_sees_none_of_area_a(world):
    user = world.user("business_manager_b")
    assert not permissions.visible_to(user, Board).filter(area=world.area_a).exists()
    assert not permissions.can_view(user, world.hwb)


def test_board_shared_with_second_area_is_visible_there(world):
    world.board_b.additional_areas.add(world.area_a)
    assert world.board_b in permissions.visible_to(world.user("member"), Board)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("member", False),
        ("business_manager", True),
        ("chair", True),
        ("democratic_services", False),
        ("business_manager_b", False),
        ("superuser", True),
    ],
)
def test_who_may_edit_a_board(world, role, expected):
    assert permissions.can_edit(world.user(role), world.hwb) is expected


def test_business_manager_cannot_edit_other_board_in_same_area(world):
    assert not permissions.can_edit(world.user("business_manager"), world.scp)


def test_democratic_services_may_add_meetings_but_not_subgroups(world):
    user = world.user("democratic_services")
    assert permissions.can_create(user, Meeting, world.hwb)
    assert not permissions.can_create(user, Subgroup, world.hwb)


def test_business_manager_edits_area_level_people(world):
    person = Person.objects.filter(area=world.area_a).first()
    assert permissions.can_edit(world.user("business_manager"), person)
    assert not permissions.can_edit(world.user("member"), person)


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.visible_to(AnonymousUser(), Board).exists()


def test_only_an_administrator_may_delete_a_board(world):
    assert permissions.can_edit(world.user("business_manager"), world.hwb)
    assert not permissions.can_delete(world.user("business_manager"), world.hwb)
    assert permissions.can_delete(world.user("superuser"), world.hwb)


def test_business_manager_may_delete_own_boards_priority(world):
    from tests import factories as f

    priority = f.PriorityFactory(board=world.hwb)
    assert permissions.can_delete(world.user("business_manager"), priority)
