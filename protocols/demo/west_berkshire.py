"""West Berkshire: the protocol binding the LSCB, the H&WB and the Munro Implementation Board.

The paper gives the month each board approved it (Munro Implementation Board October
2012, H&WB December 2012, LSCB April 2013); the boards demo holds those meetings, on
illustrative days, and the minute references here are illustrative too. The demo leaves
it approved by all three boards and waiting for its signatures.
"""

from datetime import date

from .specs import (
    ApprovalSpec,
    ObligationSpec,
    P,
    PartySpec,
    ProtocolSpec,
    SectionSpec,
    Side,
    W,
    minute,
)

MIB_APPROVED = date(2012, 10, 18)
HWB_APPROVED = date(2012, 12, 13)
LSCB_APPROVED = date(2013, 4, 18)

LSCB = Side(board="LSCB")
MIB = Side(board="MIB")
MUNRO_CHANGE = "any proposed significant change to the local approach to delivering Munro"


def _annual_report_to(post: str, title: str) -> ObligationSpec:
    return ObligationSpec(
        owing=LSCB,
        receiving=Side(post=post),
        what=W.SHARE_DOCUMENT,
        description=(
            f"The LSCB submits its annual report to the {title}, as Munro's recommendation "
            "five asks"
        ),
        timing={"kind": "frequency", "every": "annually"},
    )


