"""Committee reports as Word documents (.docx), built with python-docx.

Agenda packs are often put together in Word, so the structure is Word's own: Heading
styles for headings, Word numbering (not typed numbers) for the recommendations and
numbered lists, real tables for the meeting, the implications, the clearance block and a
protocol's obligations, A4 pages, and a header and footer with page fields. Markdown text
arrives as the same sanitised HTML the web page and the PDF show, and is rebuilt here as
paragraphs, runs and lists. python-docx escapes what it writes; characters XML cannot
hold at all (most control characters) are dropped first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from html.parser import HTMLParser

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import document

A4_WIDTH = Mm(210)
A4_HEIGHT = Mm(297)
MARGIN = Mm(20)
TABLE_STYLE = "Table Grid"
MAX_HEADING_LEVEL = 9

# XML 1.0 allows tab, line feed, carriage return and everything from U+0020 up, less the
# surrogates and U+FFFE/U+FFFF; anything else would make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


def xml_safe(text: str | None) -> str:
    """Return ``text`` without the characters an XML document cannot contain."""
    return _NOT_XML.sub("", text or "")


# --- Word structures -------------------------------------------------------------------------


def _a4(word: WordDocument) -> None:
    # python-docx's template is US Letter: councils print on A4.
    for section in word.sections:
        section.page_width = A4_WIDTH
        section.page_height = A4_HEIGHT
        section.left_margin = section.right_margin = MARGIN
        section.top_margin = section.bottom_margin = Mm(22)


def new_numbering(word: WordDocument, *, level_text: str = "%1.", start: int = 1) -> int:
    """Add a decimal numbering definition (three levels) and return its ``numId``.

    Each list gets its own, so its numbers start again from ``start``.
    """
    numbering = word.part.numbering_part.element
    abstract_ids = [
        int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))
    ]
    abstract_id = max(abstract_ids, default=-1) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    kind = OxmlElement("w:multiLevelType")
    kind.set(qn("w:val"), "hybridMultilevel")
    abstract.append(kind)
    for level in range(3):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        for tag, value in (
            ("w:start", str(start if level == 0 else 1)),
            ("w:numFmt", "decimal"),
            ("w:lvlText", level_text if level == 0 else f"%{level + 1}."),
            ("w:lvlJc", "left"),
        ):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            lvl.append(element)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(720 * (level + 1)))
        ind.set(qn("w:hanging"), "720" if level == 0 else "360")
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    # The schema wants every abstractNum before the first num.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return int(numbering.add_num(abstract_id).numId)


def number_paragraph(paragraph, num_id: int, level: int = 0) -> None:
    """Make a paragraph an item of the Word list ``num_id`` at ``level``."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def table(word_or_cell, headings: list[str], rows: list[list[str]], *, widths=None):
    """Add a table with a bold, repeating header row; every cell is plain text."""
    grid = word_or_cell.add_table(rows=1, cols=len(headings))
    grid.style = TABLE_STYLE
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    header = grid.rows[0]
    _repeat_header(header)
    for cell, heading in zip(header.cells, headings, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(xml_safe(heading))
        run.bold = True
    for values in rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            _cell_text(cell, value)
    if widths:
        for row in grid.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
    return grid


def _cell_text(cell, value: str) -> None:
    lines = xml_safe(value).split("\n") or [""]
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        paragraph.add_run(line)


def _paragraphs(word: WordDocument, text: str, style: str | None = None) -> None:
    """Add plain text: a paragraph per blank-line-separated block, line breaks kept."""
    blocks = re.split(r"\n\s*\n", xml_safe(text).strip()) if text.strip() else []
    for block in blocks:
        paragraph = word.add_paragraph(style=style)
        for index, line in enumerate(block.split("\n")):
            if index:
                paragraph.add_run().add_break()
            paragraph.add_run(line.strip())


def _labelled(word: WordDocument, label: str, value: str) -> None:
    paragraph = word.add_paragraph()
    paragraph.add_run(xml_safe(label)).bold = True
    paragraph.add_run(" " + xml_safe(value))


def _heading(word: WordDocument, text: str, level: int):
    return word.add_heading(xml_safe(text), level=min(level, MAX_HEADING_LEVEL))


# --- sanitised HTML to Word --------------------------------------------------------------------


class HtmlToWord(HTMLParser):
    """Rebuild the allow-listed HTML of ``protocols.rendering`` as Word paragraphs.

    Headings become Word headings from ``top_level`` down, without skipping a level;
    lists become Word lists (bullets by style, numbers by their own numbering, so each
    list restarts);
    quotes take the Quote style; tables become Word tables; a link keeps its address in
    brackets after its words when they differ.
    """

    def __init__(self, word: WordDocument, *, top_level: int = 3) -> None:
        super().__init__(convert_charrefs=True)
        self.word = word
        self.top_level = top_level
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.quote = 0
        self.lists: list[tuple[str, int | None]] = []
        self.href: str | None = None
        self.link_text: list[str] = []
        self.table_rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.header_cells = 0
        self.seen_top = False

    # paragraphs --------------------------------------------------------------------------

    def _open(self, style: str | None = None):
        self.paragraph = self.word.add_paragraph(style=style)
        return self.paragraph

    def _close(self) -> None:
        self.paragraph = None

    def _ensure(self):
        if self.paragraph is None:
            self._open("Quote" if self.quote else None)
        return self.paragraph

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if self.table_rows is not None:
            self._table_start(tag)
            return
        if tag == "p":
            if self.paragraph is not None and self.lists and not self.paragraph.text:
                return  # a loose list's <li><p>: keep the item's own paragraph
            self._open("Quote" if self.quote else None)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            # The sanitiser leaves h3 and h4 only; an h4 with no h3 before it is the top
            # heading of its text, so no level is skipped.
            deeper = tag not in ("h1", "h2", "h3") and self.seen_top
            self.seen_top = self.seen_top or not deeper
            level = self.top_level + (1 if deeper else 0)
            self.paragraph = self.word.add_heading("", level=min(level, MAX_HEADING_LEVEL))
        elif tag == "ul":
            self._close()
            self.lists.append(("ul", None))
        elif tag == "ol":
            self._close()
            start = attributes.get("start") or "1"
            start_number = int(start) if start.isdigit() else 1
            self.lists.append(("ol", new_numbering(self.word, start=start_number)))
        elif tag == "li":
            depth = len(self.lists)
            kind, num_id = self.lists[-1] if self.lists else ("ul", None)
            if kind == "ol":
                self._open("List Number")
                number_paragraph(self.paragraph, num_id, min(depth - 1, 2))
            else:
                self._open("List Bullet" if depth <= 1 else f"List Bullet {min(depth, 3)}")
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self._ensure().add_run().add_break()
        elif tag == "blockquote":
            self._close()
            self.quote += 1
        elif tag == "a":
            self.href = attributes.get("href") or ""
            self.link_text = []
        elif tag == "table":
            self._close()
            self.table_rows = []

    def handle_endtag(self, tag: str) -> None:
        if self.table_rows is not None:
            self._table_end(tag)
            return
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._close()
        elif tag in ("ul", "ol"):
            self._close()
            if self.lists:
                self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "blockquote":
            self._close()
            self.quote = max(0, self.quote - 1)
        elif tag == "a":
            words = " ".join("".join(self.link_text).split())
            if self.href and self.href != words and not self.href.startswith("mailto:"):
                self._run(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.table_rows is not None:
            if self.cell is not None:
                self.cell.append(data)
            return
        text = _SPACE.sub(" ", data)
        if self.paragraph is None:
            if not text.strip():
                return
            text = text.lstrip()
        if self.href is not None:
            self.link_text.append(text)
        self._run(text)

    def _run(self, text: str) -> None:
        run = self._ensure().add_run(xml_safe(text))
        if self.bold:
            run.bold = True
        if self.italic:
            run.italic = True

    # tables --------------------------------------------------------------------------------

    def _table_start(self, tag: str) -> None:
        if tag == "tr":
            self.table_rows.append([])
        elif tag in ("td", "th"):
            self.cell = []
            if tag == "th" and len(self.table_rows) == 1:
                self.header_cells += 1

    def _table_end(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.table_rows:
            self.table_rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table":
            rows = [r for r in (self.table_rows or []) if r]
            self.table_rows = None
            if not rows:
                return
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            head, body = (rows[0], rows[1:]) if self.header_cells else ([""] * width, rows)
            table(self.word, head, body)
            self.header_cells = 0


def add_html(word: WordDocument, html: str, *, top_level: int = 3) -> None:
    """Add sanitised HTML (``protocols.rendering.render_markdown``) to the document."""
    parser = HtmlToWord(word, top_level=top_level)
    parser.feed(str(html))
    parser.close()


# --- the report ----------------------------------------------------------------------------


def _date(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return document.NOT_YET
    if isinstance(value, dt.datetime):
        value = document._local(value).date()
    return f"{value:%-d %B %Y}"


def _utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _properties(word: WordDocument, doc: document.ReportDocument) -> None:
    props = word.core_properties
    props.title = xml_safe(doc.title)
    props.author = xml_safe(doc.contact_name or doc.council)
    props.subject = xml_safe(f"Report to the {doc.report_to}, {doc.meeting_on:%-d %B %Y}")
    props.keywords = xml_safe(f"committee report, {doc.report_to}")
    props.category = "Committee report"
    props.comments = f"Revision {doc.revision}, {doc.status.lower()}. {_variant(doc)}."
    props.last_modified_by = xml_safe(doc.service_name)
    props.created = _utc(doc.created)
    props.modified = _utc(doc.modified)
    props.revision = doc.revision
    props.language = doc.language


def _variant(doc: document.ReportDocument) -> str:
    return "Member version" if doc.member else "Public version"


def _marking(doc: document.ReportDocument) -> str:
    if doc.draft and doc.report.is_exempt:
        return "DRAFT – NOT FOR PUBLICATION"
    if doc.draft:
        return "DRAFT – NOT CLEARED"
    if doc.report.is_exempt:
        return "NOT FOR PUBLICATION"
    return ""


def _header_footer(word: WordDocument, doc: document.ReportDocument) -> None:
    section = word.sections[0]
    header = section.header.paragraphs[0]
    header.text = xml_safe(doc.running_title)
    marking = _marking(doc)
    if marking:
        run = header.add_run(f"    {marking}")
        run.bold = True
    footer = section.footer.paragraphs[0]
    footer.text = f"Revision {doc.revision} · {_variant(doc)} · Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(8.5)


def _front(word: WordDocument, doc: document.ReportDocument) -> None:
    council = word.add_paragraph()
    council.add_run(xml_safe(doc.council)).bold = True
    if doc.report.is_exempt:
        _labelled(word, "Not for publication.", doc.exemption + ".")
    if doc.draft:
        _labelled(
            word,
            "Draft.",
            "This report has not been cleared by the Head of Democratic Services.",
        )
    _labelled(word, "Report of:", doc.report_of or "Not yet named")
    table(
        word,
        ["Meeting of", "Date", "Agenda item", "Ward(s)"],
        [[doc.report_to, _date(doc.meeting_on), doc.agenda_item or "Not yet numbered", doc.wards]],
    )
    word.add_paragraph().add_run(xml_safe(doc.exemption)).bold = True
    if doc.late_reason:
        _labelled(word, "Reasons the report is late:", doc.late_reason)
    if doc.urgency_reason:
        _labelled(word, "Reasons for urgency:", doc.urgency_reason)
    word.add_paragraph("Subject")
    _heading(word, doc.title, 1)


def _block(word: WordDocument, block: document.Block) -> None:
    _heading(word, f"{block.number}. {block.heading}", 2)
    if block.kind == "synopsis":
        if block.text:
            _paragraphs(word, block.text)
        else:
            word.add_paragraph("No synopsis yet.")
    elif block.kind == "recommendations":
        if not block.items:
            word.add_paragraph("No recommendations yet.")
            return
        num_id = new_numbering(word, level_text=f"{block.number}.%1")
        for item in block.items:
            paragraph = word.add_paragraph(xml_safe(item), style="List Number")
            number_paragraph(paragraph, num_id)
    elif block.kind == "implications":
        table(
            word,
            ["", "Implication", "Details"],
            [[i.number, i.heading, i.text] for i in block.implications],
            widths=[Mm(14), Mm(50), Mm(106)],
        )
    else:
        add_html(word, block.html or "", top_level=3)


def _clearance(word: WordDocument, doc: document.ReportDocument) -> None:
    _heading(word, document.FINAL_CLEARANCE, 2)
    received = document.NOT_YET
    if doc.cleared_name:
        received = doc.cleared_name + (f", {doc.cleared_as}" if doc.cleared_as else "")
    table(
        word,
        ["", "Name", "Date"],
        [
            [
                "Signed by (report author)",
                doc.author_name or document.NOT_YET,
                _date(doc.author_signed_at),
            ],
            ["Received by (Head of Democratic Services)", received, _date(doc.cleared_at)],
        ],
    )
    if doc.member:
        _heading(word, document.CLEARANCE_LOG, 3)
        if doc.clearance_log:
            table(
                word,
                ["Clears for", "Officer", "Decision", "Date", "Comment"],
                [
                    [c.role, c.officer, c.decision, _date(c.decided_at), c.comment or "–"]
                    for c in doc.clearance_log
                ],
            )
        else:
            word.add_paragraph("No officer was named to clear this report.")
    word.add_paragraph()
    table(
        word,
        ["Report author and contact", ""],
        [
            ["Contact officer", doc.contact_name or "Not yet named"],
            ["Telephone", doc.contact_phone or "–"],
            ["Email", doc.contact_email or "–"],
        ],
    )


def _appendix(word: WordDocument, appendix: document.AppendixBlock) -> None:
    word.add_page_break()
    _heading(word, f"Appendix {appendix.letter}: {appendix.title}", 2)
    protocol = appendix.protocol
    parties = [f"the {p.board.name} ({p.board.short_name})" for p in protocol["parties"]]
    between = parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]
    word.add_paragraph(
        xml_safe(
            f"A protocol between {between}. Version {protocol['version'].number}, "
            f"{protocol['status'].lower()}."
        )
    )
    if protocol["version"].purpose:
        _paragraphs(word, protocol["version"].purpose)
    for section in protocol["sections"]:
        _heading(word, f"{section.number}. {section.heading}", 3)
        add_html(word, section.body, top_level=4)
        if section.post_holders:
            table(
                word,
                ["Post holder", "Responsibilities"],
                [
                    [row["title"], "\n".join(row["responsibilities"])]
                    for row in section.post_holders
                ],
            )
        if section.kind == "ladder":
            _ladder(word, protocol["ladder"])
    if protocol["ladder"] and not protocol["has_ladder_section"]:
        _heading(word, "Resolution process", 3)
        _ladder(word, protocol["ladder"])
    _heading(word, "Schedule of obligations", 3)
    if protocol["obligations"]:
        table(
            word,
            ["No.", "Who owes it to whom", "What", "When"],
            [
                [f"O{o.number}", f"{o.owing} → {o.receiving}", f"{o.what}. {o.description}", o.when]
                for o in protocol["obligations"]
            ],
        )
    else:
        word.add_paragraph("The protocol sets out no obligations.")


def _ladder(word: WordDocument, steps) -> None:
    num_id = new_numbering(word, level_text="Step %1:")
    for step in steps:
        paragraph = word.add_paragraph(style="List Number")
        number_paragraph(paragraph, num_id)
        paragraph.add_run(xml_safe(step.title)).bold = True
        if step.description:
            paragraph.add_run(" " + xml_safe(step.description))


def build_word(doc: document.ReportDocument) -> WordDocument:
    """Return the report as a python-docx document."""
    word = Document()
    _a4(word)
    _properties(word, doc)
    _header_footer(word, doc)
    _front(word, doc)
    for block in doc.blocks:
        _block(word, block)
    _heading(word, document.BACKGROUND_PAPERS, 2)
    if doc.background_papers:
        for paper in doc.background_papers:
            word.add_paragraph(xml_safe(paper), style="List Bullet")
    else:
        word.add_paragraph(document.NONE)
    _heading(word, document.APPENDICES, 2)
    if doc.appendices:
        for appendix in doc.appendices:
            word.add_paragraph(
                xml_safe(f"Appendix {appendix.letter}: {appendix.title}"), style="List Bullet"
            )
    else:
        word.add_paragraph(document.NONE)
    _clearance(word, doc)
    for appendix in doc.appendices:
        _appendix(word, appendix)
    return word


def render_report_docx(doc: document.ReportDocument) -> bytes:
    """Return the report as the bytes of a .docx file."""
    buffer = io.BytesIO()
    build_word(doc).save(buffer)
    return buffer.getvalue()
