"""How a proposal is scored against labelled obligations (used by bench_import and tests).

- A proposal matches a label when (1) its owing and receiving parties are the label's
  (either way round if the label says ``either_direction``), and (2) one of its source
  sentences overlaps one of the label's sources: the words they share (lower case,
  three letters or more, common words left out) are at least 60% of the shorter one's.
  Pairs are matched one to one, best overlap first; a second proposal for the same
  label is a false positive.
- Precision = matched proposals / proposals; recall = matched labels / labels.
- Timing accuracy = matched pairs whose rule is the label's / matched pairs. Rules are
  equal when their kind and every structured value are equal (months, days, frequency,
  board, working days, and for "relative" what it follows: the same kind of thing and,
  for an obligation, the proposal matched to the label it names). Free text (an event,
  a trigger) is not compared. "By 31 March" equals "by the end of March".
- Kind accuracy (what) is reported too, for information.

Labels name boards by the area's short names ("post:dcs" for a post); a board that has
been replaced counts as its successor, as the importer proposes it.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass, field

from protocols import timing
from protocols.importer.directory import POST_TITLES, BoardRef, Directory, PostRef

OVERLAP = 0.6
STOP = {
    "the", "and", "for", "with", "will", "its", "their", "from", "any", "this", "that", "each",
    "should", "would", "are", "was", "were", "has", "have", "shall", "must", "into", "all",
}  # fmt: skip


@dataclass
class Score:
    labels: int
    proposed: int
    matched: int
    timing_ok: int
    kind_ok: int
    missed: list[str] = field(default_factory=list)
    extra: list[tuple[str, str, str]] = field(default_factory=list)
    wrong_timing: list[tuple[str, dict, dict]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labels if self.labels else 1.0

    @property
    def timing_accuracy(self) -> float:
        return self.timing_ok / self.matched if self.matched else 1.0


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2 and w not in STOP}


def overlap(a: str, b: str) -> float:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def side_key(name: str, directory: Directory) -> tuple:
    if name.startswith("post:"):
        return ("post", name.split(":", 1)[1])
    board = directory.board_by_short_name(name)
    if board is None:
        raise ValueError(f"A label names a board the area does not have: {name}")
    return ("board", directory.current(board).id)


def proposal_key(side: dict) -> tuple:
    return ("board", side["board"]) if side["board"] is not None else ("post", side["post_kind"])


def label_rule(rule: dict, directory: Directory) -> dict:
    rule = json.loads(json.dumps(rule))
    if isinstance(rule.get("board"), str):
        rule["board"] = directory.current(directory.board_by_short_name(rule["board"])).id
    return rule


def _without_refs(rule: dict) -> dict:
    rule = dict(rule)
    if "after" in rule and "obligation" in rule["after"]:
        rule["after"] = {"obligation": "x"}
    return rule


def same_rule(proposed: dict, labelled: dict, matched: dict) -> bool:
    """Compare rules as the module says; ``matched`` maps a label id to its proposal's key."""
    if proposed.get("kind") != labelled.get("kind"):
        return False
    normal = timing.rule_to_dict(timing.parse_rule(_without_refs(labelled)))
    if normal["kind"] == "deadline":
        last = calendar.monthrange(2001, normal["month"])[1]
        return proposed["month"] == normal["month"] and (proposed["day"] or last) == (
            normal["day"] or last
        )
    for key, value in normal.items():
        if key == "trigger":
            continue
        if key == "after":
            p_after, l_after = proposed.get("after") or {}, labelled.get("after") or {}
            if set(p_after) != set(l_after):
                return False
            if (
                "obligation" in l_after
                and matched.get(l_after["obligation"]) != p_after["obligation"]
            ):
                return False
            continue
        if proposed.get(key) != value:
            return False
    return True


def score(proposal: dict, labels: list[dict], directory: Directory) -> Score:
    """Score a proposal (``Proposal.to_dict()``) against labelled obligations."""
    proposed = proposal["obligations"]
    pairs = []
    for li, label in enumerate(labels):
        owing, receiving = (
            side_key(label["owing"], directory),
            side_key(label["receiving"], directory),
        )
        for pi, item in enumerate(proposed):
            sides = (proposal_key(item["owing_side"]), proposal_key(item["receiving_side"]))
            if sides != (owing, receiving) and not (
                label.get("either_direction") and sides == (receiving, owing)
            ):
                continue
            best = max(overlap(a, b) for a in label["sources"] for b in item["sources"])
            if best >= OVERLAP:
                pairs.append((best, li, pi))
    pairs.sort(reverse=True)
    used_labels, used_proposals, matches = set(), set(), {}
    for _best, li, pi in pairs:
        if li in used_labels or pi in used_proposals:
            continue
        used_labels.add(li)
        used_proposals.add(pi)
        matches[li] = pi
    by_id = {labels[li]["id"]: proposed[pi]["key"] for li, pi in matches.items()}
    result = Score(len(labels), len(proposed), len(matches), 0, 0)
    for li, pi in matches.items():
        expected = label_rule(labels[li]["timing"], directory)
        if same_rule(proposed[pi]["timing"], expected, by_id):
            result.timing_ok += 1
        else:
            result.wrong_timing.append((labels[li]["id"], proposed[pi]["timing"], expected))
        result.kind_ok += proposed[pi]["what"] == labels[li]["what"]
    result.missed = [labels[li]["id"] for li in range(len(labels)) if li not in used_labels]
    result.extra = [
        (proposed[pi]["owing"], proposed[pi]["receiving"], proposed[pi]["source"])
        for pi in range(len(proposed))
        if pi not in used_proposals
    ]
    return result


def seed_directory(slug: str) -> Directory:
    """Return the directory of a seed area as the demo data defines it."""
    from boards.demo.loader import AREAS

    spec = next(a for a in AREAS if a.slug == slug)
    ids = {b.short_name: n for n, b in enumerate(spec.boards, start=1)}
    boards = [
        BoardRef(
            id=ids[b.short_name],
            name=b.name,
            short_name=b.short_name,
            kind=b.kind,
            dissolved=b.dissolved is not None,
            successor_id=ids.get(b.successor) if b.successor else None,
        )
        for b in spec.boards
    ]
    posts = [
        PostRef(kind=kind, title=title or POST_TITLES[kind][0], id=100 + n)
        for n, (kind, title, _) in enumerate(spec.posts)
        if kind != "other"
    ]
    return Directory(boards=boards, posts=posts, area_names=(spec.name,))


def example_directory(data: dict) -> Directory:
    """Return the directory a held-out example declares."""
    boards = [
        BoardRef(id=n, name=b["name"], short_name=b["short_name"], kind=b["kind"])
        for n, b in enumerate(data["boards"], start=1)
    ]
    posts = [
        PostRef(kind=kind, title=POST_TITLES[kind][0], id=100 + n)
        for n, kind in enumerate(data.get("posts", []))
    ]
    return Directory(boards=boards, posts=posts, area_names=(data["area"]["name"],))
