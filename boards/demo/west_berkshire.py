"""West Berkshire: the protocol binding the LSCB, the H&WB and the Munro Implementation Board."""

from datetime import date, time

from boards.models import Area

from .specs import (
    DEMOCRATIC_SERVICES,
    HELD,
    ILLUSTRATIVE_DAY,
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

WEST_BERKSHIRE = AreaSpec(
    slug="west-berkshire",
    name="West Berkshire",
    council_name="West Berkshire Council",
    kind=Area.Kind.UNITARY,
    organisations=(
        ("West Berkshire Council", O.COUNCIL),
        ("Thames Valley Police", O.POLICE),
    ),
    boards=(
        BoardSpec(
            "LSCB",
            "West Berkshire Local Safeguarding Children Board",
            K.SAFEGUARDING_CHILDREN_BOARD,
            "Agrees how local organisations cooperate to safeguard children, and monitors and "
            "evaluates how well they do it: a scrutiny body, not a delivery body. Reports "
            "annually to the Children's Partnership Board and the Health and Wellbeing Board, "
            "is consulted on the JSNA and the joint strategy, runs serious case and partnership "
            "reviews, provides multi-agency training, and holds the Munro Implementation Board "
            "to account on safeguarding.",
            basis="Children Act 2004.",
        ),
        BoardSpec(
            "H&WB",
            "West Berkshire Health and Wellbeing Board",
            K.HEALTH_AND_WELLBEING,
            "Leads work to improve the health and wellbeing of West Berkshire's people: "
            "identifies needs through the JSNA, adopts and monitors the Joint Health and "
            "Wellbeing Strategy, engages local people and oversees the use of public resources. "
            "It agrees the strategy; partners keep responsibility for delivering it.",
            basis="Health and Social Care Act 2012.",
        ),
        BoardSpec(
            "MIB",
            "West Berkshire Munro Implementation Board",
            K.IMPROVEMENT,
            "Drives local implementation of the Munro Review of child protection (final report "
            "June 2011), so that children's services work to the review's eight principles. The "
            "governance and oversight body for transforming local services; the LSCB "
            "scrutinises its work.",
            statutory=False,
        ),
        BoardSpec(
            "CPB",
            "West Berkshire Children's Partnership Board",
            K.CHILDRENS_TRUST,
            "Receives the LSCB's annual report and leads partners' delivery of the joint "
            "strategy for children, which the LSCB challenges through that report.",
            statutory=False,
        ),
    ),
    people=(
        PersonSpec("lscb_chair", "Hilary Voss (demo)", "Independent Chair, LSCB"),
        PersonSpec("lscb_bm", "Casey Lindqvist (demo)", "LSCB Business Manager"),
        PersonSpec(
            "hwb_chair", "Rory Pemberton (demo)", "Chair, Health and Wellbeing Board", "Cllr"
        ),
        PersonSpec("hwb_bm", "Ellis Maddox (demo)", "Health and Wellbeing Board Manager"),
        PersonSpec("mib_chair", "Drew Kavanagh (demo)", "Head of Children's Services"),
        PersonSpec("mib_bm", "Avery Stroud (demo)", "Munro Programme Manager"),
        PersonSpec("member", "Charlie Nwosu (demo)", "Detective Inspector, Public Protection"),
        PersonSpec("ds", "Reese Fairbairn (demo)", "Democratic Services Officer"),
        PersonSpec("ceo", "Jude Carver (demo)", "Chief Executive"),
        PersonSpec("leader", "Sasha Deverell (demo)", "Leader of the Council", "Cllr"),
        PersonSpec("pcc", "Toby Ransome (demo)", "Police and Crime Commissioner"),
    ),
    seats=(
        SeatSpec("lscb_chair", "LSCB", R.INDEPENDENT_CHAIR),
        SeatSpec("lscb_bm", "LSCB", R.BUSINESS_MANAGER, organisation="West Berkshire Council"),
        SeatSpec("member", "LSCB", organisation="Thames Valley Police"),
        SeatSpec("hwb_chair", "H&WB", R.CHAIR, organisation="West Berkshire Council"),
        SeatSpec("hwb_bm", "H&WB", R.BUSINESS_MANAGER, organisation="West Berkshire Council"),
        SeatSpec("mib_chair", "MIB", R.CHAIR, organisation="West Berkshire Council"),
        SeatSpec("mib_bm", "MIB", R.BUSINESS_MANAGER, organisation="West Berkshire Council"),
        SeatSpec("lscb_chair", "MIB"),
    ),
    posts=(
        (P.CHIEF_EXECUTIVE, "", "ceo"),
        (P.LEADER, "", "leader"),
        (P.PCC, "", "pcc"),
    ),
    meetings=(
        MeetingSpec(
            "MIB",
            date(2012, 10, 18),
            status=HELD,
            notes=f"Approved the protocol between the LSCB, the H&WB and this board. "
            f"{ILLUSTRATIVE_DAY}",
        ),
        MeetingSpec(
            "H&WB",
            date(2012, 12, 13),
            status=HELD,
            notes=f"Approved the protocol between the LSCB, the H&WB and the Munro "
            f"Implementation Board. {ILLUSTRATIVE_DAY}",
        ),
        MeetingSpec(
            "LSCB",
            date(2013, 4, 18),
            status=HELD,
            notes=f"Approved the protocol with the H&WB and the Munro Implementation Board. "
            f"{ILLUSTRATIVE_DAY}",
        ),
        MeetingSpec("LSCB", date(2027, 1, 21), time(10, 0), "Council Offices, Newbury"),
        MeetingSpec("LSCB", date(2027, 4, 22), time(10, 0), "Council Offices, Newbury"),
        MeetingSpec("H&WB", date(2026, 12, 10), time(9, 30), "Council Offices, Newbury"),
        MeetingSpec("H&WB", date(2027, 3, 25), time(9, 30), "Council Offices, Newbury"),
        MeetingSpec("MIB", date(2027, 2, 11), time(14, 0), "Council Offices, Newbury"),
    ),
    logins=(
        LoginSpec("west-berkshire-bm-lscb", "lscb_bm", R.BUSINESS_MANAGER, "LSCB"),
        LoginSpec("west-berkshire-chair-lscb", "lscb_chair", R.INDEPENDENT_CHAIR, "LSCB"),
        LoginSpec("west-berkshire-bm-hwb", "hwb_bm", R.BUSINESS_MANAGER, "H&WB"),
        LoginSpec("west-berkshire-chair-hwb", "hwb_chair", R.CHAIR, "H&WB"),
        LoginSpec("west-berkshire-bm-mib", "mib_bm", R.BUSINESS_MANAGER, "MIB"),
        LoginSpec("west-berkshire-chair-mib", "mib_chair", R.CHAIR, "MIB"),
        LoginSpec("west-berkshire-member", "member", R.MEMBER, "LSCB"),
        LoginSpec("west-berkshire-democratic-services", "ds", DEMOCRATIC_SERVICES),
    ),
)
