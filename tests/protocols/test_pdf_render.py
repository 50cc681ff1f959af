"""The rendered PDF: what it says, that it is tagged, and that it is the same every time."""

from __future__ import annotations

import hashlib
import io
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import ArrayObject, BooleanObject, DictionaryObject

from protocols import services
from protocols.canonical import content_hash
from protocols.content import content_queryset, version_content
from protocols.models import Section
from protocols.pdf.render import render_version_pdf
from tests.protocols import pdf_support as support


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://protocols.example.gov.uk"


@pytest.fixture
def draft(cast):
    return support.build_protocol(cast)


@pytest.fixture
def signed(cast, draft):
    return support.approve_and_sign(cast, draft)


def _text(data: bytes, tmp_path, *, page: int | None = None) -> str:
    """Return the text of the PDF (or one page) in reading order, as pdftotext reads it."""
    path = tmp_path / "page.pdf"
    path.write_bytes(data)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode()


def _reddish_pixels_mid_page(data: bytes, tmp_path, page: int) -> int:
    """Return how many pixels in the middle third of a page are tinted red, as poppler draws it."""
    path = tmp_path / "watermark.pdf"
    path.write_bytes(data)
    ppm = subprocess.run(
        ["pdftoppm", "-r", "20", "-f", str(page), "-l", str(page), "-singlefile", str(path)],
        capture_output=True,
        check=True,
    ).stdout
    _, size, _, pixels = ppm.split(b"\n", 3)
    width, height = (int(n) for n in size.split())
    count = 0
    for row in range(height // 3, 2 * height // 3):
        for column in range(width):
            r, g, b = pixels[(row * width + column) * 3 : (row * width + column) * 3 + 3]
            count += r > g + 12 and r > b + 12
    return count


def _flat(text: str) -> str:
    return " ".join(text.split())


def _structure_types(reader: PdfReader) -> list[str]:
    """Return the structure element types of the tagged PDF, depth first."""
    found: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                found.append(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


def test_unmarked_copy_has_no_watermark(signed, tmp_path):
    data = render_version_pdf(signed, draft_watermark=False)

    assert _reddish_pixels_mid_page(data, tmp_path, page=2) == 0


def test_same_version_renders_to_identical_bytes(signed):
    first = render_version_pdf(signed, draft_watermark=False)
    second = render_version_pdf(signed, draft_watermark=False)

    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_draft_renders_to_identical_bytes_and_differs_from_the_unmarked_copy(draft):
    marked = render_version_pdf(draft, draft_watermark=True)

    assert render_version_pdf(draft, draft_watermark=True) == marked
    assert render_version_pdf(draft, draft_watermark=False) != marked


def test_metadata_comes_from_the_version_not_the_clock(signed):
    reader = PdfReader(io.BytesIO(render_version_pdf(signed, draft_watermark=False)))

    created = timezone.localtime(signed.created)
    assert reader.metadata["/Title"] == "Joint working protocol between the HWB and the ASCP"
    assert reader.metadata["/Author"] == "Alderley Council"
    assert reader.metadata["/CreationDate"].startswith(f"D:{created:%Y%m%d%H%M%S}")
    assert reader.metadata["/protocolversionid"] == str(signed.pk)
    fresh = content_queryset().get(pk=signed.pk)
    assert reader.metadata["/contentsha256"] == content_hash(version_content(fresh))


def test_pdf_is_tagged_with_language_title_headings_and_table_headers(signed):
    reader = PdfReader(io.BytesIO(render_version_pdf(signed, draft_watermark=False)))
    root = reader.trailer["/Root"]

    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    types = _structure_types(reader)
    assert types.count("/H1") == 1
    # Nine h2: five sections, the schedule, signatures, the certificate and "Purpose".
    assert types.count("/H2") == 9
    assert "/H3" in types
    assert types.count("/Table") >= 5
    assert "/THead" in types
    assert types.count("/TH") >= 20
    assert "/L" in types and "/LI" in types


def test_title_page_names_parties_version_status_and_approvals(signed, tmp_path):
    text = _flat(_text(render_version_pdf(signed, draft_watermark=False), tmp_path, page=1))

    assert "Joint working protocol between the HWB and the ASCP" in text
    assert (
        "A protocol between the Alderley Health and Wellbeing Board (HWB) and the Alderley "
        "Safeguarding Children Partnership (ASCP)" in text
    )
    assert "Version 1" in text
    assert "Status Signed" in text
    approved = signed.approvals.first().decided_on
    assert f"{approved.day} {approved:%B %Y}" in text
    assert "Page 1 of" in text


def test_body_has_numbered_sections_obligations_post_holders_and_ladder(signed, tmp_path):
    text = _flat(_text(render_version_pdf(signed, draft_watermark=False), tmp_path))

    for heading in (
        "1. Purpose",
        "2. Statutory framework",
        "3. Working together",
        "4. Roles of post holders",
        "5. Resolving concerns",
    ):
        assert heading in text
    assert "Schedule of obligations" in text
    assert "Each year between 1 October and 31 January" in text
    assert "Within 10 days after every meeting of the ASCP" in text
    # pdftotext may interleave the lines of neighbouring table cells, so each line of the
    # "When" cell is looked for on its own.
    for line in ("At the next available", "meeting of the HWB after", "“Present the annual"):
        assert line in text
    assert "Independent Chair of the ASCP → HWB" in text
    assert "Director of Public Health" in text
    assert "Leads the Joint Strategic Needs Assessment" in text
    assert "Step 4: Resolution meeting" in text
    assert "each board keeps its independence" in text


def test_signature_block_and_certificate_record_who_signed_what(signed, tmp_path):
    data = render_version_pdf(signed, draft_watermark=False)
    text = _flat(_text(data, tmp_path))
    pages = len(PdfReader(io.BytesIO(data)).pages)
    last = _flat(_text(data, tmp_path, page=pages))

    assert "Awaiting signature" not in text
    assert "DRAFT" not in text
    assert "For the Alderley Health and Wellbeing Board" in text
    assert "For the Alderley Safeguarding Children Partnership" in text
    signed_on = signed.signatures.first().signed_at
    assert text.count(f"{timezone.localtime(signed_on):%-d %B %Y}") >= 4
    assert last.startswith("Joint working protocol between the HWB and the ASCP")
    assert "Signature certificate" in last
    fresh = content_queryset().get(pk=signed.pk)
    digest = content_hash(version_content(fresh))
    assert digest in last
    assert "HWB/24/17" in last and "ASCP 7(b)" in last
    assert "Town Hall" in last
    assert last.count("Matches the text above.") == 2
    assert "https://protocols.example.gov.uk/verify/" in last
    assert f"Page {pages} of {pages}" in last


def test_certificate_says_when_a_signature_does_not_match_the_text(signed, tmp_path):
    Section.objects.filter(version=signed, order=2).update(body="Changed behind the signatures.")

    last = _flat(_text(render_version_pdf(signed, draft_watermark=False), tmp_path))

    assert last.count("Does not match the text above.") == 2


def test_draft_is_watermarked_and_lists_who_has_yet_to_sign(draft, tmp_path):
    data = render_version_pdf(draft, draft_watermark=True)
    text = _flat(_text(data, tmp_path))
    pages = len(PdfReader(io.BytesIO(data)).pages)

    assert text.count("DRAFT – NOT SIGNED") == pages
    assert _reddish_pixels_mid_page(data, tmp_path, page=2) > 100
    assert "Draft. This version has not been signed by every party. It is not in force." in text
    assert text.count("Awaiting signature") == 2
    assert "Not yet approved" in text
    assert "No one has signed this version yet." in text


def test_running_header_carries_the_title_after_the_first_page(signed, tmp_path):
    data = render_version_pdf(signed, draft_watermark=False)

    second = _text(data, tmp_path, page=2)

    assert second.lstrip().startswith("Joint working protocol between the HWB and the ASCP")
    assert "Page 2 of" in second


def test_user_text_is_printed_as_text_not_markup(cast, draft, tmp_path):
    services.section_add(
        actor=cast.user("business_manager"),
        version=draft,
        heading="Scope <b>& limits</b>",
        body="<script>alert(1)</script>Plain words.",
    )

    text = _flat(_text(render_version_pdf(draft, draft_watermark=True), tmp_path))

    assert "6. Scope <b>& limits</b>" in text
    assert "Plain words." in text
    assert "alert(1)" not in text


def test_long_obligation_table_repeats_its_header_on_each_page(cast, tmp_path):
    version = support.build_protocol(cast, extra_obligations=40)
    data = render_version_pdf(version, draft_watermark=False)

    pages_with_rows = [
        page
        for page in range(1, len(PdfReader(io.BytesIO(data)).pages) + 1)
        if "Officers' meeting" in _text(data, tmp_path, page=page)
    ]

    assert len(pages_with_rows) >= 3
    for page in pages_with_rows:
        assert "Who owes it to whom" in _text(data, tmp_path, page=page)


def test_queries_do_not_grow_with_obligations_and_sections(cast):
    small = support.build_protocol(cast, reference="small")
    large = support.build_protocol(cast, extra_obligations=12, reference="large")
    for n in range(4):
        services.section_add(
            actor=cast.user("business_manager"), version=large, heading=f"Extra {n}", body="Text."
        )

    with CaptureQueriesContext(connection) as small_queries:
        render_version_pdf(small, draft_watermark=True)
    with CaptureQueriesContext(connection) as large_queries:
        render_version_pdf(large, draft_watermark=True)

    assert len(large_queries) == len(small_queries)
