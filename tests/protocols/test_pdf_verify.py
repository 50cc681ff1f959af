"""verify_pdf: tells an intact issued protocol from every way a file can fail, never raising."""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils.generic import pdf_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader, PdfWriter

from protocols.pdf import keys
from protocols.pdf.render import render_version_pdf
from protocols.pdf.sign import seal, sign_version_pdf
from protocols.pdf.verify import Outcome, verify_pdf
from tests.protocols import pdf_support as support

TITLE = "“Joint working protocol between the HWB and the ASCP”, version 1"


@pytest.fixture(scope="session")
def p12(tmp_path_factory):
    return support.signing_p12(tmp_path_factory.mktemp("signing"))


@pytest.fixture(scope="session")
def other_p12(tmp_path_factory):
    return support.signing_p12(tmp_path_factory.mktemp("other"), name="another-issuer")


@pytest.fixture
def signing(settings, p12, tmp_path):
    support.use_signing_certificate(settings, p12)
    settings.MEDIA_ROOT = tmp_path / "media"
    return p12


@pytest.fixture
def signed(cast, signing):
    return support.approve_and_sign(cast, support.build_protocol(cast))


@pytest.fixture
def issued(signed) -> bytes:
    return sign_version_pdf(signed)


def test_issued_pdf_is_valid_and_names_the_version_and_signatories(signed, issued):
    result = verify_pdf(issued)

    assert result.outcome == Outcome.VALID
    assert result.ok
    assert result.message == (
        f"This is {TITLE}, issued by Partnership protocols. All 2 signatures are intact. "
        "Signed by: Signed by Chair, Chair, HWB; Signed by Ascp Chair, Independent chair, ASCP."
    )
    assert result.version == signed
    assert result.signed_document == signed.signed_document
    assert [(str(s.signer), s.capacity) for s in result.signatories] == [
        ("Chair", "Chair, HWB"),
        ("Ascp Chair", "Independent chair, ASCP"),
    ]
    assert [(c.field_name, c.intact, c.trusted, c.valid, c.ours) for c in result.signatures] == [
        ("Signature1", True, True, True, True),
        ("Signature2", True, True, True, True),
    ]


def test_one_flipped_byte_is_modified_after_signing(signed, issued):
    result = verify_pdf(support.flip_byte_in_first_stream(issued))

    assert result.outcome == Outcome.MODIFIED
    assert not result.ok
    assert result.message == (
        f"{TITLE} was changed after it was signed: signature 1, signature 2 no longer match "
        "the file's content."
    )
    assert result.version == signed


def test_update_appended_after_the_last_signature_is_modified(issued):
    writer = IncrementalPdfFileWriter(io.BytesIO(issued))
    writer.root["/Lang"] = pdf_string("fr-FR")
    writer.update_root()
    output = io.BytesIO()
    writer.write(output)

    result = verify_pdf(output.getvalue())

    assert result.outcome == Outcome.MODIFIED
    assert result.message == (
        f"{TITLE} was changed after it was signed: content was added or altered after the "
        "last signature. Ask for a copy of the issued PDF."
    )


def test_copy_cut_back_to_the_first_signature_is_modified(issued):
    first = PdfFileReader(io.BytesIO(issued)).embedded_signatures[0]
    start, length = int(first.byte_range[2]), int(first.byte_range[3])
    end = start + length

    result = verify_pdf(issued[:end])

    assert result.outcome == Outcome.MODIFIED
    assert result.message == (
        f"{TITLE} was changed after it was signed: it carries 1 of its 2 signatures. Ask for "
        "a copy of the issued PDF."
    )


