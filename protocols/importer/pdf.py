"""Read a text PDF into blocks with pypdf.

pypdf lays each page out as fixed-width text, so the columns of a table stay apart, and
reports the font of each run of text, so larger or bold lines can be headings. Lines
starting in the same column on consecutive lines make a paragraph (and carry on at the
top of the next page when a sentence is unfinished); bullets and numbers start items.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

from . import limits
from .blocks import (
    BULLET_START,
    HEADING,
    ITEM,
    PARAGRAPH,
    Block,
    Document,
    clean_inline,
    ends_sentence,
    looks_like_heading,
    promote_headings,
    split_number,
)

_SEGMENT = re.compile(r"\S+(?: {1,3}\S+)*")


@dataclass
class _Segment:
    """A piece of one line of a page laid out in fixed-width text: its column and font."""

    page: int
    line: int
    col: int
    text: str
    size: float
    bold: bool


def extract_pdf(data: bytes) -> Document:
    """Read a text PDF into blocks.

    pypdf lays each page out as fixed-width text (so the columns of a table stay apart)
    and reports the font of each run of text (so larger or bold lines can be headings).

    Raises:
        ImportRefusedError: the PDF is encrypted, damaged, too long, or has no text.
    """
    import pypdf
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    notes: list[str] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password only restricts printing and copying; the text still opens.
            if not reader.decrypt(""):
                raise limits.pdf_refusal_for_encryption()
            notes.append("The PDF has copying restrictions; its text was read regardless.")
        pages = reader.pages
        if len(pages) > limits.MAX_PDF_PAGES:
            raise limits.pdf_refusal_too_long(len(pages))
        segments: list[_Segment] = []
        for number, page in enumerate(pages):
            segments.extend(_page_segments(page, number))
    except limits.ImportRefusedError:
        raise
    except FileNotDecryptedError as exc:
        raise limits.pdf_refusal_for_encryption() from exc
    except NotImplementedError as exc:
        raise limits.pdf_refusal_for_encryption() from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise limits.pdf_refusal_unreadable() from exc
    limits.check_text("\n".join(s.text for s in segments), kind="pdf")
    return Document(promote_headings(_pdf_blocks(segments), pdf=True), "pdf", notes)


def _page_segments(page, number: int) -> list[_Segment]:
    fonts: dict[str, tuple[float, bool]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        scale = abs(cm[3] * tm[3]) or abs(cm[0] * tm[0]) or 1.0
        size = round(float(font_size) * scale, 1)
        name = str((font_dict or {}).get("/BaseFont", ""))
        bold = bool(re.search(r"bold|black|heavy|semibold", name, re.I))
        for part in text.split("\n"):
            key = " ".join(part.split())
            if key:
                fonts.setdefault(key, (size, bold))

    page.extract_text(visitor_text=visit)
    layout = page.extract_text(extraction_mode="layout")
    segments = []
    for index, line in enumerate(layout.split("\n")):
        for match in _SEGMENT.finditer(line):
            text = match.group(0)
            if _page_furniture(text):
                continue
            key = " ".join(text.split())
            size, bold = fonts.get(key) or next(
                (v for k, v in fonts.items() if k.startswith(key[:24]) or key.startswith(k[:24])),
                (0.0, False),
            )
            segments.append(_Segment(number, index, match.start(), key, size, bold))
    return segments


def _page_furniture(text: str) -> bool:
    return bool(re.fullmatch(r"(page\s*)?\d{1,3}(\s*(of|/)\s*\d{1,3})?", text.strip(), re.I))


def _pdf_blocks(segments: list[_Segment]) -> list[Block]:
    if not segments:
        return []
    sizes: Counter = Counter()
    for segment in segments:
        sizes[segment.size] += len(segment.text)
    body = sizes.most_common(1)[0][0] or 1.0
    top_line: dict[int, int] = {}
    bottom_line: dict[int, int] = {}
    for segment in segments:
        top_line[segment.page] = min(top_line.get(segment.page, segment.line), segment.line)
        bottom_line[segment.page] = max(bottom_line.get(segment.page, 0), segment.line)
    # Paragraphs being built, by the column their text starts in: a table's cells grow
    # side by side, line by line.
    open_blocks: list[tuple[_Segment, int, Block]] = []
    blocks: list[Block] = []
    for segment in segments:
        text = segment.text
        marker = BULLET_START.match(text)
        number, rest = split_number(text)
        heading = (segment.size > body * 1.12 or segment.bold) and looks_like_heading(
            clean_inline(rest), bold=True
        )
        target = None
        if not (marker or heading or (number and segment.col <= 8)):
            for candidate in reversed(open_blocks):
                last, text_col, block = candidate
                next_line = last.page == segment.page and segment.line == last.line + 1
                # A paragraph cut by a page break goes on at the top of the next page.
                next_page = (
                    segment.page == last.page + 1
                    and segment.line <= top_line.get(segment.page, 0) + 1
                    and last.line >= bottom_line.get(last.page, 0) - 1
                    and not ends_sentence(block.text)
                )
                if (
                    (next_line or next_page)
                    and abs(segment.col - text_col) <= 2
                    and block.kind != HEADING
                ):
                    target = candidate
                    break
        if target is not None:
            last, text_col, block = target
            block.text = clean_inline(f"{block.text} {text}")
            open_blocks[open_blocks.index(target)] = (segment, text_col, block)
            continue
        text_col = segment.col
        if heading:
            block = Block(
                HEADING,
                clean_inline(rest),
                level=1 if segment.size > body * 1.3 else 2,
                number=number.rstrip("."),
            )
        elif marker:
            block = Block(ITEM, clean_inline(text[marker.end() :]), level=1 + segment.col // 8)
            text_col = segment.col + marker.end()
        elif number:
            kind = ITEM if not number[0].isdigit() else PARAGRAPH
            block = Block(
                kind,
                clean_inline(rest),
                level=1,
                number=number.rstrip(".") if kind == ITEM else number,
            )
            text_col = segment.col + len(text) - len(rest)
        else:
            block = Block(PARAGRAPH, clean_inline(text))
        block.col = segment.col
        blocks.append(block)
        open_blocks = [
            b
            for b in open_blocks
            if (b[0].page == segment.page and segment.line - b[0].line <= 1)
            or b[0].page == segment.page - 1
        ]
        open_blocks.append((segment, text_col, block))
    return [b for b in blocks if b.text]
