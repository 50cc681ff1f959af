"""The shape of a protocol in its blocks: title, the protocol part, sections, post
holders, the resolution ladder, approvals, signatories and the review cycle.

Committee papers often wrap the protocol in a report ("Appendix A: Protocol ..."). When
an appendix heading is followed by a protocol title, the protocol part starts there and
only its headings become sections; obligations are still read from the whole paper,
because reports set out arrangements too ("Between October and January each year ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import CELL, FIELD, FOOTNOTE, HEADER, HEADING, ITEM, PARAGRAPH, Block, ends_sentence
from .directory import BoardRef, Directory, Mention, PostRef
from .proposal import (
    ApprovalProposal,
    LadderStepProposal,
    PostHolderProposal,
    SectionProposal,
    SignatoryProposal,
)
from .timing_phrases import MONTHS

PROTOCOL_WORDS = re.compile(
    r"\b(?:protocol|working\s+agreement|memorandum\s+of\s+understanding|working\s+arrangements|"
    r"joint\s+working|concordat|partnership\s+agreement)\b",
    re.I,
)
_APPENDIX = re.compile(r"^(?:appendix|annex|attachment)\b", re.I)
_TITLE_FIELDS = re.compile(r"^(?:report\s+)?title$|^subject$|^re$", re.I)
_LABELLED = re.compile(r"^(?P<label>[A-Z][\w ()'/&-]{1,30}):\s*(?P<value>.+)$")
_SIGNED = re.compile(r"^(?:signed|signatures?|signed\s+on\s+behalf\s+of.*)$", re.I)
_POST_HOLDERS = re.compile(
    r"\b(?:post\s+(?:and\s+position\s+)?holders?|roles?\s+of\s+(?:key\s+)?(?:post|officers?|individuals))\b",
    re.I,
)
_LADDER_HEADING = re.compile(r"\b(?:resolution|escalation|dispute|disagreement|resolving)\b", re.I)
_LADDER_INTRO = re.compile(
    r"\b(?:following\s+(?:options|routes|steps|stages|actions)|escalat\w*|resolution\s+process|"
    r"(?:options|routes|steps)\s+may\s+be)\b",
    re.I,
)
_LADDER_ITEM = re.compile(r"\b(?:chairs?|concern|request|resolution|resolved|escalat\w*)\b", re.I)
_APPROVED = re.compile(r"\b(?:approved|ratified|agreed|endorsed|adopted|signed\s+off)\b", re.I)
_DATE = re.compile(
    r"\b(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?(?P<month>January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\s+(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_REVIEWED = re.compile(
    r"\b(?:protocol|agreement|memorandum|arrangements|document)\b[^.]*?\b(?:will|shall|is\s+to)\s+be\s+"
    r"(?:reviewed|revised|refreshed)\s+(?P<when>[^.;]+)",
    re.I,
)
_SMALL_WORDS = {
    "a",
    "an",
    "and",
    "the",
    "of",
    "to",
    "in",
    "on",
    "for",
    "between",
    "with",
    "or",
    "by",
    "at",
}


@dataclass
class Layout:
    """Where the parts of the document are, by block index."""

    title: str
    title_block: int | None
    protocol_start: int
    sections: list[SectionProposal]
    section_of_block: dict[int, int]
    ladder_blocks: set[int]
    ladder: list[LadderStepProposal]
    signature_start: int | None
    skip_blocks: set[int] = field(default_factory=set)


# --- title ---------------------------------------------------------------------------------


_ACRONYMS = {
    "LSCB",
    "HWB",
    "HWBB",
    "JSNA",
    "JHWS",
    "SCP",
    "SAB",
    "CSP",
    "NHS",
    "CCG",
    "ICB",
    "MOU",
    "CYPTB",
}


def smart_title(text: str, directory: Directory) -> str:
    """Return a title as written, but in title case when it was all capitals."""
    text = " ".join(text.split()).strip(" .:")
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < len(letters) * 0.8:
        return text
    keep = {b.short_name.upper(): b.short_name for b in directory.boards}
    keep.update({a: a for a in _ACRONYMS})
    words = []
    for index, word in enumerate(text.split()):
        bare = word.strip("(),.:;")
        if bare in keep:
            words.append(word.replace(bare, keep[bare]))
        elif index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(word[:1].upper() + word[1:].lower())
    return " ".join(words)


def find_title(
    blocks: list[Block], directory: Directory, protocol_start: int
) -> tuple[str, int | None]:
    """Return the protocol's title and its block: a title field, or a protocol-like heading."""
    candidates: list[tuple[int, int, str]] = []
    for index, block in enumerate(blocks[:60]):
        text = block.text
        label = block.label
        if block.kind != FIELD:
            labelled = _LABELLED.match(text)
            if labelled and len(labelled.group("label").split()) <= 3:
                label, text = labelled.group("label"), labelled.group("value")
        if block.kind in (ITEM, CELL) or len(text.split()) > 40 or not text:
            continue
        if label and not _TITLE_FIELDS.match(label):
            continue
        mentions = {m.key for m in directory.mentions(text) if m.is_board}
        score = 0
        if PROTOCOL_WORDS.search(text):
            score += 4
        if re.search(r"\bbetween\b", text, re.I):
            score += 2
        score += min(len(mentions), 2)
        if label:
            score += 1
        if block.kind == HEADING or text.isupper():
            score += 1
        if index >= protocol_start and protocol_start:
            score += 1
        # A sentence that mentions the protocol is not its title.
        if text.rstrip().endswith(".") or len(text.split()) > 24:
            score -= 3
        if score >= 2:
            candidates.append((score, index, text))
    if candidates:
        best = max(candidates, key=lambda c: (c[0], -c[1]))
        return smart_title(best[2], directory), best[1]
    for index, block in enumerate(blocks):
        if block.kind == HEADING:
            return smart_title(block.text, directory), index
    first = blocks[0].text if blocks else "Imported protocol"
    return smart_title(" ".join(first.split()[:12]), directory), 0 if blocks else None


