"""Creating the draft protocol from an accepted proposal, as "accept all" does."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import TestCase

from boards.demo import load
from boards.exceptions import DomainError, PermissionDeniedError
from boards.models import Area, Board
from protocols.importer import parse_text
from protocols.importer.create import draft_from_proposal
from protocols.models import Obligation, PostResponsibility, Protocol, ProtocolVersion, Section
from tests.importer.conftest import load_seed


class DraftFromProposalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load()
        cls.users = get_user_model().objects

    def propose(self, name: str, slug: str):
        area = Area.objects.get(slug=slug)
        return area, parse_text(load_seed(name).text, area)

    def test_accepting_bolton_creates_a_draft_with_sections_obligations_ladder_and_post_holders(
        self,
    ):
        area, proposal = self.propose("bolton_2015_bscb_bhwb_protocol", "bolton")
        result = draft_from_proposal(
            actor=self.users.get(username="bolton-bm-bscb"), area=area, proposal=proposal
        )
        version = result.protocol.current_version
        self.assertEqual(version.status, ProtocolVersion.Status.DRAFT)
        self.assertEqual(version.title, proposal.title)
        self.assertEqual(result.protocol.reference, "bscb-bhwb")
        self.assertEqual(
            [p.board.short_name for p in version.parties.select_related("board")],
            ["BSCB", "BHWB"],
        )
        self.assertEqual(
            list(version.sections.values_list("heading", "kind")),
            [(s.heading, s.kind) for s in proposal.sections],
        )
        self.assertEqual(result.skipped, [])
        self.assertEqual(version.obligations.count(), len(proposal.obligations))
        self.assertEqual(result.obligations, len(proposal.obligations))
        self.assertEqual(
            list(version.ladder_steps.values_list("title", flat=True)),
            [
                "Formal written request",
                "Agenda item request",
                "Chairs' meeting",
                "Resolution meeting",
            ],
        )
        holders = PostResponsibility.objects.filter(section__version=version)
        self.assertEqual(holders.count(), len(proposal.post_holders))
        chief = holders.get(post_title="Chief Executive")
        self.assertEqual(chief.post.kind, "chief_executive")
        self.assertEqual(chief.section.kind, Section.Kind.POST_HOLDERS)

    def test_a_response_that_follows_a_report_points_at_the_created_obligation(self):
        area, proposal = self.propose("bolton_2015_bscb_bhwb_protocol", "bolton")
        result = draft_from_proposal(
            actor=self.users.get(username="bolton-bm-bhwb"), area=area, proposal=proposal
        )
        version = result.protocol.current_version
        response = version.obligations.get(description__contains="formal response")
        report = version.obligations.get(description__contains="performance report")
        self.assertEqual(response.timing["after"], {"obligation": str(report.key)})
        self.assertEqual(
            response.timing["board"], Board.objects.get(area=area, short_name="BHWB").pk
        )
        self.assertEqual(report.timing, {"kind": "fixed_month", "month": 9})
        self.assertEqual(report.owing_label, "BSCB chair")

    def test_obligations_owed_to_a_board_that_is_not_a_party_are_left_out_and_listed(self):
        area, proposal = self.propose("west_berkshire_2013_lscb_hwb_mib_protocol", "west-berkshire")
        result = draft_from_proposal(
            actor=self.users.get(username="west-berkshire-bm-lscb"), area=area, proposal=proposal
        )
        self.assertEqual(
            result.skipped,
            [
                "“Produce and publish an Annual Report on the effectiveness of…”: the CPB is "
                "not a party to this protocol",
                "“Give an honest challenge to the activities of the Children's…”: the CPB is not "
                "a party to this protocol",
            ],
        )
        self.assertEqual(
            result.protocol.current_version.obligations.count(), len(proposal.obligations) - 2
        )
        self.assertEqual(result.protocol.review_rule, proposal.review_rule)

    def test_a_replaced_board_is_made_a_party_as_its_successor(self):
        area, proposal = self.propose("islington_2013_hwbb_iscb_protocol", "islington")
        result = draft_from_proposal(
            actor=self.users.get(username="islington-bm-iscp"), area=area, proposal=proposal
        )
        version = result.protocol.current_version
        self.assertEqual(
            [p.board.short_name for p in version.parties.select_related("board")],
            ["HWBB", "ISCP"],
        )
        owed = version.obligations.filter(owing_board__short_name="ISCP")
        self.assertTrue(owed.filter(owing_label="ISCB").exists())

    def test_importing_again_takes_the_next_free_reference(self):
        area, proposal = self.propose("bromley_2016_hwb_bscb_protocol", "bromley")
        actor = self.users.get(username="bromley-bm-bscb")
        first = draft_from_proposal(actor=actor, area=area, proposal=proposal)
        second = draft_from_proposal(actor=actor, area=area, proposal=proposal)
        self.assertEqual(
            [first.protocol.reference, second.protocol.reference], ["bscb-hwb", "bscb-hwb-2"]
        )

    def test_someone_who_manages_neither_board_is_refused_and_nothing_is_saved(self):
        area, proposal = self.propose("bolton_2015_bscb_bhwb_protocol", "bolton")
        with self.assertRaises(PermissionDeniedError) as caught:
            draft_from_proposal(
                actor=self.users.get(username="bolton-member"), area=area, proposal=proposal
            )
        self.assertEqual(
            caught.exception.message,
            "Only a business manager of one of the boards can start a protocol between them.",
        )
        self.assertFalse(Protocol.objects.exists())

    def test_a_refusal_part_way_through_saves_nothing(self):
        area, proposal = self.propose("bolton_2015_bscb_bhwb_protocol", "bolton")
        proposal.sections[3].heading = "   "
        with self.assertRaises(DomainError) as caught:
            draft_from_proposal(
                actor=self.users.get(username="bolton-bm-bscb"), area=area, proposal=proposal
            )
        self.assertEqual(caught.exception.message, "Enter the section's heading.")
        self.assertFalse(Protocol.objects.exists())
        self.assertFalse(Obligation.objects.exists())
        self.assertFalse(Section.objects.exists())

    def test_a_party_from_another_area_is_refused(self):
        area, proposal = self.propose("bolton_2015_bscb_bhwb_protocol", "bolton")
        proposal.parties[0].board = Board.objects.get(area__slug="bromley", short_name="BSCB").pk
        with self.assertRaises(DomainError) as caught:
            draft_from_proposal(
                actor=self.users.get(username="bolton-bm-bscb"), area=area, proposal=proposal
            )
        self.assertEqual(
            caught.exception.message,
            "BSCB is not a board of Bolton: choose the area's boards as the parties.",
        )
        self.assertFalse(Protocol.objects.exists())

    def test_fewer_than_two_parties_is_refused(self):
        area, proposal = self.propose("bromley_2012_bscb_annual_report_briefing", "bromley")
        with self.assertRaises(DomainError) as caught:
            draft_from_proposal(
                actor=self.users.get(username="bromley-bm-bscb"), area=area, proposal=proposal
            )
        self.assertEqual(
            caught.exception.message, "Choose at least two boards to be party to the protocol."
        )
