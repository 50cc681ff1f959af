"""Turn a .docx, a text PDF or plain text into the same list of structured blocks.

- Plain text (and text pasted from committee papers), here: blank lines separate blocks;
  tabs separate table cells; "#" headings, bullets ("-", "•"), numbered paragraphs,
  bold-only lines and HTML fragments (``<p>``, ``<li>``) are understood, because text
  copied out of council papers often carries them; a paragraph cut by a page break is
  joined up again.
- Word (``word.extract_docx``): python-docx gives paragraphs and tables in body order.
- PDF (``pdf.extract_pdf``): pypdf lays pages out as fixed-width text and reports fonts.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .blocks import (
    BULLET_SPLIT,
    BULLET_START,
    CELL,
    FIELD,
    FOOTNOTE,
    HEADER,
    HEADING,
    HTML_TAG,
    ITEM,
    PARAGRAPH,
    SUPERSCRIPTS,
    Block,
    Document,
    clean_inline,
    ends_sentence,
    looks_like_heading,
    split_number,
)
from .pdf import extract_pdf
from .word import extract_docx

__all__ = ["Block", "Document", "extract_docx", "extract_pdf", "extract_text"]


class _FragmentParser(HTMLParser):
    """Collect the paragraphs and list items of an HTML fragment as (kind, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[tuple[str, str]] = []
        self._kind = PARAGRAPH
        self._buffer: list[str] = []

    def _flush(self) -> None:
        text = "".join(self._buffer)
        self._buffer = []
        for index, piece in enumerate(BULLET_SPLIT.split(" " + text + " ")):
            piece = clean_inline(piece)
            if piece:
                kind = ITEM if (index > 0 or self._kind == ITEM) else self._kind
                self.parts.append((kind, piece))

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li", "br", "div", "td", "th", "tr", "ul", "ol") or re.fullmatch(
            r"h[1-6]", tag
        ):
            self._flush()
            self._kind = ITEM if tag == "li" else (HEADING if tag.startswith("h") else PARAGRAPH)

    def handle_endtag(self, tag):
        if tag in ("p", "li", "div", "td", "th", "ul", "ol") or re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self._kind = PARAGRAPH

    def handle_data(self, data):
        self._buffer.append(data)

    def close(self):
        super().close()
        self._flush()


def _fragment_parts(text: str) -> list[tuple[str, str]]:
    parser = _FragmentParser()
    parser.feed(text)
    parser.close()
    return parser.parts


def _cell_parts(text: str) -> list[tuple[str, str]]:
    """Split one table cell's text into paragraphs and items."""
    if HTML_TAG.search(text):
        return _fragment_parts(text)
    parts = []
    for index, piece in enumerate(BULLET_SPLIT.split(" " + text + " ")):
        piece = clean_inline(html.unescape(piece))
        if piece:
            parts.append((ITEM if index > 0 else PARAGRAPH, piece))
    return parts


def extract_text(text: str) -> Document:
    """Read plain text (or text pasted from committee papers) into blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    blocks: list[Block] = []
    table_count = 0
    in_table = False
    row = 0
    pending_bold: list[str] | None = None
    headers: dict[int | None, str] = {}
    lines = text.split("\n")
    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if pending_bold is not None:
            # A bold heading broken over several lines ("**Leader &", "Chief", "Executive**").
            pending_bold.append(stripped)
            if stripped.endswith("**") or not stripped:
                blocks.append(Block(HEADING, clean_inline(" ".join(pending_bold)), level=2))
                pending_bold = None
            continue
        if not stripped or re.fullmatch(r"[-_=*.…\s]+", stripped):
            in_table = in_table and bool(stripped)
            blocks.append(Block("", ""))  # a break; removed below
            continue
        if SUPERSCRIPTS.match(stripped):
            blocks.append(Block(PARAGRAPH, clean_inline(stripped), label=FOOTNOTE))
            continue
        if stripped.startswith("**") and stripped.count("**") == 1 and len(stripped) < 60:
            pending_bold = [stripped]
            continue
        if "\t" in line.strip("\t ") or (line.startswith("\t") and blocks and in_table):
            cells = line.split("\t")
            field_row = _field(cells)
            if field_row is not None:
                blocks.extend(field_row)
                in_table = False
                continue
            if not in_table:
                table_count += 1
                row = 0
                in_table = True
            else:
                row += 1
            row_blocks = _row_blocks(cells, table_count, row)
            if (
                row == 0
                and row_blocks
                and all(b.kind == CELL and len(b.text.split()) <= 4 for b in row_blocks)
            ):
                for b in row_blocks:
                    b.label = HEADER
                headers = {b.col: b.text for b in row_blocks}
            elif row == 0:
                headers = {}
            for b in row_blocks:
                if b.label != HEADER and b.col in headers and b.kind == CELL:
                    b.header = headers[b.col]
            blocks.extend(row_blocks)
            continue
        in_table = False
        blocks.extend(_line_blocks(line))
    if pending_bold:
        blocks.append(Block(HEADING, clean_inline(" ".join(pending_bold)), level=2))
    return Document(_join_wrapped(blocks), "text")


def _field(cells: list[str]) -> list[Block] | None:
    """Return a report front sheet's "Report to:<tab>Health and Wellbeing Board" as a field."""
    texts = [clean_inline(c) for c in cells]
    if len(cells) >= 2 and re.fullmatch(r"[A-Z][\w ()'’/&-]{1,40}:", texts[0] or ""):
        value = " ".join(t for t in texts[1:] if t)
        return [Block(FIELD, value, label=texts[0].rstrip(":"))] if value else []
    return None


