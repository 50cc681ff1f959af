"""The four seed protocols and their obligations, in force, built straight with the ORM.

The protocols' own services are tested in tests/protocols; here each version is simply
given its status and the date it came into force, as the calendar only reads them.
Every obligation in the domain's table of seed obligations is here, with the timing rule
it is written with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from django.utils import timezone

from boards.models import Board, Membership
from protocols.models import Obligation, ProtocolVersion
from tests import factories as f
from tests.factories import protocols as pf

D = dt.date


@dataclass
class Seeds:
    areas: dict = field(default_factory=dict)
    boards: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    obligations: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)

    def obligation(self, label: str) -> Obligation:
        return self.obligations[label]


def _board(seeds, area, label, name, short, kind):
    board = f.BoardFactory(area=area, name=name, short_name=short, kind=kind)
    seeds.boards[label] = board
    return board


def _version(seeds, label, area, reference, title, parties, *, in_force_from, review_rule):
    protocol = pf.ProtocolFactory(area=area, reference=reference, review_rule=review_rule)
    version = pf.ProtocolVersionFactory(
        protocol=protocol,
        title=title,
        status=ProtocolVersion.Status.IN_FORCE,
        in_force_from=in_force_from,
    )
    for order, board in enumerate(parties, start=1):
        pf.PartyFactory(version=version, board=board, order=order)
    seeds.versions[label] = version
    return version


def _obligation(seeds, label, version, owing, receiving, what, description, timing, order):
    seeds.obligations[label] = pf.ObligationFactory(
        version=version,
        owing_board=owing,
        receiving_board=receiving,
        what=what,
        description=description,
        timing=timing,
        order=order,
    )


def _officer(seeds, area, username, board, role):
    user = f.UserFactory(username=username)
    person = f.PersonFactory(
        area=area,
        full_name=username.replace("_", " ").title(),
        user=user,
        email=f"{username}@x.gov.uk",
    )
    f.MembershipFactory(person=person, board=board, role=role)
    seeds.users[username] = user
    return user


W = Obligation.What
ANNIVERSARY = {"kind": "anniversary", "of": "signing", "every_years": 1}
AT_STRATEGY_REVIEW = {"kind": "external", "trigger": "each review of the H&WB strategy"}


def build_seeds() -> Seeds:
    s = Seeds()

    # Bromley: the H&WB and the BSCB; signed in July 2016, reviewed a year from signing.
    bromley = s.areas["bromley"] = f.AreaFactory(name="Bromley", slug="bromley")
    hwb = _board(s, bromley, "bromley_hwb", "Bromley Health and Wellbeing Board", "H&WB", "hwb")
    bscb = _board(s, bromley, "bromley_bscb", "Bromley Safeguarding Children Board", "BSCB", "lscb")
    v = _version(
        s,
        "bromley",
        bromley,
        "bromley-hwb-bscb",
        "Bromley H&WB and BSCB protocol",
        [hwb, bscb],
        in_force_from=D(2016, 9, 1),
        review_rule=ANNIVERSARY,
    )
    pf.SignatureFactory(
        version=v, board=bscb, signed_at=dt.datetime(2016, 7, 13, 12, tzinfo=dt.UTC)
    )
    pf.SignatureFactory(version=v, board=hwb, signed_at=dt.datetime(2016, 7, 8, 12, tzinfo=dt.UTC))
    _obligation(
        s,
        "bromley_annual_report",
        v,
        bscb,
        hwb,
        W.PRESENT_REPORT,
        "The BSCB independent chair presents the annual report and a position statement.",
        {"kind": "window", "start_month": 10, "end_month": 1},
        1,
    )
    _obligation(
        s,
        "bromley_strategy_review",
        v,
        hwb,
        bscb,
        W.PRESENT_REPORT,
        "An H&WB member presents the annual review of the strategy and the JSNA update.",
        {"kind": "window", "start_month": 10, "end_month": 3},
        2,
    )
    _obligation(
        s,
        "bromley_share_jsna",
        v,
        hwb,
        bscb,
        W.SHARE_DOCUMENT,
        "The H&WB shares the JSNA, strategy, commissioning intentions and progress.",
        {"kind": "frequency", "every": "annually"},
        3,
    )

    # Bolton: the BHWB and the BSCB; reviewed at each review of the strategy.
    bolton = s.areas["bolton"] = f.AreaFactory(name="Bolton", slug="bolton")
    bhwb = _board(s, bolton, "bolton_bhwb", "Bolton Health and Wellbeing Board", "BHWB", "hwb")
    bolton_bscb = _board(
        s, bolton, "bolton_bscb", "Bolton Safeguarding Children Board", "BSCB", "lscb"
    )
    v = _version(
        s,
        "bolton",
        bolton,
        "bolton-bhwb-bscb",
        "Bolton BHWB and BSCB protocol",
        [bhwb, bolton_bscb],
        in_force_from=D(2014, 6, 1),
        review_rule=AT_STRATEGY_REVIEW,
    )
    _obligation(
        s,
        "bolton_annual_report",
        v,
        bolton_bscb,
        bhwb,
        W.PRESENT_REPORT,
        "The BSCB presents its annual assessment and report, with CDOP and case review learning.",
        {"kind": "fixed_month", "month": 9},
        1,
    )
    _obligation(
        s,
        "bolton_health_summary",
        v,
        bhwb,
        bolton_bscb,
        W.PROVIDE_SUMMARY,
        "The chair of the BHWB provides an annual summary of children's and parents' health.",
        {"kind": "frequency", "every": "annually"},
        2,
    )
    _obligation(
        s,
        "bolton_business_plan",
        v,
        bolton_bscb,
        bhwb,
        W.SHARE_DOCUMENT,
        "The BSCB provides the BHWB with a copy of its Business Plan.",
        {"kind": "deadline", "month": 6, "day": None},
        3,
    )
    _obligation(
        s,
        "bolton_officers_meet",
        v,
        bolton_bscb,
        bhwb,
        W.MEET,
        "The boards' officers meet.",
        {"kind": "frequency", "every": "quarterly"},
        4,
    )
    _obligation(
        s,
        "bolton_minutes",
        v,
        bhwb,
        bolton_bscb,
        W.SHARE_DOCUMENT,
        "The BHWB shares its minutes with the BSCB's chair and lead officer.",
        {"kind": "after_meeting", "board": bhwb.pk, "within_days": 10, "working_days": True},
        5,
    )
    _obligation(
        s,
        "bolton_scr_learning",
        v,
        bolton_bscb,
        bhwb,
        W.PRESENT_REPORT,
        "The BSCB presents the learning from a Serious Case Review.",
        {
            "kind": "relative",
            "after": {"event": "the BSCB endorses the overview report"},
            "at": "next_meeting",
            "board": bhwb.pk,
        },
        6,
    )
    _obligation(
        s,
        "bolton_response",
        v,
        bhwb,
        bolton_bscb,
        W.RESPOND,
        "The BHWB responds formally to the themes of the BSCB's annual report.",
        {
            "kind": "relative",
            "after": {"obligation": str(s.obligation("bolton_annual_report").key)},
            "at": "next_meeting",
            "board": bhwb.pk,
        },
        7,
    )
    _obligation(
        s,
        "bolton_progress",
        v,
        bhwb,
        bolton_bscb,
        W.PRESENT_REPORT,
        "A formal report of progress against targets to both boards.",
        AT_STRATEGY_REVIEW,
        8,
    )

    # Islington: the HWBB and the ISCB.
    islington = s.areas["islington"] = f.AreaFactory(name="Islington", slug="islington")
    hwbb = _board(s, islington, "islington_hwbb", "Islington HWBB", "HWBB", "hwb")
    iscb = _board(
        s, islington, "islington_iscb", "Islington Safeguarding Children Board", "ISCB", "lscb"
    )
    v = _version(
        s,
        "islington",
        islington,
        "islington-hwbb-iscb",
        "Islington HWBB and ISCB protocol",
        [hwbb, iscb],
        in_force_from=D(2015, 1, 1),
        review_rule=AT_STRATEGY_REVIEW,
    )
    _obligation(
        s,
        "islington_managers_meet",
        v,
        iscb,
        hwbb,
        W.MEET,
        "The business unit managers meet.",
        {"kind": "frequency", "every": "quarterly"},
        1,
    )
    _obligation(
        s,
        "islington_minutes",
        v,
        iscb,
        hwbb,
        W.SHARE_DOCUMENT,
        "The ISCB shares its minutes with the HWBB's chair and lead officer.",
        {"kind": "after_meeting", "board": iscb.pk, "within_days": 14},
        2,
    )
    _obligation(
        s,
        "islington_scrutiny",
        v,
        iscb,
        hwbb,
        W.PRESENT_REPORT,
        "The ISCB reports its scrutiny findings, including the annual report.",
        {"kind": "frequency", "every": "six_monthly"},
        3,
    )

    # West Berkshire: three boards, reviewed annually from the date of signing.
    wb = s.areas["west_berkshire"] = f.AreaFactory(name="West Berkshire", slug="west-berkshire")
    wb_hwb = _board(s, wb, "wb_hwb", "West Berkshire Health and Wellbeing Board", "H&WB", "hwb")
    lscb = _board(s, wb, "wb_lscb", "West Berkshire LSCB", "LSCB", "lscb")
    cpb = _board(s, wb, "wb_cpb", "Children's Partnership Board", "CPB", "trust")
    v = _version(
        s,
        "west_berkshire",
        wb,
        "west-berkshire",
        "West Berkshire protocol",
        [wb_hwb, lscb, cpb],
        in_force_from=D(2013, 5, 1),
        review_rule=ANNIVERSARY,
    )
    _obligation(
        s,
        "wb_report_to_cpb",
        v,
        lscb,
        cpb,
        W.PRESENT_REPORT,
        "The LSCB presents its annual report to the Children's Partnership Board.",
        {"kind": "frequency", "every": "annually"},
        1,
    )
    _obligation(
        s,
        "wb_report_to_hwb",
        v,
        lscb,
        wb_hwb,
        W.PRESENT_REPORT,
        "The LSCB presents its annual report to the Health and Wellbeing Board.",
        {"kind": "frequency", "every": "annually"},
        2,
    )
    _obligation(
        s,
        "wb_consult_lscb",
        v,
        wb_hwb,
        lscb,
        W.CONSULT,
        "The H&WB consults the LSCB on the JSNA and the joint strategy.",
        {"kind": "frequency", "every": "annually"},
        3,
    )

    # Officers who record what happened.
    _officer(s, bolton, "bolton_bscb_manager", bolton_bscb, Membership.Role.BUSINESS_MANAGER)
    _officer(s, bolton, "bolton_bhwb_manager", bhwb, Membership.Role.BUSINESS_MANAGER)
    _officer(s, bolton, "bolton_bhwb_chair", bhwb, Membership.Role.CHAIR)
    _officer(s, bolton, "bolton_member", bhwb, Membership.Role.MEMBER)
    _officer(s, bromley, "bromley_bscb_manager", bscb, Membership.Role.BUSINESS_MANAGER)
    _officer(s, bromley, "bromley_hwb_manager", hwb, Membership.Role.BUSINESS_MANAGER)
    _officer(s, bromley, "bromley_hwb_chair", hwb, Membership.Role.CHAIR)
    return s


@pytest.fixture
def seeds(db) -> Seeds:
    return build_seeds()


def meeting(board: Board, day: dt.date, status="scheduled"):
    return f.MeetingFactory(board=board, date=day, status=status)


def now_on(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@pytest.fixture
def cycle(seeds) -> Seeds:
    """The seeds with their occurrences generated for FY 2026/27 and FY 2027/28."""
    from calendar_cycle.generation import generate_occurrences

    generate_occurrences(today=dt.date(2026, 4, 1))
    return seeds


def occurrence(seeds: Seeds, label: str, period: str = "2026"):
    """Return the occurrence of a seed obligation in a period ("2026" is FY 2026/27)."""
    from calendar_cycle.models import Occurrence

    return Occurrence.objects.get(obligation=seeds.obligation(label), period_key=period)
