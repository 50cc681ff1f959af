"""Compare two versions' content as a readable redline.

``compare(old, new)`` takes two content dicts as built by ``protocols.content.
version_content`` and returns a ``Redline``: for the title, the purpose, each party,
section, obligation and resolution ladder step, whether it was added, removed, changed,
moved (sections only) or left alone, and for text a word-level diff.

Things are matched across versions by what stays the same about them: sections and
obligations by their stable ``key``, parties by their board's id, ladder steps by their
step number. A word diff is a tuple of ``Segment(op, text)`` with ``op`` one of
``equal``, ``insert`` or ``delete``; the ``equal`` and ``delete`` segments reassemble
the old text exactly and the ``equal`` and ``insert`` segments the new one.

The module is pure: no database, no Django.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal, NamedTuple

from .rendering import plain_text

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
MOVED = "moved"
UNCHANGED = "unchanged"

Status = Literal["added", "removed", "changed", "moved", "unchanged"]
Content = Mapping[str, Any]

# Words, runs of whitespace and single punctuation marks: together they cover every
# character, so joining the tokens gives the text back unchanged.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


class Segment(NamedTuple):
    """A run of text that is the same in both versions, only in the new or only in the old."""

    op: str
    text: str


@dataclass(frozen=True)
class TextDiff:
    """A word-level diff between two texts."""

    old: str
    new: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class ValueChange:
    """The old and new value of a field that is compared as a whole (a board, a rule)."""

    old: Any
    new: Any


def tokenize(text: str) -> list[str]:
    """Split ``text`` into words, whitespace runs and punctuation marks."""
    return _TOKEN.findall(text)


def _coalesce(segments: Iterable[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].op == segment.op:
            merged[-1] = Segment(segment.op, merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _group_changes(segments: list[Segment]) -> list[Segment]:
    """Show each run of changes as one deletion followed by one insertion.

    A lone space or punctuation mark left "equal" between two changed words would chop
    a rewritten phrase into alternating fragments; folding it into the change on both
    sides keeps the phrase whole without changing what the segments reassemble to.
    """
    absorbed: list[Segment] = []
    for index, segment in enumerate(segments):
        between_changes = (
            segment.op == EQUAL
            and 0 < index < len(segments) - 1
            and not any(character.isalnum() for character in segment.text)
        )
        if between_changes:
            absorbed.append(Segment(DELETE, segment.text))
            absorbed.append(Segment(INSERT, segment.text))
        else:
            absorbed.append(segment)
    grouped: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            grouped.append(Segment(DELETE, "".join(deleted)))
        if inserted:
            grouped.append(Segment(INSERT, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for segment in absorbed:
        if segment.op == DELETE:
            deleted.append(segment.text)
        elif segment.op == INSERT:
            inserted.append(segment.text)
        else:
            flush()
            grouped.append(segment)
    flush()
    return _start_changes_at_words(_coalesce(grouped))


def _start_changes_at_words(segments: list[Segment]) -> list[Segment]:
    """Slide a lone insertion or deletion so that it starts with a word, not a space.

    "children[ and families] safe" and "children [and families ]safe" say the same;
    the second reads as words added. Only a change between two unchanged runs can
    slide, and only while the character leaving its front is the one entering its back.
    """
    slid = list(segments)
    for index in range(1, len(slid) - 1):
        before, change, after = slid[index - 1], slid[index], slid[index + 1]
        if before.op != EQUAL or change.op == EQUAL or after.op != EQUAL:
            continue
        text, following, preceding = change.text, after.text, before.text
        while text and following and text[0].isspace() and text[0] == following[0]:
            preceding += text[0]
            text = text[1:] + following[0]
            following = following[1:]
        slid[index - 1] = Segment(EQUAL, preceding)
        slid[index] = Segment(change.op, text)
        slid[index + 1] = Segment(EQUAL, following)
    return _coalesce(slid)


def diff_words(old: str, new: str) -> TextDiff:
    """Return the word-level diff turning ``old`` into ``new``."""
    old = old or ""
    new = new or ""
    if old == new:
        return TextDiff(old, new, (Segment(EQUAL, old),) if old else ())
    old_tokens = tokenize(old)
    new_tokens = tokenize(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment(EQUAL, "".join(old_tokens[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment(DELETE, "".join(old_tokens[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment(INSERT, "".join(new_tokens[j1:j2])))
    return TextDiff(old, new, tuple(_group_changes(_coalesce(segments))))


def diff_lines(old: Sequence[str], new: Sequence[str]) -> tuple[Segment, ...]:
    """Return one segment per item of two lists (responsibilities): kept, added or dropped."""
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    items: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            items.extend(Segment(EQUAL, item) for item in old[i1:i2])
            continue
        if op in ("delete", "replace"):
            items.extend(Segment(DELETE, item) for item in old[i1:i2])
        if op in ("insert", "replace"):
            items.extend(Segment(INSERT, item) for item in new[j1:j2])
    return tuple(items)


def _body_diff(old: str, new: str) -> TextDiff:
    """Diff what readers see; fall back to the source when only the formatting changed."""
    old_text, new_text = plain_text(old or ""), plain_text(new or "")
    if old_text == new_text and (old or "") != (new or ""):
        return diff_words(old or "", new or "")
    return diff_words(old_text, new_text)


def _status(old: Any, new: Any, changed: bool) -> Status:
    if old is None:
        return ADDED
    if new is None:
        return REMOVED
    return CHANGED if changed else UNCHANGED


@dataclass(frozen=True)
class PartyChange:
    """How a party (a board and who signs for it) differs between the versions."""

    board_id: Hashable
    status: Status
    old: Content | None
    new: Content | None
    changed_fields: tuple[str, ...] = ()

    @property
    def current(self) -> Content:
        """Return the newest form of the party (the old one when it was removed)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]


