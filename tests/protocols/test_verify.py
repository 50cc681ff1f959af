"""The /verify/ page and POST /api/v1/verify/: anyone uploads a PDF and learns what it is."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from rest_framework.test import APIClient

from protocols.models import SignedDocument
from protocols.pdf import keys
from protocols.pdf.render import render_version_pdf
from protocols.pdf.sign import seal, sign_version_pdf
from tests.protocols import pdf_support as support

URL = "/verify/"
API_URL = "/api/v1/verify/"
TITLE = "“Joint working protocol between the HWB and the ASCP”, version 1"
SIGNERS = "Signed by Chair, Chair, HWB; Signed by Ascp Chair, Independent chair, ASCP"
GENUINE = (
    f"This is {TITLE}, issued by Partnership protocols. All 2 signatures are intact. "
    f"Signed by: {SIGNERS}."
)
TAMPERED = (
    f"{TITLE} was changed after it was signed: signature 1, signature 2 no longer match the "
    "file's content."
)
FOREIGN = (
    "The PDF is signed with a certificate that is not Partnership protocols's, so it was not "
    f"issued here. Signed by: {SIGNERS}."
)
NOT_PDF = "The file is not a PDF. Choose the protocol's PDF file."
EMPTY = "The file is empty. Choose a PDF to check."
TOO_LARGE = "The file is larger than 1 MB. Signed protocols are much smaller, so this is not one."
ENCRYPTED = (
    "The file is encrypted (password-protected), so it cannot be checked. Protocols issued by "
    "Partnership protocols are never encrypted."
)
DAMAGED = "The file could not be read as a PDF. It may be damaged."
NO_FILE = "Choose the PDF file to check."


@pytest.fixture(scope="module")
def other_p12(tmp_path_factory):
    return support.signing_p12(tmp_path_factory.mktemp("other"), name="another-issuer")


@pytest.fixture
def signed(cast):
    return support.approve_and_sign(cast, support.build_protocol(cast))


@pytest.fixture
def issued(signed) -> bytes:
    return sign_version_pdf(signed)


@pytest.fixture
def foreign(signed, settings, other_p12) -> bytes:
    """The same protocol, sealed by another installation's certificate."""
    rendered = render_version_pdf(signed, draft_watermark=False)
    installation = settings.PDF_SIGNING_P12
    settings.PDF_SIGNING_P12 = other_p12
    data = seal(rendered, signed, keys.load_signer())
    settings.PDF_SIGNING_P12 = installation
    return data


def encrypted_pdf(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def upload(data: bytes, name: str = "protocol.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def check(client, data: bytes | None):
    return client.post(URL, {} if data is None else {"file": upload(data)})


def field_error(response) -> str:
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1
    return errors[0]


# --- the page ------------------------------------------------------------------------------


def test_anyone_opens_the_page_without_signing_in_or_seeing_the_members_navigation(
    client, cast, client_for
):
    for user in (None, cast.user("member")):
        response = client_for(user).get(URL)

        assert response.status_code == 200
        assert b'<h1 class="govuk-heading-l">Check a signed protocol</h1>' in response.content
        assert b"govuk-service-navigation" not in response.content
        assert b'enctype="multipart/form-data"' in response.content


def test_genuine_pdf_is_named_with_every_signature_intact_and_its_signers(client, issued, signed):
    response = check(client, issued)

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    page = response.content.decode()
    assert '<h1 class="govuk-panel__title">The PDF is genuine</h1>' in page
    assert GENUINE.replace("“", "&ldquo;") in page or GENUINE in page
    assert page.count('govuk-tag--green">Intact</strong>') == 2
    assert "Chair, Chair, HWB, on" in page
    assert "Ascp Chair, Independent chair, ASCP, on" in page
    assert "There is a problem" not in page


def test_genuine_pdf_of_a_protocol_in_force_links_to_its_public_page(client, issued, signed, walk):
    walk.bring_into_force(signed)

    response = check(client, issued)

    assert response.context["public_url"] == f"/public/protocols/{signed.protocol_id}/"
    assert f'href="/public/protocols/{signed.protocol_id}/"' in response.content.decode()


def test_tampered_copy_is_shown_as_modified_at_the_file_field(client, issued):
    response = check(client, support.flip_byte_in_first_stream(issued))

    assert response.status_code == 200
    assert field_error(response) == TAMPERED
    page = response.content.decode()
    assert "There is a problem" in page
    assert page.count('govuk-tag--red">Broken</strong>') == 2
    assert "The PDF is genuine" not in page


def test_pdf_from_another_installation_is_refused_naming_who_signed(client, issued, foreign):
    response = check(client, foreign)

    assert field_error(response) == FOREIGN
    assert response.content.decode().count("Not Partnership protocols's") == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", EMPTY),
        (b"Dear Sir, please find attached.", NOT_PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, NOT_PDF),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, DAMAGED),
        (None, NO_FILE),
    ],
    ids=["empty", "text", "png", "garbage", "no-file"],
)
def test_bad_upload_is_a_field_error_never_a_500(client, db, data, message):
    response = check(client, data)

    assert response.status_code == 200
    assert field_error(response) == message
    assert f'<a href="#id_file">{message}</a>'.replace("'", "&#x27;") in response.content.decode()


