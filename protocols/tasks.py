"""Background work for the protocols app. Tasks take ids, load the row and call one function."""

from __future__ import annotations

import base64

from celery import shared_task
from pyhanko.sign.timestamps import TimestampRequestError

from .models import ProtocolVersion


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # A timestamp authority that is briefly unreachable is worth waiting for; nothing
    # else is retried, because the same input would fail the same way.
    autoretry_for=(TimestampRequestError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
    soft_time_limit=120,
    time_limit=180,
)
def version_signed_pdf_issue(version_id: int) -> str | None:
    """Make and store the signed PDF of a fully signed version; return its SHA-256.

    Safe to run more than once: the PDF is made only the first time.
    """
    from .pdf.sign import sign_version_pdf

    version = ProtocolVersion.objects.filter(pk=version_id).first()
    if version is None:  # deleted before the worker got to it
        return None
    sign_version_pdf(version)
    return version.signed_document.sha256


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=60,
    time_limit=90,
    # The page that asked for it polls the result store, in tests (eager) as in production.
    store_eager_result=True,
)
def version_draft_pdf_render(version_id: int) -> str | None:
    """Render a version as an unsigned PDF marked DRAFT; return it base64-encoded.

    The result is kept in the result store for the page that asked for it; nothing is
    written to storage.
    """
    from .pdf.render import render_version_pdf

    version = ProtocolVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    return base64.b64encode(render_version_pdf(version, draft_watermark=True)).decode("ascii")


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=60, time_limit=90)
def protocol_import_parse(import_id: int) -> str:
    """Read an uploaded protocol and store its proposal, or why it could not be read.

    Safe to run more than once: only the run that claims the waiting import reads it.
    """
    from celery.exceptions import SoftTimeLimitExceeded

    from .importer import services

    try:
        return services.protocol_import_read(import_id=import_id)
    except SoftTimeLimitExceeded:  # raised between the reader's own checks
        return services.protocol_import_fail(import_id=import_id, error=services.TOO_SLOW)
