"""The signed PDF: one PAdES signature per signatory, stored once, checked by real readers."""

from __future__ import annotations

import hashlib
import io

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from boards.exceptions import ConflictError
from protocols import tasks
from protocols.models import Section, SignedDocument
from protocols.pdf.keys import SigningConfigurationError
from protocols.pdf.sign import SignedDocumentError, sign_version_pdf
from tests.protocols import pdf_support as support


@pytest.fixture(scope="session")
def p12(tmp_path_factory):
    return support.signing_p12(tmp_path_factory.mktemp("signing"))


@pytest.fixture
def signing(settings, p12, tmp_path):
    support.use_signing_certificate(settings, p12)
    settings.MEDIA_ROOT = tmp_path / "media"
    return p12


@pytest.fixture
def signed(cast, signing):
    return support.approve_and_sign(cast, support.build_protocol(cast))


def _pyhanko_statuses(data: bytes, p12):
    context = ValidationContext(
        trust_roots=[load_cert_from_pemder(str(p12.with_suffix(".cert.pem")))],
        allow_fetching=False,
    )
    reader = PdfFileReader(io.BytesIO(data))
    return [(s, validate_pdf_signature(s, context)) for s in reader.embedded_signatures]


def test_signed_pdf_has_one_valid_trusted_signature_per_signatory_in_pdfsig(signed, tmp_path):
    data = sign_version_pdf(signed)

    report = support.pdfsig(data, tmp_path, signing_pem(signed, tmp_path))

    assert report.count("Signature is Valid.") == 2
    assert report.count("Certificate is Trusted.") == 2
    assert "Signature Field Name: Signature1" in report
    assert "Signature Field Name: Signature2" in report
    assert "Total document signed" in report


def signing_pem(version, tmp_path):
    """Write the certificate recorded with the version's signed PDF, for NSS to trust."""
    path = tmp_path / "recorded.cert.pem"
    path.write_text(version.signed_document.certificate)
    return path


def test_signatures_are_approval_signatures_in_signing_order_naming_the_signatory(signed, p12):
    data = sign_version_pdf(signed)

    statuses = _pyhanko_statuses(data, p12)

    assert [s.field_name for s, _ in statuses] == ["Signature1", "Signature2"]
    assert [str(s.sig_object["/Reason"]) for s, _ in statuses] == [
        "Signed by Chair, Chair, HWB",
        "Signed by Ascp Chair, Independent chair, ASCP",
    ]
    assert [str(s.sig_object["/Location"]) for s, _ in statuses] == [
        "Alderley Health and Wellbeing Board, Alderley Council",
        "Alderley Safeguarding Children Partnership, Alderley Council",
    ]
    assert all(status.bottom_line for _, status in statuses)
    # Approval signatures only: a certifying first signature would lock out the second.
    assert all(s.docmdp_level is None for s, _ in statuses)
    assert "/Perms" not in PdfFileReader(io.BytesIO(data)).root


def test_one_flipped_byte_breaks_every_signature_in_pdfsig_and_pyhanko(signed, p12, tmp_path):
    tampered = support.flip_byte_in_first_stream(sign_version_pdf(signed))

    report = support.pdfsig(tampered, tmp_path, signing_pem(signed, tmp_path))
    statuses = _pyhanko_statuses(tampered, p12)

    assert report.count("Signature Field Name:") == 2
    assert "Signature is Valid." not in report
    assert report.count("Digest Mismatch.") == 2
    assert [status.intact for _, status in statuses] == [False, False]
    assert not any(status.bottom_line for _, status in statuses)


def test_signed_pdf_is_stored_with_its_hash_and_certificate(signed, signing):
    data = sign_version_pdf(signed)

    document = SignedDocument.objects.get(version=signed)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    assert document.signature_count == 2
    assert document.level == SignedDocument.Level.B_B
    assert document.file.name.startswith("protocols/signed/alderley-alderley-hwb-ascp-v1-")
    with default_storage.open(document.file.name, "rb") as handle:
        assert handle.read() == data
    assert document.certificate == signing.with_suffix(".cert.pem").read_text()


def test_signed_pdf_is_never_regenerated(signed, settings, tmp_path):
    first = sign_version_pdf(signed)
    # Without the certificate nothing could be signed again, so the bytes are the stored ones.
    settings.PDF_SIGNING_P12 = tmp_path / "gone.p12"

    again = sign_version_pdf(signed)

    assert again == first
    assert SignedDocument.objects.filter(version=signed).count() == 1


def test_damaged_stored_pdf_is_refused_rather_than_served(signed):
    sign_version_pdf(signed)
    document = SignedDocument.objects.get(version=signed)
    path = default_storage.path(document.file.name)
    with open(path, "r+b") as handle:
        handle.seek(100)
        handle.write(b"X")

    with pytest.raises(SignedDocumentError) as refusal:
        sign_version_pdf(signed)

    assert refusal.value.message == (
        "The stored signed PDF of this version has been damaged or altered, so it is not "
        "served. Restore it from a backup."
    )


