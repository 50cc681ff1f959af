"""A meeting's forward plan: what is owed to its board and falls due since its last meeting."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from tests import factories as f

from .conftest import meeting

D = dt.date


def plan(client, user, meeting_):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(reverse("calendar_cycle:meeting_plan", args=[meeting_.pk]))


def labels(cycle, response) -> set[str]:
    by_pk = {o.pk: label for label, o in cycle.obligations.items()}
    return {by_pk[o.obligation_id] for o in response.context["occurrences"] if o.obligation_id}


def test_the_plan_lists_what_is_owed_to_the_board_since_its_last_meeting(client, cycle):
    bhwb = cycle.boards["bolton_bhwb"]
    meeting(bhwb, D(2026, 7, 9))
    october = meeting(bhwb, D(2026, 10, 8))
    response = plan(client, cycle.users["bolton_member"], october)
    assert response.status_code == 200
    assert response.context["previous"].date == D(2026, 7, 9)
    # September's annual report and the second quarter's officers' meeting fall due
    # between the meetings; June's business plan fell due before July's meeting, and what
    # the BHWB owes to the BSCB is not on its own agenda.
    assert labels(cycle, response) == {"bolton_annual_report", "bolton_officers_meet"}
    html = response.content.decode()
    assert "after its last meeting, on" in html
    assert html.count("<h1") == 1


def test_a_cancelled_meeting_does_not_count_as_the_last_one(client, cycle):
    bhwb = cycle.boards["bolton_bhwb"]
    meeting(bhwb, D(2026, 5, 14))
    meeting(bhwb, D(2026, 7, 9), status="cancelled")
    october = meeting(bhwb, D(2026, 10, 8))
    response = plan(client, cycle.users["bolton_member"], october)
    assert response.context["previous"].date == D(2026, 5, 14)
    assert "bolton_business_plan" in labels(cycle, response)


def test_the_first_meeting_lists_everything_due_by_then(client, cycle):
    first = meeting(cycle.boards["bolton_bhwb"], D(2026, 7, 9))
    response = plan(client, cycle.users["bolton_member"], first)
    assert response.context["previous"] is None
    assert labels(cycle, response) == {"bolton_business_plan", "bolton_officers_meet"}


def test_the_meeting_page_links_to_its_forward_plan(client, cycle):
    october = meeting(cycle.boards["bolton_bhwb"], D(2026, 10, 8))
    client.force_login(
        cycle.users["bolton_member"], backend="django.contrib.auth.backends.ModelBackend"
    )
    html = client.get(october.get_absolute_url()).content.decode()
    assert f'href="{reverse("calendar_cycle:meeting_plan", args=[october.pk])}"' in html


def test_a_subgroup_meeting_has_no_forward_plan_and_says_why(client, cycle):
    subgroup = f.SubgroupFactory(board=cycle.boards["bolton_bhwb"], name="Quality")
    sub_meeting = f.MeetingFactory(board=None, subgroup=subgroup, date=D(2026, 10, 1))
    response = plan(client, cycle.users["bolton_member"], sub_meeting)
    assert response.status_code == 200
    assert list(response.context["occurrences"]) == []
    assert "a subgroup's meeting has no forward plan" in response.content.decode()


def test_another_areas_meeting_has_no_forward_plan_page(client, cycle):
    october = meeting(cycle.boards["bolton_bhwb"], D(2026, 10, 8))
    response = plan(client, cycle.users["bromley_bscb_manager"], october)
    assert response.status_code == 404
