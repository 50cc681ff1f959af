"""The signed PDF of a version: one PAdES signature per signatory, made once and stored.

The final rendering (no watermark) is signed once for each ``Signature`` row, in signing
order, each as an incremental update, so every earlier signature stays intact and a
reader sees who signed in what order. All are approval signatures: a certifying first
signature would forbid the later ones' new fields. Each is made with the installation's
certificate (``keys.load_signer``); its reason names the signatory and their role. With
``PDF_TSA_URL`` set, each carries a timestamp from that authority (PAdES B-T); otherwise
B-B.

The result is stored in Django's default storage and recorded as a ``SignedDocument``
with its SHA-256. It is never regenerated: later calls return the stored bytes.
"""

from __future__ import annotations

import hashlib
import io
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from boards.exceptions import ConflictError, DomainError

from .. import canonical, content
from ..models import ProtocolVersion, SignedDocument
from . import keys
from .render import render_version_pdf, version_queryset

logger = logging.getLogger(__name__)

Status = ProtocolVersion.Status

#: A version in one of these has been signed by everyone (the lifecycle moves it to
#: "signed" only when the last signature is made).
SIGNED_STATUSES = (Status.SIGNED, Status.IN_FORCE, Status.UNDER_REVIEW)
#: Final states a version may reach either signed or not; its history tells which.
_FINAL_STATUSES = (Status.SUPERSEDED, Status.WITHDRAWN)


class SignedDocumentError(DomainError):
    """The stored signed PDF no longer matches its recorded hash."""

    status = 500


def signature_field_name(index: int) -> str:
    """Return the PDF form field name of the ``index``-th signature (from 1)."""
    return f"Signature{index}"


def signature_reason(signature) -> str:
    """Return the reason a signature carries: who signed and in what role."""
    return f"Signed by {signature.signer}, {signature.capacity}"


def was_fully_signed(version: ProtocolVersion) -> bool:
    """Return True if every signatory signed the version (now or before it ended)."""
    if version.status in SIGNED_STATUSES:
        return True
    if version.status in _FINAL_STATUSES:
        return version.history.filter(status__in=SIGNED_STATUSES).exists()
    return False


def _check_signable(version: ProtocolVersion) -> str:
    if not was_fully_signed(version):
        raise ConflictError(
            "This version has not been signed by every signatory, so it has no signed PDF. "
            "Download the draft instead."
        )
    signatures = list(version.signatures.all())
    if not signatures:
        raise ConflictError("This version has no signatures, so it has no signed PDF.")
    content_hash = canonical.content_hash(content.version_content(version))
    if any(s.content_hash != content_hash for s in signatures):
        raise ConflictError(
            "The text of this version no longer matches what its signatories signed, so a "
            "signed PDF cannot be issued. Check the version's history."
        )
    return content_hash


def _timestamper():
    if not settings.PDF_TSA_URL:
        return None
    from pyhanko.sign import timestamps

    return timestamps.HTTPTimeStamper(settings.PDF_TSA_URL, timeout=10)


def seal(data: bytes, version: ProtocolVersion, signer, *, timestamper=None) -> bytes:
    """Add one approval signature per signature of ``version`` to the PDF ``data``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    area = version.protocol.area
    place = area.council_name or area.name
    for index, signature in enumerate(version.signatures.all(), start=1):
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        name = signature_field_name(index)
        metadata = signers.PdfSignatureMetadata(
            field_name=name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=signature_reason(signature),
            location=f"{signature.board.name}, {place}",
            name=str(signature.signer),
            certify=False,
        )
        output = io.BytesIO()
        signers.PdfSigner(
            metadata,
            signer=signer,
            timestamper=timestamper,
            # An invisible field: the signature block and certificate page show the people.
            new_field_spec=fields.SigFieldSpec(name, on_page=-1, box=None),
        ).sign_pdf(writer, output=output)
        data = output.getvalue()
    return data


def _stored_bytes(document: SignedDocument) -> bytes:
    with document.file.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != document.sha256:
        logger.error("Stored signed PDF %s does not match its recorded hash", document.file.name)
        raise SignedDocumentError(
            "The stored signed PDF of this version has been damaged or altered, so it is not "
            "served. Restore it from a backup."
        )
    return data


def stored_signed_pdf(version: ProtocolVersion) -> bytes | None:
    """Return the stored signed PDF of a version, or None if none has been issued.

    Raises:
        SignedDocumentError: the stored file no longer matches its recorded hash.
    """
    document = SignedDocument.objects.filter(version_id=version.pk).first()
    return _stored_bytes(document) if document is not None else None


def download_name(version: ProtocolVersion, *, signed: bool) -> str:
    """Return the file name a download of the version is offered under."""
    protocol = version.protocol
    kind = "signed" if signed else "draft"
    return f"{protocol.area.slug}-{protocol.reference}-v{version.number}-{kind}.pdf"


def signed_document_name(version: ProtocolVersion, sha256: str) -> str:
    """Return the storage name of a version's signed PDF."""
    area = version.protocol.area
    return (
        f"protocols/signed/{area.slug}-{version.protocol.reference}-v{version.number}-"
        f"{sha256[:12]}.pdf"
    )


def sign_version_pdf(version: ProtocolVersion) -> bytes:
    """Return the signed PDF of a fully signed version, making and storing it the first time.

    Raises:
        ConflictError: the version is not fully signed, or its text no longer matches
            what was signed.
        SigningConfigurationError: the installation's signing certificate is missing or
            locked.
        SignedDocumentError: the stored file no longer matches its recorded hash.
    """
    existing = SignedDocument.objects.filter(version_id=version.pk).first()
    if existing is not None:
        return _stored_bytes(existing)
    with transaction.atomic():
        # The lock makes a second caller wait, then find and return the first one's file.
        locked = ProtocolVersion.objects.select_for_update().get(pk=version.pk)
        existing = SignedDocument.objects.filter(version_id=locked.pk).first()
        if existing is not None:
            return _stored_bytes(existing)
        fresh = version_queryset().get(pk=locked.pk)
        content_hash = _check_signable(fresh)
        signer = keys.load_signer()
        timestamper = _timestamper()
        data = seal(
            render_version_pdf(fresh, draft_watermark=False), fresh, signer, timestamper=timestamper
        )
        sha256 = hashlib.sha256(data).hexdigest()
        certificate_der = signer.signing_cert.dump()
        name = default_storage.save(signed_document_name(fresh, sha256), ContentFile(data))
        try:
            with transaction.atomic():
                document = SignedDocument.objects.create(
                    version=locked,
                    file=name,
                    sha256=sha256,
                    size=len(data),
                    content_hash=content_hash,
                    signature_count=len(fresh.signatures.all()),
                    level=SignedDocument.Level.B_T if timestamper else SignedDocument.Level.B_B,
                    certificate=keys.pem_from_der(certificate_der),
                    certificate_sha256=hashlib.sha256(certificate_der).hexdigest(),
                )
        except Exception:
            # The file must not outlive a row that was never written.
            default_storage.delete(name)
            raise
        logger.info("Stored the signed PDF of %s as %s", fresh, document.file.name)
    return data
