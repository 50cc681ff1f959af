"""Every kind of bad upload is refused with a sentence saying what to do instead."""

from __future__ import annotations

import io
import zipfile

import pypdf
import pytest

from protocols.importer import ImportRefusedError, limits, parse_upload, read_document
from tests.importer.builders import make_docx, make_image_pdf, make_pdf
from tests.importer.conftest import load_seed

BOLTON = load_seed("bolton_2015_bscb_bhwb_protocol")
SHORT = "The BSCB will present its annual report to the BHWB in September each year.\n"


def refusal(data: bytes, filename: str) -> str:
    with pytest.raises(ImportRefusedError) as caught:
        parse_upload(data, filename, None, directory=BOLTON.directory)
    assert caught.value.field == "file"
    return caught.value.message


@pytest.fixture(scope="module")
def bolton_pdf() -> bytes:
    return make_pdf(BOLTON.text)


def encrypted(pdf: bytes, *, user: str, owner: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


# --- empty, too large, unknown kinds ---------------------------------------------------------


def test_empty_file_is_refused():
    assert refusal(b"", "protocol.txt") == (
        "The file is empty. Choose the file with the protocol in it."
    )


def test_text_file_of_only_spaces_is_refused():
    assert refusal(b"  \n\n\t \n", "protocol.txt") == (
        "The file has no text in it. Choose the file with the protocol."
    )


def test_file_over_the_size_limit_is_refused_before_reading(settings):
    settings.PROTOCOL_IMPORT_MAX_BYTES = 1024 * 1024
    data = SHORT.encode() * (1024 * 1024 * 3 // 2 // len(SHORT))
    assert refusal(data, "protocol.txt") == (
        "The file is 1.5 MB, which is over the 1 MB limit. Save the protocol on its own, "
        "without the rest of the committee papers, and upload that."
    )


def test_default_size_limit_is_ten_megabytes():
    assert limits.max_upload_bytes() == 10 * 1024 * 1024


def test_text_longer_than_a_protocol_could_be_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    assert refusal(SHORT.encode() * 2, "protocol.txt") == (
        "The document is too long to be a protocol (over a million characters). Upload the "
        "protocol on its own, without the rest of the committee papers."
    )


def test_unsupported_kind_of_file_is_refused():
    assert refusal(b"{\\rtf1 hello}", "protocol.rtf") == (
        "The importer cannot read this kind of file. Upload a Word document (.docx), a PDF, "
        "or a plain text file (.txt)."
    )


def test_older_word_document_is_refused_with_how_to_save_it():
    assert refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "protocol.doc") == (
        "This is an older Word document (.doc). Open it in Word, save it as a Word document "
        "(.docx) and upload that."
    )


def test_word_document_named_as_text_is_refused():
    assert refusal(make_docx(SHORT), "protocol.txt") == (
        "This file is named as text but holds a Word document or a PDF. Upload it with its "
        "proper name (.docx or .pdf)."
    )


# --- text encodings ----------------------------------------------------------------------------


def test_utf8_text_with_a_byte_order_mark_is_read_without_a_note():
    document = read_document("\ufeff".encode() + SHORT.encode(), "protocol.txt")
    assert document.blocks[0].text.startswith("The BSCB will present")
    assert document.notes == []


def test_windows_1252_text_is_read_with_a_note_to_check_it():
    text = "Health & Wellbeing board – approved December 2012. The BSCB’s report."
    document = read_document(text.encode("cp1252"), "protocol.txt")
    assert document.text == text
    assert document.notes == [
        "The file was not UTF-8, so it was read as Windows-1252 text. Check that quotation "
        "marks, dashes and accented letters came through correctly."
    ]


def test_utf16_text_with_a_byte_order_mark_is_read():
    document = read_document(SHORT.encode("utf-16"), "protocol.txt")
    assert document.text == SHORT.strip()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"The BSCB \x81\x8d will report.", id="bytes that are neither encoding"),
        pytest.param(b"The BSCB\x00 will\x00 report.", id="binary with NUL bytes"),
        pytest.param(bytes(range(1, 9)) * 20, id="control characters"),
    ],
)
def test_text_that_is_not_utf8_or_windows_1252_is_refused(data):
    assert refusal(data, "protocol.txt") == (
        "This file is not readable text: save it as plain text in UTF-8 (in Word, “Plain "
        "Text (.txt)” with Unicode UTF-8) and upload it again."
    )


# --- Word documents -----------------------------------------------------------------------------


