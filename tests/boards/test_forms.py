"""The boards forms: which choices each user is offered, and how refusals read."""

from __future__ import annotations

import datetime

import pytest
from crispy_forms.utils import render_crispy_form
from django import forms as django_forms

from boards import forms
from boards.models import Area, Membership, Person
from boards.templatetags.boards_tags import field_anchor
from tests import factories as f


def choices(form, name) -> set:
    return set(form.fields[name].queryset)


@pytest.fixture
def people(world):
    """Current, former and other-board members around area A's HWB."""
    hwb_member = Person.objects.get(full_name="Member")
    former = f.PersonFactory(area=world.area_a, full_name="Former")
    f.MembershipFactory(person=former, board=world.hwb, end_date=datetime.date(2022, 3, 31))
    scp_only = f.PersonFactory(area=world.area_a, full_name="SCP Only")
    f.MembershipFactory(person=scp_only, board=world.scp)
    future = f.PersonFactory(area=world.area_a, full_name="Starts Later")
    f.MembershipFactory(person=future, board=world.hwb, start_date=datetime.date(2099, 1, 1))
    stranger = f.PersonFactory(area=world.area_b, full_name="Stranger")
    return {
        "hwb_member": hwb_member,
        "former": former,
        "scp_only": scp_only,
        "future": future,
        "stranger": stranger,
    }


# --- the policy narrows every related choice ---------------------------------------------


def test_related_choices_exclude_another_areas_records(world):
    form = forms.BoardForm(user=world.user("member"))
    assert choices(form, "additional_areas") == {world.area_a}
    assert world.board_b not in choices(form, "superseded_by")


def test_superuser_is_offered_every_area(world):
    form = forms.BoardForm(user=world.user("superuser"))
    assert choices(form, "area") == set(Area.objects.all())


def test_business_manager_is_offered_only_the_boards_they_manage(world):
    form = forms.SubgroupForm(user=world.user("business_manager"))
    assert choices(form, "board") == {world.hwb}
    assert form.initial["board"] == world.hwb.pk


def test_democratic_services_is_offered_every_visible_board_for_a_meeting(world):
    form = forms.MeetingForm(user=world.user("democratic_services"))
    assert choices(form, "board") == {world.hwb, world.scp}
    assert "board" not in form.initial


def test_changing_a_record_keeps_its_current_place_on_offer(world):
    form = forms.BoardForm(user=world.user("business_manager"), instance=world.hwb)
    assert choices(form, "area") == {world.area_a}
    assert world.hwb not in choices(form, "superseded_by")


def test_forged_board_of_another_area_is_refused_by_the_form(world):
    form = forms.SubgroupForm(
        user=world.user("business_manager"),
        data={
            "board": world.board_b.pk,
            "name": "X",
            "kind": "standing",
            "meeting_frequency": "monthly",
        },
    )
    assert not form.is_valid()
    assert form.errors["board"] == ["Select a board from the list."]


def test_forged_board_of_another_area_is_refused_even_for_a_broad_reader(world):
    """Democratic services see area A only; B's board is not a choice for them either."""
    form = forms.MeetingForm(
        user=world.user("democratic_services"),
        data={"board": world.board_b.pk, "date": "2026-10-01", "status": "scheduled"},
    )
    assert not form.is_valid()
    assert form.errors["board"] == ["Select a board from the list."]


# --- the page's context narrows further ----------------------------------------------------


def test_subgroup_chair_choices_are_the_boards_current_members(world, people):
    form = forms.SubgroupForm(user=world.user("business_manager"), board=world.hwb)
    offered = choices(form, "chair")
    assert people["hwb_member"] in offered
    for name in ("former", "scp_only", "future", "stranger"):
        assert people[name] not in offered, name
    assert form.initial["board"] == world.hwb.pk


def test_subgroup_chair_choices_on_change_include_the_subgroups_own_members(world, people):
    subgroup = f.SubgroupFactory(board=world.hwb, name="Training")
    guest = f.PersonFactory(area=world.area_a, full_name="Subgroup Guest")
    f.MembershipFactory(person=guest, board=None, subgroup=subgroup)
    form = forms.SubgroupForm(user=world.user("business_manager"), instance=subgroup)
    assert guest in choices(form, "chair")
    assert people["scp_only"] not in choices(form, "chair")


def test_forged_chair_is_refused_with_the_rule(world, people):
    form = forms.SubgroupForm(
        user=world.user("business_manager"),
        board=world.hwb,
        data={
            "board": world.hwb.pk,
            "name": "Training",
            "kind": "standing",
            "meeting_frequency": "monthly",
            "chair": people["scp_only"].pk,
        },
    )
    assert not form.is_valid()
    assert form.errors["chair"] == [
        "The chair must be a current member of the board or the subgroup."
    ]


