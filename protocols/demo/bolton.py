"""Bolton: the 2015 protocol between the BSCB and the BHWB.

Every row of the paper's table of operational arrangements (requirement and method) is an
obligation; the roles of post and position holders are structured rows; the resolution
process is the four-step ladder in Bolton's words. The BHWB considered the protocol on
21 October 2015 (the paper's date); the BSCB's meeting, the minute references, the
signing dates and the date it came into force are illustrative.
"""

from datetime import date

from .specs import (
    LADDER,
    MINUTES_NOTE,
    MINUTES_WITHIN,
    POST_HOLDERS,
    ApprovalSpec,
    B,
    O,
    ObligationSpec,
    P,
    PartySpec,
    PostHolderSpec,
    ProtocolSpec,
    SectionSpec,
    Side,
    SignatureSpec,
    W,
    london,
    minute,
)

BSCB_APPROVED = date(2015, 9, 30)
BHWB_APPROVED = date(2015, 10, 21)

BSCB = Side(board="BSCB")
BHWB = Side(board="BHWB")
STRATEGY_REVIEW = {
    "kind": "external",
    "trigger": "each review of the Health and Wellbeing Strategy",
}


def _annual_report_to(post: str, title: str) -> ObligationSpec:
    return ObligationSpec(
        owing=Side(board="BSCB", label="Independent Chair of the BSCB"),
        receiving=Side(post=post),
        what=W.SHARE_DOCUMENT,
        description=(
            f"The BSCB's chair submits the annual report on the effectiveness of safeguarding "
            f"arrangements for children in Bolton to the {title}"
        ),
        timing={"kind": "frequency", "every": "annually"},
    )


