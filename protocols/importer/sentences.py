"""Sentences and the units the proposer reads: one sentence (or clause) of a block, with
the list lead-in it belongs to.

Sentences end at ".", "!" or "?" (not after "e.g.", "No." or an initial), and at ";" and
":-". A table cell whose bullets were lost in conversion ("... on an annual basis The
chair of BHWB will provide ...") is split where a new clause with its own modal starts.
A block ending in a lead-in ("The LSCB will:") gives its subject to the list items after
it; in a PDF table each column keeps its own lead-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import FIELD, HEADING, ITEM, Block
from .directory import Directory

_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|no|nos|cllr|dr|mr|mrs|ms|st|para|paras|p|pp|vs|cf|approx|incl|ref)|\b[A-Z])\.$",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘(0-9•-])|;\s+|:-\s*|\s+-\s+(?=[A-Z])")


def split_sentences(text: str) -> list[tuple[str, int, int]]:
    """Split a block's text into sentences and clauses, with their spans."""
    pieces: list[tuple[str, int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        if candidate.rstrip().endswith(".") and _ABBREVIATIONS.search(candidate.rstrip()):
            continue
        if candidate.strip():
            pieces.append((candidate, start, match.start()))
        start = match.end()
    if text[start:].strip():
        pieces.append((text[start:], start, len(text)))
    out = []
    for piece, begin, _end in pieces:
        stripped = piece.strip()
        offset = begin + piece.find(stripped)
        out.append((stripped, offset, offset + len(stripped)))
    return out


MODAL = re.compile(
    r"\b(?P<modal>will|shall|must|should|would|(?:is|are)\s+required\s+to|(?:is|are)\s+expected\s+to"
    r"|agrees?\s+to|undertakes?\s+to|commits?\s+to)\b(?P<neg>\s+not\b|n['’]t)?",
    re.I,
)
STRONG_MODALS = (
    "will",
    "shall",
    "must",
    "is required to",
    "are required to",
    "agree to",
    "agrees to",
)
_RUN_ON_START = re.compile(
    r"(?<=[a-z0-9)'’])\s+(?=(?:The|A|An|Each|Both|Either|At|Quarterly|Annual)\b|[A-Z][A-Z&]{2,})"
)


_FUNCTION_WORDS = {
    "and",
    "or",
    "of",
    "the",
    "with",
    "between",
    "to",
    "for",
    "by",
    "from",
    "in",
    "on",
    "at",
    "a",
    "an",
    "its",
    "their",
    "both",
    "either",
    "each",
}


def _split_run_on(text: str, start: int, directory: Directory) -> list[tuple[str, int, int]]:
    """Split "... on an annual basis The chair of BHWB will provide ..." (bullets lost)."""
    if len(text.split()) < 16:
        return [(text, start, start + len(text))]
    mentions = directory.mentions(text)
    cuts = [0]
    for match in _RUN_ON_START.finditer(text):
        at = match.end()
        if any(m.start < at < m.end for m in mentions):
            continue
        before = text[cuts[-1] : match.start()].split()
        if len(before) < 4 or before[-1].lower() in _FUNCTION_WORDS:
            continue
        earlier = MODAL.search(text, cuts[-1], match.start())
        if earlier and len(text[earlier.end() : match.start()].split()) < 3:
            continue
        ahead = text[at : at + 160]
        modal = MODAL.search(ahead)
        if not modal or len(ahead[: modal.start()].split()) > 14:
            continue
        cuts.append(at)
    cuts.append(len(text))
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b].strip()
        if piece:
            offset = a + text[a:b].find(piece)
            out.append((piece, start + offset, start + offset + len(piece)))
    return out


# --- units: sentences with their context -------------------------------------------------------


@dataclass
class Unit:
    text: str
    block: int
    start: int
    end: int
    section: int | None
    intro: Unit | None = None
    is_item: bool = False


INTRO_END = re.compile(r"(?::-?|\bwill|\bshall|\bmust|\bshould)\s*$", re.I)


def build_units(blocks: list[Block], layout, directory: Directory) -> list[Unit]:
    units: list[Unit] = []
    # Lead-ins ("The LSCB will:") by the column they sit in: in a PDF table, each column's
    # items follow their own lead-in.
    intros: dict[int, Unit] = {}
    for index, block in enumerate(blocks):
        if block.kind in (HEADING, FIELD) or index in layout.ladder_blocks:
            if block.kind == HEADING:
                intros = {}
            continue
        if layout.signature_start is not None and index >= layout.signature_start:
            break
        column = _column(block)
        if block.kind != ITEM:
            intros = {c: u for c, u in intros.items() if c < column}
        section = layout.section_of_block.get(index)
        sentences = []
        for sentence, start, _end in split_sentences(block.text):
            sentences.extend(_split_run_on(sentence, start, directory))
        intro = _intro_for(intros, column, block) if block.kind == ITEM else None
        for sentence, start, end in sentences:
            units.append(Unit(sentence, index, start, end, section, intro, block.kind == ITEM))
        if sentences and INTRO_END.search(block.text.rstrip()):
            last = sentences[-1]
            intros[column] = Unit(last[0], index, last[1], last[2], section)
    return units


def _column(block: Block) -> int:
    if block.table is not None:
        return (block.table * 1000) + (block.row or 0) * 10 + (block.col or 0)
    return block.col or 0


def _intro_for(intros: dict[int, Unit], column: int, block: Block) -> Unit | None:
    if block.table is not None:
        return intros.get(column)
    candidates = [c for c in intros if c <= column + 2 and c < 1000]
    return intros[max(candidates)] if candidates else None
