"""Islington: the 2013 HWBB–ISCB protocol, and the partnership that replaced the ISCB."""

from datetime import date, time

from boards.models import Area

from .specs import (
    DEMOCRATIC_SERVICES,
    HELD,
    HWB_BASIS,
    SCP_BASIS,
    SUCCESSION_DATE,
    AreaSpec,
    BoardSpec,
    K,
    LoginSpec,
    MeetingSpec,
    O,
    P,
    PersonSpec,
    R,
    SeatSpec,
)

ISLINGTON = AreaSpec(
    slug="islington",
    name="Islington",
    council_name="Islington Council",
    kind=Area.Kind.LONDON_BOROUGH,
    organisations=(
        ("Islington Council", O.COUNCIL),
        ("Islington CCG", O.NHS),
        ("Metropolitan Police Service", O.POLICE),
    ),
    boards=(
        BoardSpec(
            "HWBB",
            "Islington Health and Wellbeing Board",
            K.HEALTH_AND_WELLBEING,
            "Improves the health and wellbeing of Islington's people: oversees the JSNA, the "
            "Joint Health and Wellbeing Strategy and the commissioning plans that follow them; "
            "promotes integrated commissioning and pooled budgets across the NHS, public health "
            "and the council; and has a formal role in authorising and assessing clinical "
            "commissioning groups. An officer group reporting to it joins the work up with the "
            "ISCB.",
            basis=f"{HWB_BASIS} Section 195 adds the duty to encourage integrated working.",
        ),
        # The successor comes first so that the board it replaces can point at it.
        BoardSpec(
            "ISCP",
            "Islington Safeguarding Children Partnership",
            K.SAFEGUARDING_CHILDREN_PARTNERSHIP,
            "The safeguarding partners' arrangements (council, NHS and police) that replaced "
            "the ISCB. The start date recorded, 29 September 2019, is illustrative: it is the "
            "latest date by which LSCBs had to hand over, not a date from Islington's papers.",
            basis=SCP_BASIS,
            established=SUCCESSION_DATE,
        ),
        BoardSpec(
            "ISCB",
            "Islington Safeguarding Children Board",
            K.SAFEGUARDING_CHILDREN_BOARD,
            "A scrutiny body, not a delivery body: monitored action to improve safeguarding, "
            "including serious case review action plans, audited and reported its findings to "
            "the HWBB six-monthly with its annual report, and could call any agency on the HWBB "
            "to account. Part of the Children and Families Board arrangements. Replaced by the "
            "Islington Safeguarding Children Partnership; the date recorded is illustrative.",
            basis="Children Act 2004, s.13.",
            dissolved=SUCCESSION_DATE,
            successor="ISCP",
        ),
        BoardSpec(
            "CFB",
            "Children and Families Board",
            K.CHILDRENS_TRUST,
            "The partnership whose wider arrangements the safeguarding board's work sits within.",
            statutory=False,
        ),
    ),
    people=(
        PersonSpec("mattai", "Lynn Mattai"),
        PersonSpec(
            "hwbb_chair", "Quinn Adebayo (demo)", "Chair, Health and Wellbeing Board", "Cllr"
        ),
        PersonSpec("hwbb_bm", "Harper Lowther (demo)", "Health and Wellbeing Board Manager"),
        PersonSpec("iscb_chair", "Marion Feld (demo)", "Independent Chair, ISCB (until 2019)"),
        PersonSpec("iscp_chair", "Ainsley Roper (demo)", "Independent Chair, ISCP"),
        PersonSpec("iscp_bm", "Blake Osei (demo)", "Safeguarding Business Unit Manager"),
        PersonSpec("member", "Rowan Tierney (demo)", "Detective Superintendent"),
        PersonSpec("ds", "Parker Lind (demo)", "Democratic Services Officer"),
        PersonSpec("dcs", "Eden Sharrock (demo)", "Director of Children's Services"),
        PersonSpec("ceo", "Lindsay Carrick (demo)", "Chief Executive"),
        PersonSpec("leader", "Tam Greaves (demo)", "Leader of the Council", "Cllr"),
        PersonSpec("hds", "Noor Halvorsen (demo)", "Head of Democratic Services"),
    ),
    seats=(
        SeatSpec("hwbb_chair", "HWBB", R.CHAIR, organisation="Islington Council"),
        SeatSpec("hwbb_bm", "HWBB", R.BUSINESS_MANAGER, organisation="Islington Council"),
        SeatSpec("dcs", "HWBB", organisation="Islington Council"),
        SeatSpec("iscb_chair", "ISCB", R.INDEPENDENT_CHAIR, end=SUCCESSION_DATE),
        SeatSpec(
            "iscp_bm",
            "ISCB",
            R.BUSINESS_MANAGER,
            organisation="Islington Council",
            end=SUCCESSION_DATE,
        ),
        SeatSpec("iscp_chair", "ISCP", R.INDEPENDENT_CHAIR, start=SUCCESSION_DATE),
        SeatSpec(
            "iscp_bm",
            "ISCP",
            R.BUSINESS_MANAGER,
            organisation="Islington Council",
            start=SUCCESSION_DATE,
        ),
        SeatSpec(
            "dcs",
            "ISCP",
            R.PARTNER_REPRESENTATIVE,
            organisation="Islington Council",
            start=SUCCESSION_DATE,
        ),
        SeatSpec(
            "member", "ISCP", organisation="Metropolitan Police Service", start=SUCCESSION_DATE
        ),
    ),
    posts=(
        (P.LEADER, "", "leader"),
        (P.CHIEF_EXECUTIVE, "", "ceo"),
        (P.DCS, "", "dcs"),
        (P.HEAD_DEMOCRATIC_SERVICES, "", "hds"),
    ),
    meetings=(
        MeetingSpec(
            "HWBB",
            date(2013, 10, 10),
            status=HELD,
            notes="Agenda item: Protocol between HWBB and ISCB, for approval (report of the "
            "Director of Children's Services).",
        ),
        MeetingSpec("HWBB", date(2026, 12, 16), time(17, 30), "Town Hall, Upper Street"),
        MeetingSpec("HWBB", date(2027, 3, 17), time(17, 30), "Town Hall, Upper Street"),
        MeetingSpec("ISCP", date(2027, 1, 14), time(10, 0), "Town Hall, Upper Street"),
        MeetingSpec("ISCP", date(2027, 4, 15), time(10, 0), "Town Hall, Upper Street"),
    ),
    logins=(
        LoginSpec("islington-bm-hwbb", "hwbb_bm", R.BUSINESS_MANAGER, "HWBB"),
        LoginSpec("islington-chair-hwbb", "hwbb_chair", R.CHAIR, "HWBB"),
        LoginSpec("islington-bm-iscp", "iscp_bm", R.BUSINESS_MANAGER, "ISCP"),
        LoginSpec("islington-chair-iscp", "iscp_chair", R.INDEPENDENT_CHAIR, "ISCP"),
        LoginSpec("islington-member", "member", R.MEMBER, "ISCP"),
        LoginSpec("islington-democratic-services", "ds", DEMOCRATIC_SERVICES),
    ),
)
