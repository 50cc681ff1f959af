"""Proposals from each seed paper, and the reading rules behind them."""

from __future__ import annotations

import json

import pytest

from boards.demo import load
from boards.models import Area, Board
from protocols import timing
from protocols.importer import parse_text
from protocols.importer.directory import BoardRef, Directory, directory_for_area
from protocols.importer.extract import extract_text
from protocols.importer.proposal import Proposal
from protocols.importer.propose import propose
from tests.benchmarks.scoring import score
from tests.importer.conftest import example_directory, load_examples, load_seed


def proposal_for(name: str) -> Proposal:
    seed = load_seed(name)
    return propose(extract_text(seed.text), seed.directory)


def test_seed_proposal_meets_the_targets(seed):
    proposal = propose(extract_text(seed.text), seed.directory)
    result = score(proposal.to_dict(), seed.labels, seed.directory)
    assert result.recall >= 0.9, result.missed
    assert result.precision >= 0.8, result.extra
    assert result.timing_accuracy >= 0.9, result.wrong_timing
    assert [p.short_name for p in proposal.parties] == [
        seed.directory.current(seed.directory.board_by_short_name(s)).short_name
        for s in seed.parties
    ]


def test_held_out_examples_in_other_words_are_found_too():
    labels = proposed = matched = timing_ok = 0
    for _name, data in load_examples():
        directory = example_directory(data)
        result = score(
            propose(extract_text(data["text"]), directory).to_dict(),
            data["obligations"],
            directory,
        )
        labels, proposed = labels + result.labels, proposed + result.proposed
        matched, timing_ok = matched + result.matched, timing_ok + result.timing_ok
    assert matched / labels >= 0.9
    assert matched / proposed >= 0.8
    assert timing_ok / matched >= 0.9


@pytest.mark.parametrize(
    ("name", "title"),
    [
        (
            "bromley_2016_hwb_bscb_protocol",
            "Working Agreement between Bromley Safeguarding Children Board and Bromley Health "
            "and Wellbeing Board",
        ),
        (
            "bolton_2015_bscb_bhwb_protocol",
            "Protocol between Bolton Safeguarding Children Board and Health and Wellbeing Board",
        ),
        (
            "west_berkshire_2013_lscb_hwb_mib_protocol",
            "Protocol on the Working Arrangements between West Berkshire Local Safeguarding "
            "Children Board, the Health and Wellbeing Board and the Munro Implementation Board",
        ),
        ("islington_2013_hwbb_iscb_protocol", "Protocol between HWBB and ISCB"),
    ],
)
def test_title_is_the_protocols_own(name, title):
    assert proposal_for(name).title == title


def test_sections_of_a_protocol_in_a_reports_appendix_are_the_protocols():
    proposal = proposal_for("bromley_2016_hwb_bscb_protocol")
    assert [(s.number, s.heading, s.kind) for s in proposal.sections] == [
        (1, "Purpose of the Protocol", "text"),
        (2, "Statutory framework", "text"),
        (3, "Role and responsibilities", "text"),
        (4, "Working together", "text"),
        (5, "Outcomes of joint working", "text"),
    ]
    assert proposal.sections[3].body.startswith(
        "9. The H&WB and the BSCB agree that strategic planning"
    )
    assert proposal.purpose.startswith("The purpose of this protocol is to set out the governance")
    assert [(s.name, s.role) for s in proposal.signatories] == [
        ("Cllr David Jefferys", "Chair of Bromley Health and Wellbeing Board"),
        ("Annie Callanan", "Independent Chair of Bromley Safeguarding Children Board"),
    ]
    assert [(a.name, a.date) for a in proposal.approvals] == [("BSCB", "2016-07-13")]


