"""Check an uploaded PDF: is it a protocol this installation issued, intact, and who signed?

``verify_pdf`` never raises for bad input: whatever the bytes, it returns a
``VerificationResult`` whose ``outcome`` says what was found and whose ``message`` says it
in a sentence a member of the public can act on. It stores nothing.

A file is recognised by its SHA-256 (the exact bytes stored when it was signed) or, when
it has been changed, by the protocol version named in its metadata. Each signature is
checked by pyHanko with the installation's certificates (the current one and those of
the documents already issued) as the only trust roots.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import io
import logging
from dataclasses import dataclass, field

from django.conf import settings

from ..models import ProtocolVersion, Signature, SignedDocument
from . import keys

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
#: The PDF header may follow some junk, but within the first kilobyte.
HEADER_WINDOW = 1024
#: Metadata written by the renderer (``<meta name="protocol-version-id">`` and so on in
#: ``version.html``), under the keys WeasyPrint gives them in the PDF's /Info: lower case,
#: letters and digits only.
VERSION_ID_KEY = "/protocolversionid"


class Outcome(enum.StrEnum):
    VALID = "valid"
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_PDF = "not_pdf"
    DAMAGED = "damaged"
    ENCRYPTED = "encrypted"
    UNSIGNED = "unsigned"
    UNKNOWN_CERTIFICATE = "unknown_certificate"
    MODIFIED = "modified"
    UNKNOWN_DOCUMENT = "unknown_document"


#: Outcomes that say the upload is not a readable PDF at all: a form shows them at the
#: file field and the API answers 400; the rest are answers about a PDF.
BAD_UPLOADS = frozenset(
    {Outcome.EMPTY, Outcome.TOO_LARGE, Outcome.NOT_PDF, Outcome.DAMAGED, Outcome.ENCRYPTED}
)


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko found about one digital signature in the file."""

    field_name: str
    signer_name: str
    reason: str
    signed_at: dt.datetime | None
    intact: bool
    trusted: bool
    valid: bool
    ours: bool


