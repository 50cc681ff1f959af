"""An occurrence's page: recording it done with evidence, waiving it, and its document."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from freezegun import freeze_time

from calendar_cycle.models import Occurrence

from .conftest import meeting, occurrence

D = dt.date
TODAY = D(2026, 10, 20)


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def today():
    with freeze_time("2026-10-20 09:00"):
        yield TODAY


def as_user(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def url(name: str, occ: Occurrence) -> str:
    return reverse(f"calendar_cycle:occurrence_{name}", args=[occ.pk])


def test_the_page_shows_the_window_due_date_state_and_the_forms_to_the_owing_board(
    client, cycle, today
):
    report = occurrence(cycle, "bolton_annual_report")
    response = as_user(client, cycle.users["bolton_bscb_manager"]).get(url("detail", report))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Opens 1 September 2026, closes 30 September 2026" in html
    assert response.context["done_form"] is not None
    assert response.context["waive_form"] is not None
    assert f'action="{url("done", report)}"' in html
    assert f'action="{url("waive", report)}"' in html
    assert html.count("<h1") == 1 and "style=" not in html


def test_a_member_reads_the_page_without_the_forms(client, cycle, today):
    report = occurrence(cycle, "bolton_annual_report")
    response = as_user(client, cycle.users["bolton_member"]).get(url("detail", report))
    assert response.status_code == 200
    assert response.context["done_form"] is None
    assert response.context["waive_form"] is None


def test_a_member_cannot_record_it_done(client, cycle, today):
    report = occurrence(cycle, "bolton_annual_report")
    response = as_user(client, cycle.users["bolton_member"]).post(
        url("done", report), {"done_on": "2026-10-01", "note": "Presented."}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.state != "done"


def test_another_areas_occurrence_is_not_found(client, cycle, today):
    report = occurrence(cycle, "bolton_annual_report")
    client = as_user(client, cycle.users["bromley_bscb_manager"])
    assert client.get(url("detail", report)).status_code == 404
    assert client.post(url("waive", report), {"reason": "No."}).status_code == 404


def test_recording_done_with_a_meeting_and_a_document_keeps_the_evidence_private(
    client, cycle, today, private_media
):
    report = occurrence(cycle, "bolton_annual_report")
    september = meeting(cycle.boards["bolton_bhwb"], D(2026, 9, 24), status="held")
    document = SimpleUploadedFile(
        "annual-report.pdf", b"%PDF-1.4 the annual report", content_type="application/pdf"
    )
    response = as_user(client, cycle.users["bolton_bscb_manager"]).post(
        url("done", report),
        {
            "done_on": "2026-09-24",
            "meeting": september.pk,
            "document": document,
            "link": "https://example.org/annual-report",
            "note": "Presented by the independent chair.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("detail", report)
    report.refresh_from_db()
    assert (report.state, report.done_on, report.evidence_meeting) == (
        "done",
        D(2026, 9, 24),
        september,
    )
    assert report.evidence_link == "https://example.org/annual-report"
    stored = private_media / report.evidence_document.name
    assert stored.read_bytes() == b"%PDF-1.4 the annual report"

    page = client.get(url("detail", report)).content.decode()
    assert "Recorded as done." in page
    assert f'href="{url("evidence", report)}"' in page
    assert "/media/" not in page

    download = client.get(url("evidence", report))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 the annual report"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Cache-Control"] == "private, no-store"

    other_area = as_user(client, cycle.users["bromley_bscb_manager"])
    assert other_area.get(url("evidence", report)).status_code == 404
    client.logout()
    assert client.get(url("evidence", report)).status_code == 302


def test_the_receiving_board_records_it_done_with_its_own_meeting(client, cycle, today):
    report = occurrence(cycle, "bolton_annual_report")
    september = meeting(cycle.boards["bolton_bhwb"], D(2026, 9, 24), status="held")
    response = as_user(client, cycle.users["bolton_bhwb_manager"]).post(
        url("done", report), {"done_on": "2026-09-24", "meeting": september.pk}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "done"


def test_the_receiving_board_without_a_meeting_is_told_who_may_record_it(client, cycle, today):
    report = occurrence(cycle, "bolton_annual_report")
    response = as_user(client, cycle.users["bolton_bhwb_manager"]).post(
        url("done", report), {"done_on": "2026-09-24", "note": "Received."}
    )
    assert response.status_code == 400
    assert [m for _, m in response.context["errors"]] == [
        "Only a chair or business manager of the board that owes this can record it done."
    ]


@pytest.mark.parametrize(
    ("data", "anchor", "message"),
    [
        ({"note": "Done."}, "id_done_on", "Enter the date it was done."),
        (
            {"done_on": "31/02/2026", "note": "Done."},
            "id_done_on",
            "Date it was done must be a real date, for example 27/03/2026.",
        ),
        (
            {"done_on": "2026-10-21", "note": "Done."},
            "id_done_on",
            "The date it was done must be today or in the past.",
        ),
        (
            {"done_on": "2026-10-01"},
            "id_done_on",
            "Give the evidence that it was done: a meeting, a document, a link or a note.",
        ),
        (
            {"done_on": "2026-10-01", "link": "not a link"},
            "id_link",
            "Enter the link as a full web address, starting with https://",
        ),
        (
            {"done_on": "2026-10-01", "meeting": "99999999999999999999"},
            "id_meeting",
            "Choose a meeting from the list.",
        ),
    ],
)
def test_bad_input_comes_back_at_its_field(client, cycle, today, data, anchor, message):
    report = occurrence(cycle, "bolton_annual_report")
    response = as_user(client, cycle.users["bolton_bscb_manager"]).post(url("done", report), data)
    assert response.status_code == 400
    assert response.context["errors"] == [(anchor, message)]
    assert message in response.content.decode().replace("&#x27;", "'")
    report.refresh_from_db()
    assert report.state != "done"


def test_a_document_of_the_wrong_kind_is_refused_and_nothing_is_stored(
    client, cycle, today, private_media
):
    report = occurrence(cycle, "bolton_annual_report")
    response = as_user(client, cycle.users["bolton_bscb_manager"]).post(
        url("done", report),
        {"done_on": "2026-10-01", "document": SimpleUploadedFile("run.exe", b"MZ")},
    )
    assert response.status_code == 400
    assert response.context["errors"] == [
        (
            "id_document",
            "The document must be a PDF, Word, OpenDocument, spreadsheet, slides or text file.",
        )
    ]
    assert not private_media.exists() or not any(private_media.rglob("*.exe"))


def test_waiving_needs_a_reason_then_closes_the_occurrence(client, cycle, today):
    plan = occurrence(cycle, "bolton_business_plan")
    client = as_user(client, cycle.users["bolton_bscb_manager"])
    response = client.post(url("waive", plan), {"reason": "  "})
    assert response.status_code == 400
    assert response.context["errors"] == [("id_reason", "Enter the reason for waiving it.")]
    response = client.post(url("waive", plan), {"reason": "Merged with the annual report."})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.waived_reason) == ("waived", "Merged with the annual report.")
    page = client.get(url("detail", plan))
    assert page.context["done_form"] is None and page.context["waive_form"] is None
    assert "Merged with the annual report." in page.content.decode()
    again = client.post(url("waive", plan), {"reason": "Again."})
    assert again.status_code == 400
    assert [m for _, m in again.context["errors"]] == [
        "This has been waived, so it cannot be changed."
    ]


def test_the_page_escapes_what_people_wrote(client, cycle, today):
    plan = occurrence(cycle, "bolton_business_plan")
    client = as_user(client, cycle.users["bolton_bscb_manager"])
    client.post(url("waive", plan), {"reason": "<script>alert(1)</script>"})
    html = client.get(url("detail", plan)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_over_long_reason_is_refused_at_its_field(client, cycle, today):
    plan = occurrence(cycle, "bolton_business_plan")
    response = as_user(client, cycle.users["bolton_bscb_manager"]).post(
        url("waive", plan), {"reason": "x" * 2001}
    )
    assert response.status_code == 400
    assert response.context["errors"] == [
        ("id_reason", "Keep the reason to 2000 characters or fewer.")
    ]
