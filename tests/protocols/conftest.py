"""Protocol fixtures: the ASCP's officers, a third board, and versions in every state.

``world`` (tests/conftest.py) gives area A's HWB with a member, a business manager and a
chair. Protocols are between the HWB and the ASCP, so the ASCP gets its own business
manager and independent chair here, and a third board (the CSP) that is party to
nothing, with its business manager.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from boards.models import Board, Membership
from protocols import services
from protocols.models import ProtocolVersion
from tests import factories as f

PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def _officer(area, username, board, role):
    user = f.UserFactory(username=username)
    person = f.PersonFactory(area=area, full_name=username.replace("_", " ").title(), user=user)
    f.MembershipFactory(person=person, board=board, role=role)
    return user


@pytest.fixture
def cast(world):
    """Return ``world`` with the ASCP's officers and the CSP (a board party to nothing)."""
    area = world.area_a
    world.users["ascp_business_manager"] = _officer(
        area, "ascp_business_manager", world.scp, Membership.Role.BUSINESS_MANAGER
    )
    world.users["ascp_chair"] = _officer(
        area, "ascp_chair", world.scp, Membership.Role.INDEPENDENT_CHAIR
    )
    world.csp = f.BoardFactory(
        area=area,
        name="Alderley Community Safety Partnership",
        short_name="CSP",
        kind=Board.Kind.COMMUNITY_SAFETY,
    )
    world.users["csp_business_manager"] = _officer(
        area, "csp_business_manager", world.csp, Membership.Role.BUSINESS_MANAGER
    )
    return world


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def draft(cast) -> ProtocolVersion:
    """Return version 1, in draft, of a protocol between the HWB and the ASCP."""
    protocol = services.protocol_create(
        actor=cast.user("business_manager"),
        area=cast.area_a,
        reference="alderley-hwb-ascp",
        title="Working together: the HWB and the ASCP",
        purpose="How the two boards hold each other to account.",
        boards=[cast.hwb, cast.scp],
    )
    version = protocol.current_version
    services.section_add(
        actor=cast.user("business_manager"),
        version=version,
        heading="Purpose",
        body="The boards agree to work together.",
    )
    services.section_add(
        actor=cast.user("business_manager"),
        version=version,
        heading="Working together",
        body="The chairs meet every quarter.",
    )
    return version


class Walk:
    """Moves a version through the lifecycle by the services, as the real people would."""

    def __init__(self, world):
        self.w = world

    def consult(self, v):
        return services.version_transition(
            actor=self.w.user("business_manager"), version=v, name="start_consultation"
        )

    def request_approval(self, v):
        return services.version_transition(
            actor=self.w.user("business_manager"), version=v, name="request_approval"
        )

    def approve_all(self, v):
        services.approval_record(
            actor=self.w.user("chair"),
            version=v,
            board=self.w.hwb,
            decided_on=yesterday(),
            decided_by="The Board",
        )
        services.approval_record(
            actor=self.w.user("ascp_chair"),
            version=v,
            board=self.w.scp,
            decided_on=yesterday(),
            decided_by="The Partnership",
        )

    def sign_all(self, v):
        services.signature_add(
            actor=self.w.user("chair"), version=v, board=self.w.hwb, password=PASSWORD
        )
        services.signature_add(
            actor=self.w.user("ascp_chair"), version=v, board=self.w.scp, password=PASSWORD
        )

    def bring_into_force(self, v):
        return services.version_transition(
            actor=self.w.user("chair"), version=v, name="bring_into_force"
        )

    def open_review(self, v):
        return services.version_transition(
            actor=self.w.user("chair"), version=v, name="open_review"
        )

    def supersede_by_new_version(self, v):
        services.version_new(actor=self.w.user("business_manager"), protocol=v.protocol)

    def withdraw(self, v):
        return services.version_transition(
            actor=self.w.user("business_manager"),
            version=v,
            name="withdraw",
            reason="The boards have merged.",
        )

    PATHS = {
        "draft": (),
        "consultation": ("consult",),
        "awaiting_approval": ("request_approval",),
        "approved": ("request_approval", "approve_all"),
        "signed": ("request_approval", "approve_all", "sign_all"),
        "in_force": ("request_approval", "approve_all", "sign_all", "bring_into_force"),
        "under_review": (
            "request_approval",
            "approve_all",
            "sign_all",
            "bring_into_force",
            "open_review",
        ),
        "superseded": ("request_approval", "approve_all", "supersede_by_new_version"),
        "withdrawn": ("withdraw",),
    }

    def to(self, v: ProtocolVersion, state: str) -> ProtocolVersion:
        for step in self.PATHS[state]:
            getattr(self, step)(v)
        v.refresh_from_db()
        assert v.status == state
        return v


@pytest.fixture
def walk(cast) -> Walk:
    return Walk(cast)


@pytest.fixture
def version_in(draft, walk):
    """Return a function that brings the draft into a given state and returns it."""

    def _version_in(state: str) -> ProtocolVersion:
        return walk.to(draft, state)

    return _version_in
