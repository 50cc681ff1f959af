"""Propose a draft protocol from a document's blocks: rule-based, no model.

An obligation is a sentence (or list item, or table cell) in which a board or post
holder is committed to do something for, to or with another board or post holder:

1. Commitment: a modal ("will", "shall", "must", "should", "would", "is required to",
   "is expected to", "agree to"), or "<board> to present ..." in a list of arrangements,
   or an item under a lead-in such as "The LSCB will:". Negated modals are not
   commitments; parenthesised asides (quoted guidance) are ignored.
2. Owing party: the subject before the modal — a board (by name, short name or generic
   name), its chair or members, or a post holder. "Each Board", "both Boards" and
   "respective" make mutual obligations, one per direction. "It" and "This group" take
   the previous sentence's subject; "The report should be submitted to ..." takes the
   previous sentence's subject and timing. In the passive, the possessor owes
   ("BSCB's annual report will be presented to BHWB"), and a board that "will be
   consulted" or "involved" is owed by the board that consults it.
3. Receiving party: the boards and post holders named after the verb, one obligation
   each. When none is named, a document the sentence names can stand for its board (the
   JSNA and the health and wellbeing strategy are the health and wellbeing board's).
4. Kind ("what"): from the main verb (present, share, consult, attend, meet, respond,
   review), or from the noun when the verb is a general one ("provide ... a summary").
5. Timing: ``timing_phrases``; with no phrase, an annual document ("annual report")
   means annually, board minutes mean after every meeting, and otherwise "as and when
   needed". A formal response to another board's annual report follows that obligation.
6. The same duty stated twice (in the report and in the protocol, or as "annual report"
   and "performance report on an annual basis") is merged, keeping the most specific
   timing and every source.

Confidence starts at 0.5 and rises with an explicit modal, parties named in the sentence
itself and an explicit timing phrase; it falls for inferred parties and for a receiving
board that is not a party to the protocol. ``reasons`` says why, for the reviewer.
"""

from __future__ import annotations

import re

from django.utils.text import slugify

from .. import timing as timing_rules
from .blocks import HEADING, Document
from .directory import BoardRef, Directory
from .proposal import Highlight, ObligationProposal, PartyProposal, Proposal, Side
from .reader import AS_ABOVE, JSNA, Candidate, Party, Reader
from .sentences import STRONG_MODALS, Unit, build_units, split_sentences
from .structure import (
    approvals,
    build_layout,
    post_holders,
    review_rule,
    signatories,
)
from .timing_phrases import EXACT

# --- after reading: timing, merging, confidence ------------------------------

_SPECIFICITY = {
    "window": 5,
    "deadline": 5,
    "fixed_month": 5,
    "relative": 5,
    "after_meeting": 4,
    "frequency": 3,
    "external": 3,
    "anniversary": 2,
    "ad_hoc": 0,
}


def _rank(candidate: Candidate) -> tuple:
    rule = candidate.rule
    score = _SPECIFICITY.get(rule.get("kind"), 0)
    if rule == {"kind": "frequency", "every": "annually"}:
        score = 2
    return (score, candidate.timing.explicit if candidate.timing else False)


def _similar(a: Candidate, b: Candidate) -> bool:
    wa, wb = a.content, b.content
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def _same_duty(a: Candidate, b: Candidate) -> bool:
    if (a.owing.key, a.receiving.key, a.what) != (b.owing.key, b.receiving.key, b.what):
        return False
    if a.unit is b.unit:
        return False
    if a.what == "present_report" and a.annual and b.annual:
        return True
    return _similar(a, b)


def _set_rule(candidate: Candidate, parties: list[BoardRef]) -> None:
    timing = candidate.timing
    rule = dict(timing.rule) if timing else {}
    if not rule:
        if candidate.annual:
            rule = {"kind": "frequency", "every": "annually"}
            candidate.reasons.append("Annual: the sentence names an annual report or summary.")
        elif candidate.what == "share_document" and re.search(
            r"\bminutes\b", candidate.unit.text, re.I
        ):
            rule = {"kind": "after_meeting", "board": None, "within_days": 10, "working_days": True}
            candidate.reasons.append("Minutes follow meetings: 10 working days is assumed.")
        elif candidate.what in ("share_document", "consult", "present_report") and JSNA.search(
            candidate.unit.text
        ):
            rule = {"kind": "frequency", "every": "annually"}
            candidate.reasons.append("The JSNA is refreshed each year, so annual is assumed.")
        else:
            rule = {"kind": "ad_hoc"}
    if rule.get("kind") == "after_meeting" and rule.get("board") is None:
        owing = candidate.owing.target
        rule["board"] = (
            owing.id
            if isinstance(owing, BoardRef)
            else (
                candidate.receiving.target.id
                if isinstance(candidate.receiving.target, BoardRef)
                else None
            )
        )
    if (
        rule.get("kind") == "relative"
        and rule.get("at") == "next_meeting"
        and rule.get("board") is None
    ):
        named = candidate.timing.board_text if candidate.timing else ""
        board = None
        for party in parties:
            if named and (
                named.strip().lower().removeprefix("the ")
                in (party.short_name.lower(), party.name.lower())
                or party.short_name in named
            ):
                board = party
        if board is None and isinstance(candidate.receiving.target, BoardRef):
            board = candidate.receiving.target
        rule["board"] = board.id if board else None
    candidate.rule = rule


