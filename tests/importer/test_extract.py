"""Reading Word documents, PDFs and text into structured blocks, and proposals from each."""

from __future__ import annotations

import io

import docx
import pytest

from protocols.importer import read_document
from protocols.importer.blocks import CELL, FIELD, FOOTNOTE, HEADER, HEADING, ITEM, PARAGRAPH
from protocols.importer.extract import extract_text
from protocols.importer.propose import propose
from tests.benchmarks.scoring import score
from tests.importer.builders import make_docx, make_pdf
from tests.importer.conftest import SEED_NAMES, load_seed


def kinds(document) -> list[tuple[str, str]]:
    return kinds_of(document.blocks)


def kinds_of(blocks) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


def word(build) -> bytes:
    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Word ------------------------------------------------------------------------------------


def test_word_headings_numbered_paragraphs_bullets_and_tables_become_blocks():
    def build(document):
        document.add_heading("Protocol between the SAB and the HWB", level=1)
        document.add_heading("Working together", level=2)
        document.add_paragraph("The SAB will present its annual report.", style="List Number")
        document.add_paragraph("The HWB will respond in writing.", style="List Number")
        document.add_paragraph("Attend meetings as needed", style="List Bullet")
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "REQUIREMENT", "METHOD"
        table.cell(1, 0).text = "Each Board will share learning."
        table.cell(1, 1).text = "The SAB will send its minutes."
        table.cell(1, 1).add_paragraph("The HWB will send its minutes.", style="List Bullet")

    blocks = read_document(word(build), "protocol.docx").blocks
    assert [(b.kind, b.text, b.number) for b in blocks[:5]] == [
        (HEADING, "Protocol between the SAB and the HWB", ""),
        (HEADING, "Working together", ""),
        (ITEM, "The SAB will present its annual report.", "1"),
        (ITEM, "The HWB will respond in writing.", "2"),
        (ITEM, "Attend meetings as needed", ""),
    ]
    cells = [(b.kind, b.text, b.row, b.col, b.header, b.label) for b in blocks[5:]]
    assert cells == [
        (CELL, "REQUIREMENT", 0, 0, "", HEADER),
        (CELL, "METHOD", 0, 1, "", HEADER),
        (CELL, "Each Board will share learning.", 1, 0, "REQUIREMENT", ""),
        (CELL, "The SAB will send its minutes.", 1, 1, "METHOD", ""),
        (ITEM, "The HWB will send its minutes.", 1, 1, "", ""),
    ]


def test_word_front_sheet_rows_become_fields_and_bold_lines_headings():
    def build(document):
        table = document.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Report to:", "Health and Wellbeing Board"
        table.cell(1, 0).text, table.cell(1, 1).text = "Report Title:", "Protocol between A and B"
        document.add_paragraph().add_run("Resolution Process").bold = True
        document.add_paragraph("Either chair may ask for a meeting.")

    blocks = read_document(word(build), "protocol.docx").blocks
    assert [(b.kind, b.label, b.text) for b in blocks] == [
        (FIELD, "Report to", "Health and Wellbeing Board"),
        (FIELD, "Report Title", "Protocol between A and B"),
        (HEADING, "", "Resolution Process"),
        (PARAGRAPH, "", "Either chair may ask for a meeting."),
    ]


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_headings_items_and_table_columns_become_separate_blocks():
    text = (
        "## Working together\n\n"
        "The boards agree the arrangements below.\n\n"
        "- The SAB will present its annual report to the HWB in October each year\n"
        "- The HWB will respond in writing\n\n"
        "REQUIREMENT\tMETHOD\n"
        "Each Board will share learning from reviews and inspections with the other board\t"
        "The SAB will send its minutes to the HWB after every meeting of the board\n"
    )
    blocks = read_document(make_pdf(text), "protocol.pdf").blocks
    # The table's header cells are short title lines, so they read as headings.
    assert kinds_of(blocks) == [
        (HEADING, "Working together"),
        (PARAGRAPH, "The boards agree the arrangements below."),
        (ITEM, "The SAB will present its annual report to the HWB in October each year"),
        (ITEM, "The HWB will respond in writing"),
        (HEADING, "REQUIREMENT"),
        (HEADING, "METHOD"),
        (
            PARAGRAPH,
            "Each Board will share learning from reviews and inspections with the other board",
        ),
        (PARAGRAPH, "The SAB will send its minutes to the HWB after every meeting of the board"),
    ]


# --- plain text ------------------------------------------------------------------------------