BOLTON_PROTOCOL = ProtocolSpec(
    area="bolton",
    reference="bolton-bscb-bhwb",
    title="Protocol between Bolton Safeguarding Children Board and Health and Wellbeing Board",
    purpose=(
        "Promotes effective working between Bolton Safeguarding Children Board and Bolton "
        "Health and Wellbeing Board, so that together they promote the health, safety and "
        "welfare of children in Bolton."
    ),
    author="bolton-bm-bhwb",
    parties=(
        PartySpec("BSCB", lead_officer="Shona Green"),
        PartySpec("BHWB", lead_officer="Dawn Lythgoe"),
    ),
    sections=(
        SectionSpec(
            "Purpose",
            "This protocol promotes effective working relationships between Bolton "
            "Safeguarding Children Board (BSCB) and Bolton Health and Wellbeing Board (BHWB) "
            "to promote the health, safety and welfare of children in Bolton. A child is "
            "anyone who has not yet reached their 18th birthday. The protocol:\n\n"
            "- confirms what each board does and is responsible for;\n"
            "- promotes collaboration, and avoids duplication, in safeguarding and promoting "
            "the welfare of children;\n"
            "- supports challenge and scrutiny between the boards, for the best services and "
            "outcomes for Bolton's children.",
        ),
        SectionSpec(
            "Bolton Safeguarding Children Board",
            "Safeguarding and promoting the welfare of children means protecting them from "
            "maltreatment, preventing harm to their health or development, making sure they "
            "grow up with safe and effective care, and acting so that every child has the "
            "best life chances. Section 11 of the Children Act 2004 puts duties to do so on a "
            "range of organisations, including for services they contract out; local "
            "agencies must offer early help and recognise when to refer a child to Children's "
            "Social Care, in line with Bolton's Framework for Action (2014).\n\n"
            "Under the Children Act 2004, the Local Safeguarding Children Boards Regulations "
            "2005 and Working Together 2015, the BSCB must coordinate what each body on it "
            "does to safeguard and promote the welfare of children in Bolton, and make sure "
            "it is effective. It does so by:\n\n"
            "- seeking assurance that statutory bodies meet their safeguarding duties, and "
            "supporting them to do so;\n"
            "- supporting and challenging organisations and partnerships, and scrutinising "
            "front-line practice;\n"
            "- contributing to inspections and peer reviews, and learning from audits and "
            "reviews;\n"
            "- keeping a full set of accessible multi-agency policies and practice guides;\n"
            "- undertaking learning reviews and serious case reviews, and reviewing every "
            "child death through the Child Death Overview Panel;\n"
            "- promoting cooperation for privately fostered children;\n"
            "- raising awareness in the wider community, and involving children and parents "
            "in its work.",
        ),
        SectionSpec(
            "Bolton Health and Wellbeing Board",
            "The BHWB brings commissioners and decision makers from across the Bolton "
            "Family together to improve health and quality of life in Bolton: focusing on "
            "health outcomes, inequalities and prevention; designing services around "
            "people's needs; and using resources well.\n\n"
            "By law it prepares the Joint Strategic Needs Assessment (JSNA), must encourage "
            "integrated working between those who plan and deliver health and social care, "
            "and may encourage close working between every partner whose services affect "
            "health and wellbeing.\n\n"
            "It is one of the partnerships delivering the Bolton Vision, working closely "
            "with the Children's Trust, the Be Safe Partnership, the Economic Partnership and "
            "Skills Board and the BSCB to understand local needs together, agree shared "
            "priorities and join up services.",
        ),
        SectionSpec(
            "Operational arrangements between the boards",
            "The boards work together on three requirements, each met by the methods "
            "recorded as obligations below:\n\n"
            "1. Each board shares the learning and responses from inspections, peer reviews, "
            "audits and any other scrutiny of children's safety and welfare.\n"
            "2. The BHWB consults the BSCB, and seeks its contribution, on developing, "
            "reviewing or commissioning any children and young people's service likely to "
            "affect children's safety and welfare.\n"
            "3. The BHWB embeds safeguarding children in the partnership and considers it "
            "when commissioning new projects or services, in line with Bolton's Framework for "
            "Action.",
            obligations=(
                ObligationSpec(
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.SHARE_DOCUMENT,
                    description="The BSCB sends its performance report to the chair of the BHWB",
                    timing={"kind": "frequency", "every": "annually"},
                ),
                ObligationSpec(
                    owing=Side(board="BHWB", label="Chair of the BHWB"),
                    receiving=BSCB,
                    what=W.PROVIDE_SUMMARY,
                    description=(
                        "The chair of the BHWB gives the BSCB a summary of the health and "
                        "wellbeing of children and their parents"
                    ),
                    timing={"kind": "frequency", "every": "annually"},
                ),
                ObligationSpec(
                    name="annual-report",
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.PRESENT_REPORT,
                    description=(
                        "The BSCB presents its annual assessment and report to the BHWB, with "
                        "learning from the Child Death Overview Panel and case reviews and a "
                        "position statement on the current financial year"
                    ),
                    timing={"kind": "fixed_month", "month": 9},
                ),
                ObligationSpec(
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.PRESENT_REPORT,
                    description=(
                        "The BSCB presents the learning from any serious case review to the BHWB"
                    ),
                    timing={
                        "kind": "relative",
                        "after": {"event": "the BSCB endorses the overview report"},
                        "at": "next_meeting",
                        "board": B("BHWB"),
                    },
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.CONSULT,
                    description="The BHWB involves the BSCB in developing the Health and "
                    "Wellbeing Strategy",
                    timing={
                        "kind": "external",
                        "trigger": "the development of the Health and Wellbeing Strategy",
                    },
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.CONSULT,
                    description=(
                        "The BHWB consults the BSCB about the Joint Strategic Needs Assessment, "
                        "and the BSCB helps identify priorities"
                    ),
                    timing={"kind": "frequency", "every": "annually"},
                ),
                ObligationSpec(
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.REVIEW,
                    description=(
                        "The BSCB oversees and evaluates the multi-agency safeguarding elements "
                        "of the Health and Wellbeing Strategy"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.PRESENT_REPORT,
                    description=(
                        "Both boards receive a formal report of progress against the "
                        "strategy's targets"
                    ),
                    timing=STRATEGY_REVIEW,
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.CONSULT,
                    description=(
                        "The BHWB encourages its partners to consult the BSCB formally when "
                        "commissioning, and to put proportionate requirements for keeping "
                        "children safe into every tender"
                    ),
                    timing={
                        "kind": "external",
                        "trigger": "each commissioning process of a partner on the BHWB",
                    },
                ),
                ObligationSpec(
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.SHARE_DOCUMENT,
                    description="The BSCB gives the BHWB a copy of its Business Plan",
                    timing={"kind": "deadline", "month": 6},
                ),
                ObligationSpec(
                    owing=Side(board="BSCB", label="BSCB officers"),
                    receiving=BHWB,
                    what=W.MEET,
                    description=(
                        "The boards' officers meet to keep communication going, avoid "
                        "duplicating work and close gaps"
                    ),
                    timing={"kind": "frequency", "every": "quarterly"},
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.SHARE_DOCUMENT,
                    description=(
                        "The BHWB shares its minutes with the BSCB's chair and lead officer, "
                        "who consider any relevant issue when setting the BSCB's agenda. "
                        f"{MINUTES_NOTE}"
                    ),
                    timing={"kind": "after_meeting", "board": B("BHWB"), **MINUTES_WITHIN},
                ),
                ObligationSpec(
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.SHARE_DOCUMENT,
                    description=(
                        "The BSCB shares its minutes with the BHWB's chair and lead officer, "
                        "who consider any relevant issue when setting the BHWB's agenda. "
                        f"{MINUTES_NOTE}"
                    ),
                    timing={"kind": "after_meeting", "board": B("BSCB"), **MINUTES_WITHIN},
                ),
                ObligationSpec(
                    owing=BSCB,
                    receiving=BHWB,
                    what=W.OTHER,
                    description=(
                        "The BSCB states its roles and responsibilities for safeguarding "
                        "children in its terms of reference"
                    ),
                    timing={"kind": "external", "trigger": "each review of its terms of reference"},
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.OTHER,
                    description=(
                        "The BHWB states its roles and responsibilities for safeguarding "
                        "children in its terms of reference"
                    ),
                    timing={"kind": "external", "trigger": "each review of its terms of reference"},
                ),
                ObligationSpec(
                    owing=Side(board="BSCB", label="Chair of the BSCB or their representative"),
                    receiving=BHWB,
                    what=W.ATTEND,
                    description=(
                        "The BSCB's chair attends BHWB meetings as necessary and joins the "
                        "discussion, but not the decisions"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=Side(board="BHWB", label="Chair of the BHWB or their representative"),
                    receiving=BSCB,
                    what=W.ATTEND,
                    description=(
                        "The BHWB's chair attends BSCB meetings as necessary and joins the "
                        "discussion, but not the decisions"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=BHWB,
                    receiving=BSCB,
                    what=W.RESPOND,
                    description=(
                        "The BHWB responds formally to the themes and issues of the BSCB's "
                        "annual assessment and report"
                    ),
                    timing={
                        "kind": "relative",
                        "after": {"obligation": O("annual-report")},
                        "at": "next_meeting",
                        "board": B("BSCB"),
                    },
                ),
            ),
        ),
        SectionSpec(
            "The roles of post and position holders",
            "The BSCB is the decision-making body for multi-agency arrangements to safeguard "
            "and promote the welfare of children in Bolton. These post holders carry the "
            "responsibilities below.",
            kind=POST_HOLDERS,
            post_holders=(
                PostHolderSpec(
                    "Chief Executive of the Council",
                    (
                        "Appoints or removes the Independent Chair of the BSCB, with the "
                        "agreement of a panel of BSCB members",
                        "Holds the BSCB's chair to account for the BSCB working effectively",
                        "Is satisfied that the Director of Children's Services fulfils their "
                        "responsibilities for safeguarding children and young people, "
                        "including that the BSCB, the Children's Trust and the BHWB work well "
                        "together",
                        "With the Leader, assesses each year how well local governance and "
                        "partnership arrangements improve outcomes and safeguarding for "
                        "children and young people",
                    ),
                    post=P.CHIEF_EXECUTIVE,
                ),
                PostHolderSpec(
                    "Independent Chair of the BSCB",
                    (
                        "Works closely with all partners, especially the Director of "
                        "Children's Services",
                        "Publishes an annual report on the effectiveness of safeguarding "
                        "arrangements for children in Bolton, for the Chief Executive, the "
                        "Leader of the Council, the Police and Crime Commissioner and the "
                        "Chair of the BHWB",
                    ),
                ),
                PostHolderSpec(
                    "Director of Children's Services",
                    ("Leads on improving outcomes for children and young people in Bolton",),
                    post=P.DCS,
                ),
                PostHolderSpec(
                    "Lead Member for Children's Services",
                    (
                        "Is politically accountable for the council meeting its legal "
                        "responsibilities to safeguard and promote the welfare of children",
                        "Gives the political leadership needed to coordinate work with other "
                        "agencies that have safeguarding responsibilities",
                        "Checks through scrutiny and challenge that an effective quality "
                        "assurance system for safeguarding children works across services "
                        "and levels of need",
                    ),
                    post=P.LEAD_MEMBER_CHILDREN,
                ),
                PostHolderSpec(
                    "Director of Public Health",
                    (
                        "Is a statutory chief officer of the council and its principal adviser "
                        "on health, leading across health improvement, health protection and "
                        "healthcare public health",
                        "Plays a full part in the council's work for vulnerable children, "
                        "including by contributing to the BSCB",
                    ),
                    post=P.DPH,
                ),
                PostHolderSpec(
                    "Lead Member for Health and Wellbeing",
                    (
                        "Besides adults' health and wellbeing, is responsible for health "
                        "improvement, performance and inequalities and their effect on "
                        "children",
                    ),
                    post=P.LEAD_MEMBER_HEALTH,
                ),
                PostHolderSpec(
                    "Leader of the Council",
                    (
                        "With the Chief Executive, assesses each year how well local "
                        "governance and partnership arrangements improve outcomes and "
                        "safeguarding for children and young people",
                    ),
                    post=P.LEADER,
                ),
            ),
            obligations=(
                _annual_report_to(P.CHIEF_EXECUTIVE, "Chief Executive"),
                _annual_report_to(P.LEADER, "Leader of the Council"),
                _annual_report_to(P.PCC, "Police and Crime Commissioner"),
            ),
        ),
        SectionSpec(
            "Resolution process",
            "Where either board is concerned that this protocol is not making partnership "
            "working strong enough to keep children safe and healthy, the chairs first seek "
            "to resolve it between them. Either chair may then take the steps below, in turn, "
            "when needed.",
            kind=LADDER,
        ),
    ),
    ladder=(
        (
            "Formal written request",
            "Either chair makes a formal written request of the other for information, or for "
            "consideration of an area of concern.",
        ),
        (
            "Agenda item request",
            "Either chair asks the other for an item on either board's agenda to address the "
            "concern.",
        ),
        (
            "Chairs' meeting",
            "Either chair asks the other for a meeting of the board chairs and other relevant "
            "representatives, to agree a way forward on what the steps above have not "
            "resolved.",
        ),
        (
            "Resolution meeting",
            "Where the concern still cannot be resolved, a resolution meeting is held between "
            "the board chairs, the Director of Children's Services and Bolton Council's Chief "
            "Executive.",
        ),
    ),
    request_approval=True,
    approvals=(
        ApprovalSpec(
            "BSCB",
            BSCB_APPROVED,
            "The Board",
            minute(7, BSCB_APPROVED),
            recorded_by="bolton-bm-bscb",
            meeting_notes=(
                "Agreed the protocol with the Health and Wellbeing Board before both chairs "
                "presented it to the BHWB on 21 October 2015. The paper does not give this "
                "meeting's date; the one shown is illustrative."
            ),
        ),
        ApprovalSpec(
            "BHWB",
            BHWB_APPROVED,
            "The Board",
            minute(5, BHWB_APPROVED),
            recorded_by="bolton-bm-bhwb",
        ),
    ),
    signatures=(
        SignatureSpec("BSCB", "Mike Tarver", london(2015, 11, 3, 10, 0)),
        SignatureSpec("BHWB", "Linda Thomas", london(2015, 11, 10, 11, 30)),
    ),
    in_force_from=date(2015, 12, 1),
)
