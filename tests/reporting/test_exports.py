"""The exports: the house layout in PDF, real Word structures in .docx, and escaping."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from reporting import selectors, services
from reporting.exports import document
from reporting.exports.docx import render_report_docx
from reporting.exports.pdf import render_report_pdf
from reporting.models import CommitteeReport
from tests.protocols.pdf_support import build_protocol
from tests.reporting.support import clear, make_report

HOSTILE = "Budget <script>alert('x')</script> & \"Partners\" <b>bold</b>"
HOUSE_HEADINGS = [
    "Report of:",
    "Meeting of",
    "Non-exempt",
    "SUBJECT",
    "1. Synopsis",
    "2. Recommendations",
    "3. Background",
    "4. Costs of the arrangements",
    "5. Implications",
    "5.1 Financial implications",
    "5.2 Legal implications",
    "5.3 Equalities impact assessment",
    "5.4 Environmental implications",
    "5.5 Safeguarding implications",
    "6. Conclusion and reasons for recommendations",
    "Background papers",
    "Appendices",
    "Final report clearance",
    "Signed by (report author)",
    "Received by (Head of Democratic Services)",
]


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_pages(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def in_order(text: str, needles: list[str]) -> list[str]:
    """Return the needles not found after the previous one (empty when all are in order)."""
    missing, position = [], 0
    for needle in needles:
        found = text.find(needle, position)
        if found < 0:
            missing.append(needle)
        else:
            position = found + len(needle)
    return missing


@pytest.fixture
def full(office) -> CommitteeReport:
    """A cleared report with every part of the house format and a protocol as Appendix A."""
    version = build_protocol(office)
    ds = office.user("democratic_services")
    report = make_report(
        office,
        recommendations=[
            "That the HWB note and agree the attached protocol.",
            "That the HWB ask for a progress report in a year.",
        ],
        conclusion="It is recommended that the protocol is adopted.",
        background_papers="Ofsted consultation, June 2013\nWorking Together 2023",
        appendix_versions=[version],
    )
    services.report_sections_replace(
        actor=ds,
        report=report,
        sections=[
            (
                "Costs of the arrangements",
                "The boards meet:\n\n- quarterly, and\n- after each serious case review\n\n"
                "1. first step\n2. second step\n\n"
                "See [the guidance](https://www.gov.uk/guidance).\n\n"
                "| Board | Cost |\n|---|---|\n| HWB | None |",
            )
        ],
    )
    services.report_implications_replace(
        actor=ds, report=report, implications=[("Safeguarding implications", "Positive.")]
    )
    return clear(office, report, officers=("finance", "legal"))


def build(report, *, member: bool) -> document.ReportDocument:
    return document.build(selectors.report_for_export(report.pk), member=member)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_prints_the_house_headings_in_order(full):
    pages = pdf_pages(render_report_pdf(build(full, member=True)))
    text = " ".join(pages)
    assert in_order(text, HOUSE_HEADINGS) == []
    assert "2.1 That the HWB note and agree the attached protocol." in text
    assert "2.2 That the HWB ask for a progress report in a year." in text
    assert "Page 1 of " in pages[0]


def test_pdf_member_version_has_the_clearance_log_and_the_public_one_does_not(full):
    member = " ".join(pdf_pages(render_report_pdf(build(full, member=True))))
    public = " ".join(pdf_pages(render_report_pdf(build(full, member=False))))
    assert "Clearance by named officers" in member
    assert "Content with the figures." in member
    assert "Revision 1 · Member version" in member
    assert "Clearance by named officers" not in public
    assert "Content with the figures." not in public
    assert "Revision 1 · Public version" in public
    for both in (member, public):
        assert "Signed by (report author) Democratic Services" in both
        assert "Received by (Head of Democratic Services) Democratic Services, Head of" in both


def test_pdf_appendix_a_is_the_protocol_rendered_from_itself(full):
    pages = pdf_pages(render_report_pdf(build(full, member=False)))
    start = next(i for i, page in enumerate(pages) if "Appendix A: Joint working protocol" in page)
    appendix = " ".join(pages[start:])
    assert start > 0
    assert (
        in_order(
            appendix,
            [
                "Appendix A: Joint working protocol between the HWB and the ASCP",
                "1. Purpose",
                "each board keeps its independence",
                "2. Statutory framework",
                "4. Roles of post holders",
                "Independent Chair of the ASCP",
                "Schedule of obligations",
                "O1",
                "Present the annual report and a current-year position statement.",
            ],
        )
        == []
    )


def test_pdf_is_the_same_bytes_every_time(full):
    doc = build(full, member=True)
    assert render_report_pdf(doc) == render_report_pdf(build(full, member=True))


def test_pdf_of_a_draft_is_marked_draft_on_every_page(office, draft):
    pages = pdf_pages(render_report_pdf(build(draft, member=True)))
    assert all("DRAFT – NOT CLEARED" in page for page in pages)
    assert "Signed by (report author) Not yet Not yet" in " ".join(pages)


def test_pdf_of_a_part_2_report_is_marked_not_for_publication(office):
    report = make_report(office, part=CommitteeReport.Part.EXEMPT, exempt_paragraph=1)
    report = clear(office, report)
    text = " ".join(pdf_pages(render_report_pdf(build(report, member=True))))
    assert "NOT FOR PUBLICATION" in text
    assert "Exempt: paragraph 1 of Part 1 of Schedule 12A to the Local Government Act 1972" in text


# --- Word ------------------------------------------------------------------------------------


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def numbering_of(word, paragraph) -> tuple[int, str, str]:
    """Return (numId, number format, level text) of a numbered paragraph."""
    num_pr = paragraph._p.pPr.numPr
    num_id = num_pr.numId.val
    numbering = word.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    abstract_id = num.abstractNumId.val
    abstract = next(
        a
        for a in numbering.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == str(abstract_id)
    )
    level = abstract.find(qn("w:lvl"))
    return (
        num_id,
        level.find(qn("w:numFmt")).get(qn("w:val")),
        level.find(qn("w:lvlText")).get(qn("w:val")),
    )


def test_docx_uses_word_heading_styles_in_the_house_order(full):
    word = open_docx(render_report_docx(build(full, member=True)))
    headings = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Head")]
    assert headings[:10] == [
        ("Heading 1", "Working together protocol between the HWB and the ASCP"),
        ("Heading 2", "1. Synopsis"),
        ("Heading 2", "2. Recommendations"),
        ("Heading 2", "3. Background"),
        ("Heading 2", "4. Costs of the arrangements"),
        ("Heading 2", "5. Implications"),
        ("Heading 2", "6. Conclusion and reasons for recommendations"),
        ("Heading 2", "Background papers"),
        ("Heading 2", "Appendices"),
        ("Heading 2", "Final report clearance"),
    ]
    assert ("Heading 3", "Clearance by named officers") in headings
    assert ("Heading 2", "Appendix A: Joint working protocol between the HWB and the ASCP") in (
        headings
    )
    assert ("Heading 3", "1. Purpose") in headings
    assert ("Heading 4", "Principles") in headings  # the Markdown "###" inside that section


def test_docx_numbers_recommendations_with_word_numbering(full):
    word = open_docx(render_report_docx(build(full, member=True)))
    texts = [
        "That the HWB note and agree the attached protocol.",
        "That the HWB ask for a progress report in a year.",
    ]
    paragraphs = [p for p in word.paragraphs if p.text in texts]
    assert [p.text for p in paragraphs] == texts  # typed as words only, no "2.1"
    numbers = {numbering_of(word, p) for p in paragraphs}
    assert len(numbers) == 1
    ((num_id, fmt, level_text),) = numbers
    assert (fmt, level_text) == ("decimal", "2.%1")
    assert all(p._p.pPr.numPr.ilvl.val == 0 for p in paragraphs)


def test_docx_keeps_markdown_structure_as_word_lists_and_tables(full):
    word = open_docx(render_report_docx(build(full, member=True)))
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert "quarterly, and" in bullets
    assert "after each serious case review" in bullets
    steps = [p for p in word.paragraphs if p.text in ("first step", "second step")]
    (first_id, fmt, _), (second_id, _, _) = (numbering_of(word, p) for p in steps)
    assert first_id == second_id and fmt == "decimal"
    recommendation = next(p for p in word.paragraphs if p.text.startswith("That the HWB note"))
    assert numbering_of(word, recommendation)[0] != first_id  # each list numbers from 1
    assert "See the guidance (https://www.gov.uk/guidance)." in [p.text for p in word.paragraphs]
    cells = [[c.text for c in row.cells] for t in word.tables for row in t.rows]
    assert ["Board", "Cost"] in cells and ["HWB", "None"] in cells


def test_docx_has_tables_for_the_meeting_implications_and_clearance(full):
    word = open_docx(render_report_docx(build(full, member=True)))
    rows = [[[c.text for c in row.cells] for row in t.rows] for t in word.tables]
    assert rows[0] == [
        ["Meeting of", "Date", "Agenda item", "Ward(s)"],
        ["Alderley Health and Wellbeing Board", "9 October 2031", "5", "All wards"],
    ]
    implications = next(r for r in rows if r[0] == ["", "Implication", "Details"])
    assert [row[:2] for row in implications[1:]] == [
        ["5.1", "Financial implications"],
        ["5.2", "Legal implications"],
        ["5.3", "Equalities impact assessment"],
        ["5.4", "Environmental implications"],
        ["5.5", "Safeguarding implications"],
    ]
    block = next(r for r in rows if r[0] == ["", "Name", "Date"])
    assert [row[0] for row in block[1:]] == [
        "Signed by (report author)",
        "Received by (Head of Democratic Services)",
    ]
    assert block[2][1] == "Democratic Services, Head of Democratic Services"
    log = next(r for r in rows if r[0][0] == "Clears for")
    assert [row[:3] for row in log[1:]] == [
        ["Finance", "Finance Officer", "Cleared"],
        ["Legal", "Legal Officer", "Cleared"],
    ]
    obligations = next(r for r in rows if r[0] == ["No.", "Who owes it to whom", "What", "When"])
    assert obligations[1][0] == "O1"
    assert word.tables[0].style.name == "Table Grid"
    header = word.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None


def test_docx_public_version_leaves_out_the_clearance_log(full):
    word = open_docx(render_report_docx(build(full, member=False)))
    texts = [p.text for p in word.paragraphs]
    assert "Clearance by named officers" not in texts
    cells = {c.text for t in word.tables for row in t.rows for c in row.cells}
    assert "Content with the figures." not in cells
    assert "Final report clearance" in texts


def test_docx_is_a4_with_title_and_author_and_page_fields(full):
    data = render_report_docx(build(full, member=True))
    word = open_docx(data)
    section = word.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    props = word.core_properties
    assert props.title == "Working together protocol between the HWB and the ASCP"
    assert props.author == "Lynn Mattai"
    assert props.category == "Committee report"
    footer_xml = section.footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml


def test_docx_is_a_well_formed_office_package(full):
    data = render_report_docx(build(full, member=True))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        assert {
            "[Content_Types].xml",
            "word/document.xml",
            "word/numbering.xml",
            "word/styles.xml",
            "docProps/core.xml",
        } <= names
        assert package.testzip() is None
        for name in names:
            if name.endswith(".xml") or name.endswith(".rels"):
                # Our own output, not untrusted input: raises if it is not well formed.
                ElementTree.fromstring(package.read(name))  # noqa: S314
        types = package.read("[Content_Types].xml").decode()
        assert "wordprocessingml.document.main+xml" in types


# --- escaping ----------------------------------------------------------------------------------


@pytest.fixture
def hostile(office) -> CommitteeReport:
    return make_report(
        office,
        title=HOSTILE,
        synopsis=f"{HOSTILE}\x07 with a bell\x1b and an escape",
        recommendations=[HOSTILE],
        background="Text <script>alert('x')</script> & more",
        contact_name="O'Brien & Sons <x>",
    )


def test_pdf_prints_user_text_literally(hostile):
    text = " ".join(pdf_pages(render_report_pdf(build(hostile, member=True))))
    assert flat(HOSTILE) in text
    assert "2.1 " + flat(HOSTILE) in text
    assert "O'Brien & Sons <x>" in text
    assert "alert" not in text.split("Background", 1)[1].split("Implications", 1)[0]


def test_docx_carries_user_text_literally_and_escaped_in_the_xml(hostile):
    data = render_report_docx(build(hostile, member=True))
    word = open_docx(data)
    texts = [p.text for p in word.paragraphs]
    assert HOSTILE in texts
    # Characters XML cannot hold are dropped, not allowed to break the file.
    assert f"{HOSTILE} with a bell and an escape" in texts
    assert word.core_properties.title == HOSTILE
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; \"Partners\" &lt;b&gt;" in xml
    assert "<script>" not in xml
    assert not re.search(r"<w:t[^>]*>[^<]*<b>", xml)


def test_report_page_escapes_user_text(hostile, client_for, office):
    response = client_for(office.user("democratic_services")).get(hostile.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Budget &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Partners&quot;"
        in (html)
    )
    assert "<script>alert" not in html
    assert "<b>bold</b>" not in html
