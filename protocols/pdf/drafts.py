"""The unsigned PDF of a version, marked DRAFT, made in the background for one person.

Rendering takes seconds, so a request starts it (``draft_pdf_request``) and gets back a
random job id; the page then asks ``draft_pdf_state`` until the PDF is ready and serves
it from Celery's result store. Nothing is written to storage: a draft changes, so it is
made afresh each time it is asked for. The caller keeps the job id with the person who
asked (their session), so nobody else can collect it.
"""

from __future__ import annotations

import base64
import enum
import logging
import uuid
from dataclasses import dataclass

from boards import permissions as policy
from boards.exceptions import DomainError, PermissionDeniedError

from ..models import ProtocolVersion

logger = logging.getLogger(__name__)

BROKER_DOWN = "The PDF cannot be prepared just now. Try again in a few minutes."
FAILED = "The PDF could not be made. Try again, and tell the service desk if it fails again."


class DraftState(enum.StrEnum):
    PREPARING = "preparing"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class DraftPdf:
    state: DraftState
    data: bytes = b""


def draft_pdf_request(*, actor, version: ProtocolVersion) -> str:
    """Start rendering the version as a draft PDF; return the job's id.

    Raises:
        PermissionDeniedError: the actor may not read the version.
        DomainError: the task queue cannot be reached.
    """
    from ..tasks import version_draft_pdf_render

    if not policy.can_view(actor, version):
        raise PermissionDeniedError("You cannot read this protocol.")
    job = str(uuid.uuid4())
    try:
        version_draft_pdf_render.apply_async(args=(version.pk,), task_id=job)
    except Exception as error:  # the broker is down or refuses: say so, keep the page
        logger.exception("Could not queue the draft PDF of version %s", version.pk)
        raise DomainError(BROKER_DOWN) from error
    return job


def draft_pdf_state(job: str) -> DraftPdf:
    """Return whether the job's PDF is ready, and its bytes when it is."""
    from celery.result import AsyncResult

    result = AsyncResult(job)
    if result.state == "SUCCESS" and isinstance(result.result, str):
        return DraftPdf(DraftState.READY, base64.b64decode(result.result))
    if result.state in ("FAILURE", "REVOKED") or result.state == "SUCCESS":
        return DraftPdf(DraftState.FAILED)
    return DraftPdf(DraftState.PREPARING)
