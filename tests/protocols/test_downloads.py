"""Downloads from the version page: the signed PDF as issued, and the draft made on request.

Also the signed PDF's issue itself: the last signature issues it, once.
"""

from __future__ import annotations

import io
import re
import uuid

import pytest
from pypdf import PdfReader

from protocols import tasks
from protocols.models import SignedDocument
from protocols.pdf.sign import sign_version_pdf
from protocols.pdf.verify import Outcome, verify_pdf
from protocols.views.downloads import SESSION_KEY
from tests.protocols import pdf_support as support


@pytest.fixture
def built(cast):
    return support.build_protocol(cast)


def version_url(version, suffix: str = "") -> str:
    return f"/protocols/{version.protocol_id}/versions/{version.number}/{suffix}"


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# --- issuing the signed PDF ------------------------------------------------------------


def test_the_last_signature_issues_the_signed_pdf_once(
    cast, built, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        version = support.approve_and_sign(cast, built)

    document = SignedDocument.objects.get(version=version)
    assert [c.__qualname__ for c in callbacks].count("enqueue.<locals>._send") == 1
    with document.file.open("rb") as handle:
        stored = handle.read()
    assert verify_pdf(stored).outcome == Outcome.VALID
    assert document.signature_count == 2

    again = tasks.version_signed_pdf_issue.delay(version.pk).get()

    assert again == document.sha256
    assert SignedDocument.objects.count() == 1
    with SignedDocument.objects.get().file.open("rb") as handle:
        assert handle.read() == stored


def test_a_signature_that_is_not_the_last_issues_nothing(
    cast, built, walk, django_capture_on_commit_callbacks
):
    walk.request_approval(built)
    walk.approve_all(built)
    with django_capture_on_commit_callbacks(execute=True):
        support.services.signature_add(
            actor=cast.user("chair"), version=built, board=cast.hwb, password=support.PASSWORD
        )

    assert not SignedDocument.objects.exists()


# --- the signed PDF on the version page -----------------------------------------------


@pytest.fixture
def issued(cast, built):
    version = support.approve_and_sign(cast, built)
    return version, sign_version_pdf(version)


def test_version_page_offers_the_stored_signed_pdf(cast, client_for, issued):
    version, data = issued
    client = client_for(cast.user("member"))

    page = client.get(version_url(version)).content.decode()
    response = client.get(version_url(version, "signed.pdf"))

    assert f'href="{version_url(version, "signed.pdf")}"' in page
    assert "Download the signed PDF of version 1" in page
    assert "marked DRAFT" not in page
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="alderley-alderley-hwb-ascp-v1-signed.pdf"'
    )
    assert response.content == data


def test_signed_pdf_of_another_area_is_not_found(cast, client_for, issued):
    version, _ = issued

    response = client_for(cast.user("business_manager_b")).get(version_url(version, "signed.pdf"))

    assert response.status_code == 404


def test_a_version_without_a_signed_pdf_has_none_to_download(cast, client_for, built):
    response = client_for(cast.user("member")).get(version_url(built, "signed.pdf"))

    assert response.status_code == 404


def test_signed_but_not_yet_issued_says_it_is_being_prepared(cast, client_for, built):
    version = support.approve_and_sign(cast, built)

    page = client_for(cast.user("member")).get(version_url(version)).content.decode()

    assert "The signed PDF of version 1 is being prepared." in page
    assert version_url(version, "pdf/") not in page


# --- the draft PDF ---------------------------------------------------------------------


def test_a_reader_prepares_and_downloads_the_draft_marked_draft(cast, client_for, built):
    client = client_for(cast.user("member"))
    page = client.get(version_url(built)).content.decode()
    assert f'href="{version_url(built, "pdf/")}"' in page

    started = client.post(version_url(built, "pdf/"))

    assert started.status_code == 302
    job = re.fullmatch(rf"{version_url(built, 'pdf/')}\?job=([0-9a-f-]{{36}})", started["Location"])
    assert job is not None
    status = client.get(started["Location"])
    assert status.status_code == 200
    assert b'http-equiv="refresh"' not in status.content
    download = version_url(built, f"pdf/download/?job={job[1]}")
    assert f'href="{download}"'.encode() in status.content
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="alderley-alderley-hwb-ascp-v1-draft.pdf"'
    )
    text = pdf_text(response.content)
    assert "DRAFT" in text
    assert "Joint working protocol between the HWB and the ASCP" in text
    assert verify_pdf(response.content).outcome == Outcome.UNSIGNED


def test_while_the_draft_is_prepared_the_page_refreshes_itself(cast, client_for, built):
    client = client_for(cast.user("member"))
    job = str(uuid.uuid4())  # asked for, not yet run by any worker
    session = client.session
    session[SESSION_KEY] = {job: built.pk}
    session.save()

    response = client.get(version_url(built, f"pdf/?job={job}"))
    early = client.get(version_url(built, f"pdf/download/?job={job}"))

    assert response.status_code == 200
    assert b'<meta http-equiv="refresh" content="3">' in response.content
    assert b"Preparing the PDF." in response.content
    assert early.status_code == 302
    assert early["Location"] == version_url(built, f"pdf/?job={job}")


def test_someone_elses_draft_job_is_not_found(cast, client_for, built):
    owner = client_for(cast.user("member"))
    location = owner.post(version_url(built, "pdf/"))["Location"]
    job = location.rsplit("=", 1)[1]

    other = client_for(cast.user("business_manager"))

    assert other.get(location).status_code == 404
    assert other.get(version_url(built, f"pdf/download/?job={job}")).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_draft_of_another_area_is_not_found(cast, client_for, built, method):
    client = client_for(cast.user("business_manager_b"))

    response = getattr(client, method)(version_url(built, "pdf/"))

    assert response.status_code == 404


def test_the_anonymous_are_sent_to_sign_in(client, built):
    for suffix in ("pdf/", "signed.pdf"):
        response = client.get(version_url(built, suffix))

        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- starting a committee report -------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "offered"),
    [("democratic_services", True), ("member", False), ("business_manager", False)],
)
def test_democratic_services_are_offered_a_committee_report(cast, client_for, built, role, offered):
    page = client_for(cast.user(role)).get(version_url(built)).content.decode()

    link = f'href="/reports/from-protocol/?version={built.pk}">Start a committee report</a>'
    assert (link in page) is offered