WEST_BERKSHIRE_PROTOCOL = ProtocolSpec(
    area="west-berkshire",
    reference="west-berkshire-lscb-hwb-mib",
    title=(
        "Protocol on the working arrangements between West Berkshire Local Safeguarding "
        "Children Board, the Health and Wellbeing Board and the Munro Implementation Board"
    ),
    purpose=(
        "Helps the three boards, which have distinct and complementary roles in keeping "
        "children safe, to work effectively: clear about their functions, how they relate "
        "and the roles of everyone involved."
    ),
    author="west-berkshire-bm-lscb",
    parties=(
        PartySpec("LSCB", lead_officer="Casey Lindqvist (demo)"),
        PartySpec("H&WB", lead_officer="Ellis Maddox (demo)"),
        PartySpec("MIB", lead_officer="Avery Stroud (demo)"),
    ),
    sections=(
        SectionSpec(
            "Summary",
            "This document sets out how West Berkshire Local Safeguarding Children Board "
            "(LSCB), the Health and Wellbeing Board (H&WB) and the Munro Implementation "
            "Board work together. The three boards have distinct and complementary roles in "
            "keeping children safe.\n\n"
            "The Children Act 1989 is the statutory framework for safeguarding and promoting "
            "the welfare of children in need, which includes protecting children from "
            "maltreatment, preventing harm to their health or development, making sure they "
            "grow up with safe and effective care, and giving them the best chances in life "
            "and into adulthood.",
        ),
        SectionSpec(
            "West Berkshire Local Safeguarding Children Board",
            "The LSCB is the statutory partnership, set up under the Children Act 2004, that "
            "agrees how local organisations cooperate to safeguard children and monitors and "
            "evaluates how well they do it. Its work sits within the H&WB's wider "
            "arrangements and contributes to the wellbeing of all children. The LSCB:\n\n"
            "- publishes an annual report on the effectiveness of local safeguarding, which "
            "goes to the Children's Partnership Board and is presented to the H&WB;\n"
            "- monitors what agencies do to improve safeguarding, highlights "
            "underperformance and advises on improvement;\n"
            "- is formally consulted on the JSNA and the Joint Health and Wellbeing Strategy "
            "(JHWS) as they affect children and young people, and challenges the Children's "
            "Partnership Board's delivery of the JHWS through the annual report;\n"
            "- publishes safeguarding policies and procedures, including thresholds, safer "
            "recruitment, allegations against staff and private fostering;\n"
            "- raises awareness of safeguarding among those who work with children and the "
            "public;\n"
            "- undertakes serious case reviews and partnership reviews, follows up their "
            "action plans and acts on the Child Death Overview Panel's recommendations;\n"
            "- provides multi-agency training and leads safeguarding initiatives such as "
            "e-safety, missing children, a safer workforce and sexual exploitation.",
            obligations=(
                ObligationSpec(
                    owing=LSCB,
                    receiving=Side(board="H&WB"),
                    what=W.PRESENT_REPORT,
                    description=(
                        "The LSCB presents its annual report on the effectiveness of "
                        "safeguarding in West Berkshire to the H&WB (the report also goes to "
                        "the Children's Partnership Board)"
                    ),
                    timing={"kind": "frequency", "every": "annually"},
                ),
                ObligationSpec(
                    owing=LSCB,
                    receiving=Side(board="H&WB"),
                    what=W.CONSULT,
                    description=(
                        "The LSCB gives formal consultation on the preparation of the JSNA "
                        "and the Joint Health and Wellbeing Strategy as they relate to "
                        "children and young people"
                    ),
                    timing={"kind": "frequency", "every": "annually"},
                ),
            ),
        ),
        SectionSpec(
            "The LSCB and the Munro Implementation Board",
            "In relation to Munro, the LSCB scrutinises proposed significant changes to the "
            "local approach, holds the Munro Implementation Board to account on "
            "safeguarding, supports its work through quality assurance and audit, and "
            "highlights gaps in service for it to consider.\n\n"
            "Its annual report meets Munro's recommendation five (the report goes to the "
            "Chief Executive, the Leader of the Council, the Police and Crime Commissioner "
            "and the Chair of the H&WB) and recommendation six (it assesses the "
            "effectiveness of help for children and families, including early help and its "
            "value for money, and of multi-agency training).",
            obligations=(
                ObligationSpec(
                    owing=LSCB,
                    receiving=MIB,
                    what=W.REVIEW,
                    description=(
                        "The LSCB scrutinises and comments on any proposed significant change "
                        "to the local approach to delivering the Munro changes"
                    ),
                    timing={"kind": "external", "trigger": MUNRO_CHANGE},
                ),
                ObligationSpec(
                    owing=LSCB,
                    receiving=MIB,
                    what=W.OTHER,
                    description=(
                        "The LSCB holds the Munro Implementation Board to account on "
                        "safeguarding, challenging its performance and performance indicators"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=LSCB,
                    receiving=MIB,
                    what=W.OTHER,
                    description=(
                        "The LSCB highlights gaps in service for the Munro Implementation "
                        "Board to consider"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                _annual_report_to(P.CHIEF_EXECUTIVE, "Chief Executive"),
                _annual_report_to(P.LEADER, "Leader of the Council"),
                _annual_report_to(P.PCC, "Police and Crime Commissioner"),
            ),
        ),
        SectionSpec(
            "West Berkshire Health and Wellbeing Board",
            "The Health and Social Care Act 2012 made West Berkshire Council responsible for "
            "setting up the H&WB and for joint strategic needs assessments with its "
            "partners. The H&WB adopts, publishes and monitors the Joint Health and Wellbeing "
            "Strategy, which sets the priorities where working together makes a real "
            "difference; partners keep responsibility for delivering and commissioning.\n\n"
            "It leads work to improve the population's health and wellbeing and integrate "
            "health and social care, identifies needs and priorities through the JSNA, "
            "engages local people and oversees the use of relevant public resources.",
        ),
        SectionSpec(
            "West Berkshire Munro Implementation Board",
            "Eileen Munro reviewed child protection after the death of Peter Connelly; her "
            "final report (June 2011) called for less prescription and more professional "
            "judgement and learning. The Munro Implementation Board drives her "
            "recommendations locally, so that children's services follow the review's eight "
            "principles: a child-centred system, families as usually the best place for "
            "children, working with families, early help, varied responses to varied needs, "
            "practice informed by research, acceptance of uncertainty and risk, and success "
            "measured by whether children get effective help.\n\n"
            "The LSCB monitors and evaluates safeguarding; the Munro Implementation Board "
            "governs the transformation of services. The LSCB is a scrutiny body, not a "
            "delivery body, with authority to scrutinise the Munro Implementation Board's "
            "work.",
        ),
        SectionSpec(
            "Operational arrangements",
            "To deliver local services effectively, the three boards:\n\n"
            "- keep an ongoing, direct relationship, communicating regularly through "
            "identified lead individuals;\n"
            "- make sure no board duplicates another's action, and leave no unhelpful gaps "
            "in policies, protocols, services or practice;\n"
            "- take a strategic approach to understanding needs, with data analysis and "
            "engagement with children, young people and families;\n"
            "- agree how they judge the effectiveness of services and set priorities for "
            "change, delivered through the Joint Strategy;\n"
            "- use what they learn about specialist services' impact to challenge a lack of "
            "progress;\n"
            "- coordinate training and development so that it is joined up.",
        ),
        SectionSpec(
            "Agreement and review",
            "All three boards have agreed this protocol: the Munro Implementation Board in "
            "October 2012, the Health and Wellbeing Board in December 2012 and the LSCB in "
            "April 2013. It is reviewed every year.",
        ),
    ),
    ladder=None,
    request_approval=True,
    approvals=(
        ApprovalSpec(
            "MIB",
            MIB_APPROVED,
            "The Board",
            minute(4, MIB_APPROVED),
            recorded_by="west-berkshire-bm-mib",
        ),
        ApprovalSpec(
            "H&WB",
            HWB_APPROVED,
            "The Board",
            minute(8, HWB_APPROVED),
            recorded_by="west-berkshire-bm-hwb",
        ),
        ApprovalSpec(
            "LSCB",
            LSCB_APPROVED,
            "The Board",
            minute(6, LSCB_APPROVED),
            recorded_by="west-berkshire-bm-lscb",
        ),
    ),
)
