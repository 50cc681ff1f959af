"""Persona fixtures: one user per role per area, on a small two-area world."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from boards.models import Membership
from boards.permissions import DEMOCRATIC_SERVICES_GROUP
from tests import factories as f

# Playwright's sync API runs an event loop in the test thread (see tests/browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = (
    "anonymous",
    "member",
    "business_manager",
    "chair",
    "democratic_services",
    "business_manager_b",
    "superuser",
)


@dataclass
class World:
    """Area A has two boards (HWB and SCP) and area B has one; a user per role."""

    area_a: object
    area_b: object
    hwb: object
    scp: object
    board_b: object
    users: dict

    def user(self, role: str):
        return self.users[role]


def _person_with_user(area, username, **kwargs):
    user = f.UserFactory(username=username)
    person = f.PersonFactory(
        area=area, full_name=username.replace("_", " ").title(), user=user, **kwargs
    )
    return user, person


@pytest.fixture(scope="session", autouse=True)
def installation_signing_certificate(tmp_path_factory):
    """Give the run a signing certificate and a media folder of its own.

    The last signature issues the signed PDF once the transaction commits, so any test
    whose commit callbacks run needs the certificate production would have.
    """
    from tests.protocols.pdf_support import PASSPHRASE, signing_p12

    folder = tmp_path_factory.mktemp("installation")
    p12 = signing_p12(folder)
    with override_settings(
        PDF_SIGNING_P12=p12,
        PDF_SIGNING_PASSPHRASE=PASSPHRASE,
        MEDIA_ROOT=folder / "media",
        PRIVATE_MEDIA_ROOT=folder / "private",
    ):
        yield p12


@pytest.fixture
def world(db) -> World:
    area_a = f.AreaFactory(name="Alderley", slug="alderley")
    area_b = f.AreaFactory(name="Brookfield", slug="brookfield")
    hwb = f.BoardFactory(
        area=area_a, name="Alderley Health and Wellbeing Board", short_name="HWB", kind="hwb"
    )
    scp = f.BoardFactory(
        area=area_a,
        name="Alderley Safeguarding Children Partnership",
        short_name="ASCP",
        kind="scp",
    )
    board_b = f.BoardFactory(
        area=area_b, name="Brookfield Health and Wellbeing Board", short_name="BHWB", kind="hwb"
    )
    users = {"anonymous": None}

    user, person = _person_with_user(area_a, "member")
    f.MembershipFactory(person=person, board=hwb, role=Membership.Role.MEMBER)
    users["member"] = user

    user, person = _person_with_user(area_a, "business_manager")
    f.MembershipFactory(person=person, board=hwb, role=Membership.Role.BUSINESS_MANAGER)
    users["business_manager"] = user

    user, person = _person_with_user(area_a, "chair")
    f.MembershipFactory(person=person, board=hwb, role=Membership.Role.CHAIR)
    users["chair"] = user

    user, person = _person_with_user(area_a, "democratic_services")
    group, _ = Group.objects.get_or_create(name=DEMOCRATIC_SERVICES_GROUP)
    user.groups.add(group)
    users["democratic_services"] = user

    user, person = _person_with_user(area_b, "business_manager_b")
    f.MembershipFactory(person=person, board=board_b, role=Membership.Role.BUSINESS_MANAGER)
    users["business_manager_b"] = user

    users["superuser"] = f.UserFactory(username="admin", is_superuser=True, is_staff=True)
    return World(area_a, area_b, hwb, scp, board_b, users)


@pytest.fixture
def client_for(client):
    """Return a function that signs the test client in as a user (or leaves it anonymous)."""

    def _client_for(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _client_for