@dataclass(frozen=True)
class PostHolderChange:
    """How one post holder's responsibilities in a section differ."""

    status: Status
    old: Content | None
    new: Content | None
    title: TextDiff
    responsibilities: tuple[Segment, ...]


@dataclass(frozen=True)
class SectionChange:
    """How a section differs: its heading and text word by word, its post holders, its place."""

    key: str
    status: Status
    old: Content | None
    new: Content | None
    heading: TextDiff
    body: TextDiff
    changed_fields: tuple[str, ...] = ()
    moved: bool = False
    post_holders: tuple[PostHolderChange, ...] = ()

    @property
    def current(self) -> Content:
        """Return the newest form of the section (the old one when it was removed)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]

    @property
    def renumbered(self) -> bool:
        """Whether the section's number differs (numbers follow position, so not a change)."""
        return (
            self.old is not None
            and self.new is not None
            and self.old.get("number") != self.new.get("number")
        )


@dataclass(frozen=True)
class ObligationChange:
    """How an obligation differs, field by field."""

    key: str
    status: Status
    old: Content | None
    new: Content | None
    description: TextDiff
    changed_fields: tuple[str, ...] = ()
    section: ValueChange | None = None
    owing: ValueChange | None = None
    receiving: ValueChange | None = None
    what: ValueChange | None = None
    timing: ValueChange | None = None

    @property
    def current(self) -> Content:
        """Return the newest form of the obligation (the old one when it was removed)."""
        return self.new if self.new is not None else self.old  # type: ignore[return-value]


@dataclass(frozen=True)
class LadderStepChange:
    """How a step of the resolution ladder differs."""

    step: Hashable
    status: Status
    old: Content | None
    new: Content | None
    title: TextDiff
    description: TextDiff
    changed_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Redline:
    """Everything that differs between two versions, in the new version's order."""

    title: TextDiff
    purpose: TextDiff
    parties: tuple[PartyChange, ...] = ()
    sections: tuple[SectionChange, ...] = ()
    obligations: tuple[ObligationChange, ...] = ()
    ladder: tuple[LadderStepChange, ...] = ()

    @property
    def has_changes(self) -> bool:
        """Whether anything a signatory agrees to differs between the versions."""
        if self.title.changed or self.purpose.changed:
            return True
        items: Iterable[Any] = (*self.parties, *self.sections, *self.obligations, *self.ladder)
        return any(item.status != UNCHANGED for item in items)

    def summary(self) -> str:
        """Return the changes as short counts, e.g. "2 sections changed, 1 added"."""
        clauses = [
            f"{name} changed"
            for name, diff in (("title", self.title), ("purpose", self.purpose))
            if diff.changed
        ]
        groups: tuple[tuple[str, str, Sequence[Any]], ...] = (
            ("party", "parties", self.parties),
            ("section", "sections", self.sections),
            ("obligation", "obligations", self.obligations),
            ("resolution step", "resolution steps", self.ladder),
        )
        for singular, plural, items in groups:
            counts = [
                (status, sum(1 for item in items if item.status == status))
                for status in (CHANGED, ADDED, REMOVED, MOVED)
            ]
            parts = [(status, count) for status, count in counts if count]
            if not parts:
                continue
            (first_status, first_count), *rest = parts
            noun = singular if first_count == 1 else plural
            words = [f"{first_count} {noun} {first_status}"]
            words.extend(f"{count} {status}" for status, count in rest)
            clauses.append(", ".join(words))
        if not clauses:
            return "No changes"
        text = "; ".join(clauses)
        return text[0].upper() + text[1:]


Keyed = Sequence[tuple[Hashable, Content]]


