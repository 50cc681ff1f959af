"""The calendar pages: what's due, the area calendar by year and month, and its filters."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calendar_cycle.generation import generate_occurrences
from calendar_cycle.models import Occurrence
from tests import factories as f
from tests.factories import protocols as pf

from .conftest import occurrence

D = dt.date
START_OF_2026 = D(2026, 4, 1)


def signed_in(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def calendar_url(area, **params) -> str:
    url = reverse("calendar_cycle:area_calendar", kwargs={"slug": area.slug})
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


def assert_one_h1_and_no_inline_code(html: str) -> None:
    assert html.count("<h1") == 1
    assert "style=" not in html
    # The layout's two scripts carry the CSP nonce; a page adds none of its own.
    assert len(re.findall(r"<script", html)) == 2


# --- what's due -------------------------------------------------------------------------


def test_whats_due_lists_what_my_boards_owe_and_what_is_owed_to_them(client, cycle):
    response = signed_in(client, cycle.users["bolton_bscb_manager"]).get(
        reverse("calendar_cycle:due_list")
    )
    assert response.status_code == 200
    owed_by = {o.obligation_id for o in response.context["owed_by"] if o.obligation_id}
    owed_to = {o.obligation_id for o in response.context["owed_to"] if o.obligation_id}
    assert cycle.obligation("bolton_annual_report").pk in owed_by
    assert cycle.obligation("bolton_business_plan").pk in owed_by
    assert cycle.obligation("bolton_health_summary").pk in owed_to
    assert cycle.obligation("bolton_health_summary").pk not in owed_by
    assert cycle.obligation("bolton_annual_report").pk not in owed_to
    html = response.content.decode()
    assert "What I owe" in html
    assert "What is owed to my boards" in html
    assert_one_h1_and_no_inline_code(html)


def test_whats_due_shows_each_items_window_due_date_state_and_links(client, cycle):
    bromley_report = occurrence(cycle, "bromley_annual_report")
    response = signed_in(client, cycle.users["bromley_bscb_manager"]).get(
        reverse("calendar_cycle:due_list")
    )
    html = response.content.decode()
    version = cycle.versions["bromley"]
    assert f'href="{reverse("calendar_cycle:occurrence_detail", args=[bromley_report.pk])}"' in html
    assert f'href="{version.get_absolute_url()}#obligations"' in html
    assert "1 Oct 2026 to 31 Jan 2027" in html
    assert '<strong class="govuk-tag govuk-tag--grey">Upcoming</strong>' in html


def test_whats_due_leaves_out_done_and_waived_occurrences(client, cycle):
    waived = occurrence(cycle, "bolton_business_plan")
    Occurrence.objects.filter(pk=waived.pk).update(state="waived", waived_reason="Merged.")
    response = signed_in(client, cycle.users["bolton_bscb_manager"]).get(
        reverse("calendar_cycle:due_list")
    )
    assert waived.pk not in {o.pk for o in response.context["owed_by"]}


def test_whats_due_shows_nothing_of_another_area(client, cycle):
    response = signed_in(client, cycle.users["bromley_bscb_manager"]).get(
        reverse("calendar_cycle:due_list")
    )
    shown = list(response.context["owed_by"]) + list(response.context["owed_to"])
    assert shown
    assert {o.version.protocol.reference for o in shown} == {"bromley-hwb-bscb"}


def test_a_post_holder_owes_what_their_post_owes(client, cycle):
    bromley = cycle.areas["bromley"]
    user = f.UserFactory(username="dph")
    person = f.PersonFactory(area=bromley, user=user)
    post = f.PostFactory(area=bromley, kind="dph", holder=person)
    duty = pf.ObligationFactory(
        version=cycle.versions["bromley"],
        owing_board=None,
        owing_post=post,
        receiving_board=cycle.boards["bromley_hwb"],
        what="present_report",
        description="The Director of Public Health presents the annual report.",
        timing={"kind": "fixed_month", "month": 11},
        order=9,
    )
    generate_occurrences(today=START_OF_2026, force=True)
    response = signed_in(client, user).get(reverse("calendar_cycle:due_list"))
    assert {o.obligation_id for o in response.context["owed_by"]} == {duty.pk}
    assert list(response.context["owed_to"]) == []


def test_a_boards_whats_due_page_lists_what_it_owes_and_is_owed(client, cycle):
    bhwb = cycle.boards["bolton_bhwb"]
    response = signed_in(client, cycle.users["bolton_member"]).get(
        reverse("calendar_cycle:board_due", args=[bhwb.pk])
    )
    assert response.status_code == 200
    owed_by = {o.obligation_id for o in response.context["owed_by"]}
    owed_to = {o.obligation_id for o in response.context["owed_to"]}
    assert cycle.obligation("bolton_health_summary").pk in owed_by
    assert cycle.obligation("bolton_annual_report").pk in owed_to
    assert "What the BHWB owes" in response.content.decode()


def test_another_areas_board_has_no_whats_due_page(client, cycle):
    response = signed_in(client, cycle.users["bromley_bscb_manager"]).get(
        reverse("calendar_cycle:board_due", args=[cycle.boards["bolton_bhwb"].pk])
    )
    assert response.status_code == 404


# --- the area calendar ------------------------------------------------------------------


def test_the_year_view_runs_from_april_to_march_with_each_item_under_its_due_month(client, cycle):
    response = signed_in(client, cycle.users["bolton_member"]).get(
        calendar_url(cycle.areas["bolton"], view="year", year=2026)
    )
    assert response.status_code == 200
    months = response.context["months"]
    assert [m["label"] for m in months][0] == "April 2026"
    assert [m["label"] for m in months][-1] == "March 2027"
    assert len(months) == 12
    by_month = {m["label"]: {o.obligation_id for o in m["occurrences"]} for m in months}
    assert cycle.obligation("bolton_annual_report").pk in by_month["September 2026"]
    assert cycle.obligation("bolton_business_plan").pk in by_month["June 2026"]
    html = response.content.decode()
    assert "Financial year 2026/27" in html
    assert 'href="/calendar/areas/bolton/?view=year&amp;year=2025"' in html
    assert 'href="/calendar/areas/bolton/?view=year&amp;year=2027"' in html
    assert_one_h1_and_no_inline_code(html)


def test_the_month_view_shows_windows_open_in_the_month_and_links_the_next_and_previous(
    client, cycle
):
    response = signed_in(client, cycle.users["bromley_bscb_manager"]).get(
        calendar_url(cycle.areas["bromley"], view="month", year=2026, month=1)
    )
    assert response.status_code == 200
    assert response.context["period_label"] == "January 2027"
    shown = {o.obligation_id for o in response.context["occurrences"]}
    # October to January and October to March are both open in January.
    assert cycle.obligation("bromley_annual_report").pk in shown
    assert cycle.obligation("bromley_strategy_review").pk in shown
    html = response.content.decode()
    assert 'href="/calendar/areas/bromley/?view=month&amp;year=2026&amp;month=12"' in html
    assert 'href="/calendar/areas/bromley/?view=month&amp;year=2026&amp;month=2"' in html
    assert "December 2026" in html and "February 2027" in html


def test_the_month_after_march_is_april_of_the_next_financial_year(client, cycle):
    response = signed_in(client, cycle.users["bolton_member"]).get(
        calendar_url(cycle.areas["bolton"], view="month", year=2026, month=3)
    )
    assert response.context["period_label"] == "March 2027"
    assert response.context["next"].endswith("?view=month&year=2027&month=4")
    assert response.context["previous"].endswith("?view=month&year=2026&month=2")


def test_the_calendar_filters_by_board_protocol_and_state(client, cycle):
    bolton = cycle.areas["bolton"]
    bhwb = cycle.boards["bolton_bhwb"]
    user = cycle.users["bolton_member"]
    Occurrence.objects.filter(pk=occurrence(cycle, "bolton_business_plan").pk).update(
        state="overdue"
    )
    response = signed_in(client, user).get(calendar_url(bolton, year=2026, state="overdue"))
    shown = [o for m in response.context["months"] for o in m["occurrences"]]
    assert [o.obligation_id for o in shown] == [cycle.obligation("bolton_business_plan").pk]

    response = client.get(calendar_url(bolton, year=2026, board=bhwb.pk))
    shown = [o for m in response.context["months"] for o in m["occurrences"]]
    assert shown
    assert all(
        bhwb.pk in (o.obligation.owing_board_id, o.obligation.receiving_board_id)
        for o in shown
        if o.obligation_id
    )
    protocol = cycle.versions["bolton"].protocol
    response = client.get(calendar_url(bolton, year=2026, protocol=protocol.pk))
    assert (
        response.context["count"]
        == Occurrence.objects.filter(version__protocol=protocol, financial_year=2026).count()
    )
    html = response.content.decode()
    # The filter keeps to the pages it links to.
    assert f"protocol={protocol.pk}" in response.context["next"]
    assert f'<option value="{protocol.pk}" selected>' in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"year": "twenty"}, "year", "Enter a financial year between 2000 and 2099, such as 2026."),
        ({"year": "1999"}, "year", "Enter a financial year between 2000 and 2099, such as 2026."),
        ({"month": "13"}, "month", "Enter a month from 1 (January) to 12 (December)."),
        ({"state": "lost"}, "state", "Choose a state from the list."),
        ({"board": "999999999999999999999"}, "board", "Choose a board from the list."),
        ({"view": "week"}, "view", "Choose a year or a month."),
    ],
)
def test_bad_filters_are_a_400_with_the_reason(client, cycle, params, field, message):
    response = signed_in(client, cycle.users["bolton_member"]).get(
        calendar_url(cycle.areas["bolton"], **params)
    )
    assert response.status_code == 400
    assert response.context["errors"] == [(f"id_{field}", message)]
    assert message in response.content.decode()


def test_a_board_of_another_area_is_not_a_filter_choice(client, cycle):
    response = signed_in(client, cycle.users["bolton_member"]).get(
        calendar_url(cycle.areas["bolton"], board=cycle.boards["bromley_hwb"].pk)
    )
    assert response.status_code == 400
    assert response.context["errors"] == [("id_board", "Choose a board from the list.")]


def test_another_areas_calendar_is_not_found(client, cycle):
    response = signed_in(client, cycle.users["bolton_member"]).get(
        calendar_url(cycle.areas["bromley"])
    )
    assert response.status_code == 404


def test_the_calendar_link_opens_the_users_own_area(client, cycle):
    response = signed_in(client, cycle.users["bromley_hwb_chair"]).get(
        reverse("calendar_cycle:calendar_home")
    )
    assert response.status_code == 200
    assert response.context["area"] == cycle.areas["bromley"]


def test_the_navigation_offers_whats_due_and_the_calendar(client, cycle):
    html = (
        signed_in(client, cycle.users["bolton_member"])
        .get(reverse("calendar_cycle:due_list"))
        .content.decode()
    )
    assert f'href="{reverse("calendar_cycle:due_list")}">What\'s due</a>' in html
    assert f'href="{reverse("calendar_cycle:calendar_home")}">Calendar</a>' in html


# --- a constant number of queries -------------------------------------------------------


def _more_obligations(seeds, count: int) -> None:
    version = seeds.versions["bolton"]
    for n in range(count):
        pf.ObligationFactory(
            version=version,
            owing_board=seeds.boards["bolton_bscb"],
            receiving_board=seeds.boards["bolton_bhwb"],
            what="present_report",
            description=f"Extra report {n}.",
            timing={"kind": "fixed_month", "month": 4 + n % 9},
            order=100 + n,
        )
    generate_occurrences(today=START_OF_2026, force=True)


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.content)


@pytest.mark.parametrize(
    "page",
    ["due_list", "board_due", "calendar_year", "calendar_month"],
)
def test_pages_make_the_same_number_of_queries_for_5_and_50_obligations(client, seeds, page):
    user = seeds.users["bolton_bscb_manager"]
    signed_in(client, user)
    url = {
        "due_list": reverse("calendar_cycle:due_list"),
        "board_due": reverse("calendar_cycle:board_due", args=[seeds.boards["bolton_bscb"].pk]),
        "calendar_year": calendar_url(seeds.areas["bolton"], year=2026),
        "calendar_month": calendar_url(seeds.areas["bolton"], view="month", year=2026, month=9),
    }[page]
    _more_obligations(seeds, 5)
    small, small_size = _queries(client, url)
    _more_obligations(seeds, 45)
    large, large_size = _queries(client, url)
    assert large_size > small_size  # the page really grew
    assert small == large
