"""The demo loader: the four areas of the seed papers, their log-ins, and running it twice."""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from datetime import date
from unittest.mock import patch

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Max
from django.test import TestCase
from django.urls import reverse
from django.utils.html import escape

from boards import permissions
from boards.demo import ADMIN_USERNAME, DEFAULT_DEMO_PASSWORD, load
from boards.management.commands import load_demo
from boards.models import (
    Area,
    AreaAccess,
    Board,
    Meeting,
    Membership,
    Person,
    Post,
    Priority,
    Subgroup,
)
from boards.permissions import DEMOCRATIC_SERVICES_GROUP

R = Membership.Role
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

BOARDS = {
    "bromley": {
        ("BSCB", "Bromley Safeguarding Children Board"),
        ("H&WB", "Bromley Health and Wellbeing Board"),
        ("SIG", "Children's Services Improvement Governance Group"),
        ("SIT", "Children's Services Improvement Team"),
    },
    "bolton": {
        ("BSCB", "Bolton Safeguarding Children Board"),
        ("BHWB", "Bolton Health and Wellbeing Board"),
        ("CYPTB", "Bolton Children's Trust"),
        ("Be Safe", "Be Safe Partnership"),
    },
    "west-berkshire": {
        ("LSCB", "West Berkshire Local Safeguarding Children Board"),
        ("H&WB", "West Berkshire Health and Wellbeing Board"),
        ("MIB", "West Berkshire Munro Implementation Board"),
        ("CPB", "West Berkshire Children's Partnership Board"),
    },
    "islington": {
        ("HWBB", "Islington Health and Wellbeing Board"),
        ("ISCB", "Islington Safeguarding Children Board"),
        ("ISCP", "Islington Safeguarding Children Partnership"),
        ("CFB", "Children and Families Board"),
    },
}

# Role on a board per log-in, as the brief for the demo asks: a business manager and a chair
# of each main board, a plain member and a democratic services officer per area.
LOGINS = {
    "bromley": {
        "bromley-bm-bscb": ("BSCB", R.BUSINESS_MANAGER),
        "bromley-chair-bscb": ("BSCB", R.INDEPENDENT_CHAIR),
        "bromley-bm-hwb": ("H&WB", R.BUSINESS_MANAGER),
        "bromley-chair-hwb": ("H&WB", R.CHAIR),
        "bromley-member": ("BSCB", R.MEMBER),
        "bromley-democratic-services": None,
    },
    "bolton": {
        "bolton-bm-bscb": ("BSCB", R.BUSINESS_MANAGER),
        "bolton-chair-bscb": ("BSCB", R.INDEPENDENT_CHAIR),
        "bolton-bm-bhwb": ("BHWB", R.BUSINESS_MANAGER),
        "bolton-chair-bhwb": ("BHWB", R.CHAIR),
        "bolton-member": ("BSCB", R.PARTNER_REPRESENTATIVE),
        "bolton-democratic-services": None,
    },
    "west-berkshire": {
        "west-berkshire-bm-lscb": ("LSCB", R.BUSINESS_MANAGER),
        "west-berkshire-chair-lscb": ("LSCB", R.INDEPENDENT_CHAIR),
        "west-berkshire-bm-hwb": ("H&WB", R.BUSINESS_MANAGER),
        "west-berkshire-chair-hwb": ("H&WB", R.CHAIR),
        "west-berkshire-bm-mib": ("MIB", R.BUSINESS_MANAGER),
        "west-berkshire-chair-mib": ("MIB", R.CHAIR),
        "west-berkshire-member": ("LSCB", R.MEMBER),
        "west-berkshire-democratic-services": None,
    },
    "islington": {
        "islington-bm-hwbb": ("HWBB", R.BUSINESS_MANAGER),
        "islington-chair-hwbb": ("HWBB", R.CHAIR),
        "islington-bm-iscp": ("ISCP", R.BUSINESS_MANAGER),
        "islington-chair-iscp": ("ISCP", R.INDEPENDENT_CHAIR),
        "islington-member": ("ISCP", R.MEMBER),
        "islington-democratic-services": None,
    },
}
ALL_USERNAMES = {name for logins in LOGINS.values() for name in logins} | {ADMIN_USERNAME}


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return load()


def _board(slug: str, short_name: str) -> Board:
    return Board.objects.get(area__slug=slug, short_name=short_name)


