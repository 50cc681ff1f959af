"""Islington: the 2013 protocol between the HWBB and the ISCB, as the HWBB was asked to agree it.

The committee report of 10 October 2013 asks the HWBB to note and agree the protocol, so
the demo leaves it awaiting approval. The party is the ISCB, the board that existed in
2013, although the boards demo records it as replaced by the Islington Safeguarding
Children Partnership in 2019: the paper is an agreement with the ISCB, and moving it to
the partnership is a new version for the people who run it to make.
"""

from .specs import (
    LADDER,
    MINUTES_NOTE,
    MINUTES_WITHIN,
    POST_HOLDERS,
    B,
    O,
    ObligationSpec,
    P,
    PartySpec,
    PostHolderSpec,
    ProtocolSpec,
    SectionSpec,
    Side,
    W,
)

HWBB = Side(board="HWBB")
ISCB = Side(board="ISCB")


def _annual_report_to(post: str, title: str) -> ObligationSpec:
    return ObligationSpec(
        owing=ISCB,
        receiving=Side(post=post),
        what=W.SHARE_DOCUMENT,
        description=(
            f"The ISCB's annual report goes to the {title}, who considers how effective the "
            "arrangements for safeguarding children are, governance and partnership included"
        ),
        timing={"kind": "frequency", "every": "annually"},
    )