def test_pdf_signed_with_another_certificate_is_refused(signed, settings, signing, other_p12):
    rendered = render_version_pdf(signed, draft_watermark=False)
    settings.PDF_SIGNING_P12 = other_p12
    forged = seal(rendered, signed, keys.load_signer())
    settings.PDF_SIGNING_P12 = signing

    result = verify_pdf(forged)

    assert result.outcome == Outcome.UNKNOWN_CERTIFICATE
    assert result.message == (
        "The PDF is signed with a certificate that is not Partnership protocols's, so it was "
        "not issued here. Signed by: Signed by Chair, Chair, HWB; Signed by Ascp Chair, "
        "Independent chair, ASCP."
    )
    assert [c.ours for c in result.signatures] == [False, False]


def test_pdf_signed_here_but_never_issued_is_an_unknown_document(signed):
    # Sealed with the installation's key but never stored: no record vouches for it.
    unrecorded = seal(render_version_pdf(signed, draft_watermark=False), signed, keys.load_signer())

    result = verify_pdf(unrecorded)

    assert result.outcome == Outcome.UNKNOWN_DOCUMENT
    assert result.message == (
        "The PDF is signed with Partnership protocols's certificate, but there is no record "
        "of this document here. Ask whoever sent it for the protocol's reference."
    )


def test_issued_pdf_stays_valid_after_the_certificate_is_renewed(
    signed, issued, settings, other_p12
):
    settings.PDF_SIGNING_P12 = other_p12

    assert verify_pdf(issued).outcome == Outcome.VALID


def test_draft_without_signatures_is_unsigned(cast, signing):
    draft = render_version_pdf(support.build_protocol(cast), draft_watermark=True)

    result = verify_pdf(draft)

    assert result.outcome == Outcome.UNSIGNED
    assert result.message == (
        "The PDF has no digital signatures, so it is not a signed protocol issued by "
        "Partnership protocols. Drafts and printed copies carry no signatures."
    )


def test_encrypted_pdf_is_refused(cast, signing):
    writer = PdfWriter(
        clone_from=PdfReader(
            io.BytesIO(render_version_pdf(support.build_protocol(cast), draft_watermark=False))
        )
    )
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    output = io.BytesIO()
    writer.write(output)

    result = verify_pdf(output.getvalue())

    assert result.outcome == Outcome.ENCRYPTED
    assert result.message == (
        "The file is encrypted (password-protected), so it cannot be checked. Protocols "
        "issued by Partnership protocols are never encrypted."
    )


@pytest.mark.parametrize(
    ("data", "outcome", "message"),
    [
        (b"", Outcome.EMPTY, "The file is empty. Choose a PDF to check."),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            Outcome.NOT_PDF,
            "The file is not a PDF. Choose the protocol's PDF file.",
        ),
        (
            b"Dear Sir, please find attached.",
            Outcome.NOT_PDF,
            "The file is not a PDF. Choose the protocol's PDF file.",
        ),
        (
            b"%PDF-1.7\n" + bytes(range(256)) * 8,
            Outcome.DAMAGED,
            "The file could not be read as a PDF. It may be damaged.",
        ),
    ],
    ids=["empty", "png", "text", "garbage-after-header"],
)
def test_bad_input_gets_a_clear_answer(db, data, outcome, message):
    result = verify_pdf(data)

    assert (result.outcome, result.message) == (outcome, message)
    assert result.version is None


def test_file_over_the_size_limit_is_refused_before_reading(db, settings):
    settings.PDF_UPLOAD_MAX_BYTES = 1024 * 1024

    result = verify_pdf(b"%PDF-1.7\n" + b"0" * 1024 * 1024)

    assert result.outcome == Outcome.TOO_LARGE
    assert result.message == (
        "The file is larger than 1 MB. Signed protocols are much smaller, so this is not one."
    )


def test_truncated_copies_never_raise(issued):
    outcomes = {
        verify_pdf(issued[:cut]).outcome for cut in range(0, len(issued), len(issued) // 17)
    }

    assert outcomes <= {Outcome.EMPTY, Outcome.DAMAGED, Outcome.MODIFIED, Outcome.UNSIGNED}
    assert Outcome.VALID not in outcomes
