"""The report pages: deadlines and warnings, forms and their errors, clearance, downloads."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time
from pypdf import PdfReader

from boards.models import Meeting
from reporting import services
from reporting.models import Clearance, CommitteeReport
from tests import factories as f
from tests.protocols.pdf_support import build_protocol
from tests.reporting.support import FUTURE_MEETING, clear, make_report, publish


def url(name: str, report=None, **kwargs) -> str:
    if report is not None:
        kwargs["pk"] = report.pk
    return reverse(f"reporting:{name}", kwargs=kwargs or None)


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def error_summary(response) -> list[tuple[str, str]]:
    html = response.content.decode()
    summary = html.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
    return [
        (anchor, " ".join(message.split()))
        for anchor, message in re.findall(r'<li><a href="#([^"]*)">(.*?)</a></li>', summary, re.S)
    ]


@pytest.fixture
def ds_client(office, client_for):
    return client_for(office.user("democratic_services"))


def form_data(office, **overrides) -> dict:
    data = {
        "area": office.area_a.pk,
        "board": office.hwb.pk,
        "meeting": office.meeting.pk,
        "agenda_item": "6",
        "wards": "All wards",
        "part": "public",
        "report_of_post": office.dcs_post.pk,
        "contact_name": "Lynn Mattai",
        "contact_email": "lynn.mattai@example.org",
        "title": "Annual report of the ASCP",
        "synopsis": "The annual report for 2030-31.",
        "recommendations": "That the HWB note the report.\n\nThat the HWB respond formally.",
    }
    data.update(overrides)
    return data


# --- the report page and its deadlines ------------------------------------------------------


def test_report_page_shows_both_deadlines(office, ds_client, draft):
    text = text_of(ds_client.get(draft.get_absolute_url()))
    assert "Report deadline 10:00 on Tuesday 30 September 2031" in text
    assert (
        "Agenda published by Wednesday 1 October 2031, 5 clear working days before the meeting"
        in text
    )
    assert "deadline has passed" not in text


def test_report_page_warns_when_both_deadlines_are_missed(office, ds_client):
    meeting = f.MeetingFactory(board=office.hwb, date=dt.date(2013, 10, 10))
    report = make_report(office, meeting=meeting)
    text = text_of(ds_client.get(report.get_absolute_url()))
    assert "Report deadline 10:00 on Tuesday 1 October 2013" in text
    assert (
        "Warning The report deadline has passed. Mark it late and give the reasons before "
        "sending it for clearance." in text
    )
    assert (
        "Warning The agenda deadline has passed. It can only be published with reasons for "
        "urgency." in text
    )


def test_report_page_says_a_late_report_is_marked_late(office, ds_client):
    meeting = f.MeetingFactory(board=office.hwb, date=dt.date(2031, 10, 9))
    report = make_report(office, meeting=meeting, is_late=True, late_reason="Waiting for data.")
    with freeze_time("2031-10-01 12:00:00"):
        services.report_submit(actor=office.user("democratic_services"), report=report)
    text = text_of(ds_client.get(report.get_absolute_url()))
    assert "The report reached clearance after its deadline. It is marked late." in text
    assert "Reasons the report is late Waiting for data." in text


def test_report_page_offers_only_the_steps_the_state_allows(office, ds_client, draft):
    text = text_of(ds_client.get(draft.get_absolute_url()))
    assert "Send for clearance" in text
    assert "Clear the report" not in text
    assert "Start a new revision" not in text
    cleared = clear(office, make_report(office, title="Second"))
    text = text_of(ds_client.get(cleared.get_absolute_url()))
    assert "Publish the report" in text and "Start a new revision" in text
    assert "Change the report" not in text


# --- writing a report -------------------------------------------------------------------------


def test_democratic_services_start_a_report_from_the_form(office, ds_client):
    response = ds_client.post(url("report_create"), form_data(office))
    report = CommitteeReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert list(report.recommendations.values_list("order", "text")) == [
        (1, "That the HWB note the report."),
        (2, "That the HWB respond formally."),
    ]
    assert report.agenda_item == 6


def test_the_form_offers_the_meeting_when_started_from_it(office, ds_client):
    response = ds_client.get(url("report_create") + f"?meeting={office.meeting.pk}")
    html = response.content.decode()
    assert re.search(rf'<option value="{office.meeting.pk}" selected>', html)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"part": "exempt"},
            [
                (
                    "id_exempt_paragraph_1",
                    "Choose the paragraph of Schedule 12A to the Local Government Act 1972 "
                    "that makes the report exempt.",
                )
            ],
        ),
        ({"title": ""}, [("id_title", "Enter the report&#x27;s title.")]),
        (
            {"is_urgent": "on"},
            [("id_urgency_reason", "Give the reasons why the report is urgent.")],
        ),
        ({"meeting": ""}, [("id_meeting", "Choose the meeting the report is for.")]),
        (
            {"board": "", "meeting": ""},
            [("id_board", "Choose the board the report goes to, or name the committee.")],
        ),
    ],
)
def test_a_bad_report_comes_back_with_an_error_summary(office, ds_client, overrides, expected):
    response = ds_client.post(url("report_create"), form_data(office, **overrides))
    assert response.status_code == 200
    assert error_summary(response) == expected
    assert response.content.decode().count("<h1") == 1
    assert not CommitteeReport.objects.exists()


def test_a_forged_meeting_of_another_area_is_refused_at_its_field(office, ds_client):
    foreign = f.MeetingFactory(board=office.board_b, date=FUTURE_MEETING)
    response = ds_client.post(url("report_create"), form_data(office, meeting=foreign.pk))
    assert error_summary(response) == [("id_meeting", "Choose a meeting of a board in your area.")]
    assert not CommitteeReport.objects.exists()


def test_a_part_1_report_forgets_a_paragraph_left_ticked(office, ds_client):
    ds_client.post(url("report_create"), form_data(office, exempt_paragraph="3"))
    assert CommitteeReport.objects.get().exempt_paragraph is None


def test_an_edit_rewrites_recommendations_and_appendices(office, ds_client, draft):
    version = build_protocol(office)
    data = form_data(
        office,
        title=draft.title,
        recommendations="Only this one.",
        appendix_versions=[version.pk],
    )
    response = ds_client.post(url("report_update", draft), data)
    assert response.status_code == 302
    assert list(draft.recommendations.values_list("text", flat=True)) == ["Only this one."]
    assert [(a.letter, a.protocol_version_id) for a in draft.appendices.all()] == [
        ("A", version.pk)
    ]


def test_a_cleared_report_has_no_edit_page(office, ds_client):
    report = clear(office, make_report(office))
    for name in ("report_update", "report_sections", "report_implications"):
        assert ds_client.get(url(name, report)).status_code == 403


def test_sections_are_added_ordered_and_removed_on_one_page(office, ds_client, draft):
    prefix = "sections"
    data = {
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-heading": "Second",
        f"{prefix}-0-body": "b",
        f"{prefix}-0-ORDER": "2",
        f"{prefix}-1-heading": "First",
        f"{prefix}-1-body": "a",
        f"{prefix}-1-ORDER": "1",
    }
    assert ds_client.post(url("report_sections", draft), data).status_code == 302
    assert list(draft.sections.values_list("heading", flat=True)) == ["First", "Second"]
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "3",
            f"{prefix}-INITIAL_FORMS": "2",
            f"{prefix}-0-heading": "First",
            f"{prefix}-0-ORDER": "1",
            f"{prefix}-0-DELETE": "on",
            f"{prefix}-1-heading": "Second",
            f"{prefix}-1-body": "b",
            f"{prefix}-1-ORDER": "2",
            f"{prefix}-2-heading": "",
            f"{prefix}-2-body": "",
            f"{prefix}-2-ORDER": "",
        }
    )
    assert ds_client.post(url("report_sections", draft), data).status_code == 302
    assert list(draft.sections.values_list("order", "heading")) == [(1, "Second")]


def test_a_section_with_text_but_no_heading_is_refused(office, ds_client, draft):
    data = {
        "sections-TOTAL_FORMS": "1",
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-heading": "",
        "sections-0-body": "Some text",
    }
    response = ds_client.post(url("report_sections", draft), data)
    assert response.status_code == 200
    assert error_summary(response) == [("id_sections-0-heading", "Enter the heading.")]
    assert not draft.sections.exists()


# --- clearance pages -----------------------------------------------------------------------------


def test_democratic_services_name_and_remove_clearing_officers(office, ds_client, draft):
    page = url("report_officers", draft)
    response = ds_client.post(page, {"officer": office.finance.pk, "role": "finance"})
    assert response.status_code == 302
    clearance = draft.clearances.get()
    response = ds_client.post(page, {"remove": clearance.pk})
    assert response.status_code == 302
    assert not draft.clearances.exists()


def test_an_officer_without_a_log_in_is_not_offered(office, ds_client, draft):
    response = ds_client.post(
        url("report_officers", draft), {"officer": office.no_login.pk, "role": "finance"}
    )
    assert error_summary(response) == [
        ("id_officer", "Choose an officer of this area with a log-in.")
    ]


def test_removing_an_officer_not_named_is_a_bad_request(office, ds_client, draft):
    response = ds_client.post(url("report_officers", draft), {"remove": "999999"})
    assert response.status_code == 400
    assert error_summary(response) == [("main-content", "Choose an officer named on this report.")]


def test_the_named_officer_records_their_clearance_on_the_page(office, client_for, draft):
    ds = office.user("democratic_services")
    services.clearance_add(actor=ds, report=draft, officer=office.finance, role="finance")
    services.report_submit(actor=ds, report=draft)
    officer = client_for(office.user("finance"))
    page = url("report_clearance", draft)
    response = officer.post(page, {"decision": "not_cleared", "comment": ""})
    clearance = draft.clearances.get()
    assert error_summary(response) == [
        ("id_comment", "Say what must change before you can clear the report.")
    ]
    response = officer.post(page, {"clearance": clearance.pk, "decision": "cleared"})
    assert response.status_code == 302
    clearance.refresh_from_db()
    assert clearance.decision == Clearance.Decision.CLEARED
    assert clearance.history.first().history_user == office.user("finance")


@pytest.mark.parametrize(
    ("role", "status"), [("democratic_services", 403), ("legal", 404), ("chair", 404)]
)
def test_only_named_officers_open_the_clearance_page(office, client_for, draft, role, status):
    services.clearance_add(
        actor=office.user("democratic_services"),
        report=draft,
        officer=office.finance,
        role="finance",
    )
    assert client_for(office.user(role)).get(url("report_clearance", draft)).status_code == status


# --- workflow pages ----------------------------------------------------------------------------


def test_sending_an_incomplete_report_shows_what_it_needs(office, ds_client):
    report = make_report(office, complete=False, synopsis="Done")
    response = ds_client.post(url("report_submit", report))
    assert response.status_code == 200
    (item,) = error_summary(response)
    assert item[1].startswith("Before it goes for clearance, the report needs at least one")
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.DRAFT


def test_a_step_the_state_rules_out_is_explained_not_offered(office, ds_client, draft):
    response = ds_client.get(url("report_clear", draft))
    assert "This report is a draft, so it cannot be cleared." in text_of(response)
    assert 'value="Clear the report"' not in response.content.decode()
    offered = ds_client.get(url("report_submit", draft)).content.decode()
    assert 'value="Send for clearance"' in offered
    response = ds_client.post(url("report_clear", draft))
    assert error_summary(response) == [
        ("main-content", "This report is a draft, so it cannot be cleared.")
    ]


def test_democratic_services_take_a_report_through_to_publication(office, ds_client, draft):
    ds_client.post(url("report_officers", draft), {"officer": office.finance.pk, "role": "legal"})
    assert ds_client.post(url("report_submit", draft)).status_code == 302
    clearance = draft.clearances.get()
    services.clearance_record(actor=office.user("finance"), clearance=clearance, decision="cleared")
    assert ds_client.post(url("report_clear", draft)).status_code == 302
    response = ds_client.post(url("report_publish", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == CommitteeReport.Status.PUBLISHED
    response = ds_client.post(url("report_revise", draft))
    new = CommitteeReport.objects.get(revision=2)
    assert response["Location"] == new.get_absolute_url()


@pytest.mark.parametrize("role", ["member", "chair", "business_manager", "finance"])
def test_readers_cannot_open_the_workflow_pages(office, client_for, role):
    report = publish(office, clear(office, make_report(office)))
    client = client_for(office.user(role))
    for name in ("report_submit", "report_clear", "report_publish", "report_revise"):
        assert client.get(url(name, report)).status_code == 403
        assert client.post(url(name, report)).status_code == 403
    report.refresh_from_db()
    assert report.status == CommitteeReport.Status.PUBLISHED


# --- starting from a protocol -----------------------------------------------------------------


def test_a_report_starts_from_a_protocol_with_it_as_appendix_a(office, ds_client):
    version = build_protocol(office)
    page = url("report_from_protocol") + f"?version={version.pk}"
    assert "Protocol between HWB and ASCP — for approval" in text_of(ds_client.get(page))
    response = ds_client.post(page, {"meeting": office.meeting.pk, "agenda_item": "4"})
    report = CommitteeReport.objects.get()
    assert response["Location"] == report.get_absolute_url()
    assert report.title == "Protocol between HWB and ASCP — for approval"
    assert list(report.recommendations.values_list("text", flat=True)) == [
        "That the HWB note and agree the attached protocol."
    ]
    assert [(a.letter, a.protocol_version_id) for a in report.appendices.all()] == [
        ("A", version.pk)
    ]
    assert report.contact_name == "Democratic Services"
    assert report.synopsis.startswith("The attached protocol is presented for approval. How the")


@pytest.mark.parametrize("query", ["", "?version=", "?version=abc", "?version=999999999"])
def test_starting_from_no_protocol_is_not_found(office, ds_client, query):
    assert ds_client.get(url("report_from_protocol") + query).status_code == 404


def test_starting_from_a_protocol_needs_democratic_services(office, client_for):
    version = build_protocol(office)
    page = url("report_from_protocol") + f"?version={version.pk}"
    assert client_for(office.user("business_manager")).get(page).status_code == 403
    assert client_for(office.user("ds_b")).get(page).status_code == 404


def test_a_meeting_of_a_board_not_party_to_the_protocol_is_refused(office, ds_client):
    version = build_protocol(office)
    other = f.BoardFactory(area=office.area_a, short_name="CSP", name="Community Safety")
    meeting = f.MeetingFactory(board=other, date=FUTURE_MEETING)
    page = url("report_from_protocol") + f"?version={version.pk}"
    response = ds_client.post(page, {"meeting": meeting.pk})
    assert error_summary(response) == [
        ("id_meeting_1", "Choose a meeting of a board that is party to the protocol.")
    ]


# --- downloads and the agenda pack ---------------------------------------------------------------


def test_downloads_are_attachments_of_the_right_kind(office, ds_client, draft):
    pdf = ds_client.get(url("report_pdf", draft))
    word = ds_client.get(url("report_docx", draft))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].endswith('-r1-member.pdf"')
    assert word["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert docx.Document(io.BytesIO(word.content)).core_properties.title == draft.title


def test_the_agenda_pack_page_gives_officers_cleared_reports_and_readers_published_ones(
    office, client_for
):
    cleared = clear(office, make_report(office, title="Cleared only", agenda_item=2))
    published = publish(office, clear(office, make_report(office, title="Out now", agenda_item=1)))
    assert cleared.status == CommitteeReport.Status.CLEARED
    texts = {}
    for role in ("democratic_services", "ascp_member"):
        response = client_for(office.user(role)).get(url("meeting_agenda", pk=office.meeting.pk))
        assert response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(response.content))
        texts[role] = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert (
        "Out now" in texts["democratic_services"] and "Cleared only" in texts["democratic_services"]
    )
    assert "Out now" in texts["ascp_member"] and "Cleared only" not in texts["ascp_member"]
    assert published.title in texts["ascp_member"]


def test_the_agenda_pack_of_another_area_is_not_found(office, client_for):
    meeting = f.MeetingFactory(board=office.board_b, date=FUTURE_MEETING)
    response = client_for(office.user("democratic_services")).get(
        url("meeting_agenda", pk=meeting.pk)
    )
    assert response.status_code == 404


# --- query counts --------------------------------------------------------------------------


def _many(office, n: int, offset: int) -> None:
    for i in range(n):
        meeting = Meeting.objects.create(
            board=office.hwb, date=FUTURE_MEETING + dt.timedelta(days=7 * (i + offset))
        )
        report = make_report(
            office,
            meeting=meeting,
            title=f"Report {i + offset}",
            recommendations=[f"Recommendation {j}" for j in range(3)],
        )
        services.report_sections_replace(
            actor=office.user("democratic_services"),
            report=report,
            sections=[(f"Section {j}", "Text") for j in range(2)],
        )
        services.clearance_add(
            actor=office.user("democratic_services"),
            report=report,
            officer=office.finance if i % 2 else office.legal,
            role="finance",
        )


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_report_list_makes_the_same_queries_however_many_reports(office, ds_client):
    _many(office, 2, 0)
    few = _queries(ds_client, url("report_list"))
    _many(office, 8, 100)
    assert _queries(ds_client, url("report_list")) == few


def test_the_report_page_makes_the_same_queries_however_long_the_report(office, ds_client):
    small = make_report(office, title="Small")
    few = _queries(ds_client, small.get_absolute_url())
    big = make_report(
        office, title="Big", recommendations=[f"Recommendation {i}" for i in range(12)]
    )
    services.report_sections_replace(
        actor=office.user("democratic_services"),
        report=big,
        sections=[(f"Section {i}", "Text") for i in range(8)],
    )
    services.report_implications_replace(
        actor=office.user("democratic_services"),
        report=big,
        implications=[(f"Implication {i}", "Text") for i in range(5)],
    )
    for person, role in ((office.finance, "finance"), (office.legal, "legal")):
        services.clearance_add(
            actor=office.user("democratic_services"), report=big, officer=person, role=role
        )
    assert _queries(ds_client, big.get_absolute_url()) == few


HUGE = "9" * 30


def test_oversized_ids_are_not_found_or_refused_at_their_field(office, ds_client, draft):
    for address in (
        f"/reports/{HUGE}/",
        f"/reports/{HUGE}/edit/",
        f"/reports/{HUGE}/report.pdf",
        f"/reports/meetings/{HUGE}/agenda-pack.pdf",
        url("report_list") + f"?meeting={HUGE}",
        url("report_create") + f"?meeting={HUGE}",
        url("report_from_protocol") + f"?version={HUGE}",
    ):
        assert ds_client.get(address).status_code == 404, address
    data = form_data(office, board=HUGE, appendix_versions=[HUGE])
    response = ds_client.post(url("report_create"), data)
    assert error_summary(response) == [
        ("id_board", "Choose a board in your area."),
        ("id_appendix_versions_1", "Choose a protocol of your area."),
    ]
    response = ds_client.post(url("report_officers", draft), {"officer": HUGE, "role": "legal"})
    assert error_summary(response) == [
        ("id_officer", "Choose an officer of this area with a log-in.")
    ]
    assert ds_client.post(url("report_officers", draft), {"remove": HUGE}).status_code == 400
    assert not CommitteeReport.objects.exclude(pk=draft.pk).exists()