def _link_responses(candidates: list[Candidate]) -> None:
    """Make a formal response to another board's annual report follow that obligation."""
    for candidate in candidates:
        if candidate.what != "respond":
            continue
        explicit = (
            candidate.timing is not None
            and candidate.timing.specificity >= EXACT
            and candidate.rule.get("kind") != "relative"
        )
        if explicit:
            continue
        if not re.search(
            r"(?<!half-)\b(?:annual|yearly)\b[^.;]{0,40}\breport", candidate.unit.text, re.I
        ):
            continue
        for other in candidates:
            if (
                other.what == "present_report"
                and other.owing.key == candidate.receiving.key
                and other.receiving.key == candidate.owing.key
                and other.annual
            ):
                candidate.follows = other
                within = (
                    candidate.rule.get("within_days")
                    if candidate.rule.get("kind") == "relative"
                    else None
                )
                if within:
                    candidate.rule = {
                        "kind": "relative",
                        "after": {"obligation": ""},
                        "at": "within_days",
                        "within_days": within,
                        "working_days": candidate.rule.get("working_days", False),
                    }
                else:
                    board = candidate.owing.target
                    candidate.rule = {
                        "kind": "relative",
                        "after": {"obligation": ""},
                        "at": "next_meeting",
                        "board": board.id if isinstance(board, BoardRef) else None,
                    }
                candidate.reasons.append("Follows the report it responds to.")
                break


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    merged: list[Candidate] = []
    for candidate in candidates:
        twin = next((m for m in merged if _same_duty(m, candidate)), None)
        if twin is None:
            merged.append(candidate)
            continue
        twin.sources.extend(candidate.sources)
        if _rank(candidate) > _rank(twin):
            twin.rule, twin.timing = candidate.rule, candidate.timing
        if not twin.owing.label and candidate.owing.label:
            twin.owing = candidate.owing
        twin.reasons.append("Stated more than once; merged.")
    return merged


def _confidence(candidate: Candidate, party_keys: set) -> float:
    score = 0.5
    score += 0.15 if candidate.modal in STRONG_MODALS else 0.05
    score += 0.1 if candidate.owing.explicit else 0.0
    score += 0.1 if candidate.receiving.explicit else -0.05
    if candidate.timing is not None and candidate.timing.explicit:
        score += 0.1
    elif candidate.rule.get("kind") != "ad_hoc":
        score += 0.05
    if len(candidate.sources) > 1:
        score += 0.05
    for side in (candidate.owing, candidate.receiving):
        if side.key[0] == "board" and side.key not in party_keys:
            score -= 0.25
    return round(max(0.05, min(0.99, score)), 2)


# --- the proposal ------------------------------------------------------------


def _parties(blocks, layout, directory: Directory) -> list[BoardRef]:
    title_mentions = [m for m in directory.mentions(layout.title) if m.is_board]
    found: list[BoardRef] = []
    for mention in title_mentions:
        board = directory.current(mention.target)
        if board not in found:
            found.append(board)
    if len(found) >= 2:
        return found
    counts: dict[int, int] = {}
    for block in blocks:
        for mention in directory.mentions(block.text):
            if mention.is_board:
                board = directory.current(mention.target)
                counts[board.id] = counts.get(board.id, 0) + 1
    for board_id, count in sorted(counts.items(), key=lambda kv: -kv[1]):
        board = directory.board(board_id)
        if count >= 3 and board not in found:
            found.append(board)
        if len(found) >= 2:
            break
    return found


def _side(party: Party, directory: Directory) -> Side:
    target = party.target
    if isinstance(target, BoardRef):
        return Side(board=target.id, name=target.short_name, label=party.label)
    return Side(post_kind=target.kind, post=target.id, name=target.title, label=party.label)


def _highlight(unit: Unit) -> Highlight:
    return Highlight(block=unit.block, start=unit.start, end=unit.end)