@dataclass(frozen=True)
class VerificationResult:
    """The answer for one file: an outcome, a sentence, and what was recognised."""

    outcome: Outcome
    message: str
    version: ProtocolVersion | None = None
    signed_document: SignedDocument | None = None
    signatures: tuple[SignatureCheck, ...] = ()
    signatories: tuple[Signature, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.VALID

    @property
    def is_bad_upload(self) -> bool:
        """Whether the file itself is the problem (not a readable, signed PDF)."""
        return self.outcome in BAD_UPLOADS


def _service() -> str:
    return settings.SERVICE_NAME


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def _known_certificates() -> dict[str, bytes]:
    """Return the installation's certificates (DER) by SHA-256 fingerprint."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    known: dict[str, bytes] = {}
    try:
        current = keys.installation_certificate()
    except keys.SigningConfigurationError:
        current = None
    if current is not None:
        der = current.public_bytes(Encoding.DER)
        known[hashlib.sha256(der).hexdigest()] = der
    issued = SignedDocument.objects.order_by().values_list("certificate_sha256", "certificate")
    for fingerprint, pem in issued.distinct():
        if fingerprint not in known:
            known[fingerprint] = x509.load_pem_x509_certificate(pem.encode()).public_bytes(
                Encoding.DER
            )
    return known


def _check_signature(embedded, context, known: dict[str, bytes]) -> SignatureCheck:
    from pyhanko.sign.validation import validate_pdf_signature

    reason = str(embedded.sig_object.get("/Reason", ""))
    name = str(embedded.sig_object.get("/Name", ""))
    try:
        fingerprint = hashlib.sha256(embedded.signer_cert.dump()).hexdigest()
        if not name:
            name = embedded.signer_cert.subject.human_friendly
    except Exception:  # noqa: BLE001 - a malformed signature is reported, not raised
        fingerprint = ""
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as error:  # noqa: BLE001 - as above
        logger.info("Signature %s could not be validated: %s", embedded.field_name, error)
        return SignatureCheck(
            embedded.field_name, name, reason, None, False, False, False, fingerprint in known
        )
    return SignatureCheck(
        field_name=embedded.field_name,
        signer_name=name,
        reason=reason,
        signed_at=status.signer_reported_dt,
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        valid=bool(status.bottom_line),
        ours=fingerprint in known,
    )


def _version_id_from_metadata(reader) -> int | None:
    try:
        raw = str(reader.trailer["/Info"].get(VERSION_ID_KEY, "")).strip()
    except Exception:  # noqa: BLE001 - a file without usable metadata is simply not named
        return None
    return int(raw) if raw.isdigit() else None


def _describe(version: ProtocolVersion) -> str:
    return f"“{version.title}”, version {version.number}"


def _signed_by(checks: list[SignatureCheck]) -> str:
    return "; ".join(c.reason or c.signer_name for c in checks)


def verify_pdf(data: bytes) -> VerificationResult:
    """Say whether ``data`` is an intact protocol PDF issued here, and which; never raise."""
    try:
        return _verify(data)
    except Exception:
        logger.exception("Verification of an uploaded PDF failed unexpectedly")
        return VerificationResult(
            Outcome.DAMAGED, "The file could not be read as a PDF. It may be damaged."
        )


def verify_upload(upload) -> VerificationResult:
    """Check an uploaded file (a Django ``UploadedFile``), reading no more than the limit.

    A file over the limit is not read whole: its first bytes beyond the limit are enough
    for ``verify_pdf`` to say it is too large.
    """
    upload.seek(0)
    return verify_pdf(upload.read(settings.PDF_UPLOAD_MAX_BYTES + 1))


def _verify(data: bytes) -> VerificationResult:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    limit = settings.PDF_UPLOAD_MAX_BYTES
    if not data:
        return VerificationResult(Outcome.EMPTY, "The file is empty. Choose a PDF to check.")
    if len(data) > limit:
        return VerificationResult(
            Outcome.TOO_LARGE,
            f"The file is larger than {_megabytes(limit)}. Signed protocols are much "
            "smaller, so this is not one.",
        )
    if PDF_MAGIC not in data[:HEADER_WINDOW]:
        return VerificationResult(
            Outcome.NOT_PDF, "The file is not a PDF. Choose the protocol's PDF file."
        )
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = bool(reader.encrypted)
    except Exception as error:  # noqa: BLE001 - bad input is an answer, not an error
        logger.info("Uploaded PDF could not be parsed: %s", error)
        return VerificationResult(
            Outcome.DAMAGED, "The file could not be read as a PDF. It may be damaged."
        )
    if encrypted:
        return VerificationResult(
            Outcome.ENCRYPTED,
            "The file is encrypted (password-protected), so it cannot be checked. Protocols "
            f"issued by {_service()} are never encrypted.",
        )
    try:
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 - as above
        logger.info("Signatures of an uploaded PDF could not be read: %s", error)
        return VerificationResult(
            Outcome.DAMAGED, "The file could not be read as a PDF. It may be damaged."
        )
    if not embedded:
        return VerificationResult(
            Outcome.UNSIGNED,
            f"The PDF has no digital signatures, so it is not a signed protocol issued by "
            f"{_service()}. Drafts and printed copies carry no signatures.",
        )

    known = _known_certificates()
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(der) for der in known.values()],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    checks = [_check_signature(sig, context, known) for sig in embedded]
    sha256 = hashlib.sha256(data).hexdigest()
    document = (
        SignedDocument.objects.select_related("version__protocol").filter(sha256=sha256).first()
    )
    version = document.version if document else None
    if version is None:
        version_id = _version_id_from_metadata(reader)
        if version_id is not None:
            version = (
                ProtocolVersion.objects.select_related("protocol", "signed_document")
                .filter(pk=version_id, signed_document__isnull=False)
                .first()
            )
    signatories = (
        tuple(version.signatures.select_related("signer", "board").order_by("signed_at", "pk"))
        if version is not None
        else ()
    )

    def result(outcome: Outcome, message: str) -> VerificationResult:
        return VerificationResult(
            outcome,
            message,
            version=version,
            signed_document=document,
            signatures=tuple(checks),
            signatories=signatories,
        )

    broken = [c for c in checks if not c.intact]
    if broken:
        which = ", ".join(f"signature {checks.index(c) + 1}" for c in broken)
        named = f"{_describe(version)} was" if version else "The PDF was"
        return result(
            Outcome.MODIFIED,
            f"{named} changed after it was signed: {which} no longer "
            f"{'matches' if len(broken) == 1 else 'match'} the file's content.",
        )
    foreign = [c for c in checks if not c.ours]
    if foreign:
        return result(
            Outcome.UNKNOWN_CERTIFICATE,
            f"The PDF is signed with a certificate that is not {_service()}'s, so it was not "
            f"issued here. Signed by: {_signed_by(foreign)}.",
        )
    if document is not None:
        # Byte for byte the file stored when it was signed, and every signature intact.
        count = len(checks)
        return result(
            Outcome.VALID,
            f"This is {_describe(version)}, issued by {_service()}. "
            f"{'Its signature is' if count == 1 else f'All {count} signatures are'} intact. "
            f"Signed by: {_signed_by(checks)}.",
        )
    if version is not None:
        issued = version.signed_document
        if len(checks) < issued.signature_count:
            detail = f"it carries {len(checks)} of its {issued.signature_count} signatures"
        else:
            detail = "content was added or altered after the last signature"
        return result(
            Outcome.MODIFIED,
            f"{_describe(version)} was changed after it was signed: {detail}. Ask for a "
            "copy of the issued PDF.",
        )
    invalid = [c for c in checks if not c.valid]
    if invalid:
        return result(
            Outcome.MODIFIED,
            "The PDF was changed after it was signed: "
            f"{', '.join(f'signature {checks.index(c) + 1}' for c in invalid)} "
            "no longer covers the file as it is now.",
        )
    return result(
        Outcome.UNKNOWN_DOCUMENT,
        f"The PDF is signed with {_service()}'s certificate, but there is no record of "
        "this document here. Ask whoever sent it for the protocol's reference.",
    )