def find_protocol_start(blocks: list[Block]) -> int:
    """Return the block where the protocol itself begins (after a report's appendix heading)."""
    for index, block in enumerate(blocks):
        if _APPENDIX.match(block.text) and len(block.text.split()) <= 25:
            for offset in range(0, 4):
                if index + offset >= len(blocks):
                    break
                candidate = blocks[index + offset]
                if PROTOCOL_WORDS.search(candidate.text) and len(candidate.text.split()) <= 30:
                    return index + offset
    return 0


# --- sections ------------------------------------------------------------------------------


def _is_subsection(block: Block) -> bool:
    return bool(re.fullmatch(r"\d+\.\d+(?:\.\d+)*", block.number))


def _is_section_heading(block: Block, next_block: Block | None) -> bool:
    if block.kind == HEADING:
        return not _LABELLED.match(block.text) and not _approval_line(block.text)
    # A table's row label ("Implementation") heads the row's content.
    if block.kind == CELL and block.col == 0 and block.label != HEADER and next_block is not None:
        return (
            next_block.table == block.table
            and next_block.row == block.row
            and len(block.text.split()) <= 5
            and not ends_sentence(block.text)
            and block.text[:1].isupper()
        )
    return False


def _approval_line(text: str) -> bool:
    return bool(_APPROVED.search(text) and _DATE.search(text))


