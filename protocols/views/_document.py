"""A version laid out as the protocol reads: numbered sections, each with its obligations
(who owes what to whom, and when in plain English), post holders and the ladder.

Everything here works on rows the selectors have already fetched, so a page costs the
same number of queries however many sections or obligations the version has.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .. import redline, timing
from ..models import LadderStep, Obligation, PostResponsibility, ProtocolVersion, Section

NOT_SET = "Not yet set"
NO_LONGER_PARTY = "a board that is not a party"


def describe_timing(rule: Any, *, board_names: dict[int, str], labels: dict[str, str]) -> str:
    """Return a stored timing rule in plain English, starting with a capital letter."""
    if not rule:
        return NOT_SET
    try:
        parsed = timing.parse_rule(rule)
    except timing.TimingRuleError:
        return NOT_SET
    text = timing.describe(
        parsed,
        board_name=lambda pk: board_names.get(pk, NO_LONGER_PARTY),
        obligation_label=lambda key: labels.get(key, "an obligation no longer in this version"),
    )
    return text[:1].upper() + text[1:]


def obligation_label(description: str) -> str:
    """Return a short label for an obligation that another one follows."""
    text = " ".join((description or "").split())
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


@dataclass
class ObligationRow:
    obligation: Obligation
    when: str


@dataclass
class SectionBlock:
    section: Section
    obligations: list[ObligationRow] = field(default_factory=list)
    responsibilities: list[PostResponsibility] = field(default_factory=list)

    @property
    def is_ladder(self) -> bool:
        return self.section.kind == Section.Kind.LADDER

    @property
    def is_post_holders(self) -> bool:
        return self.section.kind == Section.Kind.POST_HOLDERS


@dataclass
class Document:
    sections: list[SectionBlock]
    loose_obligations: list[ObligationRow]
    ladder: list[LadderStep]
    obligation_count: int

    @property
    def has_ladder_section(self) -> bool:
        return any(block.is_ladder for block in self.sections)


def document(version: ProtocolVersion) -> Document:
    """Lay out a version fetched with ``selectors.version_queryset``."""
    boards = {p.board_id: p.board.short_name for p in version.parties.all()}
    obligations = sorted(version.obligations.all(), key=lambda o: (o.order, o.pk))
    labels = {str(o.key): obligation_label(o.description) for o in obligations}
    by_section: dict[int | None, list[ObligationRow]] = defaultdict(list)
    for o in obligations:
        when = describe_timing(o.timing, board_names=boards, labels=labels)
        by_section[o.section_id].append(ObligationRow(o, when))
    blocks = [
        SectionBlock(
            section=s,
            obligations=by_section.pop(s.pk, []),
            responsibilities=sorted(s.post_responsibilities.all(), key=lambda r: (r.order, r.pk)),
        )
        for s in sorted(version.sections.all(), key=lambda s: s.order)
    ]
    loose = [row for rows in by_section.values() for row in rows]
    return Document(
        sections=blocks,
        loose_obligations=loose,
        ladder=sorted(version.ladder_steps.all(), key=lambda s: s.order),
        obligation_count=len(obligations),
    )


# --- the compare page ------------------------------------------------------------------


def _side(board: dict | None, post: dict | None, label: str = "") -> str:
    if label:
        return label
    if board:
        return board.get("short_name") or board.get("name") or ""
    if post:
        return post.get("title", "")
    return ""


def _signatory(party: dict | None) -> str:
    if not party:
        return ""
    if party.get("signatory") == "post" and party.get("signatory_post"):
        return party["signatory_post"]["title"]
    return "The board's chair (or co-chairs)"


WHAT_LABELS = dict(Obligation.What.choices)
KIND_LABELS = dict(Section.Kind.choices)
STATUS_LABELS = {
    redline.ADDED: "Added",
    redline.REMOVED: "Removed",
    redline.CHANGED: "Changed",
    redline.MOVED: "Moved",
    redline.UNCHANGED: "Unchanged",
}


def compare_rows(old: dict, new: dict, result: redline.Redline) -> dict:
    """Return the redline as rows a template can show without looking anything up."""
    boards: dict[int, str] = {}
    for content in (old, new):
        for party in content.get("parties", []):
            boards[party["board"]["id"]] = party["board"]["short_name"]
    labels: dict[str, str] = {}
    for content in (old, new):
        for o in content.get("obligations", []):
            labels[o["key"]] = obligation_label(o.get("description", ""))
    numbers = {}
    for content in (old, new):
        for s in content.get("sections", []):
            numbers[s["key"]] = f"{s['number']}. {s['heading']}"

    def when(rule) -> str:
        return describe_timing(rule, board_names=boards, labels=labels)

    parties = []
    for change in result.parties:
        before, after = change.old or {}, change.new or {}
        parties.append(
            {
                "status": change.status,
                "status_label": STATUS_LABELS[change.status],
                "board": (change.current["board"] or {}).get("name", ""),
                "short_name": (change.current["board"] or {}).get("short_name", ""),
                "signatory_old": _signatory(before) if change.old else "",
                "signatory_new": _signatory(after) if change.new else "",
                "lead_old": before.get("lead_officer") or "None named",
                "lead_new": after.get("lead_officer") or "None named",
                "changed": set(change.changed_fields),
            }
        )
    obligations = []
    for change in result.obligations:
        current = change.current
        before, after = change.old or {}, change.new or {}
        obligations.append(
            {
                "status": change.status,
                "status_label": STATUS_LABELS[change.status],
                "section": numbers.get(current.get("section"), "No section"),
                "section_old": numbers.get(before.get("section"), "No section"),
                "owing_old": _side(
                    before.get("owing_board"), before.get("owing_post"), before.get("owing_label")
                ),
                "owing_new": _side(
                    after.get("owing_board"), after.get("owing_post"), after.get("owing_label")
                ),
                "receiving_old": _side(before.get("receiving_board"), before.get("receiving_post")),
                "receiving_new": _side(after.get("receiving_board"), after.get("receiving_post")),
                "what_old": WHAT_LABELS.get(before.get("what"), ""),
                "what_new": WHAT_LABELS.get(after.get("what"), ""),
                "when_old": when(before.get("timing")) if change.old else "",
                "when_new": when(after.get("timing")) if change.new else "",
                "description": change.description,
                "changed": set(change.changed_fields),
            }
        )
    sections = []
    for change in result.sections:
        sections.append(
            {
                "status": change.status,
                "status_label": STATUS_LABELS[change.status],
                "number": change.current.get("number"),
                "old_number": (change.old or {}).get("number"),
                "renumbered": change.renumbered,
                "moved": change.moved,
                "heading": change.heading,
                "body": change.body,
                "kind_old": KIND_LABELS.get((change.old or {}).get("kind"), ""),
                "kind_new": KIND_LABELS.get((change.new or {}).get("kind"), ""),
                "changed": set(change.changed_fields),
                "post_holders": [
                    {
                        "status": holder.status,
                        "status_label": STATUS_LABELS[holder.status],
                        "title": holder.title,
                        "responsibilities": holder.responsibilities,
                    }
                    for holder in change.post_holders
                ],
            }
        )
    return {
        "title": result.title,
        "purpose": result.purpose,
        "parties": parties,
        "sections": sections,
        "obligations": obligations,
        "ladder": [
            {
                "status": change.status,
                "status_label": STATUS_LABELS[change.status],
                "step": change.step,
                "title": change.title,
                "description": change.description,
            }
            for change in result.ladder
        ],
        "summary": result.summary(),
        "has_changes": result.has_changes,
    }
