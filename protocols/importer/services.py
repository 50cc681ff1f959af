"""The writes of an import: receive the upload, read it in the background, confirm the draft.

``protocol_import_start`` checks what can be checked at once (size, kind, a .docx's zip
directory, a text file's encoding), keeps the file and queues the reading after the
commit. ``protocol_import_read`` is the worker's: a guarded update claims the import, so
a second delivery of the same task does nothing. ``protocol_import_confirm`` makes the
draft from the reviewed proposal through ``create.draft_from_proposal`` (the command's
"accept all" path too) and links it to the import, in one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from boards.exceptions import ConflictError, PermissionDeniedError
from boards.models import Area

from .. import permissions
from ..models import ProtocolImport
from . import limits, parse_upload
from .create import DraftResult, draft_from_proposal
from .proposal import Proposal

logger = logging.getLogger(__name__)

#: An import left "being read" for longer than the task's hard time limit was abandoned
#: by a worker that died; a redelivered task may claim it again.
STALE_AFTER = datetime.timedelta(seconds=120)

NOT_ALLOWED = "Only a business manager of a board in this area can import a protocol."
UNREADABLE = (
    "The document could not be read. Save it again from Word (as .docx) or as a PDF, or "
    "paste its text, and try again."
)
TOO_SLOW = (
    "Reading the document took too long. Upload the protocol on its own, without the rest "
    "of the committee papers, or paste its text."
)


def check_upload(data: bytes, filename: str) -> str:
    """Return the upload's kind after the checks that need no parser.

    Raises:
        ImportRefusedError: empty, too large, an unsupported or mislabelled kind, a .docx
            that is not a zip or would unpack to far too much, text in no known encoding.
    """
    limits.check_size(data)
    kind = limits.sniff_kind(data, filename)
    if kind == "docx":
        limits.check_docx_package(data)
    elif kind == "text":
        limits.check_text(limits.decode_text(data).text, kind="text")
    return kind


@transaction.atomic
def protocol_import_start(*, actor, area: Area, filename: str, data: bytes) -> ProtocolImport:
    """Keep an uploaded protocol and queue it to be read.

    Raises:
        PermissionDeniedError: the actor may not start a protocol in the area.
        ImportRefusedError: the file fails a check that needs no parser (``check_upload``).
    """
    from ..tasks import protocol_import_parse

    if not permissions.can_create_protocol(actor, area):
        raise PermissionDeniedError(NOT_ALLOWED)
    row = _store(actor=actor, area=area, filename=filename, data=data)
    _enqueue(protocol_import_parse, row.pk)
    return row


@transaction.atomic
def protocol_import_keep(
    *, actor, area: Area, filename: str, data: bytes, proposal: Proposal
) -> DraftResult:
    """Create the draft of a document already read, everything accepted, keeping the file.

    The command line's path (``import_protocol`` without ``--dry-run``): the same draft
    the review screen makes after "accept all", with the file kept as its source as an
    upload's is.
    """
    if not permissions.can_create_protocol(actor, area):
        raise PermissionDeniedError(NOT_ALLOWED)
    row = _store(actor=actor, area=area, filename=filename, data=data)
    row.proposal = proposal.to_dict()
    row.status = ProtocolImport.Status.READY
    row._change_reason = "Read"
    row.save()
    return protocol_import_confirm(actor=actor, protocol_import=row, proposal=proposal)


def _store(*, actor, area: Area, filename: str, data: bytes) -> ProtocolImport:
    """Check a document that needs no parser to refuse, store it under its hash, record it."""
    filename = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255]
    kind = check_upload(data, filename)
    digest = hashlib.sha256(data).hexdigest()
    row = ProtocolImport(
        area=area,
        uploaded_by=actor,
        filename=filename,
        sha256=digest,
        size=len(data),
        kind=kind,
    )
    extension = {"docx": "docx", "pdf": "pdf", "text": "txt"}[kind]
    # The stored name is the hash, never the uploader's name for it.
    row.file.save(f"{digest}.{extension}", ContentFile(data), save=False)
    row.full_clean()
    row._change_reason = "Uploaded"
    row.save()
    return row


def _enqueue(task, *args) -> None:
    from boards.services import enqueue

    enqueue(task, *args)


def _claim(import_id: int) -> bool:
    stale = timezone.now() - STALE_AFTER
    return bool(
        ProtocolImport.objects.filter(
            Q(status=ProtocolImport.Status.PENDING)
            | Q(status=ProtocolImport.Status.PARSING, modified__lt=stale),
            pk=import_id,
        ).update(status=ProtocolImport.Status.PARSING, modified=timezone.now())
    )


def protocol_import_read(*, import_id: int) -> str:
    """Read a waiting import and store its proposal or why it could not be read.

    Safe to run twice: only the run that claims the import (waiting → being read) reads
    it; any other returns the status as it finds it. Returns the final status.
    """
    if not _claim(import_id):
        row = ProtocolImport.objects.filter(pk=import_id).only("status").first()
        return row.status if row is not None else ""
    row = ProtocolImport.objects.select_related("area").get(pk=import_id)
    try:
        with row.file.open("rb") as handle:
            data = handle.read()
        proposal = parse_upload(data, row.filename, row.area)
    except limits.ImportRefusedError as exc:
        return _finish(row, error=exc.message)
    except Exception as exc:
        from celery.exceptions import SoftTimeLimitExceeded

        if isinstance(exc, SoftTimeLimitExceeded):
            return _finish(row, error=TOO_SLOW)
        # A parser's own failure on a strange file: the uploader can act on the sentence,
        # the log keeps the detail.
        logger.exception("Import %s could not be read", import_id)
        return _finish(row, error=UNREADABLE)
    return _finish(row, proposal=proposal)


def protocol_import_fail(*, import_id: int, error: str) -> str:
    """Record that reading an import failed (for a task stopped from outside the reader)."""
    row = ProtocolImport.objects.filter(pk=import_id).first()
    if row is None or not row.is_waiting:
        return row.status if row is not None else ""
    return _finish(row, error=error)


@transaction.atomic
def _finish(row: ProtocolImport, *, proposal: Proposal | None = None, error: str = "") -> str:
    locked = ProtocolImport.objects.select_for_update().get(pk=row.pk)
    if not locked.is_waiting:  # confirmed or failed meanwhile: keep what is there
        return locked.status
    if proposal is not None:
        locked.proposal = proposal.to_dict()
        locked.status = ProtocolImport.Status.READY
        locked._change_reason = "Read"
    else:
        locked.error = error
        locked.status = ProtocolImport.Status.FAILED
        locked._change_reason = "Could not be read"
    locked.save()
    return locked.status


@transaction.atomic
def protocol_import_confirm(
    *, actor, protocol_import: ProtocolImport, proposal: Proposal
) -> DraftResult:
    """Create the draft protocol the reviewer accepted, and keep the upload as its source.

    Raises:
        PermissionDeniedError: the actor may not start a protocol in the import's area.
        ConflictError: the import is not ready (still being read, failed, or already made
            into a draft).
        DomainError: a refusal of ``draft_from_proposal`` (nothing is saved).
        ValidationError: a field the services refuse.
    """
    row = (
        ProtocolImport.objects.select_for_update().select_related("area").get(pk=protocol_import.pk)
    )
    if not permissions.can_create_protocol(actor, row.area):
        raise PermissionDeniedError(NOT_ALLOWED)
    if row.status == ProtocolImport.Status.CREATED:
        raise ConflictError("A draft has already been made from this document.")
    if row.status != ProtocolImport.Status.READY:
        raise ConflictError("This document has not been read yet, so there is nothing to create.")
    result = draft_from_proposal(actor=actor, area=row.area, proposal=proposal)
    row.version = result.protocol.current_version
    row.status = ProtocolImport.Status.CREATED
    row._change_reason = "Draft created"
    row.save()
    protocol_import.status, protocol_import.version = row.status, row.version
    return result