def test_text_reads_markdown_headings_bold_headings_bullets_and_numbers():
    text = (
        "## 1. Purpose\n\n"
        "**Leader &\nChief\nExecutive**\n\n"
        "The LSCB will:\n\n"
        "- Present its annual report\n"
        "  - a) to the HWB\n"
        "4.1 Financial implications\n\n"
        "2.3 In accordance with the functions set out in the Act, the Board has a duty.\n"
    )
    assert [(b.kind, b.text, b.number, b.level) for b in extract_text(text).blocks] == [
        (HEADING, "Purpose", "1", 2),
        (HEADING, "Leader & Chief Executive", "", 2),
        (PARAGRAPH, "The LSCB will:", "", 0),
        (ITEM, "Present its annual report", "", 1),
        (ITEM, "to the HWB", "a)", 2),
        (HEADING, "Financial implications", "4.1", 2),
        (
            PARAGRAPH,
            "In accordance with the functions set out in the Act, the Board has a duty.",
            "2.3",
            0,
        ),
    ]


def test_text_reads_tab_rows_as_fields_and_table_cells_with_bullets():
    text = (
        "Report Title:\tProtocol between HWBB and ISCB\n"
        "REQUIREMENT\tMETHOD\n"
        "Each Board will share learning\t• The chair will attend • The board will respond\n"
    )
    blocks = extract_text(text).blocks
    assert [(b.kind, b.text, b.label, b.header) for b in blocks] == [
        (FIELD, "Protocol between HWBB and ISCB", "Report Title", ""),
        (CELL, "REQUIREMENT", HEADER, ""),
        (CELL, "METHOD", HEADER, ""),
        (CELL, "Each Board will share learning", "", "REQUIREMENT"),
        (ITEM, "The chair will attend", "", ""),
        (ITEM, "The board will respond", "", ""),
    ]


def test_text_reads_html_fragments_pasted_from_committee_papers():
    text = (
        '<p>ISCB will:</p><ul style="list-style-type: none"> • Hold the HWBB to account '
        "• Highlight gaps</ul>"
    )
    assert kinds(extract_text(text)) == [
        (PARAGRAPH, "ISCB will:"),
        (ITEM, "Hold the HWBB to account"),
        (ITEM, "Highlight gaps"),
    ]


def test_text_joins_a_paragraph_cut_by_a_page_break_but_not_a_title():
    text = (
        "PROTOCOL ON THE WORKING ARRANGEMENTS BETWEEN WEST BERKSHIRE LOCAL SAFEGUARDING "
        "CHILDREN BOARD AND THE HEALTH AND WELLBEING BOARD\n\n"
        "Summary:\n\n"
        "The H&WB has strategic influence over commissioning decisions through its Joint\n\n"
        "Strategic Needs Assessment and the development of its strategy.\n\n"
        "² Working Together to Safeguard Children 2015, p92\n"
    )
    blocks = extract_text(text).blocks
    assert [(b.kind, b.text, b.label) for b in blocks] == [
        (
            PARAGRAPH,
            "PROTOCOL ON THE WORKING ARRANGEMENTS BETWEEN WEST BERKSHIRE LOCAL SAFEGUARDING "
            "CHILDREN BOARD AND THE HEALTH AND WELLBEING BOARD",
            "",
        ),
        (PARAGRAPH, "Summary:", ""),
        (
            PARAGRAPH,
            "The H&WB has strategic influence over commissioning decisions through its Joint "
            "Strategic Needs Assessment and the development of its strategy.",
            "",
        ),
        (PARAGRAPH, "Working Together to Safeguard Children 2015, p92", FOOTNOTE),
    ]


# --- each seed, as a Word document and as a PDF ---------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_seed_as_word_or_pdf_yields_the_same_parties_and_meets_the_targets(name, fmt):
    seed = load_seed(name)
    data = make_docx(seed.text) if fmt == "docx" else make_pdf(seed.text)
    proposal = propose(read_document(data, f"{name}.{fmt}"), seed.directory)
    from_text = propose(extract_text(seed.text), seed.directory)
    assert [p.short_name for p in proposal.parties] == [p.short_name for p in from_text.parties]
    result = score(proposal.to_dict(), seed.labels, seed.directory)
    assert result.recall >= 0.9, result.missed
    assert result.precision >= 0.8, result.extra
    assert result.timing_accuracy >= 0.9, result.wrong_timing
    assert proposal.source["format"] == fmt
