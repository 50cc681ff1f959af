"""The demo protocols: the four seed papers' agreements, their states, and running it twice."""

from __future__ import annotations

import io
import os
from datetime import date
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape
from django.utils.module_loading import import_string

from boards.demo import load as load_boards
from boards.management.commands.load_demo import DEMO_LOADERS
from boards.models import Board, Meeting, Post
from protocols import services, timing
from protocols.demo import DemoDataError, load
from protocols.models import Obligation, Protocol, ProtocolVersion, Section, Signature

Status = ProtocolVersion.Status
W = Obligation.What
LONDON = ZoneInfo("Europe/London")
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

BROMLEY = "bromley-hwb-bscb"
BOLTON = "bolton-bscb-bhwb"
WEST_BERKSHIRE = "west-berkshire-lscb-hwb-mib"
ISLINGTON = "islington-hwbb-iscb"

#: reference: (area, parties in order with their lead officers, status of version 1)
PROTOCOLS = {
    BROMLEY: (
        "bromley",
        [("H&WB", "Morgan Ellery (demo)"), ("BSCB", "Kerry Davies")],
        Status.IN_FORCE,
    ),
    BOLTON: (
        "bolton",
        [("BSCB", "Shona Green"), ("BHWB", "Dawn Lythgoe")],
        Status.IN_FORCE,
    ),
    WEST_BERKSHIRE: (
        "west-berkshire",
        [
            ("LSCB", "Casey Lindqvist (demo)"),
            ("H&WB", "Ellis Maddox (demo)"),
            ("MIB", "Avery Stroud (demo)"),
        ],
        Status.APPROVED,
    ),
    ISLINGTON: (
        "islington",
        [("HWBB", "Harper Lowther (demo)"), ("ISCB", "Blake Osei (demo)")],
        Status.AWAITING_APPROVAL,
    ),
}

MINUTES_NOTE = "The protocol sets no deadline; the ten working days are the demo's assumption."
BOLTON_ANNUAL_REPORT = (
    "The BSCB presents its annual assessment and report to the BHWB, with learning from the "
    "Child Death Overview Panel and case reviews and a position statement on the current "
    "financial year"
)
BROMLEY_SHARES_PLANS = (
    "The H&WB formally shares the JSNA, the Health and Wellbeing Strategy, its commissioning "
    "intentions and progress against them with the BSCB"
)
ISLINGTON_SCRUTINY = (
    "The ISCB reports its scrutiny findings to the HWBB, including its annual report"
)


def _minutes_rule(board: str) -> dict:
    return {"kind": "after_meeting", "board": board, "within_days": 10, "working_days": True}


