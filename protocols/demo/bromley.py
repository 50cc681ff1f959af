"""Bromley: the 2016 working agreement between the H&WB and the BSCB (Appendix A of the paper).

The BSCB ratified it on 13 July 2016 (the paper says so); the H&WB's meeting that
approved it, its minute references, the signing dates and the date it came into force are
illustrative. The two yearly presentations come from the covering report (paragraph 3.5),
which sets out how the protocol is delivered from 2016.
"""

from datetime import date

from .specs import (
    ApprovalSpec,
    B,
    O,
    ObligationSpec,
    PartySpec,
    ProtocolSpec,
    SectionSpec,
    Side,
    SignatureSpec,
    W,
    london,
    minute,
)

RATIFIED = date(2016, 7, 13)
HWB_APPROVED = date(2016, 7, 21)

BROMLEY_PROTOCOL = ProtocolSpec(
    area="bromley",
    reference="bromley-hwb-bscb",
    title=(
        "Protocol to set out governance arrangements between the Health and Wellbeing Board "
        "and the Bromley Safeguarding Children Board"
    ),
    purpose=(
        "Sets out how the Health and Wellbeing Board and the Bromley Safeguarding Children "
        "Board can tell whether they are meeting their statutory duties to help (including "
        "early help), protect and care for children and young people, so that safeguarding "
        "is everyone's business and the two boards plan together."
    ),
    author="bromley-bm-bscb",
    parties=(
        PartySpec("H&WB", lead_officer="Morgan Ellery (demo)"),
        PartySpec("BSCB", lead_officer="Kerry Davies"),
    ),
    sections=(
        SectionSpec(
            "Purpose of the protocol",
            "This protocol sets out the governance arrangements that let the Health and "
            "Wellbeing Board (H&WB) and the Bromley Safeguarding Children Board (BSCB) judge "
            "whether they are meeting their statutory responsibilities to help (including "
            "early help), protect and care for children and young people.\n\n"
            "Its aim is to make safeguarding *everyone's business* and to coordinate "
            "strategic planning between the two boards.",
        ),
        SectionSpec(
            "Statutory framework",
            "- Health and Wellbeing Boards were set up by the Health and Social Care Act "
            "2012, as a forum where leaders of the local health and care system work together "
            "to improve their population's health and wellbeing and to reduce health "
            "inequalities.\n"
            "- The Children Act 2004 requires every local authority to have a Local "
            "Safeguarding Children Board: the main statutory means of agreeing how local "
            "organisations cooperate to safeguard and promote the welfare of children, and of "
            "making sure they are effective.\n"
            "- Working Together to Safeguard Children 2015 leaves the relationship between "
            "the two boards to local decision. Because the BSCB scrutinises and challenges, "
            "and neither commissions nor delivers services, that relationship should be "
            "written down.",
        ),
        SectionSpec(
            "Role and responsibilities",
            "The **H&WB** influences commissioning across health, public health and social "
            "care through the Joint Strategic Needs Assessment (JSNA) and the Health and "
            "Wellbeing Strategy. It is the executive body that agrees the needs of the local "
            "population, promotes integration and supports aligned and joint commissioning, "
            "leading the council and NHS partners to improve residents' health and wellbeing "
            "and reduce inequalities.\n\n"
            "The **BSCB** must coordinate what each body represented on it does to safeguard "
            "and promote the welfare of children in Bromley, and make sure that what they do "
            "is effective.",
        ),
        SectionSpec(
            "Working together",
            "- The boards coordinate their strategic planning so that their business is "
            "delivered coherently, without duplication or gaps.\n"
            "- They take an integrated approach to the JSNA, which includes a full analysis "
            "of safeguarding data and drives both the Health and Wellbeing Strategy and the "
            "BSCB's Business Plan.\n"
            "- The Independent Chair of the BSCB presents an annual report on the "
            "effectiveness of safeguarding across the borough to the Chair of the H&WB; its "
            "assessment forms part of the H&WB Strategy for children and families.\n"
            "- The H&WB formally shares its plans with the BSCB, and the BSCB feeds back on "
            "them as they affect children's safety and welfare.\n"
            "- Members the boards have in common carry trends, concerns and action plans "
            "between them, and the BSCB's chair may bring any matter to the H&WB at any time.\n"
            "- Improvement work after the 2016 Ofsted inspection is led by the Service "
            "Improvement Governance group, on which members of both boards sit and report "
            "progress.\n"
            "- Both boards include the views of young people when they develop their key "
            "strategies.",
            obligations=(
                ObligationSpec(
                    name="hwb-shares-plans",
                    owing=Side(board="H&WB"),
                    receiving=Side(board="BSCB"),
                    what=W.SHARE_DOCUMENT,
                    description=(
                        "The H&WB formally shares the JSNA, the Health and Wellbeing Strategy, "
                        "its commissioning intentions and progress against them with the BSCB"
                    ),
                    timing={"kind": "frequency", "every": "annually"},
                ),
                ObligationSpec(
                    owing=Side(board="BSCB"),
                    receiving=Side(board="H&WB"),
                    what=W.RESPOND,
                    description=(
                        "The BSCB feeds back on any key aspect of the H&WB's plans that affects "
                        "safeguarding and promoting the welfare of children"
                    ),
                    timing={
                        "kind": "relative",
                        "after": {"obligation": O("hwb-shares-plans")},
                        "at": "next_meeting",
                        "board": B("BSCB"),
                    },
                ),
                ObligationSpec(
                    owing=Side(board="BSCB", label="Chair of the BSCB"),
                    receiving=Side(board="H&WB"),
                    what=W.OTHER,
                    description=(
                        "The BSCB's chair brings to the H&WB, or its members, any matter that "
                        "needs their attention between the yearly presentations"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
            ),
        ),
        SectionSpec(
            "Yearly presentations between the boards",
            "From 2016 the protocol is delivered through two presentations a year, as the "
            "report that proposed it set out:\n\n"
            "1. The Independent Chair of the BSCB presents the BSCB's annual report on "
            "performance against its business plan in the previous financial year, with a "
            "statement of how the BSCB is performing in the current year. The H&WB can then "
            "see where it might support the BSCB, draw data into the JSNA and reflect key "
            "issues in the refresh of its strategy.\n"
            "2. A member of the H&WB presents the annual review of the Health and Wellbeing "
            "Strategy and the JSNA update, with the proposed priorities, so that the BSCB can "
            "consider how it might help deliver the strategy.",
            obligations=(
                ObligationSpec(
                    owing=Side(board="BSCB", label="Independent Chair of the BSCB"),
                    receiving=Side(board="H&WB"),
                    what=W.PRESENT_REPORT,
                    description=(
                        "The Independent Chair of the BSCB presents the annual report for the "
                        "previous financial year, with a position statement on the current "
                        "year, to the H&WB"
                    ),
                    timing={"kind": "window", "start_month": 10, "end_month": 1},
                ),
                ObligationSpec(
                    owing=Side(board="H&WB", label="A member of the H&WB"),
                    receiving=Side(board="BSCB"),
                    what=W.PRESENT_REPORT,
                    description=(
                        "A member of the H&WB presents the annual review of the Health and "
                        "Wellbeing Strategy and the JSNA update, with proposed priorities, to "
                        "the BSCB"
                    ),
                    timing={"kind": "window", "start_month": 10, "end_month": 3},
                ),
            ),
        ),
        SectionSpec(
            "Outcomes of joint working",
            "The BSCB and the H&WB work as equal partners under this protocol. The BSCB's "
            "statutory duty to challenge agencies and hold them to account for children's "
            "safety is carried out without duplicating functions or adding structures. The "
            "protocol also aims at:\n\n"
            "- safeguarding being everyone's business and part of the public health agenda;\n"
            "- the H&WB driving safeguarding outcomes through its strategy, including on "
            "wider determinants of health such as domestic abuse;\n"
            "- partnership across the boards that embeds safeguarding in the health and "
            "wellbeing sector.",
        ),
    ),
    ladder=None,
    request_approval=True,
    approvals=(
        ApprovalSpec(
            "BSCB",
            RATIFIED,
            "The Board (ratified)",
            minute(6, RATIFIED),
            recorded_by="bromley-bm-bscb",
        ),
        ApprovalSpec(
            "H&WB",
            HWB_APPROVED,
            "The Board",
            minute(9, HWB_APPROVED),
            recorded_by="bromley-bm-hwb",
            meeting_notes=(
                "Approved the working agreement with the BSCB, which the BSCB had ratified on "
                "13 July 2016. The paper does not give this meeting's date; the one shown is "
                "illustrative."
            ),
        ),
    ),
    signatures=(
        SignatureSpec("BSCB", "Annie Callanan", london(2016, 8, 2, 10, 15)),
        SignatureSpec("H&WB", "David Jefferys", london(2016, 8, 9, 14, 40)),
    ),
    in_force_from=date(2016, 9, 1),
)
