"""Starting a committee report from a duty: the annual report to the receiving board."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from reporting.models import CommitteeReport
from tests import factories as f
from tests.reporting.compliance_support import build_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def waived_report(world):
    ledger = build_ledger(world)
    return ledger.occurrences["q3_waived"]  # the ASCP's annual report to the HWB, 2025


@freeze_time("2026-01-15 12:00:00")
def test_the_form_offers_the_receiving_boards_next_meeting(world, waived_report, client_for):
    f.MeetingFactory(board=world.hwb, date=dt.date(2025, 12, 1))
    following = f.MeetingFactory(board=world.hwb, date=dt.date(2026, 3, 5))
    f.MeetingFactory(board=world.hwb, date=dt.date(2026, 6, 4))
    f.MeetingFactory(board=world.scp, date=dt.date(2026, 2, 1))
    url = reverse("reporting:report_from_occurrence") + f"?occurrence={waived_report.pk}"
    response = client_for(world.user("democratic_services")).get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"meeting": following.pk}
    assert {m.board_id for m in form.fields["meeting"].queryset} == {world.hwb.pk}
    assert "ASCP annual report 2024/25" in response.content.decode()


@freeze_time("2026-01-15 12:00:00")
def test_posting_starts_a_prefilled_report_with_the_protocol_attached(
    world, waived_report, client_for
):
    meeting = f.MeetingFactory(board=world.hwb, date=dt.date(2026, 3, 5))
    url = reverse("reporting:report_from_occurrence") + f"?occurrence={waived_report.pk}"
    response = client_for(world.user("democratic_services")).post(
        url, {"meeting": meeting.pk, "agenda_item": "7"}
    )
    report = CommitteeReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.title == "ASCP annual report 2024/25"
    assert report.board == world.hwb
    assert report.meeting == meeting
    assert report.agenda_item == 7
    assert [r.text for r in report.recommendations.order_by("order")] == [
        "That the HWB note the report and comment on it.",
        "That the HWB agree its response to the ASCP.",
    ]
    assert [a.protocol_version_id for a in report.appendices.all()] == [waived_report.version_id]
    assert "It is due by 1 December 2025." in report.synopsis


def test_a_meeting_of_another_board_is_refused_at_the_field(world, waived_report, client_for):
    other = f.MeetingFactory(board=world.scp, date=dt.date(2026, 3, 5))
    url = reverse("reporting:report_from_occurrence") + f"?occurrence={waived_report.pk}"
    response = client_for(world.user("democratic_services")).post(url, {"meeting": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"] == [
        "Choose a meeting of the board the duty is owed to."
    ]
    assert not CommitteeReport.objects.exists()


def test_only_democratic_services_may_start_one(world, waived_report, client_for):
    url = reverse("reporting:report_from_occurrence") + f"?occurrence={waived_report.pk}"
    assert client_for(world.user("chair")).get(url).status_code == 403
    assert client_for(world.user("business_manager_b")).get(url).status_code == 404