#: Every row of the obligations table in DOMAIN.md, per seed: (protocol, owed by, owed to,
#: what, the obligation's description, its timing rule with boards by short name, and the
#: rule in plain English).
DOMAIN_TABLE = [
    (
        BROMLEY,
        "Independent Chair of the BSCB",
        "H&WB",
        W.PRESENT_REPORT,
        "The Independent Chair of the BSCB presents the annual report for the previous "
        "financial year, with a position statement on the current year, to the H&WB",
        {"kind": "window", "start_month": 10, "end_month": 1},
        "each year between 1 October and 31 January",
    ),
    (
        BROMLEY,
        "A member of the H&WB",
        "BSCB",
        W.PRESENT_REPORT,
        "A member of the H&WB presents the annual review of the Health and Wellbeing Strategy "
        "and the JSNA update, with proposed priorities, to the BSCB",
        {"kind": "window", "start_month": 10, "end_month": 3},
        "each year between 1 October and 31 March",
    ),
    (
        BROMLEY,
        "H&WB",
        "BSCB",
        W.SHARE_DOCUMENT,
        BROMLEY_SHARES_PLANS,
        {"kind": "frequency", "every": "annually", "anchor": None},
        "each financial year",
    ),
    (
        BROMLEY,
        "BSCB",
        "H&WB",
        W.RESPOND,
        "The BSCB feeds back on any key aspect of the H&WB's plans that affects safeguarding "
        "and promoting the welfare of children",
        {
            "kind": "relative",
            "after": {"obligation": BROMLEY_SHARES_PLANS},
            "at": "next_meeting",
            "board": "BSCB",
            "within_days": None,
            "working_days": False,
        },
        f"at the next available meeting of the BSCB after “{BROMLEY_SHARES_PLANS}”",
    ),
    (
        BOLTON,
        "BSCB",
        "BHWB",
        W.PRESENT_REPORT,
        BOLTON_ANNUAL_REPORT,
        {"kind": "fixed_month", "month": 9},
        "in September each year",
    ),
    (
        BOLTON,
        "Chair of the BHWB",
        "BSCB",
        W.PROVIDE_SUMMARY,
        "The chair of the BHWB gives the BSCB a summary of the health and wellbeing of "
        "children and their parents",
        {"kind": "frequency", "every": "annually", "anchor": None},
        "each financial year",
    ),
    (
        BOLTON,
        "BSCB",
        "BHWB",
        W.SHARE_DOCUMENT,
        "The BSCB gives the BHWB a copy of its Business Plan",
        {"kind": "deadline", "month": 6, "day": None},
        "by 30 June each year",
    ),
    (
        BOLTON,
        "BSCB officers",
        "BHWB",
        W.MEET,
        "The boards' officers meet to keep communication going, avoid duplicating work and "
        "close gaps",
        {"kind": "frequency", "every": "quarterly", "anchor": None},
        "each financial-year quarter",
    ),
    (
        BOLTON,
        "BHWB",
        "BSCB",
        W.SHARE_DOCUMENT,
        "The BHWB shares its minutes with the BSCB's chair and lead officer, who consider any "
        f"relevant issue when setting the BSCB's agenda. {MINUTES_NOTE}",
        _minutes_rule("BHWB"),
        "within 10 working days after every meeting of the BHWB",
    ),
    (
        BOLTON,
        "BSCB",
        "BHWB",
        W.SHARE_DOCUMENT,
        "The BSCB shares its minutes with the BHWB's chair and lead officer, who consider any "
        f"relevant issue when setting the BHWB's agenda. {MINUTES_NOTE}",
        _minutes_rule("BSCB"),
        "within 10 working days after every meeting of the BSCB",
    ),
    (
        BOLTON,
        "BSCB",
        "BHWB",
        W.PRESENT_REPORT,
        "The BSCB presents the learning from any serious case review to the BHWB",
        {
            "kind": "relative",
            "after": {"event": "the BSCB endorses the overview report"},
            "at": "next_meeting",
            "board": "BHWB",
            "within_days": None,
            "working_days": False,
        },
        "at the next available meeting of the BHWB after the BSCB endorses the overview report",
    ),
    (
        BOLTON,
        "BHWB",
        "BSCB",
        W.RESPOND,
        "The BHWB responds formally to the themes and issues of the BSCB's annual assessment "
        "and report",
        {
            "kind": "relative",
            "after": {"obligation": BOLTON_ANNUAL_REPORT},
            "at": "next_meeting",
            "board": "BSCB",
            "within_days": None,
            "working_days": False,
        },
        f"at the next available meeting of the BSCB after “{BOLTON_ANNUAL_REPORT}”",
    ),
    (
        BOLTON,
        "BHWB",
        "BSCB",
        W.PRESENT_REPORT,
        "Both boards receive a formal report of progress against the strategy's targets",
        {"kind": "external", "trigger": "each review of the Health and Wellbeing Strategy"},
        "on each review of the Health and Wellbeing Strategy (recorded by hand)",
    ),
    (
        ISLINGTON,
        "ISCB business unit manager",
        "HWBB",
        W.MEET,
        "The boards' business unit managers meet to keep their business connected, avoid "
        "duplication and gaps, and align their agendas",
        {"kind": "frequency", "every": "quarterly", "anchor": None},
        "each financial-year quarter",
    ),
    (
        ISLINGTON,
        "HWBB",
        "ISCB",
        W.SHARE_DOCUMENT,
        f"The HWBB shares the minutes of its meetings. {MINUTES_NOTE}",
        _minutes_rule("HWBB"),
        "within 10 working days after every meeting of the HWBB",
    ),
    (
        ISLINGTON,
        "ISCB",
        "HWBB",
        W.SHARE_DOCUMENT,
        f"The ISCB shares the minutes of its meetings. {MINUTES_NOTE}",
        _minutes_rule("ISCB"),
        "within 10 working days after every meeting of the ISCB",
    ),
    (
        ISLINGTON,
        "HWBB",
        "ISCB",
        W.PRESENT_REPORT,
        "Both boards receive a formal report of progress against the strategy's targets",
        {"kind": "external", "trigger": "each review of the HWBB strategy"},
        "on each review of the HWBB strategy (recorded by hand)",
    ),
    (
        ISLINGTON,
        "ISCB",
        "HWBB",
        W.PRESENT_REPORT,
        ISLINGTON_SCRUTINY,
        {"kind": "frequency", "every": "six_monthly", "anchor": None},
        "each half of the financial year",
    ),
    (
        WEST_BERKSHIRE,
        "LSCB",
        "H&WB",
        W.PRESENT_REPORT,
        "The LSCB presents its annual report on the effectiveness of safeguarding in West "
        "Berkshire to the H&WB (the report also goes to the Children's Partnership Board)",
        {"kind": "frequency", "every": "annually", "anchor": None},
        "each financial year",
    ),
    (
        WEST_BERKSHIRE,
        "LSCB",
        "H&WB",
        W.CONSULT,
        "The LSCB gives formal consultation on the preparation of the JSNA and the Joint Health "
        "and Wellbeing Strategy as they relate to children and young people",
        {"kind": "frequency", "every": "annually", "anchor": None},
        "each financial year",
    ),
]