def test_version_not_signed_by_everyone_has_no_signed_pdf(cast, signing):
    draft = support.build_protocol(cast)

    with pytest.raises(ConflictError) as refusal:
        sign_version_pdf(draft)

    assert refusal.value.message == (
        "This version has not been signed by every signatory, so it has no signed PDF. "
        "Download the draft instead."
    )
    assert not SignedDocument.objects.exists()


def test_text_changed_behind_the_signatures_is_refused(signed):
    # A change the services would refuse, made straight in the database.
    Section.objects.filter(version=signed, order=1).update(body="Something else entirely.")

    with pytest.raises(ConflictError) as refusal:
        sign_version_pdf(signed)

    assert refusal.value.message == (
        "The text of this version no longer matches what its signatories signed, so a "
        "signed PDF cannot be issued. Check the version's history."
    )
    assert not SignedDocument.objects.exists()


def test_missing_signing_certificate_says_how_to_make_one(signed, settings, tmp_path):
    settings.PDF_SIGNING_P12 = tmp_path / "missing.p12"

    with pytest.raises(SigningConfigurationError) as refusal:
        sign_version_pdf(signed)

    assert refusal.value.message == (
        "The signing certificate is missing. Create one with "
        "`python manage.py make_signing_cert`, or set PDF_SIGNING_P12 to its file."
    )


def test_wrong_passphrase_is_a_configuration_error(signed, settings):
    settings.PDF_SIGNING_PASSPHRASE = "not the passphrase"

    with pytest.raises(SigningConfigurationError) as refusal:
        sign_version_pdf(signed)

    assert refusal.value.message == (
        "The signing certificate could not be opened. Check PDF_SIGNING_PASSPHRASE."
    )
    assert not SignedDocument.objects.exists()


def test_task_issues_the_signed_pdf_once(signed):
    first = tasks.version_signed_pdf_issue.delay(signed.pk).get()
    second = tasks.version_signed_pdf_issue.delay(signed.pk).get()

    assert first == second == SignedDocument.objects.get(version=signed).sha256


def test_task_for_a_deleted_version_does_nothing(db):
    assert tasks.version_signed_pdf_issue.delay(987654).get() is None


# --- commands -------------------------------------------------------------------------------


def test_render_protocol_writes_the_stored_signed_pdf(signed, tmp_path):
    out = tmp_path / "out" / "protocol.pdf"
    output = io.StringIO()

    call_command("render_protocol", "alderley-hwb-ascp", out=str(out), stdout=output)

    assert out.read_bytes() == sign_version_pdf(signed)
    assert f"Wrote {out} (signed PDF of " in output.getvalue()


def test_render_protocol_writes_the_draft_of_an_unsigned_version(cast, signing, tmp_path):
    support.build_protocol(cast)
    out = tmp_path / "draft.pdf"

    call_command("render_protocol", "alderley/alderley-hwb-ascp", "--version", "1", out=str(out))

    text = support.pdf_text(out.read_bytes(), tmp_path)
    assert "DRAFT" in text
    assert "Awaiting signature" in text


def test_render_protocol_all_writes_one_file_per_protocol(cast, signed, tmp_path):
    support.build_protocol(cast, reference="second-protocol")

    call_command("render_protocol", "--all", out=str(tmp_path / "all"), stdout=io.StringIO())

    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "alderley-alderley-hwb-ascp-v1.pdf",
        "alderley-second-protocol-v1-draft.pdf",
    ]


def test_render_protocol_names_an_unknown_protocol(db, tmp_path):
    with pytest.raises(CommandError, match="There is no protocol 'nothing-here'."):
        call_command("render_protocol", "nothing-here", out=str(tmp_path / "x.pdf"))


def test_make_signing_cert_prints_a_generated_passphrase_once(settings, tmp_path):
    settings.PDF_SIGNING_PASSPHRASE = ""
    out = tmp_path / "new.p12"
    output = io.StringIO()

    call_command("make_signing_cert", out=str(out), stdout=output)

    lines = [line.strip() for line in output.getvalue().splitlines()]
    passphrase = next(
        line.split("=", 1)[1] for line in lines if line.startswith("PDF_SIGNING_PASSPHRASE=")
    )
    key, certificate, _ = pkcs12.load_key_and_certificates(out.read_bytes(), passphrase.encode())
    assert key is not None
    assert certificate.subject.rfc4514_string() == (
        "CN=Partnership protocols document signing,O=Partnership boards,C=GB"
    )
    assert out.stat().st_mode & 0o777 == 0o600


def test_make_signing_cert_will_not_overwrite_without_force(settings, tmp_path):
    settings.PDF_SIGNING_PASSPHRASE = "a passphrase"
    out = tmp_path / "existing.p12"
    out.write_bytes(b"keep me")

    with pytest.raises(CommandError, match="already exists. Use --force to replace it."):
        call_command("make_signing_cert", out=str(out), stdout=io.StringIO())

    assert out.read_bytes() == b"keep me"
