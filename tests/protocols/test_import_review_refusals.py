"""Importing refuses bad files with a sentence to act on, reads each upload once, and
shows an import only to those who may start a protocol in its area."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from protocols.models import Protocol, ProtocolImport
from protocols.tasks import protocol_import_parse
from tests.importer.builders import make_image_pdf, make_pdf
from tests.importer.test_limits import BOMB_MESSAGE, encrypted, zipped

SHORT = (
    "Protocol between the HWB and the ASCP\n\n1. Reporting\n\nThe ASCP will present its "
    "annual report to the HWB in September each year.\n"
)
NOT_TEXT = (
    "This file is not readable text: save it as plain text in UTF-8 (in Word, “Plain Text "
    "(.txt)” with Unicode UTF-8) and upload it again."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def manager(world, client_for):
    return client_for(world.user("business_manager"))


@pytest.fixture
def upload(world, django_capture_on_commit_callbacks):
    """Post area A's upload form; run what it queues on commit (the reading) when ``run``."""

    def _upload(client, *, name: str = "", data: bytes = b"", text: str = "", run=True):
        fields: dict = {"area": world.area_a.slug, "text": text}
        if name:
            fields["file"] = SimpleUploadedFile(name, data)
        url = f"{reverse('protocols:protocolimport_create')}?area={world.area_a.slug}"
        with django_capture_on_commit_callbacks(execute=run):
            return client.post(url, fields)

    return _upload


# --- refused at once, at the field -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("protocol.txt", b"", "The file is empty. Choose the file with the protocol in it."),
        ("protocol.txt", "Café report – “minutes”".encode("utf-16-le"), NOT_TEXT),
        ("protocol.txt", b"The HWB \x81\x8d will report \xff\xfe in June.", NOT_TEXT),
        (
            "protocol.docx",
            zipped({"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\0" * (80 << 20)}),
            BOMB_MESSAGE,
        ),
        (
            "protocol.docx",
            b"This is not a Word document at all.",
            "This file is named .docx but is not a Word document: it is not the zip package a "
            ".docx is. Save it from Word as a .docx and upload it again.",
        ),
        (
            "protocol.xlsx",
            b"PK\x03\x04 a spreadsheet",
            "The importer cannot read this kind of file. Upload a Word document (.docx), a "
            "PDF, or a plain text file (.txt).",
        ),
    ],
    ids=["empty", "utf16-without-mark", "not-utf8", "zip-bomb-docx", "not-a-zip-docx", "xlsx"],
)
def test_bad_file_is_refused_at_its_field_and_nothing_is_kept(
    upload, world, manager, name, data, message
):
    response = upload(manager, name=name, data=data)
    assert response.status_code == 200
    assert response.context["errors"] == [("id_file", message)]
    assert not ProtocolImport.objects.exists()
    assert not Protocol.objects.exists()


def test_file_over_the_limit_is_refused_from_its_size(upload, world, manager, settings):
    settings.PROTOCOL_IMPORT_MAX_BYTES = 1024
    response = upload(manager, name="protocol.txt", data=SHORT.encode() * 20)
    assert response.context["errors"] == [
        (
            "id_file",
            "The file is 2 KB, which is over the 1 KB limit. Save the protocol on its own, "
            "without the rest of the committee papers, and upload that.",
        )
    ]
    assert not ProtocolImport.objects.exists()


def test_nothing_chosen_or_both_chosen_is_refused(upload, world, manager):
    assert upload(manager).context["errors"] == [
        ("id_file", "Choose a file to upload, or paste the protocol's text.")
    ]
    both = upload(manager, name="p.txt", data=SHORT.encode(), text=SHORT)
    assert both.context["errors"] == [("id_text", "Upload a file or paste the text, not both.")]
    assert not ProtocolImport.objects.exists()


def test_pasted_text_that_is_only_spaces_is_refused(upload, world, manager):
    response = upload(manager, text="   \n\t  ")
    assert response.context["errors"] == [
        ("id_file", "Choose a file to upload, or paste the protocol's text.")
    ]


# --- refused once read, on the status page ---------------------------------------------------


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: encrypted(make_pdf(SHORT), user="secret", owner="owner"),
            "This PDF is protected with a password, so its text cannot be read. Remove the "
            "password (or save an unprotected copy) and upload that.",
        ),
        (
            make_image_pdf,
            "This PDF has no text to read: it looks like a scan (pictures of pages). Upload "
            "the Word document it was made from, or a PDF saved from Word, or paste the text.",
        ),
    ],
    ids=["encrypted-pdf", "image-only-pdf"],
)
def test_unreadable_pdf_fails_with_the_reason_and_a_way_to_try_again(
    upload, world, manager, make, message
):
    response = upload(manager, name="protocol.pdf", data=make())
    row = ProtocolImport.objects.get()
    assert response["Location"] == row.get_absolute_url()
    assert row.status == ProtocolImport.Status.FAILED
    assert row.error == message
    page = manager.get(row.get_absolute_url())
    html = page.content.decode()
    assert page.context["page_title"] == "Your document could not be read"
    assert message in html
    assert f'href="/protocols/import/?area={world.area_a.slug}"' in html
    assert 'http-equiv="refresh"' not in html
    review = manager.get(reverse("protocols:protocolimport_review", args=[row.pk]))
    assert review["Location"] == row.get_absolute_url()
    assert not Protocol.objects.exists()


