"""What the importer refuses, and why, before any parser sees the bytes.

Every refusal is an ``ImportRefusedError`` with a sentence the uploader can act on. The
checks run in order of cost: size and kind first, then the container (a .docx's zip
directory, a PDF's encryption and page count), then the extracted text.

Text files: UTF-8 (with or without a byte-order mark) is read as it is; UTF-16 with a
byte-order mark is read too. Anything else is tried as Windows-1252, the encoding Word
and Notepad on English Windows save "ANSI" text in, and the proposal carries a note
saying so; bytes that are not Windows-1252 either (or a file full of control
characters) are refused rather than guessed at.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from boards.exceptions import DomainError

#: A .docx may not unpack to more than this in total ...
MAX_DOCX_UNCOMPRESSED = 60 * 1024 * 1024
#: ... nor any member to more than this many times its packed size ...
MAX_DOCX_RATIO = 100
#: ... nor hold more members than this.
MAX_DOCX_MEMBERS = 2000
#: Longer PDFs are committee packs, not protocols.
MAX_PDF_PAGES = 300
#: The proposer reads at most this much text.
MAX_TEXT_CHARS = 1_000_000
#: A PDF with less readable text than this, over all its pages, is treated as a scan.
MIN_PDF_TEXT_CHARS = 20

ACCEPTED = "Upload a Word document (.docx), a PDF, or a plain text file (.txt)."

DOCX_EXTENSIONS = (".docx", ".docm")
PDF_EXTENSIONS = (".pdf",)
TEXT_EXTENSIONS = (".txt", ".text", ".md")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_PDF_MAGIC = b"%PDF-"
# Word keeps a password-protected .docx inside an OLE container with this stream.
_OLE_ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")
_WINDOWS_1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


class ImportRefusedError(DomainError):
    """An upload the importer will not read, with the reason and what to do instead."""

    def __init__(self, message: str, *, field: str | None = "file") -> None:
        super().__init__(message, field=field)


@dataclass(frozen=True)
class Decoded:
    """Text read from bytes, and a note when the encoding had to be guessed."""

    text: str
    note: str = ""


def max_upload_bytes() -> int:
    """Return the largest upload accepted, in bytes (the PROTOCOL_IMPORT_MAX_BYTES setting)."""
    return int(settings.PROTOCOL_IMPORT_MAX_BYTES)


def _size(size: int) -> str:
    """Return a size for people: "850 KB", "1.5 MB", "12 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 or value == int(value) else f"{value:.1f} MB"


def check_size(data: bytes) -> None:
    """Refuse an empty upload or one over the size limit.

    Raises:
        ImportRefusedError: the file is empty or too large.
    """
    if not data:
        raise ImportRefusedError("The file is empty. Choose the file with the protocol in it.")
    if len(data) > max_upload_bytes():
        raise too_large(len(data))


def too_large(size: int) -> ImportRefusedError:
    """Return the refusal for a file of ``size`` bytes, over the limit."""
    return ImportRefusedError(
        f"The file is {_size(size)}, which is over the {_size(max_upload_bytes())} limit. "
        "Save the protocol on its own, without the rest of the committee papers, and upload "
        "that."
    )


def sniff_kind(data: bytes, filename: str) -> str:
    """Return "docx", "pdf" or "text" from the name, checked against the content.

    Raises:
        ImportRefusedError: an unsupported kind, or content that does not match the name.
    """
    name = (filename or "").strip().lower()
    if name.endswith(".doc"):
        raise ImportRefusedError(
            "This is an older Word document (.doc). Open it in Word, save it as a Word "
            "document (.docx) and upload that."
        )
    if name.endswith(DOCX_EXTENSIONS):
        if data.startswith(_OLE_MAGIC):
            if _OLE_ENCRYPTED_MARK in data:
                raise ImportRefusedError(
                    "This Word document is protected with a password. Remove the password "
                    "in Word (File, Info, Protect Document) and upload it again."
                )
            raise ImportRefusedError(
                "This file is named .docx but is an older Word document. Open it in Word, "
                "save it as a Word document (.docx) and upload that."
            )
        if not data.startswith(_ZIP_MAGIC):
            raise ImportRefusedError(
                "This file is named .docx but is not a Word document: it is not the zip "
                "package a .docx is. Save it from Word as a .docx and upload it again."
            )
        return "docx"
    if name.endswith(PDF_EXTENSIONS):
        if not data.lstrip()[:5] == _PDF_MAGIC:
            raise ImportRefusedError(
                "This file is named .pdf but is not a PDF. Save or export it as a PDF and "
                "upload it again."
            )
        return "pdf"
    if name.endswith(TEXT_EXTENSIONS) or "." not in name.rsplit("/", 1)[-1]:
        if data.startswith((_ZIP_MAGIC, _PDF_MAGIC, _OLE_MAGIC)):
            raise ImportRefusedError(
                "This file is named as text but holds a Word document or a PDF. Upload it "
                "with its proper name (.docx or .pdf)."
            )
        return "text"
    raise ImportRefusedError(f"The importer cannot read this kind of file. {ACCEPTED}")


