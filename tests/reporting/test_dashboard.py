"""The compliance dashboard's pages and exports: each figure is the occurrences behind it."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from calendar_cycle.models import Occurrence
from reporting import compliance
from tests.reporting.compliance_support import FY, TODAY, build_ledger

pytestmark = pytest.mark.django_db

NOW = f"{TODAY.isoformat()} 12:00:00"


@pytest.fixture
def ledger(world):
    return build_ledger(world)


def _area_url(world, **query):
    url = reverse("reporting:area_compliance", kwargs={"slug": world.area_a.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _listed(client, href: str) -> int:
    response = client.get(href.replace("&amp;", "&"))
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


@freeze_time(NOW)
def test_each_figure_links_to_exactly_the_occurrences_it_counts(world, ledger, client_for):
    client = client_for(world.user("member"))
    response = client.get(_area_url(world, year=FY))
    assert response.status_code == 200
    html = response.content.decode()
    summary = response.context["summary"]
    assert summary.total.counts == {
        compliance.Outcome.ON_TIME: 1,
        compliance.Outcome.LATE: 1,
        compliance.Outcome.OVERDUE: 1,
        compliance.Outcome.WAIVED: 1,
        compliance.Outcome.NOT_YET_DUE: 1,
    }
    links = re.findall(r'href="(/reports/compliance/occurrences/\?[^"]+)"', html)
    assert links, "the figures link to their occurrences"
    checked = 0
    for _outcome, count, url in response.context["totals"]:
        if count:
            assert url.replace("&", "&amp;") in html
            assert _listed(client, url) == count
            checked += 1
    for row in response.context["quarters"]:
        for _outcome, count, url in row["cells"]:
            assert _listed(client, url) == count
    for table in response.context["tables"]:
        for row in table["rows"]:
            for _outcome, count, url in row["cells"]:
                assert _listed(client, url) == count
    assert checked == 5


@freeze_time(NOW)
def test_the_late_figure_lists_the_late_occurrence_by_name(world, ledger, client_for):
    client = client_for(world.user("member"))
    url = reverse("reporting:occurrence_list") + (f"?area={world.area_a.pk}&year={FY}&outcome=late")
    response = client.get(url)
    rows = response.context["rows"]
    assert [r["occurrence"].pk for r in rows] == [ledger.occurrences["q2_late"].pk]
    assert "Met late, 2025/26" in response.content.decode()


@freeze_time(NOW)
def test_quarter_chart_is_an_svg_image_with_a_table_alternative(world, ledger, client_for):
    html = client_for(world.user("member")).get(_area_url(world, year=FY)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in html
    assert '<title id="chart-title">On-time rate by quarter, 2025/26</title>' in html
    assert "Q1: 100%. Q2: 0%. Q3: 0%. Q4: no figures yet." in html
    assert 'style="' not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "Q1 (Apr–Jun 2025)" in html


@freeze_time(NOW)
def test_board_page_counts_what_the_board_owes(world, ledger, client_for):
    url = reverse("reporting:board_compliance", kwargs={"pk": world.scp.pk}) + f"?year={FY}"
    summary = client_for(world.user("member")).get(url).context["summary"]
    assert summary.total.total == 1
    assert summary.total.counts[compliance.Outcome.WAIVED] == 1


@freeze_time(NOW)
def test_protocol_page_shows_the_years_over_time(world, ledger, client_for):
    url = reverse("reporting:protocol_compliance", kwargs={"pk": ledger.version.protocol_id})
    response = client_for(world.user("member")).get(url + f"?year={FY}")
    assert [(row["year"], row["tally"].total) for row in response.context["over_time"]] == [
        (FY - 1, 2),
        (FY, 5),
    ]


@freeze_time(NOW)
def test_csv_export_matches_the_page(world, ledger, client_for):
    client = client_for(world.user("member"))
    summary = client.get(_area_url(world, year=FY)).context["summary"]
    url = reverse("reporting:area_figures", kwargs={"slug": world.area_a.slug, "format": "csv"})
    response = client.get(url + f"?year={FY}")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    total = rows[0]
    assert total["group"] == "total"
    for outcome in compliance.Outcome:
        assert int(total[outcome.value]) == summary.total.counts[outcome]
    quarters = [r for r in rows if r["group"] == "quarter"]
    assert [r["on_time_rate"] for r in quarters] == ["1.0", "0.0", "0.0", ""]
    assert [(r["name"], r["total"]) for r in rows if r["group"] == "board"] == [
        ("ASCP", "1"),
        ("HWB", "4"),
    ]


@freeze_time(NOW)
def test_json_export_carries_the_same_figures(world, ledger, client_for):
    url = reverse("reporting:area_figures", kwargs={"slug": world.area_a.slug, "format": "json"})
    data = json.loads(client_for(world.user("member")).get(url + f"?year={FY}").content)
    assert data["total"]["on_time"] == 1
    assert data["total"]["total"] == 5
    assert data["financial_year_label"] == "2025/26"
    assert [q["total"] for q in data["by_quarter"]] == [1, 1, 2, 1]
    assert [(y["financial_year"], y["total"]) for y in data["over_time"]] == [(FY - 1, 2), (FY, 5)]


@freeze_time(NOW)
def test_compliance_log_download_has_a_row_per_occurrence_behind_the_figure(
    world, ledger, client_for
):
    url = reverse("reporting:occurrence_log") + f"?area={world.area_a.pk}&year={FY}"
    response = client_for(world.user("member")).get(url)
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == Occurrence.objects.filter(financial_year=FY).count() == 5
    assert {r["outcome"] for r in rows} == {o.label for o in compliance.Outcome}


def test_another_areas_dashboard_is_not_found(world, ledger, client_for):
    client = client_for(world.user("business_manager_b"))
    assert client.get(_area_url(world)).status_code == 404
    url = reverse("reporting:protocol_compliance", kwargs={"pk": ledger.version.protocol_id})
    assert client.get(url).status_code == 404


def test_another_areas_occurrences_are_not_listed(world, ledger, client_for):
    url = reverse("reporting:occurrence_list") + f"?area={world.area_a.pk}"
    response = client_for(world.user("business_manager_b")).get(url)
    assert response.context["page_obj"].paginator.count == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "outcome=sometime",
            "The outcome must be one of on_time, late, overdue, waived, not_yet_due.",
        ),
        ("quarter=5&year=2025", "The quarter must be 1, 2, 3 or 4."),
        ("quarter=2", "Choose a financial year to narrow to a quarter."),
        ("area=x", "The area must be a number, not “x”."),
    ],
)
def test_a_filter_that_names_nothing_is_refused_with_a_reason(world, client_for, query, message):
    response = client_for(world.user("member")).get(
        reverse("reporting:occurrence_list") + "?" + query
    )
    assert response.status_code == 400
    assert response.content.decode() == message


def test_a_year_with_no_figures_is_not_found(world, ledger, client_for):
    response = client_for(world.user("member")).get(_area_url(world, year=1999))
    assert response.status_code == 404


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@freeze_time(NOW)
def test_dashboard_and_list_queries_do_not_grow_with_the_data(world, client_for):
    client = client_for(world.user("member"))
    build_ledger(world)
    urls = [
        _area_url(world, year=FY),
        reverse("reporting:occurrence_list") + f"?area={world.area_a.pk}&year={FY}",
        reverse("reporting:area_tracker", kwargs={"slug": world.area_a.slug}),
    ]
    small = [_count_queries(client, u) for u in urls]
    build_ledger(world, reference="alderley-second", extra_quarters=12)
    large = [_count_queries(client, u) for u in urls]
    assert small == large
