"""Bolton: the 2015 protocol between the BSCB and the BHWB, with the roles of post holders."""

from datetime import date, time

from boards.models import Area

from .specs import (
    DEMOCRATIC_SERVICES,
    HELD,
    HWB_BASIS,
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

BOLTON = AreaSpec(
    slug="bolton",
    name="Bolton",
    council_name="Bolton Council",
    kind=Area.Kind.METROPOLITAN_BOROUGH,
    organisations=(
        ("Bolton Council", O.COUNCIL),
        ("Bolton CCG", O.NHS),
        ("Greater Manchester Police", O.POLICE),
        ("CAFCASS", O.CAFCASS),
    ),
    boards=(
        BoardSpec(
            "BSCB",
            "Bolton Safeguarding Children Board",
            K.SAFEGUARDING_CHILDREN_BOARD,
            "The decision-making body for multi-agency arrangements to safeguard children in "
            "Bolton. Seeks assurance that statutory bodies meet their duties under s.11 of the "
            "Children Act 2004, scrutinises front-line practice, keeps the multi-agency "
            "policies and practice guides, runs learning and serious case reviews and, through "
            "the Child Death Overview Panel, reviews every child death. Publishes an annual "
            "assessment of the effectiveness of local safeguarding.",
            basis="Children Act 2004, s.13 and s.14; Local Safeguarding Children Boards "
            "Regulations; Working Together to Safeguard Children 2015.",
        ),
        BoardSpec(
            "BHWB",
            "Bolton Health and Wellbeing Board",
            K.HEALTH_AND_WELLBEING,
            "Brings commissioners and decision makers from across the Bolton Family together to "
            "improve health and quality of life. Prepares the Joint Strategic Needs Assessment, "
            "must encourage integrated health and social care, and may encourage close working "
            "between all partners. One of the partnerships delivering the Bolton Vision.",
            basis=HWB_BASIS,
        ),
        BoardSpec(
            "CYPTB",
            "Bolton Children's Trust",
            K.CHILDRENS_TRUST,
            "The children and young people's partnership the protocol names (as the Children's "
            "Trust and as CYPTB). The Chief Executive checks that its relationship with the "
            "BSCB and the BHWB works.",
            statutory=False,
        ),
        BoardSpec(
            "Be Safe",
            "Be Safe Partnership",
            K.COMMUNITY_SAFETY,
            "One of the partnerships the Health and Wellbeing Board works closely with.",
        ),
    ),
    people=(
        PersonSpec(
            "tarver", "Mike Tarver", "Independent Chair, Bolton Safeguarding Children Board"
        ),
        PersonSpec("thomas", "Linda Thomas", "Chair, Health and Wellbeing Board", "Cllr"),
        PersonSpec("green", "Shona Green", "Safeguarding Officer"),
        PersonSpec("lythgoe", "Dawn Lythgoe", "Health and Wellbeing Board Coordinator"),
        PersonSpec("bscb_bm", "Jordan Pryce (demo)", "BSCB Business Manager"),
        PersonSpec("member", "Kim Hollis (demo)", "Detective Chief Inspector, Public Protection"),
        PersonSpec("ds", "Taylor Quayle (demo)", "Democratic Services Officer"),
        PersonSpec("ceo", "Dana Whitfield (demo)", "Chief Executive"),
        PersonSpec("leader", "Rowan Ashby (demo)", "Leader of the Council", "Cllr"),
        PersonSpec("dcs", "Lee Carrow (demo)", "Director of Children's Services"),
        PersonSpec("lm_children", "Nat Brereton (demo)", "Lead Member for Children", "Cllr"),
        PersonSpec("dph", "Ira Penhale (demo)", "Director of Public Health", "Dr"),
        PersonSpec("lm_health", "Frankie Sowerby (demo)", "Lead Member for Health", "Cllr"),
        PersonSpec("pcc", "Jamie Trenholm (demo)", "Police and Crime Commissioner"),
    ),
    seats=(
        SeatSpec("tarver", "BSCB", R.INDEPENDENT_CHAIR),
        SeatSpec("bscb_bm", "BSCB", R.BUSINESS_MANAGER, organisation="Bolton Council"),
        SeatSpec("green", "BSCB", R.LEAD_OFFICER, organisation="Bolton Council"),
        SeatSpec(
            "member", "BSCB", R.PARTNER_REPRESENTATIVE, organisation="Greater Manchester Police"
        ),
        SeatSpec("dcs", "BSCB", R.PARTNER_REPRESENTATIVE, organisation="Bolton Council"),
        SeatSpec("thomas", "BHWB", R.CHAIR, organisation="Bolton Council"),
        SeatSpec("lythgoe", "BHWB", R.BUSINESS_MANAGER, organisation="Bolton Council"),
        SeatSpec("dcs", "BHWB", organisation="Bolton Council"),
        SeatSpec("dph", "BHWB", organisation="Bolton Council"),
        SeatSpec("lm_health", "BHWB", organisation="Bolton Council"),
    ),
    posts=(
        (P.CHIEF_EXECUTIVE, "", "ceo"),
        (P.LEADER, "", "leader"),
        (P.DCS, "", "dcs"),
        (P.LEAD_MEMBER_CHILDREN, "", "lm_children"),
        (P.DPH, "", "dph"),
        (P.LEAD_MEMBER_HEALTH, "", "lm_health"),
        (P.PCC, "", "pcc"),
    ),
    meetings=(
        MeetingSpec(
            "BHWB",
            date(2015, 10, 21),
            status=HELD,
            notes="Considered the protocol between the BSCB and the BHWB, presented by both "
            "chairs.",
        ),
        MeetingSpec("BSCB", date(2026, 12, 2), time(9, 30), "Town Hall, Bolton"),
        MeetingSpec("BSCB", date(2027, 3, 3), time(9, 30), "Town Hall, Bolton"),
        MeetingSpec("BSCB", date(2027, 6, 2), time(9, 30), "Town Hall, Bolton"),
        MeetingSpec("BHWB", date(2027, 1, 20), time(10, 0), "Town Hall, Bolton"),
        MeetingSpec("BHWB", date(2027, 9, 15), time(10, 0), "Town Hall, Bolton"),
    ),
    logins=(
        LoginSpec("bolton-bm-bscb", "bscb_bm", R.BUSINESS_MANAGER, "BSCB"),
        LoginSpec("bolton-chair-bscb", "tarver", R.INDEPENDENT_CHAIR, "BSCB"),
        LoginSpec("bolton-bm-bhwb", "lythgoe", R.BUSINESS_MANAGER, "BHWB"),
        LoginSpec("bolton-chair-bhwb", "thomas", R.CHAIR, "BHWB"),
        LoginSpec("bolton-member", "member", R.PARTNER_REPRESENTATIVE, "BSCB"),
        LoginSpec("bolton-democratic-services", "ds", DEMOCRATIC_SERVICES),
    ),
)