BOLTON_LADDER = [
    (
        1,
        "Formal written request",
        "Either chair makes a formal written request of the other for information, or for "
        "consideration of an area of concern.",
    ),
    (
        2,
        "Agenda item request",
        "Either chair asks the other for an item on either board's agenda to address the concern.",
    ),
    (
        3,
        "Chairs' meeting",
        "Either chair asks the other for a meeting of the board chairs and other relevant "
        "representatives, to agree a way forward on what the steps above have not resolved.",
    ),
    (
        4,
        "Resolution meeting",
        "Where the concern still cannot be resolved, a resolution meeting is held between the "
        "board chairs, the Director of Children's Services and Bolton Council's Chief Executive.",
    ),
]


def _version(reference: str) -> ProtocolVersion:
    return Protocol.objects.get(reference=reference).current_version


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _row_counts() -> dict[str, int]:
    """Count the rows of every table Django knows, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def _load_everything() -> None:
    """Load every demo loader, as load_demo does, so a rerun of the command adds nothing."""
    with patch.dict(os.environ):
        os.environ.pop("DEMO_PASSWORD", None)
        load_boards()
    for path in DEMO_LOADERS[1:]:
        import_string(path)()


class TestLoadedDemoProtocols(TestCase):
    """Checks on one shared load; each test's own changes are rolled back after it."""

    @classmethod
    def setUpTestData(cls):
        _load_everything()

    def test_each_seed_protocol_has_its_parties_lead_officers_and_state(self):
        assert set(Protocol.objects.values_list("reference", flat=True)) == set(PROTOCOLS)
        for reference, (area, parties, status) in PROTOCOLS.items():
            protocol = Protocol.objects.select_related("area").get(reference=reference)
            version = protocol.current_version
            assert protocol.area.slug == area, reference
            assert (version.number, version.status) == (1, status), reference
            assert [
                (p.board.short_name, str(p.lead_officer), p.signatory_kind)
                for p in version.parties.select_related("board", "lead_officer")
            ] == [(board, officer, "chairs") for board, officer in parties], reference

    def test_bromley_and_bolton_are_in_force_signed_by_both_chairs_with_intact_signatures(self):
        expected = {
            BROMLEY: (
                date(2016, 9, 1),
                [
                    ("BSCB", "Annie Callanan", "Independent chair, BSCB", (2016, 8, 2, 10, 15)),
                    ("H&WB", "Cllr David Jefferys", "Chair, H&WB", (2016, 8, 9, 14, 40)),
                ],
            ),
            BOLTON: (
                date(2015, 12, 1),
                [
                    ("BSCB", "Mike Tarver", "Independent chair, BSCB", (2015, 11, 3, 10, 0)),
                    ("BHWB", "Cllr Linda Thomas", "Chair, BHWB", (2015, 11, 10, 11, 30)),
                ],
            ),
        }
        for reference, (in_force_from, signatures) in expected.items():
            version = _version(reference)
            assert version.in_force_from == in_force_from, reference
            status = services.signature_status(version)
            assert [
                (
                    s.board.short_name,
                    str(s.signer),
                    s.capacity,
                    s.signed_at.astimezone(LONDON).timetuple()[:5],
                )
                for s, _ in status
            ] == signatures, reference
            assert [intact for _, intact in status] == [True, True], reference
            assert {s.method for s, _ in status} == {Signature.Method.DEMO}, reference
            assert services.version_signatures_intact(version), reference

    def test_approvals_carry_the_papers_dates_meetings_and_illustrative_minutes(self):
        expected = {
            BROMLEY: [
                ("BSCB", date(2016, 7, 13), "bromley-bm-bscb"),
                ("H&WB", date(2016, 7, 21), "bromley-bm-hwb"),
            ],
            BOLTON: [
                ("BSCB", date(2015, 9, 30), "bolton-bm-bscb"),
                ("BHWB", date(2015, 10, 21), "bolton-bm-bhwb"),
            ],
            WEST_BERKSHIRE: [
                ("MIB", date(2012, 10, 18), "west-berkshire-bm-mib"),
                ("H&WB", date(2012, 12, 13), "west-berkshire-bm-hwb"),
                ("LSCB", date(2013, 4, 18), "west-berkshire-bm-lscb"),
            ],
            ISLINGTON: [],
        }
        for reference, approvals in expected.items():
            rows = _version(reference).approvals.select_related("board", "meeting", "recorded_by")
            assert [
                (a.board.short_name, a.decided_on, a.recorded_by.username) for a in rows
            ] == approvals, reference
            for approval in rows:
                assert approval.meeting.board == approval.board, reference
                assert approval.meeting.date == approval.decided_on, reference
                assert approval.meeting.status == Meeting.Status.HELD, reference
                assert approval.minute_reference.endswith("(illustrative)"), reference
        assert _version(BROMLEY).approvals.get(board__short_name="BSCB").minute_reference == (
            "Minute 6, 13 July 2016 (illustrative)"
        )

    def test_approval_meetings_the_boards_demo_lacked_are_added_and_marked_illustrative(self):
        added = {
            ("bromley", "H&WB", date(2016, 7, 21)),
            ("bolton", "BSCB", date(2015, 9, 30)),
        }
        for slug, short_name, day in added:
            meeting = Meeting.objects.get(
                board__area__slug=slug, board__short_name=short_name, date=day
            )
            assert meeting.status == Meeting.Status.HELD
            assert "the one shown is illustrative." in meeting.notes

    def test_west_berkshire_is_approved_by_all_three_boards_and_awaits_three_signatures(self):
        version = _version(WEST_BERKSHIRE)
        assert version.status == Status.APPROVED
        assert version.approvals.count() == 3
        assert not version.signatures.exists()
        assert [
            (s.board.short_name, str(s.person)) for s in services.signatories_required(version)
        ] == [
            ("LSCB", "Hilary Voss (demo)"),
            ("H&WB", "Cllr Rory Pemberton (demo)"),
            ("MIB", "Drew Kavanagh (demo)"),
        ]

    def test_islington_awaits_approval_of_its_agreement_with_the_iscb_of_2013(self):
        version = _version(ISLINGTON)
        iscb = Board.objects.get(area__slug="islington", short_name="ISCB")
        assert version.status == Status.AWAITING_APPROVAL
        assert not iscb.is_current
        assert version.parties.filter(board=iscb).exists()
        assert not version.approvals.exists()
        assert version.history.first().history_change_reason == "Send for approval by each board"

    def test_every_obligation_in_the_domain_table_is_structured_with_its_timing(self):
        for reference, owed_by, owed_to, what, description, rule, sentence in DOMAIN_TABLE:
            version = _version(reference)
            boards = {p.board.short_name: p.board_id for p in version.parties.all()}
            names = {pk: short for short, pk in boards.items()}
            obligations = list(version.obligations.select_related("owing_board", "receiving_board"))
            keys = {str(o.key): o.description for o in obligations}
            descriptions = {o.description: str(o.key) for o in obligations}
            matching = [o for o in obligations if o.description == description]
            assert len(matching) == 1, description
            obligation = matching[0]
            assert (obligation.owing_display, obligation.receiving_display, obligation.what) == (
                owed_by,
                owed_to,
                what,
            ), description
            stored = dict(rule)
            if "board" in stored:
                stored["board"] = boards[stored["board"]]
            if "obligation" in stored.get("after", {}):
                stored["after"] = {"obligation": descriptions[stored["after"]["obligation"]]}
            assert obligation.timing == stored, description
            described = timing.describe(
                timing.parse_rule(obligation.timing),
                board_name=names.__getitem__,
                obligation_label=keys.__getitem__,
            )
            assert described == sentence, description

    def test_bolton_records_every_method_of_its_operational_arrangements(self):
        sections = (
            Section.objects.filter(version=_version(BOLTON))
            .order_by("order")
            .prefetch_related("obligations")
        )
        assert [(s.heading, s.kind, len(s.obligations.all())) for s in sections] == [
            ("Purpose", "text", 0),
            ("Bolton Safeguarding Children Board", "text", 0),
            ("Bolton Health and Wellbeing Board", "text", 0),
            ("Operational arrangements between the boards", "text", 18),
            ("The roles of post and position holders", "post_holders", 3),
            ("Resolution process", "ladder", 0),
        ]
        arrangements = sections[3].obligations.all()
        assert sorted(o.what for o in arrangements) == sorted(
            [W.SHARE_DOCUMENT] * 4
            + [W.PRESENT_REPORT] * 3
            + [W.CONSULT] * 3
            + [W.OTHER] * 2
            + [W.ATTEND] * 2
            + [W.PROVIDE_SUMMARY, W.REVIEW, W.MEET, W.RESPOND]
        )

    def test_bolton_post_holders_section_gives_each_post_its_responsibilities(self):
        section = Section.objects.get(version=_version(BOLTON), kind=Section.Kind.POST_HOLDERS)
        rows = section.post_responsibilities.select_related("post").order_by("order")
        assert [
            (r.post_title, r.post.kind if r.post else None, len(r.responsibility_list))
            for r in rows
        ] == [
            ("Chief Executive of the Council", Post.Kind.CHIEF_EXECUTIVE, 4),
            ("Independent Chair of the BSCB", None, 2),
            ("Director of Children's Services", Post.Kind.DCS, 1),
            ("Lead Member for Children's Services", Post.Kind.LEAD_MEMBER_CHILDREN, 3),
            ("Director of Public Health", Post.Kind.DPH, 2),
            ("Lead Member for Health and Wellbeing", Post.Kind.LEAD_MEMBER_HEALTH, 1),
            ("Leader of the Council", Post.Kind.LEADER, 1),
        ]
        assert all(r.post is None or r.post.area.slug == "bolton" for r in rows)
        to_posts = section.obligations.select_related("receiving_post")
        assert sorted(o.receiving_post.kind for o in to_posts) == sorted(
            [Post.Kind.CHIEF_EXECUTIVE, Post.Kind.LEADER, Post.Kind.PCC]
        )

    def test_bolton_and_islington_have_the_four_step_ladder_and_the_others_none(self):
        bolton = _version(BOLTON).ladder_steps.order_by("order")
        assert [(s.order, s.title, s.description) for s in bolton] == BOLTON_LADDER
        islington = _version(ISLINGTON).ladder_steps.order_by("order")
        assert [s.title for s in islington] == [title for _, title, _ in BOLTON_LADDER]
        assert islington[3].description.endswith(
            "Islington Council's Chief Executive, as a minimum."
        )
        for reference in (BROMLEY, WEST_BERKSHIRE):
            version = _version(reference)
            assert not version.ladder_steps.exists(), reference
            assert not version.sections.filter(kind=Section.Kind.LADDER).exists(), reference

    def test_each_protocol_is_reviewed_every_year_from_signing(self):
        for protocol in Protocol.objects.all():
            assert protocol.review_rule == {
                "kind": "anniversary",
                "of": "signing",
                "every_years": 1,
            }
            assert timing.describe(timing.parse_rule(protocol.review_rule)) == (
                "each year from the date of signing"
            )

    def test_protocol_page_shows_a_demo_user_of_the_area_its_protocol(self):
        pages = {
            BROMLEY: ("bromley-member", "Each year between 1 October and 31 January"),
            BOLTON: ("bolton-member", "In September each year"),
            WEST_BERKSHIRE: ("west-berkshire-member", "Each financial year"),
            ISLINGTON: ("islington-member", "Each half of the financial year"),
        }
        for reference, (username, when) in pages.items():
            protocol = Protocol.objects.get(reference=reference)
            self.client.force_login(_user(username), backend=MODEL_BACKEND)
            response = self.client.get(f"/protocols/{protocol.pk}/")
            assert response.status_code == 200, reference
            page = response.content.decode()
            assert escape(protocol.current_version.title) in page, reference
            assert when in page, reference

    def test_protocol_page_is_not_found_for_a_demo_user_of_another_area(self):
        others = {
            BROMLEY: "bolton-member",
            BOLTON: "islington-bm-hwbb",
            WEST_BERKSHIRE: "bromley-chair-bscb",
            ISLINGTON: "west-berkshire-democratic-services",
        }
        for reference, username in others.items():
            protocol = Protocol.objects.get(reference=reference)
            self.client.force_login(_user(username), backend=MODEL_BACKEND)
            assert self.client.get(f"/protocols/{protocol.pk}/").status_code == 404, reference

    def test_running_the_demo_again_adds_no_rows_and_no_history(self):
        before = _row_counts()
        assert before["protocols.HistoricalProtocolVersion"] > before["protocols.ProtocolVersion"]
        out = io.StringIO()

        with patch.dict(os.environ):
            os.environ.pop("DEMO_PASSWORD", None)
            call_command("load_demo", stdout=out)

        assert _row_counts() == before
        assert "Protocols: 0 records created, 0 changed, 4 already up to date." in out.getvalue()
        assert "Bromley: bromley-hwb-bscb already exists; left as it is." in out.getvalue()

    def test_a_demo_protocol_people_have_moved_on_is_left_as_they_left_it(self):
        version = _version(BROMLEY)
        services.version_transition(
            actor=_user("bromley-bm-bscb"),
            version=version,
            name="open_review",
            on_date=date(2017, 7, 1),
        )
        before = _row_counts()
        out = io.StringIO()

        load(stdout=out)

        assert _row_counts() == before
        version.refresh_from_db()
        assert (version.status, version.review_opened_on) == (
            Status.UNDER_REVIEW,
            date(2017, 7, 1),
        )
        assert out.getvalue().startswith(
            "Bromley: bromley-hwb-bscb already exists (under review, changed since the demo "
            "made it); left as it is."
        )


def test_the_command_loads_the_protocols_after_the_boards():
    assert DEMO_LOADERS.index("protocols.demo.load") > DEMO_LOADERS.index("boards.demo.load")


def test_loading_the_protocols_without_the_boards_demo_refuses_and_writes_nothing(db):
    with pytest.raises(
        DemoDataError, match="The demo area “bromley” is missing: load the boards demo first."
    ):
        load()

    assert not Protocol.objects.exists()
    assert not Meeting.objects.exists()
