"""The structured blocks every reader produces, and the clean-up they share.

A block is a heading, a paragraph, a list item, a table cell or a front-sheet field, with
its number as written ("2.3", "a)") and, for cells, where it sits in its table and the
heading of its column. The proposer reads blocks, never a file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
ITEM = "item"
CELL = "cell"
FIELD = "field"
#: labels of blocks that are not the document's running text
FOOTNOTE = "footnote"
HEADER = "header"


@dataclass
class Block:
    """One unit of a document's structure."""

    kind: str
    text: str
    level: int = 0
    number: str = ""
    table: int | None = None
    row: int | None = None
    col: int | None = None
    header: str = ""
    label: str = ""

    def to_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", 0)}


@dataclass
class Document:
    """A document's blocks in reading order, the format it came from, and notes."""

    blocks: list[Block]
    format: str
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


# --- shared clean-up ---------------------------------------------------------------------

BULLETS = "•●▪■◦○·\uf0b7\uf0a7\uf076\uf0d8\u2023\u2043\u25aa\u25cf\u2219"
BULLET_SPLIT = re.compile(rf"\s*[{BULLETS}]\s+")
BULLET_START = re.compile(rf"^\s*(?:[{BULLETS}]|[-*+–](?=\s))\s*")
_NUMBER_START = re.compile(
    r"^\s*(?P<number>(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?)|(?:\(?[a-z]\)|[a-z]\.)|"
    r"(?:\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\)|(?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\.))\s+(?=\S)"
)
SUPERSCRIPTS = re.compile(r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:mailto:|https?:)[^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*(?=\S)|(?<=\S)\*|\b_(?=\S)|(?<=\S)_\b)")
HTML_TAG = re.compile(r"</?(?:p|ul|ol|li|br|td|th|tr|table|div|span|h[1-6]|strong|em|b|i)\b", re.I)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_TERMINAL = (".", "!", "?", ":", ";", ":-", "”", '"')


def clean_inline(text: str) -> str:
    """Drop markdown emphasis, footnote superscripts and doubled spaces."""
    text = _MD_LINK.sub(r"\1", text)
    text = SUPERSCRIPTS.sub("", text)
    text = _MD_EMPHASIS.sub("", text)
    text = text.replace("\u00ad", "")
    return _SPACES.sub(" ", text).strip()


def split_number(text: str) -> tuple[str, str]:
    """Return (number as written, the rest) for "2.3 The Board ..." or "a) to ..."."""
    match = _NUMBER_START.match(text)
    if not match:
        return "", text
    rest = text[match.end() :]
    number = match.group("number")
    # "2012 was the year" is not paragraph 2012, and "a" starting a sentence is a word.
    if number.isdigit() and len(number) > 2:
        return "", text
    if re.fullmatch(r"[a-z]\.", number) and not rest[:1].isupper():
        return "", text
    return number, rest


def looks_like_heading(text: str, *, bold: bool = False) -> bool:
    """Return True for a short line with no closing punctuation, worded like a title."""
    words = text.split()
    if not words or len(words) > 14 or len(text) > 120:
        return False
    if text.endswith((".", ",", ";", "?", "!")) or text.endswith(":-"):
        return False
    if text.endswith(":") and not bold:
        return False
    first = words[0].strip("\"'“‘(")
    if not first[:1].isupper() and not first[:1].isdigit():
        return False
    if bold:
        return True
    small = {"a", "an", "and", "the", "of", "to", "in", "on", "for", "between", "with", "&", "or"}
    capitalised = sum(1 for w in words if w[:1].isupper() or w.lower() in small or w[:1].isdigit())
    return text.isupper() or capitalised >= len(words) * 0.6 or len(words) <= 4


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL) or text.rstrip().endswith(")")


def promote_headings(blocks: list[Block], *, pdf: bool = False) -> list[Block]:
    """Treat "1. West Berkshire Health and Wellbeing Board" followed by text as a heading.

    Word and PDF authors often number headings with list numbering rather than a heading
    style: a short, title-like numbered line with ordinary text after it is a heading.
    """
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            pdf
            and block.kind == PARAGRAPH
            and not block.number
            and len(block.text.split()) <= 6
            and looks_like_heading(block.text)
            and following is not None
            and following.kind in (PARAGRAPH, ITEM)
        ):
            # An unstyled short title line in a PDF ("Function") heads what follows.
            block.kind = HEADING
            block.level = 2
            continue
        if (
            block.kind in (ITEM, PARAGRAPH)
            and block.number
            and re.fullmatch(r"\d{1,2}\.?", block.number)
            and block.level <= 1
            and block.table is None
            and len(block.text.split()) <= 10
            and looks_like_heading(block.text)
            and following is not None
            and following.kind in (PARAGRAPH, HEADING)
        ):
            block.kind = HEADING
            block.level = 1
            block.number = block.number.rstrip(".")
    return blocks