def test_file_over_the_size_limit_is_refused(client, db, settings):
    settings.PDF_UPLOAD_MAX_BYTES = 1024 * 1024

    response = check(client, b"%PDF-1.7\n" + b"0" * 1024 * 1024)

    assert field_error(response) == TOO_LARGE


def test_encrypted_pdf_is_refused(client, issued):
    response = check(client, encrypted_pdf(issued))

    assert field_error(response) == ENCRYPTED


def test_nothing_uploaded_is_kept(client, issued, settings):
    media = settings.MEDIA_ROOT
    before = sorted(p.name for p in media.rglob("*"))

    check(client, issued)
    check(client, support.flip_byte_in_first_stream(issued))

    assert sorted(p.name for p in media.rglob("*")) == before
    assert SignedDocument.objects.count() == 1


# --- the API -------------------------------------------------------------------------------


def api_check(data: bytes | None, user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    payload = {} if data is None else {"file": upload(data)}
    return client.post(API_URL, payload, format="multipart")


def test_api_names_a_genuine_pdf_and_its_signers_without_signing_in(issued, signed):
    response = api_check(issued)

    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["ok"], body["message"]) == ("valid", True, GENUINE)
    assert body["version"] == {
        "id": signed.pk,
        "protocol": signed.protocol_id,
        "number": 1,
        "title": "Joint working protocol between the HWB and the ASCP",
        "status": "signed",
        "public_url": "",
    }
    assert [(s["reason"], s["intact"], s["ours"]) for s in body["signatures"]] == [
        ("Signed by Chair, Chair, HWB", True, True),
        ("Signed by Ascp Chair, Independent chair, ASCP", True, True),
    ]
    assert [(s["board"], s["signer"], s["capacity"]) for s in body["signatories"]] == [
        ("HWB", "Chair", "Chair, HWB"),
        ("ASCP", "Ascp Chair", "Independent chair, ASCP"),
    ]


def test_api_answers_the_same_for_a_signed_in_member(issued, cast):
    response = api_check(issued, user=cast.user("member"))

    assert (response.status_code, response.json()["outcome"]) == (200, "valid")


def test_api_reports_a_tampered_copy_as_modified(issued):
    response = api_check(support.flip_byte_in_first_stream(issued))

    assert response.status_code == 200
    body = response.json()
    assert (body["outcome"], body["ok"], body["message"]) == ("modified", False, TAMPERED)
    assert [s["intact"] for s in body["signatures"]] == [False, False]


def test_api_reports_another_installations_pdf(issued, foreign):
    body = api_check(foreign).json()

    assert (body["outcome"], body["ok"], body["message"]) == (
        "unknown_certificate",
        False,
        FOREIGN,
    )
    assert body["version"]["number"] == 1


@pytest.mark.parametrize(
    ("data", "outcome", "message"),
    [
        (b"", "empty", EMPTY),
        (b"Dear Sir, please find attached.", "not_pdf", NOT_PDF),
        (b"%PDF-1.7\n" + bytes(range(256)) * 8, "damaged", DAMAGED),
    ],
    ids=["empty", "text", "garbage"],
)
def test_api_bad_upload_is_a_400_with_the_reason(db, data, outcome, message):
    response = api_check(data)

    assert response.status_code == 400
    assert response.json() == {"file": [message], "outcome": outcome}


def test_api_without_a_file_is_a_400(db):
    response = api_check(None)

    assert response.status_code == 400
    assert response.json() == {"file": [NO_FILE]}


def test_api_refuses_an_encrypted_pdf(issued):
    response = api_check(encrypted_pdf(issued))

    assert (response.status_code, response.json()) == (
        400,
        {"file": [ENCRYPTED], "outcome": "encrypted"},
    )


def test_api_refuses_a_file_over_the_limit(db, settings):
    settings.PDF_UPLOAD_MAX_BYTES = 1024 * 1024

    response = api_check(b"%PDF-1.7\n" + b"0" * 1024 * 1024)

    assert (response.status_code, response.json()) == (
        400,
        {"file": [TOO_LARGE], "outcome": "too_large"},
    )


def test_api_check_is_in_the_schema(cast, client_for):
    response = client_for(cast.user("member")).get(reverse("schema"), {"format": "json"})

    operation = response.json()["paths"]["/api/v1/verify/"]["post"]
    assert operation["summary"] == "Check a protocol PDF"
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert set(operation["responses"]) == {"200", "400"}
    assert operation["security"][-1] == {}  # anyone may call it