def _keyed(items: Sequence[Content], key: Callable[[Content], Hashable]) -> Keyed:
    return [(key(item), item) for item in items]


def _index(items: Keyed, what: str) -> dict[Hashable, Content]:
    indexed: dict[Hashable, Content] = {}
    for item_key, item in items:
        if item_key in indexed:
            raise ValueError(f"Two {what} share the key {item_key!r}.")
        indexed[item_key] = item
    return indexed


def _align(
    old_items: Keyed, new_items: Keyed, what: str
) -> list[tuple[Hashable, Content | None, Content | None]]:
    """Pair items by key in the new order, each removed one after its old predecessor."""
    old_by_key = _index(old_items, what)
    new_by_key = _index(new_items, what)
    leading: list[Hashable] = []
    trailing: dict[Hashable, list[Hashable]] = {}
    anchor: list[Hashable] = []  # the last old key kept in the new version, if any
    for item_key, _item in old_items:
        if item_key in new_by_key:
            anchor[:] = [item_key]
        elif anchor:
            trailing.setdefault(anchor[0], []).append(item_key)
        else:
            leading.append(item_key)
    ordered: list[Hashable] = list(leading)
    for item_key, _item in new_items:
        ordered.append(item_key)
        ordered.extend(trailing.get(item_key, []))
    return [(k, old_by_key.get(k), new_by_key.get(k)) for k in ordered]


def _text(item: Content | None, name: str) -> str:
    return (item or {}).get(name) or ""


def _longest_increasing(values: Sequence[int]) -> set[int]:
    """Return the indexes of one longest strictly increasing subsequence of ``values``."""
    tails: list[int] = []  # tails[n]: the index ending the best run of length n + 1
    tail_values: list[int] = []
    previous: list[int | None] = [None] * len(values)
    for index, value in enumerate(values):
        position = bisect_left(tail_values, value)
        previous[index] = tails[position - 1] if position else None
        if position == len(tails):
            tails.append(index)
            tail_values.append(value)
        else:
            tails[position] = index
            tail_values[position] = value
    kept: set[int] = set()
    cursor = tails[-1] if tails else None
    while cursor is not None:
        kept.add(cursor)
        cursor = previous[cursor]
    return kept


def _moved_keys(old_keys: Sequence[Hashable], new_keys: Sequence[Hashable]) -> set[Hashable]:
    """Return the keys whose order relative to the others changed.

    The sections that keep their relative order are the longest run common to both
    versions; only the rest have moved, so adding or removing a section moves nothing.
    """
    new_position = {k: i for i, k in enumerate(new_keys)}
    common = [k for k in old_keys if k in new_position]
    kept = _longest_increasing([new_position[k] for k in common])
    return {k for i, k in enumerate(common) if i not in kept}


def _post_holder_keys(holders: Sequence[Content]) -> Keyed:
    """Key post holders by post (or title, for a post not on record) and occurrence.

    The same post may hold two rows; the nth row for a post matches the nth row for it.
    """
    seen: dict[Hashable, int] = {}
    keyed = []
    for holder in holders:
        post = holder.get("post")
        who = ("post", post["id"]) if post else ("title", holder.get("title") or "")
        seen[who] = seen.get(who, 0) + 1
        keyed.append(((who, seen[who]), holder))
    return keyed


def _post_holders(old: Sequence[Content], new: Sequence[Content]) -> tuple[PostHolderChange, ...]:
    changes = []
    for _key, before, after in _align(_post_holder_keys(old), _post_holder_keys(new), "posts"):
        changes.append(
            PostHolderChange(
                status=_status(before, after, before != after),
                old=before,
                new=after,
                title=diff_words(_text(before, "title"), _text(after, "title")),
                responsibilities=diff_lines(
                    list((before or {}).get("responsibilities", [])),
                    list((after or {}).get("responsibilities", [])),
                ),
            )
        )
    return tuple(changes)


def _sections(old: Sequence[Content], new: Sequence[Content]) -> tuple[SectionChange, ...]:
    moved = _moved_keys([s["key"] for s in old], [s["key"] for s in new])
    changes = []
    keyed = _keyed(old, lambda s: s["key"]), _keyed(new, lambda s: s["key"])
    for key, before, after in _align(*keyed, "sections"):
        heading = diff_words(_text(before, "heading"), _text(after, "heading"))
        body = _body_diff(_text(before, "body"), _text(after, "body"))
        holders_old = list((before or {}).get("post_holders", []))
        holders_new = list((after or {}).get("post_holders", []))
        changed_fields: tuple[str, ...] = ()
        if before is not None and after is not None:
            changed_fields = tuple(
                name
                for name, differs in (
                    ("heading", before.get("heading") != after.get("heading")),
                    ("kind", before.get("kind") != after.get("kind")),
                    ("body", before.get("body") != after.get("body")),
                    ("post_holders", holders_old != holders_new),
                )
                if differs
            )
        status = _status(before, after, bool(changed_fields))
        if status == UNCHANGED and key in moved:
            status = MOVED
        changes.append(
            SectionChange(
                key=str(key),
                status=status,
                old=before,
                new=after,
                heading=heading,
                body=body,
                changed_fields=changed_fields,
                moved=key in moved,
                post_holders=_post_holders(holders_old, holders_new),
            )
        )
    return tuple(changes)


