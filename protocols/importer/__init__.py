"""Importing existing protocols: read a .docx, a text PDF or plain text, and propose a draft.

``parse_upload(data, filename, area)`` is the whole read-only path, for a Celery task or
the command: refuse bad input (``limits``), extract structured blocks (``extract``), and
propose the title, parties, sections, post holders, ladder, approvals and obligations
with timing rules and confidences (``propose``), as a JSON-serialisable ``Proposal``.
Nothing is written. ``create.draft_from_proposal`` then makes the draft protocol through
``protocols.services``, in one transaction, once a person has accepted the proposal.

The web pages add ``services`` (keep the upload, read it in a Celery task, confirm the
reviewed proposal through ``create``), ``selectors`` (who may see an import) and
``highlight`` (the words of a source sentence to mark on the review screen).

The proposer is rule-based (sentences, modal verbs, the area's board names, months and
frequencies): no model, nothing downloaded.
"""

from __future__ import annotations

import hashlib

from .directory import Directory, directory_for_area
from .extract import Document, extract_docx, extract_pdf, extract_text
from .limits import ImportRefusedError
from .proposal import Proposal

__all__ = ["ImportRefusedError", "Proposal", "parse_text", "parse_upload", "read_document"]


def read_document(data: bytes, filename: str) -> Document:
    """Check an upload and extract its blocks.

    Raises:
        ImportRefusedError: the file is empty, too large, of an unsupported kind, damaged,
            encrypted, a zip bomb, a scan without text, or text in an unknown encoding.
    """
    from . import limits

    limits.check_size(data)
    kind = limits.sniff_kind(data, filename)
    if kind == "docx":
        limits.check_docx_package(data)
        document = extract_docx(data)
    elif kind == "pdf":
        document = extract_pdf(data)
    else:
        decoded = limits.decode_text(data)
        limits.check_text(decoded.text, kind="text")
        document = extract_text(decoded.text)
        if decoded.note:
            document.notes.append(decoded.note)
    limits.check_text(document.text, kind=kind)
    return document


def parse_upload(
    data: bytes, filename: str, area, *, directory: Directory | None = None
) -> Proposal:
    """Read an uploaded file and propose a draft protocol for ``area``; write nothing.

    Raises:
        ImportRefusedError: as ``read_document``.
    """
    from .propose import propose

    document = read_document(data, filename)
    proposal = propose(document, directory or directory_for_area(area), filename=filename)
    proposal.source.update({"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return proposal


def parse_text(text: str, area, *, directory: Directory | None = None) -> Proposal:
    """Propose a draft protocol from pasted text; write nothing.

    Raises:
        ImportRefusedError: the text is empty or too long.
    """
    return parse_upload(text.encode("utf-8"), "pasted.txt", area, directory=directory)