def _row_counts() -> dict[str, int]:
    """Count the rows of every table Django knows, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


class TestLoadedDemo(TestCase):
    """Read-only checks share one load, rolled back after the class."""

    @classmethod
    def setUpTestData(cls):
        with patch.dict(os.environ):
            os.environ.pop("DEMO_PASSWORD", None)
            cls.result = load()

    def test_each_area_has_the_boards_its_papers_name(self):
        for slug, expected in BOARDS.items():
            assert set(Board.objects.filter(area__slug=slug).values_list("short_name", "name")) == (
                expected
            ), slug

    def test_areas_carry_their_councils_and_kinds(self):
        assert set(Area.objects.values_list("slug", "name", "council_name", "kind")) == {
            ("bromley", "Bromley", "London Borough of Bromley", Area.Kind.LONDON_BOROUGH),
            ("bolton", "Bolton", "Bolton Council", Area.Kind.METROPOLITAN_BOROUGH),
            ("west-berkshire", "West Berkshire", "West Berkshire Council", Area.Kind.UNITARY),
            ("islington", "Islington", "Islington Council", Area.Kind.LONDON_BOROUGH),
        }

    def test_statutory_boards_cite_their_acts(self):
        assert _board("bromley", "BSCB").statutory_basis == "Children Act 2004, s.13."
        assert (
            _board("bromley", "H&WB").statutory_basis == "Health and Social Care Act 2012, s.194."
        )
        assert not _board("west-berkshire", "MIB").is_statutory
        assert not _board("bromley", "SIG").is_statutory

    def test_bromley_bscb_has_the_subgroups_and_chairs_of_the_2016_paper(self):
        subgroups = _board("bromley", "BSCB").subgroups.select_related("chair")
        assert {s.name: (s.kind, str(s.chair) if s.chair else None) for s in subgroups} == {
            "Quality Assurance and Performance Monitoring": ("standing", "Annie Callanan"),
            "Training": ("standing", "Anita Gibbons"),
            "Case Review": ("standing", "Sonia Colwill"),
            "Child Death Overview Panel": ("standing", "Dr Jenny Selway"),
            "Policy and Procedures": ("standing", "Sadie McClue"),
            "Vulnerable Children": ("standing", "Jane Bailey"),
            "Chairs Group": ("standing", "Annie Callanan"),
            "Communications": ("task_and_finish", "Robin Tansley (demo)"),
            "Task and Finish Group on FGM": ("task_and_finish", None),
        }

    def test_fgm_task_and_finish_group_ran_through_2015(self):
        fgm = Subgroup.objects.get(
            board=_board("bromley", "BSCB"), name="Task and Finish Group on FGM"
        )
        assert (fgm.start_date, fgm.end_date) == (date(2015, 1, 1), date(2015, 12, 31))

    def test_every_subgroup_chair_holds_a_current_chair_membership_of_it(self):
        chaired = Subgroup.objects.filter(chair__isnull=False)
        assert chaired.count() == 8
        for subgroup in chaired:
            assert (
                Membership.objects.current()
                .filter(subgroup=subgroup, person=subgroup.chair, role=R.CHAIR)
                .exists()
            ), subgroup.name

    def test_board_chairs_the_papers_name_are_current_chair_memberships(self):
        expected = {
            ("bromley", "BSCB"): ("Annie Callanan", R.INDEPENDENT_CHAIR),
            ("bromley", "H&WB"): ("Cllr David Jefferys", R.CHAIR),
            ("bolton", "BSCB"): ("Mike Tarver", R.INDEPENDENT_CHAIR),
            ("bolton", "BHWB"): ("Cllr Linda Thomas", R.CHAIR),
        }
        for (slug, short_name), (name, role) in expected.items():
            chairs = (
                Membership.objects.current()
                .filter(board=_board(slug, short_name), role__in=Membership.CHAIR_ROLES)
                .select_related("person")
            )
            assert [(str(m.person), m.role) for m in chairs] == [(name, role)], short_name

    def test_west_berkshire_has_the_three_boards_of_its_protocol_and_their_approval_meetings(self):
        lscb = _board("west-berkshire", "LSCB")
        hwb = _board("west-berkshire", "H&WB")
        mib = _board("west-berkshire", "MIB")
        assert (lscb.kind, hwb.kind, mib.kind) == (
            Board.Kind.SAFEGUARDING_CHILDREN_BOARD,
            Board.Kind.HEALTH_AND_WELLBEING,
            Board.Kind.IMPROVEMENT,
        )
        held = Meeting.objects.filter(
            status=Meeting.Status.HELD, board__area__slug="west-berkshire"
        )
        assert {(m.board.short_name, m.date.year, m.date.month) for m in held} == {
            ("MIB", 2012, 10),
            ("H&WB", 2012, 12),
            ("LSCB", 2013, 4),
        }
        assert all("the day shown is illustrative" in m.notes for m in held)

    def test_islington_safeguarding_board_is_superseded_by_the_partnership(self):
        iscb = _board("islington", "ISCB")
        iscp = _board("islington", "ISCP")
        assert iscb.dissolved == date(2019, 9, 29)
        assert iscb.superseded_by == iscp
        assert not iscb.is_current
        assert iscp.kind == Board.Kind.SAFEGUARDING_CHILDREN_PARTNERSHIP
        assert iscp.established == date(2019, 9, 29)
        assert "illustrative" in iscp.terms_of_reference
        assert not Membership.objects.current().filter(board=iscb).exists()

    def test_bromley_bscb_priorities_for_2015_18_are_the_five_of_the_paper(self):
        priorities = Priority.objects.filter(
            board=_board("bromley", "BSCB"), period_start=2015, period_end=2018
        ).order_by("order")
        assert [(p.title, len(p.outcome_list)) for p in priorities] == [
            ("Board Resilience", 2),
            ("Service Responses", 5),
            ("Community Engagement", 4),
            ("Learning and Improvement", 3),
            ("Specific Safeguarding Concerns", 3),
        ]
        assert priorities[2].outcome_list[2] == (
            "Improved public awareness of safeguarding, including a specific campaign on the risks "
            "of co-sleeping"
        )

    def test_meetings_include_the_papers_dates_and_a_2026_27_calendar(self):
        held = {
            (m.board.area.slug, m.board.short_name, m.date)
            for m in Meeting.objects.filter(status=Meeting.Status.HELD).select_related(
                "board__area"
            )
        }
        assert {
            ("islington", "HWBB", date(2013, 10, 10)),
            ("bromley", "BSCB", date(2016, 7, 13)),
            ("bolton", "BHWB", date(2015, 10, 21)),
        } <= held
        for slug, logins in LOGINS.items():
            for board_role in filter(None, logins.values()):
                scheduled = Meeting.objects.filter(
                    board=_board(slug, board_role[0]),
                    status=Meeting.Status.SCHEDULED,
                    date__range=(date(2026, 1, 1), date(2027, 12, 31)),
                )
                assert scheduled.exists(), (slug, board_role[0])

    def test_post_holders_are_the_posts_the_papers_mention(self):
        bolton = set(Post.objects.filter(area__slug="bolton").values_list("kind", flat=True))
        assert bolton == {
            Post.Kind.CHIEF_EXECUTIVE,
            Post.Kind.LEADER,
            Post.Kind.DCS,
            Post.Kind.LEAD_MEMBER_CHILDREN,
            Post.Kind.DPH,
            Post.Kind.LEAD_MEMBER_HEALTH,
            Post.Kind.PCC,
        }
        assert Post.objects.filter(area__slug="islington", kind=Post.Kind.HEAD_DEMOCRATIC_SERVICES)
        for post in Post.objects.select_related("holder"):
            assert post.holder is not None and post.holder.area_id == post.area_id, post

    def test_only_people_the_papers_name_have_real_names_and_nobody_a_real_address(self):
        assert set(
            Person.objects.exclude(full_name__endswith=" (demo)").values_list("full_name")
        ) == {
            (name,)
            for name in (
                "Annie Callanan",
                "Kerry Davies",
                "David Jefferys",
                "Anita Gibbons",
                "Sonia Colwill",
                "Jenny Selway",
                "Sadie McClue",
                "Jane Bailey",
                "Julie Daly",
                "Terry Parkin",
                "Mike Tarver",
                "Linda Thomas",
                "Shona Green",
                "Dawn Lythgoe",
                "Lynn Mattai",
            )
        }
        emails = [*Person.objects.values_list("email", flat=True)]
        emails += get_user_model().objects.values_list("email", flat=True)
        assert all(email.endswith("@example.org") for email in emails)

    def test_there_is_one_demo_user_per_role_per_area_linked_to_a_person_there(self):
        assert {login.username for login in self.result.logins} == ALL_USERNAMES
        users = get_user_model().objects.select_related("person__area")
        for slug, logins in LOGINS.items():
            for username, board_role in logins.items():
                user = users.get(username=username)
                assert user.person.area.slug == slug, username
                assert not user.is_staff and not user.is_superuser, username
                if board_role is None:
                    assert user.groups.filter(name=DEMOCRATIC_SERVICES_GROUP).exists()
                    assert [a.area.slug for a in AreaAccess.objects.filter(user=user)] == [slug]
                    continue
                short_name, role = board_role
                seat = Membership.objects.current().filter(
                    person=user.person, board=_board(slug, short_name), role=role
                )
                assert seat.exists(), username
        admin = users.get(username=ADMIN_USERNAME)
        assert admin.is_staff and admin.is_superuser

    def test_demo_roles_get_the_rights_the_policy_gives_them(self):
        users = get_user_model().objects
        bscb = _board("bromley", "BSCB")
        assert permissions.can_edit(users.get(username="bromley-bm-bscb"), bscb)
        assert permissions.can_edit(users.get(username="bromley-chair-bscb"), bscb)
        assert not permissions.can_edit(users.get(username="bromley-member"), bscb)
        assert not permissions.can_edit(users.get(username="bromley-bm-hwb"), bscb)
        assert permissions.can_create(
            users.get(username="bromley-democratic-services"), Meeting, bscb
        )
        assert not permissions.can_view(users.get(username="bolton-bm-bscb"), bscb)

    def test_every_demo_user_can_sign_in_with_the_demo_password(self):
        refused = []
        for username in sorted(ALL_USERNAMES):
            response = self.client.post(
                reverse("login"), {"username": username, "password": DEFAULT_DEMO_PASSWORD}
            )
            if response.status_code != 302:
                refused.append(username)
            self.client.logout()
        assert refused == []

    def test_each_demo_user_sees_their_area_page_with_its_boards(self):
        users = get_user_model().objects
        for slug, logins in LOGINS.items():
            boards = Board.objects.filter(area__slug=slug)
            for username in logins:
                self.client.force_login(users.get(username=username), backend=MODEL_BACKEND)
                response = self.client.get(f"/areas/{slug}/")
                assert response.status_code == 200, username
                page = response.content.decode()
                for board in boards:
                    assert escape(board.name) in page, (username, board.name)

    def test_a_demo_user_gets_not_found_for_another_areas_page(self):
        self.client.force_login(
            get_user_model().objects.get(username="bromley-member"), backend=MODEL_BACKEND
        )
        response = self.client.get("/areas/bolton/")
        assert response.status_code == 404


def test_running_it_again_adds_no_rows_and_no_history(demo):
    before = _row_counts()
    last_change = Board.objects.aggregate(Max("modified"))
    assert before["boards.HistoricalBoard"] == before["boards.Board"] == 16

    again = load()

    assert _row_counts() == before
    assert (again.created.total(), again.changed.total()) == (0, 0)
    assert Board.objects.aggregate(Max("modified")) == last_change


def test_running_it_again_restores_an_edited_demo_record(demo):
    bscb = _board("bromley", "BSCB")
    bscb.name = "Renamed board"
    bscb.save()

    again = load()

    bscb.refresh_from_db()
    assert bscb.name == "Bromley Safeguarding Children Board"
    assert again.changed == Counter({"boards": 1})
    assert bscb.history.latest().history_change_reason == "Demo data"


def _table(output: str) -> set[tuple[str, ...]]:
    block = output.split("Demo log-ins\n", 1)[1].split("\n\n", 1)[0]
    return {tuple(re.split(r"\s{2,}", line)) for line in block.splitlines()[1:]}


def test_command_prints_every_log_in_and_the_default_password(db, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    rows = _table(out.getvalue())
    assert {row[0] for row in rows} == ALL_USERNAMES
    assert {row[0] for row in rows} == set(
        get_user_model().objects.values_list("username", flat=True)
    )
    assert ("bromley-chair-hwb", "Chair", "H&WB", "Bromley") in rows
    assert ("admin", "Administrator (staff superuser)", "–", "All areas") in rows
    assert (
        "Password for every demo log-in: demo-password-2026 (the published default; "
        "set DEMO_PASSWORD to choose another)."
    ) in out.getvalue()


def test_command_uses_a_chosen_password_and_keeps_it_out_of_its_output(db, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "chosen-in-env-4821")
    out = io.StringIO()

    call_command("load_demo", stdout=out)

    assert "chosen-in-env-4821" not in out.getvalue()
    assert "Password for every demo log-in: the value of DEMO_PASSWORD." in out.getvalue()
    user = get_user_model().objects.get(username="islington-chair-hwbb")
    assert user.check_password("chosen-in-env-4821")
    assert not user.check_password(DEFAULT_DEMO_PASSWORD)


def _failing_loader(stdout=None):
    raise RuntimeError("The next loader failed.")


def test_command_writes_nothing_when_a_later_loader_fails(db, monkeypatch):
    monkeypatch.setattr(
        load_demo,
        "DEMO_LOADERS",
        ["boards.demo.load", "tests.boards.test_demo._failing_loader"],
    )

    with pytest.raises(RuntimeError, match="The next loader failed."):
        call_command("load_demo", stdout=io.StringIO())

    assert not Area.objects.exists()
    assert not get_user_model().objects.exists()