def _owing(obligation: Content) -> dict[str, Any]:
    return {
        "board": obligation.get("owing_board"),
        "post": obligation.get("owing_post"),
        "label": obligation.get("owing_label", ""),
    }


def _receiving(obligation: Content) -> dict[str, Any]:
    return {"board": obligation.get("receiving_board"), "post": obligation.get("receiving_post")}


_OBLIGATION_FIELDS: tuple[tuple[str, Callable[[Content], Any]], ...] = (
    ("section", lambda o: o.get("section")),
    ("owing", _owing),
    ("receiving", _receiving),
    ("what", lambda o: o.get("what")),
    ("description", lambda o: o.get("description", "")),
    ("timing", lambda o: o.get("timing")),
)


def _obligations(old: Sequence[Content], new: Sequence[Content]) -> tuple[ObligationChange, ...]:
    changes = []
    keyed = _keyed(old, lambda o: o["key"]), _keyed(new, lambda o: o["key"])
    for key, before, after in _align(*keyed, "obligations"):
        description = diff_words(_text(before, "description"), _text(after, "description"))
        values: dict[str, ValueChange] = {}
        if before is not None and after is not None:
            for name, read in _OBLIGATION_FIELDS:
                old_value, new_value = read(before), read(after)
                if old_value != new_value:
                    values[name] = ValueChange(old_value, new_value)
        changes.append(
            ObligationChange(
                key=str(key),
                status=_status(before, after, bool(values)),
                old=before,
                new=after,
                description=description,
                changed_fields=tuple(values),
                section=values.get("section"),
                owing=values.get("owing"),
                receiving=values.get("receiving"),
                what=values.get("what"),
                timing=values.get("timing"),
            )
        )
    return tuple(changes)


_PARTY_FIELDS = ("board", "signatory", "signatory_post", "lead_officer")


def _board_id(party: Content) -> Hashable:
    return party["board"]["id"]


def _parties(old: Sequence[Content], new: Sequence[Content]) -> tuple[PartyChange, ...]:
    changes = []
    for board_id, before, after in _align(
        _keyed(old, _board_id), _keyed(new, _board_id), "parties"
    ):
        changed_fields: tuple[str, ...] = ()
        if before is not None and after is not None:
            changed_fields = tuple(f for f in _PARTY_FIELDS if before.get(f) != after.get(f))
        changes.append(
            PartyChange(
                board_id=board_id,
                status=_status(before, after, bool(changed_fields)),
                old=before,
                new=after,
                changed_fields=changed_fields,
            )
        )
    return tuple(changes)


def _ladder(old: Sequence[Content], new: Sequence[Content]) -> tuple[LadderStepChange, ...]:
    changes = []
    keyed = _keyed(old, lambda s: s["step"]), _keyed(new, lambda s: s["step"])
    for step, before, after in _align(*keyed, "resolution steps"):
        title = diff_words(_text(before, "title"), _text(after, "title"))
        description = diff_words(_text(before, "description"), _text(after, "description"))
        changed_fields: tuple[str, ...] = ()
        if before is not None and after is not None:
            changed_fields = tuple(
                f for f in ("title", "description") if before.get(f) != after.get(f)
            )
        changes.append(
            LadderStepChange(
                step=step,
                status=_status(before, after, bool(changed_fields)),
                old=before,
                new=after,
                title=title,
                description=description,
                changed_fields=changed_fields,
            )
        )
    return tuple(changes)


def compare(old: Content, new: Content) -> Redline:
    """Return the redline from ``old`` to ``new`` (two ``version_content`` dicts).

    Raises:
        ValueError: if two sections, obligations, parties or ladder steps of one version
            share a key, so they cannot be told apart.
    """
    return Redline(
        title=diff_words(old.get("title", ""), new.get("title", "")),
        purpose=diff_words(old.get("purpose", ""), new.get("purpose", "")),
        parties=_parties(old.get("parties", []), new.get("parties", [])),
        sections=_sections(old.get("sections", []), new.get("sections", [])),
        obligations=_obligations(old.get("obligations", []), new.get("obligations", [])),
        ladder=_ladder(old.get("ladder", []), new.get("ladder", [])),
    )