def check_docx_package(data: bytes) -> None:
    """Check a .docx's zip directory before anything unpacks it.

    The sizes in the directory are what a decompressor would produce, so a zip bomb is
    caught here without inflating a byte. The limits are generous for a real protocol
    (tens of kilobytes of XML, perhaps a few images).

    Raises:
        ImportRefusedError: not a zip, not a Word package, encrypted members, or sizes or
            compression ratios no document has.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise ImportRefusedError(
            "This .docx file is damaged: its zip package cannot be opened. Save it from "
            "Word again and upload the new copy."
        ) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_DOCX_MEMBERS:
            raise _bomb()
        total = 0
        names = set()
        for info in members:
            names.add(info.filename)
            if info.flag_bits & 0x1:
                raise ImportRefusedError(
                    "This Word document is protected with a password. Remove the password "
                    "in Word and upload it again."
                )
            total += info.file_size
            if total > MAX_DOCX_UNCOMPRESSED:
                raise _bomb()
            if info.file_size > 1024 * 1024 and info.file_size > MAX_DOCX_RATIO * max(
                info.compress_size, 1
            ):
                raise _bomb()
        if "word/document.xml" not in names:
            raise ImportRefusedError(
                "This file is a zip package but not a Word document (it has no document "
                "text). Save the protocol from Word as a .docx and upload it again."
            )


def _bomb() -> ImportRefusedError:
    return ImportRefusedError(
        "This .docx file would unpack to far more than any document holds, so it has not "
        "been opened. Save the protocol from Word again, without embedded files, and upload "
        "the new copy."
    )


def decode_text(data: bytes) -> Decoded:
    """Read a text upload as UTF-8 (or UTF-16 with a byte-order mark), else Windows-1252.

    Raises:
        ImportRefusedError: binary content, or bytes that are neither encoding.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked(Decoded(data.decode("utf-16")))
        except UnicodeDecodeError as exc:
            raise _not_text() from exc
    if b"\x00" in data:
        raise _not_text()
    try:
        return _checked(Decoded(data.decode("utf-8-sig")))
    except UnicodeDecodeError:
        pass
    if _WINDOWS_1252_UNDEFINED & set(data):
        raise _not_text()
    return _checked(
        Decoded(
            data.decode("cp1252"),
            note="The file was not UTF-8, so it was read as Windows-1252 text. Check that "
            "quotation marks, dashes and accented letters came through correctly.",
        )
    )


def _checked(decoded: Decoded) -> Decoded:
    text = decoded.text
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    if controls > max(5, len(text) // 200):
        raise _not_text()
    return decoded


def _not_text() -> ImportRefusedError:
    return ImportRefusedError(
        "This file is not readable text: save it as plain text in UTF-8 (in Word, "
        "“Plain Text (.txt)” with Unicode UTF-8) and upload it again."
    )


def check_text(text: str, *, kind: str) -> str:
    """Refuse extracted text that is empty or too long; return it trimmed.

    Raises:
        ImportRefusedError: no words, a scan with no text layer, or too much text.
    """
    visible = sum(1 for ch in text if not ch.isspace())
    if kind == "pdf" and visible < MIN_PDF_TEXT_CHARS:
        raise ImportRefusedError(
            "This PDF has no text to read: it looks like a scan (pictures of pages). Upload "
            "the Word document it was made from, or a PDF saved from Word, or paste the text."
        )
    if visible == 0:
        raise ImportRefusedError("The file has no text in it. Choose the file with the protocol.")
    if len(text) > MAX_TEXT_CHARS:
        raise ImportRefusedError(
            "The document is too long to be a protocol (over a million characters). Upload "
            "the protocol on its own, without the rest of the committee papers."
        )
    return text


def pdf_refusal_for_encryption() -> ImportRefusedError:
    return ImportRefusedError(
        "This PDF is protected with a password, so its text cannot be read. Remove the "
        "password (or save an unprotected copy) and upload that."
    )


def pdf_refusal_unreadable() -> ImportRefusedError:
    return ImportRefusedError(
        "This PDF is damaged and cannot be read. Save or export it as a PDF again and "
        "upload the new copy."
    )


def pdf_refusal_too_long(pages: int) -> ImportRefusedError:
    return ImportRefusedError(
        f"This PDF has {pages} pages, more than the {MAX_PDF_PAGES} a protocol could have. "
        "Upload the protocol on its own, without the rest of the committee papers."
    )
