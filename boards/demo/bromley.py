"""Bromley: the 2016 BSCB–H&WB working agreement and the 2012 annual report briefing."""

from datetime import date, time

from boards.models import Area, Subgroup

from .specs import (
    DEMOCRATIC_SERVICES,
    HELD,
    HWB_BASIS,
    SHORT_LIFE,
    AreaSpec,
    BoardSpec,
    K,
    LoginSpec,
    MeetingSpec,
    O,
    P,
    PersonSpec,
    PrioritySpec,
    R,
    SeatSpec,
    SubgroupSpec,
)

BROMLEY = AreaSpec(
    slug="bromley",
    name="Bromley",
    council_name="London Borough of Bromley",
    kind=Area.Kind.LONDON_BOROUGH,
    organisations=(
        ("London Borough of Bromley", O.COUNCIL),
        ("Bromley CCG", O.NHS),
        ("Metropolitan Police Service", O.POLICE),
        ("National Probation Service", O.PROBATION),
        ("Bromley Youth Offending Team", O.YOT),
        ("CAFCASS", O.CAFCASS),
        ("Children and Families Voluntary Sector Forum", O.VOLUNTARY),
    ),
    boards=(
        BoardSpec(
            "BSCB",
            "Bromley Safeguarding Children Board",
            K.SAFEGUARDING_CHILDREN_BOARD,
            "Coordinates what each member body does to safeguard and promote the welfare of "
            "children in Bromley, and makes sure it works. It scrutinises and challenges the "
            "agencies singly and together; it neither commissions services nor manages staff. "
            "It publishes an annual report on the effectiveness of local safeguarding. An "
            "independent chair leads it, a small business unit supports it, and its subgroups "
            "carry much of its work.",
            basis="Children Act 2004, s.13.",
        ),
        BoardSpec(
            "H&WB",
            "Bromley Health and Wellbeing Board",
            K.HEALTH_AND_WELLBEING,
            "Brings leaders of the local health and care system together to improve residents' "
            "health and wellbeing and reduce inequalities. Agrees local needs through the Joint "
            "Strategic Needs Assessment (JSNA), sets the Health and Wellbeing Strategy, and "
            "promotes integration and joint commissioning across the council and the NHS.",
            basis=HWB_BASIS,
        ),
        BoardSpec(
            "SIG",
            "Children's Services Improvement Governance Group",
            K.IMPROVEMENT,
            "Set up after the Ofsted inspection of April–May 2016 graded children's services "
            "inadequate; governs the improvement plan. The Leader of the Council chairs it and "
            "the BSCB's independent chair sits on it, so that partnership improvement work "
            "joins up with the council's own.",
            statutory=False,
        ),
        BoardSpec(
            "SIT",
            "Children's Services Improvement Team",
            K.IMPROVEMENT,
            "Delivers the children's services improvement plan under the governance group. The "
            "Chief Executive chairs it and the BSCB business manager is a member.",
            statutory=False,
        ),
    ),
    people=(
        PersonSpec("callanan", "Annie Callanan", "Independent Chair, BSCB"),
        PersonSpec("kdavies", "Kerry Davies", "BSCB Manager"),
        PersonSpec("jefferys", "David Jefferys", "Chair, Health and Wellbeing Board", "Cllr"),
        PersonSpec("gibbons", "Anita Gibbons", "Head of Quality Assurance"),
        PersonSpec("colwill", "Sonia Colwill"),
        PersonSpec("selway", "Jenny Selway", "Consultant in Public Health", "Dr"),
        PersonSpec("mcclue", "Sadie McClue"),
        PersonSpec("bailey", "Jane Bailey", "Director of Education"),
        PersonSpec("daly", "Julie Daly", "Head of Safeguarding and Quality Assurance"),
        PersonSpec("parkin", "Terry Parkin", "Executive Director, Education and Care Services"),
        PersonSpec("hwb_bm", "Morgan Ellery (demo)", "Health and Wellbeing Board Manager"),
        PersonSpec("lay", "Robin Tansley (demo)", "Lay member, BSCB"),
        PersonSpec("member", "Sam Okafor (demo)", "Detective Inspector, Public Protection"),
        PersonSpec("ds", "Alex Marsh (demo)", "Democratic Services Officer"),
        PersonSpec("leader", "Pat Whitcombe (demo)", "Leader of the Council", "Cllr"),
        PersonSpec("ceo", "Chris Haldane (demo)", "Chief Executive"),
    ),
    seats=(
        SeatSpec("callanan", "BSCB", R.INDEPENDENT_CHAIR),
        SeatSpec("kdavies", "BSCB", R.BUSINESS_MANAGER, organisation="London Borough of Bromley"),
        SeatSpec("lay", "BSCB", R.LAY_MEMBER),
        SeatSpec("member", "BSCB", organisation="Metropolitan Police Service"),
        SeatSpec("jefferys", "H&WB", R.CHAIR, organisation="London Borough of Bromley"),
        SeatSpec("hwb_bm", "H&WB", R.BUSINESS_MANAGER, organisation="London Borough of Bromley"),
        SeatSpec("leader", "SIG", R.CHAIR, organisation="London Borough of Bromley"),
        SeatSpec("callanan", "SIG"),
        SeatSpec("ceo", "SIT", R.CHAIR, organisation="London Borough of Bromley"),
        SeatSpec("kdavies", "SIT", organisation="London Borough of Bromley"),
        SeatSpec("callanan", "BSCB", R.CHAIR, "Quality Assurance and Performance Monitoring"),
        SeatSpec("gibbons", "BSCB", R.CHAIR, "Training", "London Borough of Bromley"),
        SeatSpec("colwill", "BSCB", R.CHAIR, "Case Review", "Bromley CCG"),
        SeatSpec(
            "selway", "BSCB", R.CHAIR, "Child Death Overview Panel", "London Borough of Bromley"
        ),
        SeatSpec("mcclue", "BSCB", R.CHAIR, "Policy and Procedures", "Bromley CCG"),
        SeatSpec("bailey", "BSCB", R.CHAIR, "Vulnerable Children", "London Borough of Bromley"),
        SeatSpec("callanan", "BSCB", R.CHAIR, "Chairs Group"),
        SeatSpec("lay", "BSCB", R.CHAIR, "Communications"),
    ),
    subgroups=(
        SubgroupSpec(
            "BSCB",
            "Quality Assurance and Performance Monitoring",
            "Examines performance data and audit and survey findings, and supports the Board "
            "in its scrutiny and challenge.",
            chair="callanan",
        ),
        SubgroupSpec(
            "BSCB",
            "Training",
            "Oversees the multi-agency safeguarding training programme, so that the children's "
            "workforce practises soundly and responds to local priorities and national learning.",
            chair="gibbons",
        ),
        SubgroupSpec(
            "BSCB",
            "Case Review",
            "Draws the learning from national and local case reviews and oversees the local "
            "action plans that follow them.",
            chair="colwill",
        ),
        SubgroupSpec(
            "BSCB",
            "Child Death Overview Panel",
            "Reviews the circumstances of children's deaths, looking for modifiable factors and "
            "what they mean for practice.",
            chair="selway",
        ),
        SubgroupSpec(
            "BSCB",
            "Policy and Procedures",
            "Coordinates new local safeguarding policies, procedures and guidance, and works out "
            "what national policy, guidance and research mean locally.",
            chair="mcclue",
        ),
        SubgroupSpec(
            "BSCB",
            "Vulnerable Children",
            "Scrutinises local plans and procedures for children at particular risk: sexual "
            "exploitation, going missing from home, school or care, trafficking, FGM, domestic "
            "abuse, gangs, disability and radicalisation.",
            chair="bailey",
        ),
        SubgroupSpec(
            "BSCB",
            "Chairs Group",
            "Oversees the subgroups and short-life groups and steers the direction and progress "
            "of the Board's work, responding to issues as they arise.",
            chair="callanan",
        ),
        SubgroupSpec(
            "BSCB",
            "Communications",
            "Short-life group on the Board's communications, chaired by a lay member. The paper "
            "(2016) gives no end date; the one recorded is illustrative.",
            kind=SHORT_LIFE,
            chair="lay",
            meets=Subgroup.Frequency.AS_NEEDED,
            start=date(2016, 4, 1),
            end=date(2017, 3, 31),
        ),
        SubgroupSpec(
            "BSCB",
            "Task and Finish Group on FGM",
            "Short-life group on female genital mutilation in 2015. The paper gives the year "
            "only, so the dates recorded are its first and last days.",
            kind=SHORT_LIFE,
            meets=Subgroup.Frequency.AS_NEEDED,
            start=date(2015, 1, 1),
            end=date(2015, 12, 31),
        ),
    ),
    posts=(
        (P.LEADER, "", "leader"),
        (P.CHIEF_EXECUTIVE, "", "ceo"),
        (P.OTHER, "Executive Director, Education and Care Services", "parkin"),
    ),
    priorities=(
        PrioritySpec(
            "BSCB",
            (2015, 2018),
            "Board Resilience",
            (
                "A board which is confident of its responsibilities, with a revised statement "
                "of purpose",
                "An effective scrutiny system",
            ),
        ),
        PrioritySpec(
            "BSCB",
            (2015, 2018),
            "Service Responses",
            (
                "Early help assessments and services meet needs",
                "Agencies prove they have sufficient qualified and trained staff",
                "Effective information sharing takes place",
                "Schools are aware of, and accountable for, their safeguarding responsibilities",
                "There is an assured and timely response to all children who go missing from "
                "school, to address any safeguarding issues",
            ),
        ),
        PrioritySpec(
            "BSCB",
            (2015, 2018),
            "Community Engagement",
            (
                "Understanding of the borough's diverse community and the barriers to engagement",
                "Young people are better informed about safeguarding, and engaged",
                "Improved public awareness of safeguarding, including a specific campaign on "
                "the risks of co-sleeping",
                "The voice of children and young people drives and improves practice and policy",
            ),
        ),
        PrioritySpec(
            "BSCB",
            (2015, 2018),
            "Learning and Improvement",
            (
                "Learning from case reviews and audits impacts on frontline practice",
                "The Board has good oversight of risks in the system and can assess the "
                "performance of multi-agency child protection work",
                "A confident and skilled workforce is able to identify and respond to neglect, "
                "child abuse and domestic violence",
            ),
        ),
        PrioritySpec(
            "BSCB",
            (2015, 2018),
            "Specific Safeguarding Concerns",
            (
                "Increased awareness of emerging threats to children, for example sexual "
                "exploitation, gangs, child trafficking, radicalisation and female genital "
                "mutilation, and policies and strategies to address them",
                "Reduced impact of domestic abuse",
                "Fewer admissions to hospital for self-harm",
            ),
        ),
        PrioritySpec(
            "BSCB",
            (2012, 2013),
            "Monitor the effectiveness of early intervention",
            ("Early intervention still protects children as local services are reconfigured",),
        ),
        PrioritySpec(
            "BSCB",
            (2012, 2013),
            "Assure the quality of child protection services",
            ("Child protection services in Bromley are effective for children",),
        ),
        PrioritySpec(
            "BSCB",
            (2012, 2013),
            "Support voluntary and community groups' safeguarding practice",
            ("With the Children and Families Voluntary Sector Forum",),
        ),
        PrioritySpec(
            "BSCB",
            (2012, 2013),
            "Capture outcomes and the impact of the Board's work",
            ("Agencies record the outcomes of safeguarding children and their families",),
        ),
    ),
    meetings=(
        MeetingSpec(
            "BSCB",
            date(2016, 7, 13),
            status=HELD,
            notes="Ratified the working agreement with the Health and Wellbeing Board.",
        ),
        MeetingSpec("BSCB", date(2026, 12, 9), time(14, 0), "Civic Centre, Bromley"),
        MeetingSpec("BSCB", date(2027, 3, 10), time(14, 0), "Civic Centre, Bromley"),
        MeetingSpec("BSCB", date(2027, 7, 7), time(14, 0), "Civic Centre, Bromley"),
        MeetingSpec(
            "BSCB",
            date(2027, 1, 13),
            time(10, 0),
            "Civic Centre, Bromley",
            subgroup="Quality Assurance and Performance Monitoring",
        ),
        MeetingSpec("H&WB", date(2027, 1, 28), time(13, 30), "Civic Centre, Bromley"),
        MeetingSpec("H&WB", date(2027, 3, 25), time(13, 30), "Civic Centre, Bromley"),
        MeetingSpec("SIG", date(2027, 2, 4), time(16, 0), "Civic Centre, Bromley"),
    ),
    logins=(
        LoginSpec("bromley-bm-bscb", "kdavies", R.BUSINESS_MANAGER, "BSCB"),
        LoginSpec("bromley-chair-bscb", "callanan", R.INDEPENDENT_CHAIR, "BSCB"),
        LoginSpec("bromley-bm-hwb", "hwb_bm", R.BUSINESS_MANAGER, "H&WB"),
        LoginSpec("bromley-chair-hwb", "jefferys", R.CHAIR, "H&WB"),
        LoginSpec("bromley-member", "member", R.MEMBER, "BSCB"),
        LoginSpec("bromley-democratic-services", "ds", DEMOCRATIC_SERVICES),
    ),
)