def _row_blocks(cells: list[str], table: int, row: int) -> list[Block]:
    blocks = []
    for col, cell in enumerate(cells):
        for kind, piece in _cell_parts(cell):
            blocks.append(
                Block(CELL if kind != ITEM else ITEM, piece, table=table, row=row, col=col)
            )
    return blocks


def _line_blocks(line: str) -> list[Block]:
    stripped = line.strip()
    if HTML_TAG.search(stripped):
        return [Block(kind, text) for kind, text in _fragment_parts(stripped)]
    heading = re.match(r"^(#{1,6})\s+(.*)$", stripped)
    if heading:
        text = clean_inline(heading.group(2))
        number, rest = split_number(text)
        return [Block(HEADING, rest, level=len(heading.group(1)), number=number.rstrip("."))]
    bold_only = bool(re.fullmatch(r"(\d+(\.\d+)*\.?\s+)?\*\*[^*]+\*\*:?", stripped))
    depth = (len(line) - len(line.lstrip(" "))) // 2
    bullet = BULLET_START.match(stripped)
    text = clean_inline(stripped[bullet.end() :] if bullet else stripped)
    pieces = [p for p in BULLET_SPLIT.split(" " + text + " ") if p.strip()]
    if len(pieces) > 1:
        out = [] if bullet else [Block(PARAGRAPH, clean_inline(pieces.pop(0)))]
        return out + [Block(ITEM, clean_inline(p), level=depth + 1) for p in pieces]
    number, rest = split_number(text)
    if bullet:
        return [Block(ITEM, rest, level=depth + 1, number=number)]
    top_level = bool(number) and "." not in number.rstrip(".")
    if (
        looks_like_heading(rest, bold=bold_only)
        and (number or bold_only or len(rest) > 3)
        and (not number or top_level or len(rest.split()) <= 8)
    ):
        level = 1 if top_level or rest.isupper() else 2
        return [Block(HEADING, rest, level=level, number=number.rstrip("."))]
    return [Block(PARAGRAPH, rest, number=number)]


def _continues(previous: str, text: str) -> bool:
    """Return True if ``text`` reads as the rest of ``previous`` (cut by a page break)."""
    if text[:1].islower():
        return True
    letters = [c for c in previous if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > len(letters) * 0.8:
        return False  # a title in capitals
    return len(text.split()) >= 4 and not text.rstrip().endswith(":")


def _join_wrapped(blocks: list[Block]) -> list[Block]:
    """Join a paragraph cut by a page break to its continuation; drop the breaks."""
    out: list[Block] = []
    after_break = False
    for block in blocks:
        if not block.kind:
            after_break = True
            continue
        previous = out[-1] if out else None
        if (
            previous is not None
            and block.kind == PARAGRAPH
            and not block.number
            and previous.kind in (PARAGRAPH, ITEM)
            and previous.table is None
            and block.table is None
            and len(previous.text.split()) > 8
            and not ends_sentence(previous.text)
            and (after_break or previous.kind == PARAGRAPH)
            and _continues(previous.text, block.text)
        ):
            previous.text = f"{previous.text} {block.text}"
        elif (
            previous is not None
            and not after_break
            and block.kind == PARAGRAPH
            and previous.kind == PARAGRAPH
            and not block.number
            and previous.table is None
            and block.table is None
            and not ends_sentence(previous.text)
            and not looks_like_heading(previous.text)
        ):
            # Hard-wrapped lines of one paragraph.
            previous.text = f"{previous.text} {block.text}"
        else:
            out.append(block)
        after_break = False
    return out