def test_docx_that_is_not_a_zip_is_refused():
    assert refusal(b"This is not a Word document at all.", "protocol.docx") == (
        "This file is named .docx but is not a Word document: it is not the zip package a "
        ".docx is. Save it from Word as a .docx and upload it again."
    )


def test_damaged_docx_zip_is_refused():
    assert refusal(b"PK\x03\x04" + b"\x00" * 60, "protocol.docx") == (
        "This .docx file is damaged: its zip package cannot be opened. Save it from Word "
        "again and upload the new copy."
    )


def test_zip_without_a_word_document_inside_is_refused():
    data = zipped({"readme.txt": b"hello"})
    assert refusal(data, "protocol.docx") == (
        "This file is a zip package but not a Word document (it has no document text). Save "
        "the protocol from Word as a .docx and upload it again."
    )


BOMB_MESSAGE = (
    "This .docx file would unpack to far more than any document holds, so it has not been "
    "opened. Save the protocol from Word again, without embedded files, and upload the new "
    "copy."
)


def test_docx_zip_bomb_is_refused_without_unpacking_it():
    data = zipped({"word/document.xml": b"<w:document/>", "word/media/x.bin": b"\0" * (80 << 20)})
    assert len(data) < 200_000
    assert refusal(data, "protocol.docx") == BOMB_MESSAGE


def test_docx_member_compressed_beyond_any_real_ratio_is_refused():
    data = zipped({"word/document.xml": b"<w:document/>", "word/embed.bin": b"\0" * (3 << 20)})
    assert refusal(data, "protocol.docx") == BOMB_MESSAGE


def test_docx_with_more_members_than_a_document_has_is_refused(monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCX_MEMBERS", 3)
    data = zipped({"word/document.xml": b"<w:document/>", **{f"x{n}": b"x" for n in range(4)}})
    assert refusal(data, "protocol.docx") == BOMB_MESSAGE


def test_password_protected_docx_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le")
    assert refusal(data, "protocol.docx") == (
        "This Word document is protected with a password. Remove the password in Word (File, "
        "Info, Protect Document) and upload it again."
    )


def test_docx_with_broken_document_xml_is_refused():
    good = zipfile.ZipFile(io.BytesIO(make_docx(SHORT)))
    members = {name: good.read(name) for name in good.namelist()}
    members["word/document.xml"] = b"<w:document><not closed"
    assert refusal(zipped(members), "protocol.docx") == (
        "This .docx file is damaged and cannot be read. Save it from Word again and upload the "
        "new copy."
    )


def test_docx_with_no_text_is_refused():
    assert refusal(make_docx(""), "protocol.docx") == (
        "The file has no text in it. Choose the file with the protocol."
    )


# --- PDFs ----------------------------------------------------------------------------------------


def test_pdf_with_a_password_is_refused(bolton_pdf):
    assert refusal(encrypted(bolton_pdf, user="secret", owner="owner"), "protocol.pdf") == (
        "This PDF is protected with a password, so its text cannot be read. Remove the "
        "password (or save an unprotected copy) and upload that."
    )


def test_pdf_with_only_copying_restrictions_is_read_with_a_note(bolton_pdf):
    document = read_document(encrypted(bolton_pdf, user="", owner="owner"), "protocol.pdf")
    assert "BSCB will provide BHWB with a copy of their Business Plan" in document.text
    assert document.notes == ["The PDF has copying restrictions; its text was read regardless."]


def test_scanned_pdf_with_no_text_is_refused():
    assert refusal(make_image_pdf(), "scan.pdf") == (
        "This PDF has no text to read: it looks like a scan (pictures of pages). Upload the "
        "Word document it was made from, or a PDF saved from Word, or paste the text."
    )


def test_damaged_pdf_is_refused():
    assert refusal(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> broken", "protocol.pdf") == (
        "This PDF is damaged and cannot be read. Save or export it as a PDF again and upload "
        "the new copy."
    )


def test_file_named_pdf_that_is_not_a_pdf_is_refused():
    assert refusal(b"Just some text.", "protocol.pdf") == (
        "This file is named .pdf but is not a PDF. Save or export it as a PDF and upload it again."
    )


def test_pdf_longer_than_a_protocol_could_be_is_refused(monkeypatch, bolton_pdf):
    monkeypatch.setattr(limits, "MAX_PDF_PAGES", 2)
    pages = len(pypdf.PdfReader(io.BytesIO(bolton_pdf)).pages)
    assert pages > 2
    assert refusal(bolton_pdf, "protocol.pdf") == (
        f"This PDF has {pages} pages, more than the 2 a protocol could have. Upload the "
        "protocol on its own, without the rest of the committee papers."
    )