ISLINGTON_PROTOCOL = ProtocolSpec(
    area="islington",
    reference="islington-hwbb-iscb",
    title="Protocol agreement between Islington HWBB and ISCB",
    purpose=(
        "Sets out the relationship between the Islington Safeguarding Children Board and the "
        "Health and Wellbeing Board, so that the joint working between them is overseen and "
        "governed well."
    ),
    author="islington-bm-hwbb",
    parties=(
        PartySpec("HWBB", lead_officer="Harper Lowther (demo)"),
        PartySpec("ISCB", lead_officer="Blake Osei (demo)"),
    ),
    sections=(
        SectionSpec(
            "The Health and Wellbeing Board's role",
            "The HWBB improves the health and wellbeing of Islington's population. It:\n\n"
            "- oversees the Joint Strategic Needs Assessment (JSNA) and the Joint Health and "
            "Wellbeing Strategy (JHWS), and makes sure health and wellbeing commissioning "
            "plans follow the needs and priorities they identify;\n"
            "- integrates commissioning across the NHS, public health and the council, "
            "through collaboration, pooled budgets and joint commissioning;\n"
            "- keeps an overview of public health, NHS and adult social care outcomes, and of "
            "wider determinants of health such as housing, education and the environment;\n"
            "- has a formal role in authorising clinical commissioning groups and in their "
            "annual assessment;\n"
            "- makes the JSNA and JHWS underpin the Corporate Plan, links its work to the "
            "Islington Fairness Commission, and oversees emergency preparedness for health.",
        ),
        SectionSpec(
            "The Islington Safeguarding Children Board's role",
            "The ISCB is a scrutiny body, not a delivery body, though it starts work that "
            "investigates and improves safeguarding practice. It may call any agency on the "
            "HWBB to account for its safeguarding. Its work sits within the Children and "
            "Families Board's wider arrangements, and its role is to make sure that what "
            "agencies and the partnership do to safeguard and promote the welfare of children "
            "is effective.",
        ),
        SectionSpec(
            "Function",
            "The HWBB is a route for consultation, engagement and oversight of commissioning "
            "structures, which may also report elsewhere (for example to the CCG's governing "
            "body). It makes sure partners work together through an officer group that "
            "reports to it.\n\n"
            "The ISCB monitors action to improve safeguarding, including serious case review "
            "action plans, and holds the HWBB to account on safeguarding, challenging "
            "performance and the results of performance indicators. It is not accountable for "
            "the operational work of local people and organisations: each HWBB partner keeps "
            "its own lines of accountability for safeguarding children.\n\n"
            "Both boards keep an ongoing, direct relationship, make sure neither duplicates "
            "the other's action, and leave no unhelpful gaps in policies, protocols, services "
            "or practice. The HWBB disseminates the ISCB's messages within its member "
            "organisations and takes an overview of the ISCB's activities where they fall "
            "within its framework.",
            obligations=(
                ObligationSpec(
                    owing=Side(board="HWBB", label="The HWBB's officer group"),
                    receiving=ISCB,
                    what=W.CONSULT,
                    description=(
                        "The HWBB consults the ISCB on issues that affect how children are "
                        "safeguarded and their welfare promoted"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    name="scrutiny-reports",
                    owing=ISCB,
                    receiving=HWBB,
                    what=W.PRESENT_REPORT,
                    description=(
                        "The ISCB reports its scrutiny findings to the HWBB, including its "
                        "annual report"
                    ),
                    timing={"kind": "frequency", "every": "six_monthly"},
                ),
                ObligationSpec(
                    owing=Side(board="HWBB", label="The HWBB's officer group"),
                    receiving=ISCB,
                    what=W.RESPOND,
                    description=(
                        "The HWBB takes note of the ISCB's recommendations and areas for "
                        "improvement, and reports back to the ISCB on progress"
                    ),
                    timing={
                        "kind": "relative",
                        "after": {"obligation": O("scrutiny-reports")},
                        "at": "next_meeting",
                        "board": B("ISCB"),
                    },
                ),
                ObligationSpec(
                    owing=ISCB,
                    receiving=HWBB,
                    what=W.OTHER,
                    description=(
                        "The ISCB audits, feeds the results back to the HWBB and advises on "
                        "ways to improve and on areas of underperformance"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=ISCB,
                    receiving=HWBB,
                    what=W.OTHER,
                    description=(
                        "The ISCB feeds back the learning from serious case reviews and makes "
                        "sure the lessons are learnt"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=ISCB,
                    receiving=HWBB,
                    what=W.OTHER,
                    description=(
                        "The ISCB highlights gaps in service for the HWBB to consider when "
                        "commissioning"
                    ),
                    timing={"kind": "ad_hoc"},
                ),
            ),
        ),
        SectionSpec(
            "Implementation",
            "The chairs of the two boards attend each other's meetings as necessary and "
            "receive all the written reports; they take part in the discussion but not in "
            "the decisions. The ISCB is involved in developing the HWBB's strategy, is "
            "consulted on the needs assessment and helps set priorities, and oversees and "
            "evaluates the strategy's multi-agency safeguarding elements. Issues arising at "
            "either board are considered when the other sets its agenda.",
            obligations=(
                ObligationSpec(
                    owing=Side(board="ISCB", label="Chair of the ISCB"),
                    receiving=HWBB,
                    what=W.ATTEND,
                    description="The ISCB's chair attends HWBB meetings as necessary",
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=Side(board="HWBB", label="Chair of the HWBB"),
                    receiving=ISCB,
                    what=W.ATTEND,
                    description="The HWBB's chair attends ISCB meetings as necessary",
                    timing={"kind": "ad_hoc"},
                ),
                ObligationSpec(
                    owing=HWBB,
                    receiving=ISCB,
                    what=W.CONSULT,
                    description=(
                        "The HWBB involves the ISCB in developing its strategy and consults it "
                        "about the needs assessment"
                    ),
                    timing={
                        "kind": "external",
                        "trigger": "the development of the HWBB strategy or the needs assessment",
                    },
                ),
                ObligationSpec(
                    owing=HWBB,
                    receiving=ISCB,
                    what=W.PRESENT_REPORT,
                    description=(
                        "Both boards receive a formal report of progress against the "
                        "strategy's targets"
                    ),
                    timing={"kind": "external", "trigger": "each review of the HWBB strategy"},
                ),
                ObligationSpec(
                    owing=Side(board="ISCB", label="ISCB business unit manager"),
                    receiving=HWBB,
                    what=W.MEET,
                    description=(
                        "The boards' business unit managers meet to keep their business "
                        "connected, avoid duplication and gaps, and align their agendas"
                    ),
                    timing={"kind": "frequency", "every": "quarterly"},
                ),
                ObligationSpec(
                    owing=HWBB,
                    receiving=ISCB,
                    what=W.SHARE_DOCUMENT,
                    description=f"The HWBB shares the minutes of its meetings. {MINUTES_NOTE}",
                    timing={"kind": "after_meeting", "board": B("HWBB"), **MINUTES_WITHIN},
                ),
                ObligationSpec(
                    owing=ISCB,
                    receiving=HWBB,
                    what=W.SHARE_DOCUMENT,
                    description=f"The ISCB shares the minutes of its meetings. {MINUTES_NOTE}",
                    timing={"kind": "after_meeting", "board": B("ISCB"), **MINUTES_WITHIN},
                ),
            ),
        ),
        SectionSpec(
            "Leader and Chief Executive",
            "The Leader of the Council and the Chief Executive make sure both boards are well "
            "led, managed and effective.",
            kind=POST_HOLDERS,
            post_holders=(
                PostHolderSpec(
                    "Leader of the Council",
                    (
                        "Makes sure, with the Chief Executive, that both boards are well led, "
                        "managed and effective",
                        "Considers the ISCB's annual report on the effectiveness of "
                        "safeguarding arrangements, governance and partnership included",
                    ),
                    post=P.LEADER,
                ),
                PostHolderSpec(
                    "Chief Executive",
                    (
                        "Makes sure, with the Leader, that both boards are well led, managed "
                        "and effective",
                        "Considers the ISCB's annual report on the effectiveness of "
                        "safeguarding arrangements, governance and partnership included",
                    ),
                    post=P.CHIEF_EXECUTIVE,
                ),
            ),
            obligations=(
                _annual_report_to(P.LEADER, "Leader of the Council"),
                _annual_report_to(P.CHIEF_EXECUTIVE, "Chief Executive"),
            ),
        ),
        SectionSpec(
            "Performance information",
            "The HWBB's main work is commissioning, joint planning and collaboration. Both "
            "boards develop and monitor an agreed suite of national and local, quantitative "
            "and qualitative performance information.",
        ),
        SectionSpec(
            "Resolution process",
            "When needed, either chair may take the steps below, in turn.",
            kind=LADDER,
        ),
    ),
    ladder=(
        (
            "Formal written request",
            "Either chair makes a formal written request for information, or for "
            "consideration of an area of concern.",
        ),
        (
            "Agenda item request",
            "Either chair asks for an item on either board's agenda to address the concern.",
        ),
        (
            "Chairs' meeting",
            "Either chair asks for a meeting of the board chairs and other relevant "
            "representatives, to agree a way forward on what the steps above have not "
            "resolved.",
        ),
        (
            "Resolution meeting",
            "Where the concern still cannot be resolved, a resolution meeting is held between "
            "the board chairs, the Director of Children's Services and Islington Council's "
            "Chief Executive, as a minimum.",
        ),
    ),
    request_approval=True,
)
