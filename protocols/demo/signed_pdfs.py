"""Issue the signed PDFs of the demo protocols that every signatory has signed.

Outside the demo the last signature issues the PDF through the task queue; the demo is
loaded before any worker runs, so it issues them itself, at once, and makes a
self-signed certificate first if the installation has none yet (as
``make_signing_cert`` would, for development).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO

from django.conf import settings

from ..models import ProtocolVersion
from ..pdf import keys
from ..pdf.sign import SIGNED_STATUSES, sign_version_pdf
from .specs import ProtocolSpec


def _certificate(stdout: TextIO | None) -> None:
    path = Path(settings.PDF_SIGNING_P12)
    if path.is_file():
        return
    keys.create_signing_certificate(
        path,
        passphrase=settings.PDF_SIGNING_PASSPHRASE,
        common_name=f"{settings.SERVICE_NAME} document signing (demo)",
        organisation=settings.COUNCIL_NAME,
        days=keys.DEFAULT_VALIDITY_DAYS,
    )
    if stdout is not None:
        stdout.write(f"No signing certificate was set up, so a self-signed one was made at {path}.")


def issue_signed_pdfs(
    specs: tuple[ProtocolSpec, ...], created: Counter, stdout: TextIO | None = None
) -> None:
    """Issue the missing signed PDF of each fully signed demo version."""
    versions = list(
        ProtocolVersion.objects.filter(
            protocol__area__slug__in={s.area for s in specs},
            protocol__reference__in={s.reference for s in specs},
            status__in=SIGNED_STATUSES,
            signed_document__isnull=True,
        ).select_related("protocol__area")
    )
    if not versions:
        return
    _certificate(stdout)
    for version in versions:
        sign_version_pdf(version)
        created["signed PDFs"] += 1
        if stdout is not None:
            stdout.write(f"{version.protocol.area.name}: issued the signed PDF of {version}.")
