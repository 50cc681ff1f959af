"""Read a Word document (.docx) into blocks with python-docx.

Paragraphs and tables come in body order. Heading styles, list numbering (``w:numPr``, on
the paragraph or its style, with numbers worked out as Word shows them), whole-bold short
paragraphs and short numbered title lines mark headings and items. Table rows whose first
cell is a label ("Report to:") are a report's front-sheet fields.
"""

from __future__ import annotations

import io
import re

from . import limits
from .blocks import (
    BULLET_START,
    CELL,
    FIELD,
    HEADER,
    HEADING,
    ITEM,
    PARAGRAPH,
    Block,
    Document,
    clean_inline,
    looks_like_heading,
    promote_headings,
    split_number,
)


def extract_docx(data: bytes) -> Document:
    """Read a .docx (already checked by ``limits.check_docx_package``) into blocks.

    Raises:
        ImportRefusedError: python-docx cannot read the package.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise limits.ImportRefusedError(
            "This .docx file cannot be read as a Word document. Save it from Word again and "
            "upload the new copy."
        ) from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError for a damaged part
        if type(exc).__name__ in ("XMLSyntaxError", "BadZipFile"):
            raise limits.ImportRefusedError(
                "This .docx file is damaged and cannot be read. Save it from Word again and "
                "upload the new copy."
            ) from exc
        raise
    numbering = _Numbering(document)
    blocks: list[Block] = []
    tables = 0
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            block = _docx_paragraph(docx.text.paragraph.Paragraph(child, document), numbering)
            if block is not None:
                blocks.append(block)
        elif child.tag == qn("w:tbl"):
            tables += 1
            table = docx.table.Table(child, document)
            blocks.extend(_docx_table(table, tables, numbering))
    # Word's paragraphs are the author's own: they are not re-joined as plain text's are.
    return Document(promote_headings(blocks), "docx")


class _Numbering:
    """Work out list numbers ("1.", "a)") the way Word displays them, for plain formats."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self._formats: dict[tuple[str, int], tuple[str, str]] = {}
        self._counters: dict[tuple[str, int], int] = {}
        try:
            part = document.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract = {}
        for node in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in node.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                levels[int(lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                )
            abstract[node.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(qn("w:val")), {}).items():
                self._formats[(num.get(qn("w:numId")), ilvl)] = spec

    def label(self, num_id: str, ilvl: int) -> tuple[bool, str]:
        """Return (is a bullet, the number as displayed) and advance the counter."""
        fmt, pattern = self._formats.get((num_id, ilvl), ("bullet", ""))
        if fmt in ("bullet", "none"):
            return True, ""
        key = (num_id, ilvl)
        self._counters[key] = self._counters.get(key, 0) + 1
        for (other, level), _ in list(self._counters.items()):
            if other == num_id and level > ilvl:
                self._counters[(other, level)] = 0

        def render(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            count = self._counters.get((num_id, level), 1) or 1
            level_fmt = self._formats.get((num_id, level), ("decimal", ""))[0]
            return _format_number(count, level_fmt)

        return False, re.sub(r"%(\d)", render, pattern)


def _format_number(count: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (count - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (count - 1) % 26)
    if fmt in ("lowerRoman", "upperRoman"):
        numerals = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
        value = numerals[(count - 1) % len(numerals)]
        return value if fmt == "lowerRoman" else value.upper()
    return str(count)


def _docx_paragraph(paragraph, numbering: _Numbering, *, in_cell: bool = False) -> Block | None:
    from docx.oxml.ns import qn

    text = clean_inline(paragraph.text)
    if not text:
        return None
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = re.match(r"(?:Heading|heading)\s*(\d)", style)
    if style == "Title" or heading:
        number, rest = split_number(text)
        level = int(heading.group(1)) if heading else 1
        return Block(HEADING, rest, level=level, number=number.rstrip("."))
    num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num_pr is None and paragraph.style is not None:
        # "List Number" and similar styles carry their numbering in the style.
        style_ppr = paragraph.style.element.pPr
        num_pr = style_ppr.numPr if style_ppr is not None else None
    if num_pr is not None and num_pr.numId is not None:
        ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
        is_bullet, number = numbering.label(str(num_pr.numId.val), int(ilvl))
        return Block(ITEM, text, level=int(ilvl) + 1, number=number.rstrip(".)"))
    if style.startswith("List"):
        number, rest = split_number(text)
        return Block(ITEM, rest, level=1, number=number)
    bullet = BULLET_START.match(text)
    if bullet:
        return Block(ITEM, text[bullet.end() :].strip(), level=1)
    runs = [r for r in paragraph.runs if r.text.strip()]
    bold = bool(runs) and all(
        r.bold or (r._r.rPr is not None and r._r.rPr.find(qn("w:b")) is not None) for r in runs
    )
    number, rest = split_number(text)
    if (
        not in_cell
        and looks_like_heading(rest, bold=bold)
        and (bold or rest.isupper() or number or len(rest.split()) <= 6)
    ):
        return Block(
            HEADING,
            rest,
            level=1 if not number or "." not in number else 2,
            number=number.rstrip("."),
        )
    return Block(PARAGRAPH, rest, number=number)


def _docx_table(table, index: int, numbering: _Numbering) -> list[Block]:
    blocks: list[Block] = []
    # Merged cells come back once per grid column; keep the elements (not their ids,
    # which lxml may reuse) to skip the repeats.
    seen: list = []
    headers: dict[int, str] = {}
    for r, row in enumerate(table.rows):
        texts = [clean_inline(cell.text) for cell in row.cells]
        if len(texts) >= 2 and re.fullmatch(r"[A-Z][\w ()'’/&-]{1,40}:", texts[0] or ""):
            value = " ".join(dict.fromkeys(t for t in texts[1:] if t))
            if value:
                blocks.append(Block(FIELD, value, label=texts[0].rstrip(":")))
            continue
        for c, cell in enumerate(row.cells):
            if any(cell._tc is other for other in seen):
                continue
            seen.append(cell._tc)
            cell_blocks = []
            for paragraph in cell.paragraphs:
                block = _docx_paragraph(paragraph, numbering, in_cell=True)
                if block is None:
                    continue
                if block.kind != ITEM:
                    block.kind = CELL
                block.table, block.row, block.col = index, r, c
                cell_blocks.append(block)
            if r == 0 and len(cell_blocks) == 1 and len(cell_blocks[0].text.split()) <= 4:
                headers[c] = cell_blocks[0].text
                cell_blocks[0].label = HEADER
            blocks.extend(cell_blocks)
    for block in blocks:
        if block.row and block.col in headers and block.kind == CELL:
            block.header = headers[block.col]
    return blocks