def test_membership_choices_follow_the_board(world, people):
    ours = f.SubgroupFactory(board=world.hwb, name="Ours")
    theirs = f.SubgroupFactory(board=world.scp, name="Theirs")
    org_a = f.OrganisationFactory(area=world.area_a, name="Police A")
    org_b = f.OrganisationFactory(area=world.area_b, name="Police B")
    form = forms.MembershipForm(user=world.user("superuser"), board=world.hwb)
    assert choices(form, "subgroup") == {ours}
    assert theirs not in choices(form, "subgroup")
    assert people["stranger"] not in choices(form, "person")
    assert choices(form, "organisation") == {org_a}
    assert org_b not in choices(form, "organisation")


def test_membership_of_a_shared_board_offers_people_of_both_areas(world, people):
    world.hwb.additional_areas.add(world.area_b)
    form = forms.MembershipForm(user=world.user("superuser"), board=world.hwb)
    assert people["stranger"] in choices(form, "person")


def test_membership_from_a_subgroup_page_starts_on_that_subgroup(world):
    subgroup = f.SubgroupFactory(board=world.hwb, name="Training")
    form = forms.MembershipForm(user=world.user("business_manager"), subgroup=subgroup)
    assert form.initial == {"subgroup": subgroup.pk}


def test_post_holder_choices_are_the_areas_people(world, people):
    form = forms.PostForm(user=world.user("superuser"), area=world.area_a)
    offered = choices(form, "holder")
    assert people["hwb_member"] in offered
    assert people["stranger"] not in offered


# --- how the form reads ----------------------------------------------------------------------


def test_small_choice_sets_are_radios_without_a_blank_option(world):
    form = forms.SubgroupForm(user=world.user("business_manager"))
    for name in ("kind", "meeting_frequency"):
        widget = form.fields[name].widget
        assert isinstance(widget, django_forms.RadioSelect), name
        assert "" not in [value for value, _ in form.fields[name].choices]


def test_rendered_form_has_hints_and_govuk_radios(world):
    form = forms.SubgroupForm(user=world.user("business_manager"), board=world.hwb)
    html = render_crispy_form(form)
    assert 'class="govuk-radios__input"' in html
    assert "Only people who sit on the board today are listed." in html
    assert "Required for a short-life (task and finish) group." in html
    assert 'id="id_kind_1"' in html


def test_error_summary_links_radios_to_their_first_option(world):
    form = forms.SubgroupForm(user=world.user("business_manager"), data={})
    form.is_valid()
    assert field_anchor(form["kind"]) == "id_kind_1"
    assert field_anchor(form["name"]) == "id_name"


def test_one_message_per_field_when_the_model_repeats_the_form(world):
    form = forms.MeetingForm(
        user=world.user("business_manager"),
        data={"date": "2026-10-01", "status": "scheduled"},
    )
    assert not form.is_valid()
    assert form.errors["board"] == ["Choose a board or a subgroup."]


def test_unique_together_message_lands_at_the_field(world):
    form = forms.OrganisationForm(
        user=world.user("business_manager"),
        data={"area": world.area_a.pk, "name": "Police", "kind": "police"},
    )
    assert form.is_valid()
    f.OrganisationFactory(area=world.area_a, name="Police")
    form = forms.OrganisationForm(
        user=world.user("business_manager"),
        data={"area": world.area_a.pk, "name": "Police", "kind": "police"},
    )
    assert not form.is_valid()
    assert form.errors == {"name": ["Another organisation in this area already has this name."]}


def test_policy_parent_is_the_subgroup_for_a_subgroup_meeting(world):
    subgroup = f.SubgroupFactory(board=world.hwb, name="Training")
    form = forms.MeetingForm(
        user=world.user("business_manager"),
        data={"subgroup": subgroup.pk, "date": "2026-10-01", "status": "scheduled"},
    )
    assert form.is_valid(), form.errors
    assert form.policy_parent() == subgroup


def test_open_membership_clash_is_reported_once_at_the_role(world):
    person = Person.objects.get(full_name="Member")
    form = forms.MembershipForm(
        user=world.user("business_manager"),
        data={"person": person.pk, "board": world.hwb.pk, "role": Membership.Role.MEMBER},
    )
    assert not form.is_valid()
    assert form.errors == {"role": ["This person already holds this role here."]}


def test_board_cannot_also_serve_its_host_area(world):
    form = forms.BoardForm(
        user=world.user("superuser"),
        data={
            "area": world.area_a.pk,
            "name": "Shared board",
            "short_name": "SB",
            "kind": "other",
            "additional_areas": [world.area_a.pk, world.area_b.pk],
        },
    )
    assert not form.is_valid()
    assert form.errors == {
        "additional_areas": ["Alderley is the host area; choose only the other areas."]
    }