def test_bolton_sections_skip_the_front_sheet_and_find_post_holders_and_ladder():
    proposal = proposal_for("bolton_2015_bscb_bhwb_protocol")
    assert [(s.as_written, s.heading, s.kind) for s in proposal.sections] == [
        ("1", "Purpose", "text"),
        ("2", "Bolton Safeguarding Children Board", "text"),
        ("3", "Bolton Health and Wellbeing Board", "text"),
        ("4", "Operational Arrangements between the Boards", "text"),
        ("5", "The Roles of Post and Position Holders", "post_holders"),
        ("6", "Resolution Process", "ladder"),
        ("7", "Recommendations", "text"),
    ]
    assert [s.title for s in proposal.ladder] == [
        "Formal written request",
        "Agenda item request",
        "Chairs' meeting",
        "Resolution meeting",
    ]
    assert proposal.ladder[3].description.startswith(
        "Where an area of concern cannot be resolved within the above framework"
    )
    holders = {h.title: h for h in proposal.post_holders}
    assert set(holders) == {
        "Chief Executive",
        "Chair of the BSCB",
        "Director of Children's Services",
        "Lead Member for Children's Services",
        "Director of Public Health",
        "Lead Member for Health and Wellbeing",
        "Leader of the Council",
    }
    assert holders["Chief Executive"].post_kind == "chief_executive"
    assert holders["Chief Executive"].responsibilities[1] == (
        "The Chief Executive will hold the BSCB chair to account for the effective working of BSCB."
    )
    assert all(h.section == 5 for h in proposal.post_holders)
    # The ladder's own sentences are not obligations.
    assert not [o for o in proposal.obligations if "resolution meeting" in o.source]


def test_west_berkshire_approvals_and_annual_review_are_proposed():
    proposal = proposal_for("west_berkshire_2013_lscb_hwb_mib_protocol")
    assert [(a.name, a.date, a.as_written) for a in proposal.approvals] == [
        ("H&WB", "2012-12", "December 2012"),
        ("MIB", "2012-10", "October 2012"),
        ("LSCB", "2013-04", "April 2013"),
    ]
    assert proposal.review_rule == {"kind": "anniversary", "of": "signing", "every_years": 1}
    non_party = [o for o in proposal.obligations if o.receiving.name == "CPB"]
    assert [o.notes for o in non_party] == [
        ["The CPB is not a party to this protocol: add it as a party or leave this obligation out."]
    ] * 2
    assert max(o.confidence for o in non_party) < min(
        o.confidence for o in proposal.obligations if o.receiving.name != "CPB"
    )


def test_a_replaced_board_is_proposed_as_its_successor():
    proposal = proposal_for("islington_2013_hwbb_iscb_protocol")
    assert [p.short_name for p in proposal.parties] == ["HWBB", "ISCP"]
    assert proposal.parties[1].matched_as[:1] == ["ISCB"]
    assert proposal.notes == [
        "The document names a board that has been replaced; the draft names the ISCP."
    ]
    six_monthly = next(o for o in proposal.obligations if "six monthly" in o.source)
    assert (six_monthly.owing.name, six_monthly.owing.label) == ("ISCP", "ISCB")
    assert six_monthly.timing_text == "each half of the financial year"


def test_a_paper_that_is_not_a_protocol_proposes_no_obligations():
    proposal = proposal_for("bromley_2012_bscb_annual_report_briefing")
    assert proposal.obligations == []
    assert [p.short_name for p in proposal.parties] == ["BSCB"]
    assert proposal.notes == [
        "Fewer than two boards were found: choose the boards that are party to it."
    ]


def test_every_proposed_timing_is_a_valid_rule_described_as_the_timing_module_does(seed):
    proposal = propose(extract_text(seed.text), seed.directory)
    keys = {o.key for o in proposal.obligations}
    for item in proposal.obligations:
        rule = timing.parse_rule(item.timing)
        assert timing.rule_to_dict(rule) == item.timing
        assert timing.referenced_obligations(rule) <= keys
        if not timing.referenced_obligations(rule):
            assert item.timing_text == timing.describe(rule, board_name=seed.directory.board_name)
        assert 0 < item.confidence < 1
        assert item.source in item.sources


def test_formal_response_follows_the_annual_report_it_answers():
    proposal = proposal_for("bolton_2015_bscb_bhwb_protocol")
    response = next(o for o in proposal.obligations if "formal response" in o.source)
    report = next(o for o in proposal.obligations if "September each year" in " ".join(o.sources))
    assert response.timing == {
        "kind": "relative",
        "after": {"obligation": report.key},
        "at": "next_meeting",
        "board": 2,
        "within_days": None,
        "working_days": False,
    }
    assert response.timing_text.startswith("at the next available meeting of the BHWB after “")
    assert len(report.sources) == 3


def test_proposal_survives_a_round_trip_through_json():
    proposal = proposal_for("bolton_2015_bscb_bhwb_protocol")
    data = json.loads(json.dumps(proposal.to_dict()))
    assert Proposal.from_dict(data).to_dict() == proposal.to_dict()
    highlight = proposal.obligations[0].highlights[0]
    block = proposal.blocks[highlight.block]["text"]
    assert block[highlight.start : highlight.end] == proposal.obligations[0].sources[0]