def propose(document: Document, directory: Directory, *, filename: str = "") -> Proposal:
    """Propose a draft protocol from a document: title, parties, sections and obligations."""
    blocks = document.blocks
    layout = build_layout(blocks, directory)
    parties = _parties(blocks, layout, directory)
    notes = list(document.notes)
    for mention_board in {
        directory.current(m.target)
        for m in directory.mentions(layout.title)
        if m.is_board and m.target.dissolved
    }:
        notes.append(
            "The document names a board that has been replaced; the draft names the "
            f"{mention_board.short_name}."
        )
    reader = Reader(directory, parties)
    candidates: list[Candidate] = []
    for unit in build_units(blocks, layout, directory):
        candidates.extend(reader.read(unit))
    previous: Candidate | None = None
    for candidate in candidates:
        _set_rule(candidate, parties)
        if (
            previous is not None
            and previous.unit.block == candidate.unit.block
            and candidate.rule == {"kind": "ad_hoc"}
            and AS_ABOVE.search(candidate.unit.text)
        ):
            candidate.rule = dict(previous.rule)
            candidate.reasons.append("Follows the arrangement set out above, so takes its timing.")
        previous = candidate
    candidates = _merge(candidates)
    _link_responses(candidates)
    party_keys = {("board", p.id) for p in parties}
    obligations: list[ObligationProposal] = []
    keys: dict[int, str] = {}
    for number, candidate in enumerate(candidates, start=1):
        keys[id(candidate)] = f"o{number}"
    for candidate in candidates:
        rule = dict(candidate.rule)
        if candidate.follows is not None:
            rule["after"] = {"obligation": keys[id(candidate.follows)]}
        notes_for = []
        if candidate.timing is not None:
            notes_for.extend(candidate.timing.notes)
        for side in (candidate.owing, candidate.receiving):
            if side.key[0] == "board" and side.key not in party_keys:
                notes_for.append(
                    f"The {side.target.short_name} is not a party to this protocol: add it as a "
                    "party or leave this obligation out."
                )
            if side.key[0] == "post" and side.target.id is None:
                notes_for.append(f"There is no {side.target.title} recorded for this area yet.")
        try:
            parsed = timing_rules.parse_rule(rule)
            rule = timing_rules.rule_to_dict(parsed)
            text = timing_rules.describe(
                parsed,
                board_name=directory.board_name,
                obligation_label=lambda key: _label_of(key, candidates, keys),
            )
        except timing_rules.TimingRuleError:
            rule = {"kind": "ad_hoc"}
            text = "as and when needed"
            notes_for.append("The timing could not be read: set it by hand.")
        first = min(candidate.sources, key=lambda u: (u.section is None, u.block))
        obligations.append(
            ObligationProposal(
                key=keys[id(candidate)],
                owing=_side(candidate.owing, directory),
                receiving=_side(candidate.receiving, directory),
                what=candidate.what,
                description=first.text,
                timing=rule,
                timing_text=text,
                source=first.text,
                confidence=_confidence(candidate, party_keys),
                section=first.section,
                sources=list(dict.fromkeys(u.text for u in candidate.sources)),
                highlights=[_highlight(u) for u in candidate.sources],
                reasons=list(dict.fromkeys(candidate.reasons)),
                notes=notes_for,
            )
        )
    rule, review_sentence = review_rule(blocks)
    party_proposals = [
        PartyProposal(
            board=board.id,
            name=board.name,
            short_name=board.short_name,
            matched_as=_matched_as(blocks, directory, board),
        )
        for board in parties
    ]
    if len(parties) < 2:
        notes.append("Fewer than two boards were found: choose the boards that are party to it.")
    purpose = next(
        (
            s.body.split("\n\n")[0]
            for s in layout.sections
            if re.search(r"\b(?:purpose|aim)\b", s.heading, re.I)
        ),
        "",
    ) or next(
        (b.text for b in blocks if _PURPOSE.search(b.text) and b.kind != HEADING),
        "",
    )
    return Proposal(
        title=layout.title[:300],
        reference=_reference(parties, layout.title),
        parties=party_proposals,
        sections=layout.sections,
        obligations=obligations,
        purpose=re.sub(r"^\d+\.\s+", "", purpose),
        post_holders=post_holders(blocks, layout, directory, split_sentences),
        ladder=layout.ladder,
        approvals=approvals(blocks, directory),
        signatories=signatories(blocks, layout, directory),
        review_rule=rule,
        review_text=review_sentence,
        notes=notes,
        source={"filename": filename, "format": document.format, "characters": len(document.text)},
        blocks=[{"kind": b.kind, "text": b.text, "number": b.number} for b in blocks],
    )


_PURPOSE = re.compile(
    r"^(?:the\s+)?(?:purpose|aim)\s+of\s+this\s+(?:\w+\s+)?(?:protocol|agreement|memorandum|document)\b",
    re.I,
)


def _label_of(key: str, candidates: list[Candidate], keys: dict[int, str]) -> str:
    for candidate in candidates:
        if keys[id(candidate)] == key:
            text = candidate.unit.text
            return text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + "…"
    return key


def _matched_as(blocks, directory: Directory, board: BoardRef) -> list[str]:
    seen: dict[str, None] = {}
    for block in blocks:
        for mention in directory.mentions(block.text):
            if (
                mention.is_board
                and directory.current(mention.target).id == board.id
                and not mention.role
            ):
                seen[" ".join(mention.text.split())] = None
    return list(seen)[:8]


def _reference(parties: list[BoardRef], title: str) -> str:
    if parties:
        return slugify("-".join(p.short_name.replace("&", "") for p in parties))[:80] or "protocol"
    return slugify(title)[:80] or "protocol"


__all__ = ["propose"]