def build_layout(blocks: list[Block], directory: Directory) -> Layout:
    protocol_start = find_protocol_start(blocks)
    title, title_block = find_title(blocks, directory, protocol_start)
    skip = {i for i, b in enumerate(blocks) if b.kind == FIELD or b.label == FOOTNOTE}
    signature_start = None
    for index in range(protocol_start, len(blocks)):
        if _SIGNED.match(blocks[index].text.strip(" :")) and blocks[index].kind in (
            HEADING,
            PARAGRAPH,
        ):
            signature_start = index
            break
    end = signature_start if signature_start is not None else len(blocks)
    sections: list[SectionProposal] = []
    section_of_block: dict[int, int] = {}
    bodies: list[list[str]] = []
    # An appendix's own title is not a section.
    first = protocol_start + 1 if protocol_start else 0
    fields = [i for i in skip if blocks[i].kind == FIELD]
    if not protocol_start and fields:
        # A report's front sheet: the protocol starts at its first numbered heading.
        numbered = [
            i
            for i, b in enumerate(blocks)
            if i > max(fields) and b.kind == HEADING and b.number and "." not in b.number
        ]
        if numbered:
            first = numbered[0]
    for index in range(first, end):
        block = blocks[index]
        if index == title_block or index in skip:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if _is_section_heading(block, following) and not _is_subsection(block):
            has_content = _content_follows(blocks, index, end, skip)
            if not has_content:
                continue
            sections.append(
                SectionProposal(
                    number=len(sections) + 1,
                    heading=_heading_text(block.text),
                    as_written=block.number,
                )
            )
            bodies.append([])
            continue
        if not sections:
            if block.kind == HEADING:
                continue
            sections.append(SectionProposal(number=1, heading="Introduction"))
            bodies.append([])
        section_of_block[index] = sections[-1].number
        bodies[-1].append(_markdown(block))
    for section, body in zip(sections, bodies, strict=True):
        section.body = _join_body(body)
    ladder_blocks, ladder = _find_ladder(blocks, section_of_block, sections)
    _set_kinds(sections, directory, ladder_blocks, section_of_block)
    return Layout(
        title=title,
        title_block=title_block,
        protocol_start=protocol_start,
        sections=sections,
        section_of_block=section_of_block,
        ladder_blocks=ladder_blocks,
        ladder=ladder,
        signature_start=signature_start,
        skip_blocks=skip,
    )


def _content_follows(blocks: list[Block], index: int, end: int, skip: set[int]) -> bool:
    for j in range(index + 1, end):
        if j in skip:
            continue
        following = blocks[j + 1] if j + 1 < len(blocks) else None
        block = blocks[j]
        if _is_section_heading(block, following) and not _is_subsection(block):
            return False
        if block.kind != HEADING or _is_subsection(block):
            return True
    return False


def _heading_text(text: str) -> str:
    return " ".join(text.split()).strip(" :")[:300]


def _markdown(block: Block) -> str:
    text = block.text
    if block.kind == HEADING:
        prefix = f"{block.number} " if block.number else ""
        return f"**{prefix}{text}**"
    if block.label == HEADER:
        return f"**{text}**"
    if block.kind == CELL and block.header:
        return f"**{block.header.capitalize()}:** {text}"
    if block.kind == ITEM:
        indent = "  " * max(0, block.level - 1)
        number = f"{block.number} " if block.number else ""
        return f"{indent}- {number}{text}"
    if block.number:
        return (
            f"{block.number.rstrip('.')}. {text}"
            if block.number[0].isdigit()
            else f"{block.number} {text}"
        )
    return text


