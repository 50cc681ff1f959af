"""Reporting fixtures: area A's democratic services, clearing officers and reports.

``world`` (tests/conftest.py) gives area A's HWB with a member, a business manager and a
chair, and a democratic services officer for area A. Here area A also gets a finance and a
legal officer (people with log-ins who sit on no board), a Head of Democratic Services
post held by the democratic services officer, a reader on the ASCP (who is not on the
HWB), and a democratic services officer for area B.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from boards.models import Membership, Person, Post
from boards.permissions import DEMOCRATIC_SERVICES_GROUP
from reporting.models import CommitteeReport
from tests import factories as f
from tests.reporting.support import FUTURE_MEETING, make_report


def _user_with_person(area, username, **person):
    user = f.UserFactory(username=username)
    person = f.PersonFactory(
        area=area, full_name=username.replace("_", " ").title(), user=user, **person
    )
    return user, person


@pytest.fixture
def office(world):
    """Return ``world`` with clearing officers, a Head of Democratic Services and readers."""
    area = world.area_a
    ds_person = Person.objects.get(user=world.user("democratic_services"))
    f.PostFactory(area=area, kind=Post.Kind.HEAD_DEMOCRATIC_SERVICES, holder=ds_person)
    world.users["finance"], world.finance = _user_with_person(
        area, "finance_officer", job_title="Head of Finance"
    )
    world.users["legal"], world.legal = _user_with_person(
        area, "legal_officer", job_title="Head of Legal Services"
    )
    world.users["ascp_member"], ascp_person = _user_with_person(area, "ascp_member")
    f.MembershipFactory(person=ascp_person, board=world.scp, role=Membership.Role.MEMBER)
    world.users["ds_b"], _ = _user_with_person(world.area_b, "ds_b")
    group, _ = Group.objects.get_or_create(name=DEMOCRATIC_SERVICES_GROUP)
    world.users["ds_b"].groups.add(group)
    world.no_login = f.PersonFactory(area=area, full_name="Pat Nologin")
    world.dcs_post = f.PostFactory(area=area, kind=Post.Kind.DCS)
    world.meeting = f.MeetingFactory(board=world.hwb, date=FUTURE_MEETING, place="Civic Centre")
    return world


@pytest.fixture
def draft(office) -> CommitteeReport:
    return make_report(office)