# --- reading rules, on sentences written for the purpose --------------------------------------

NORTH = Directory(
    boards=[
        BoardRef(1, "Northshire Safeguarding Adults Board", "SAB", "sab"),
        BoardRef(2, "Northshire Health and Wellbeing Board", "HWB", "hwb"),
        BoardRef(3, "Northshire Community Safety Partnership", "CSP", "csp"),
    ],
    area_names=("Northshire",),
)
TITLE = "Protocol between the SAB and the HWB\n\n"


def obligations(text: str) -> list[tuple]:
    proposal = propose(extract_text(TITLE + text), NORTH)
    return [(o.owing.name, o.receiving.name, o.what, o.timing_text) for o in proposal.obligations]


def test_negated_and_joint_commitments_are_not_obligations():
    assert (
        obligations(
            "The SAB will not be part of the HWB's decisions.\n\n"
            "The SAB and the HWB will work together to avoid duplication.\n\n"
            "The HWB will develop its strategy."
        )
        == []
    )


def test_quoted_guidance_in_brackets_is_not_an_obligation():
    assert (
        obligations(
            "The SAB will produce an annual report (Recommendation 5: each board should submit "
            "its annual report to the HWB and the Police and Crime Commissioner)."
        )
        == []
    )


def test_mutual_wording_gives_one_obligation_each_way():
    assert obligations(
        "The SAB and the HWB will share their minutes with the respective chair after every "
        "meeting."
    ) == [
        ("SAB", "HWB", "share_document", "within 10 working days after every meeting of the SAB"),
        ("HWB", "SAB", "share_document", "within 10 working days after every meeting of the HWB"),
    ]


def test_a_board_that_is_consulted_is_owed_by_the_other():
    assert obligations(
        "The SAB will be consulted about the Joint Strategic Needs Assessment each July."
    ) == [("HWB", "SAB", "consult", "in July each year")]


def test_it_and_lead_ins_carry_the_subject_to_the_next_sentence():
    assert obligations(
        "The SAB will be involved in the development of the HWB strategy. It will be "
        "consulted about the needs assessment.\n\n"
        "The CSP will:\n\n- Report to the HWB every quarter\n- Attend HWB meetings as needed"
    ) == [
        ("HWB", "SAB", "consult", "as and when needed"),
        ("HWB", "SAB", "consult", "each financial year"),
        ("CSP", "HWB", "present_report", "each financial-year quarter"),
        ("CSP", "HWB", "attend", "as and when needed"),
    ]


def test_a_post_holder_can_owe_an_obligation():
    proposal = propose(
        extract_text(
            TITLE + "The Director of Public Health will provide the SAB with a summary of health "
            "data each quarter."
        ),
        NORTH,
    )
    (item,) = proposal.obligations
    assert (item.owing.post_kind, item.owing.post, item.owing.name) == (
        "dph",
        None,
        "Director of Public Health",
    )
    assert item.what == "provide_summary"
    assert item.notes == ["There is no Director of Public Health recorded for this area yet."]


# --- the area's own boards, from the database -------------------------------------------------


@pytest.mark.django_db
def test_area_directory_finds_boards_by_short_name_generic_name_and_successor():
    load()
    bromley = directory_for_area(Area.objects.get(slug="bromley"))
    found = {
        " ".join(m.text.split()): m.target.short_name
        for m in bromley.mentions("The LSCB, the HWBB and Bromley H&WB's chair met the BSCB.")
    }
    assert found == {"LSCB": "BSCB", "HWBB": "H&WB", "H&WB's chair": "H&WB", "BSCB": "BSCB"}
    islington = directory_for_area(Area.objects.get(slug="islington"))
    (mention,) = islington.mentions("the ISCB")
    iscp = Board.objects.get(area__slug="islington", short_name="ISCP")
    assert islington.current(mention.target).id == iscp.pk


@pytest.mark.django_db
def test_pasted_text_is_read_against_the_areas_boards():
    load()
    proposal = parse_text(
        "Protocol between the BSCB and the H&WB\n\nThe BSCB will provide the H&WB with a copy "
        "of its Business Plan by June each year.",
        Area.objects.get(slug="bromley"),
    )
    (item,) = proposal.obligations
    assert (item.owing.board, item.receiving.board) == (
        Board.objects.get(area__slug="bromley", short_name="BSCB").pk,
        Board.objects.get(area__slug="bromley", short_name="H&WB").pk,
    )
    assert item.timing_text == "by 30 June each year"
    assert proposal.source["filename"] == "pasted.txt"