def _join_body(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        is_item = line.lstrip().startswith("- ")
        if out and not (is_item and out[-1].lstrip().startswith("- ")):
            out.append("")
        out.append(line)
    return "\n".join(out).strip()


def _set_kinds(sections, directory: Directory, ladder_blocks, section_of_block) -> None:
    ladder_sections = {section_of_block[b] for b in ladder_blocks if b in section_of_block}
    has_ladder = False
    for section in sections:
        heading = section.heading
        mentions = directory.mentions(heading)
        named_posts = [m for m in mentions if not m.is_board]
        leftover = heading
        for mention in sorted(mentions, key=lambda m: -m.start):
            leftover = leftover[: mention.start] + leftover[mention.end :]
        only_posts = bool(named_posts) and not re.sub(r"[\s&,and]+", "", leftover, flags=re.I)
        if _POST_HOLDERS.search(heading) or only_posts:
            section.kind = "post_holders"
        elif not has_ladder and (
            _LADDER_HEADING.search(heading) or section.number in ladder_sections
        ):
            section.kind = "ladder"
            has_ladder = True


# --- the resolution ladder -------------------------------------------------------------------


def _find_ladder(blocks, section_of_block, sections) -> tuple[set[int], list[LadderStepProposal]]:
    ladder_numbers = {s.number for s in sections if _LADDER_HEADING.search(s.heading)}
    for index, block in enumerate(blocks):
        in_ladder_section = section_of_block.get(index) in ladder_numbers
        if not (_LADDER_INTRO.search(block.text) or in_ladder_section):
            continue
        if block.kind == ITEM:
            continue
        items = []
        for j in range(index + 1, min(len(blocks), index + 12)):
            if blocks[j].kind != ITEM:
                break
            items.append(j)
        matching = [j for j in items if _LADDER_ITEM.search(blocks[j].text)]
        if len(items) >= 2 and len(matching) >= len(items) - 1:
            steps = [
                LadderStepProposal(
                    order=n, title=_step_title(blocks[j].text), description=blocks[j].text
                )
                for n, j in enumerate(items, start=1)
            ]
            return set(items) | {index}, steps
    return set(), []


def _step_title(text: str) -> str:
    lower = text.lower()
    if "written request" in lower:
        return "Formal written request"
    if "agenda" in lower:
        return "Agenda item request"
    if "resolution meeting" in lower:
        return "Resolution meeting"
    if "meeting" in lower:
        return "Chairs' meeting"
    words = re.sub(
        r"^(?:either|each|the)\s+chairs?\s+(?:making|requesting|asks?|requests?)\s+",
        "",
        text,
        flags=re.I,
    ).split()
    title = " ".join(words[:8]).rstrip(",;.")
    return title[:1].upper() + title[1:]


# --- post holders ----------------------------------------------------------------------------


def post_holders(
    blocks, layout: Layout, directory: Directory, split_sentences
) -> list[PostHolderProposal]:
    """Group the sentences of post-holders sections by the post (or chair) they are about."""
    numbers = {s.number for s in layout.sections if s.kind == "post_holders"}
    found: dict[tuple, PostHolderProposal] = {}
    last: list[tuple] = []
    for index, block in enumerate(blocks):
        section = layout.section_of_block.get(index)
        if section not in numbers or block.kind == HEADING:
            continue
        for sentence, _, _ in split_sentences(block.text):
            subjects = _sentence_subjects(sentence, directory)
            if subjects:
                last = []
                for mention in subjects:
                    key, holder = _holder_for(mention, directory, section)
                    if key is None:
                        continue
                    found.setdefault(key, holder).responsibilities.append(sentence)
                    last.append(key)
            elif re.match(r"^(?:they|he|she|he/she|the post holder)\b", sentence, re.I):
                for key in last:
                    found[key].responsibilities.append(sentence)
    return [h for h in found.values() if h.responsibilities]


def _sentence_subjects(sentence: str, directory: Directory) -> list[Mention]:
    mentions = directory.mentions(sentence)
    verb = re.search(r"\b(?:is|are|has|have|will|shall|must|should|would|can|may)\b", sentence)
    limit = verb.start() if verb else min(len(sentence), 80)
    head = [m for m in mentions if m.start < limit]
    # Everything before the verb should be the subject: "The Chief Executive of the Council".
    return [m for m in head if not m.is_board or m.role]


def _holder_for(
    mention: Mention, directory: Directory, section: int
) -> tuple[tuple | None, PostHolderProposal]:
    target = mention.target
    if isinstance(target, PostRef):
        return ("post", target.kind), PostHolderProposal(
            title=target.title,
            responsibilities=[],
            post_kind=target.kind,
            post=target.id,
            section=section,
        )
    assert isinstance(target, BoardRef)
    role = mention.role.title() if mention.role else "Chair"
    title = (
        f"{role} of the {target.short_name}"
        if "chair" in mention.role
        else f"{target.short_name} {role}"
    )
    return ("board", target.id, mention.role), PostHolderProposal(
        title=title, responsibilities=[], section=section
    )


# --- approvals, signatories, review ----------------------------------------------------------


def approvals(blocks: list[Block], directory: Directory) -> list[ApprovalProposal]:
    """Find "<board> approved <date>" and "ratified this agreement on <date>" statements."""
    found: list[ApprovalProposal] = []
    for block in blocks:
        text = block.text
        if not _APPROVED.search(text):
            continue
        mentions = [m for m in directory.mentions(text) if m.is_board]
        dates = list(_DATE.finditer(text))
        if not mentions or not dates or len(text.split()) > 60:
            continue
        previous_end = 0
        for date in dates:
            before = [m for m in mentions if previous_end <= m.start < date.start()]
            verb = _APPROVED.search(text, previous_end, date.start()) or _APPROVED.search(
                text[: date.start()]
            )
            previous_end = date.end()
            if not before or verb is None:
                continue
            board = directory.current(before[-1].target)
            month = MONTHS[date.group("month").lower()]
            day = date.group("day")
            iso = f"{date.group('year')}-{month:02d}" + (f"-{int(day):02d}" if day else "")
            found.append(
                ApprovalProposal(
                    board=board.id,
                    name=board.short_name,
                    date=iso,
                    as_written=date.group(0),
                    source=text.strip(),
                )
            )
    return found


def signatories(
    blocks: list[Block], layout: Layout, directory: Directory
) -> list[SignatoryProposal]:
    if layout.signature_start is None:
        return []
    lines = [b.text for b in blocks[layout.signature_start + 1 : layout.signature_start + 16]]
    people: list[SignatoryProposal] = []
    role_lines: list[str] = []

    def flush() -> None:
        if people and role_lines:
            role = " ".join(role_lines)
            people[-1].role = role
            boards = [m for m in directory.mentions(role) if m.is_board]
            people[-1].board = directory.current(boards[0].target).id if boards else None
        role_lines.clear()

    for line in lines:
        if (
            re.match(
                r"^(?:independent\s+)?(?:co-|vice[- ])?chair|^director|^chief|^leader|^on behalf",
                line,
                re.I,
            )
            or (
                role_lines
                and line[:1].isupper()
                and len(line.split()) <= 4
                and not re.match(r"^(?:cllr|dr|mr|mrs|ms|miss)\b", line, re.I)
                and role_lines[-1].split()[-1].lower() in ("and", "of", "the", "&")
            )
            or (role_lines and role_lines[-1].rstrip().lower().endswith((" and", " of", " the")))
            or (
                role_lines
                and re.search(r"\b(?:Board|Partnership|Council|Committee|Group|Trust)\b", line)
            )
        ):
            role_lines.append(line)
            continue
        if len(line.split()) <= 5 and re.fullmatch(
            r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){1,4}", line
        ):
            flush()
            people.append(SignatoryProposal(name=line, role=""))
            continue
        if len(line.split()) > 12:
            break
    flush()
    return [p for p in people if p.role]


def review_rule(blocks: list[Block]) -> tuple[dict | None, str]:
    """Return the protocol's own review cycle, if the text gives one."""
    from .timing_phrases import best_timing

    for block in blocks:
        match = _REVIEWED.search(block.text)
        if not match:
            continue
        when = match.group("when")
        timing = best_timing(when)
        sentence = match.group(0).strip()
        if timing is None:
            continue
        rule = timing.rule
        if rule == {"kind": "frequency", "every": "annually"}:
            return {"kind": "anniversary", "of": "signing", "every_years": 1}, sentence
        if rule.get("kind") == "external":
            return rule, sentence
        years = re.search(r"every\s+(two|three|2|3)\s+years", when, re.I)
        if years:
            count = {"two": 2, "three": 3}.get(years.group(1).lower()) or int(years.group(1))
            return {"kind": "anniversary", "of": "signing", "every_years": count}, sentence
    return None, ""