def test_waiting_page_refreshes_itself_without_script(upload, world, manager):
    upload(manager, text=SHORT, run=False)
    row = ProtocolImport.objects.get()
    assert row.status == ProtocolImport.Status.PENDING
    html = manager.get(row.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert '<h1 class="govuk-heading-l">Reading your document</h1>' in html
    review = manager.get(reverse("protocols:protocolimport_review", args=[row.pk]))
    assert review["Location"] == row.get_absolute_url()


# --- the task ---------------------------------------------------------------------------------


def test_reading_twice_reads_once(upload, world, manager):
    upload(manager, text=SHORT, run=False)
    row = ProtocolImport.objects.get()
    assert protocol_import_parse(row.pk) == "ready"
    row.refresh_from_db()
    read_at, proposal = row.modified, row.proposal
    assert [o["description"] for o in proposal["obligations"]] == [
        "The ASCP will present its annual report to the HWB in September each year."
    ]
    assert protocol_import_parse(row.pk) == "ready"
    row.refresh_from_db()
    assert (row.modified, row.proposal) == (read_at, proposal)
    assert row.history.count() == 2  # uploaded, read


def test_an_import_another_worker_is_reading_is_left_to_it(upload, world, manager):
    upload(manager, text=SHORT, run=False)
    row = ProtocolImport.objects.get()
    ProtocolImport.objects.filter(pk=row.pk).update(status=ProtocolImport.Status.PARSING)
    assert protocol_import_parse(row.pk) == "parsing"
    row.refresh_from_db()
    assert row.proposal is None


def test_an_import_abandoned_by_a_dead_worker_is_read_again(upload, world, manager):
    upload(manager, text=SHORT, run=False)
    row = ProtocolImport.objects.get()
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    ProtocolImport.objects.filter(pk=row.pk).update(
        status=ProtocolImport.Status.PARSING, modified=long_ago
    )
    assert protocol_import_parse(row.pk) == "ready"


def test_reading_an_import_that_is_gone_does_nothing(db):
    assert protocol_import_parse(987654) == ""


# --- who may see an import ---------------------------------------------------------------------


def test_only_a_business_manager_may_import(world, client_for):
    for role in ("member", "chair", "democratic_services"):
        page = client_for(world.user(role)).get(reverse("protocols:protocolimport_create"))
        assert page.status_code == 403, role


@pytest.mark.parametrize("page", ["detail", "review", "source"])
def test_another_areas_import_is_not_found(upload, world, manager, client_for, page):
    upload(manager, text=SHORT)
    row = ProtocolImport.objects.get()
    url = reverse(f"protocols:protocolimport_{page}", args=[row.pk])
    for role in ("business_manager_b", "member", "chair"):
        assert client_for(world.user(role)).get(url).status_code == 404, role
    assert client_for(world.user("business_manager")).get(url).status_code == 200


def test_the_source_of_a_draft_is_downloadable_by_those_who_see_the_protocol(
    upload, world, manager, client_for
):
    upload(manager, name="Alderley protocol.txt", data=SHORT.encode())
    row = ProtocolImport.objects.get()
    review = manager.get(reverse("protocols:protocolimport_review", args=[row.pk]))
    data = {
        "protocol-title": review.context["proposal"].title,
        "protocol-parties": [world.hwb.pk, world.scp.pk],
        "section-1-decision": "accept",
        "section-1-heading": "Reporting",
        "obligation-1-decision": "accept",
        "obligation-1-owing": f"board:{world.scp.pk}",
        "obligation-1-receiving": f"board:{world.hwb.pk}",
        "obligation-1-what": "present_report",
        "obligation-1-description": "Present the annual report.",
        "obligation-1-timing-kind": "fixed_month",
        "obligation-1-timing-fixed_month": "9",
    }
    created = manager.post(reverse("protocols:protocolimport_review", args=[row.pk]), data)
    row.refresh_from_db()
    assert created["Location"] == row.version.get_absolute_url()
    obligation = row.version.obligations.get()
    assert (obligation.owing_board, obligation.receiving_board) == (world.scp, world.hwb)
    assert obligation.timing == {"kind": "fixed_month", "month": 9}
    url = reverse("protocols:protocolimport_source", args=[row.pk])
    member = client_for(world.user("member")).get(url)
    assert member.status_code == 200
    assert b"".join(member.streaming_content) == SHORT.encode()
    assert member["Content-Type"] == "text/plain; charset=utf-8"
    assert client_for(world.user("business_manager_b")).get(url).status_code == 404


def test_a_reading_stopped_by_its_time_limit_says_so_and_a_finished_one_is_kept(
    upload, world, manager
):
    from protocols.importer import services

    upload(manager, text=SHORT, run=False)
    row = ProtocolImport.objects.get()
    assert services.protocol_import_fail(import_id=row.pk, error=services.TOO_SLOW) == "failed"
    row.refresh_from_db()
    assert row.error == (
        "Reading the document took too long. Upload the protocol on its own, without the rest "
        "of the committee papers, or paste its text."
    )
    assert protocol_import_parse(row.pk) == "failed"
    upload(manager, text=SHORT)
    ready = ProtocolImport.objects.get(status=ProtocolImport.Status.READY)
    assert services.protocol_import_fail(import_id=ready.pk, error=services.TOO_SLOW) == "ready"


def test_the_protocol_list_offers_importing_to_those_who_may(world, client_for):
    link = f'href="{reverse("protocols:protocolimport_create")}"'
    manager_page = client_for(world.user("business_manager")).get(
        reverse("protocols:protocol_list")
    )
    assert link in manager_page.content.decode()
    assert ">Import a protocol</a>" in manager_page.content.decode()
    member_page = client_for(world.user("member")).get(reverse("protocols:protocol_list"))
    assert link not in member_page.content.decode()
