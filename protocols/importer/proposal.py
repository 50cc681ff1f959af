"""A proposal: what the importer suggests a draft protocol should hold, as plain data.

Everything here is JSON-serialisable (``to_dict``) and rebuilt from JSON
(``Proposal.from_dict``), so a review screen can keep a proposal between requests, let
the user accept, change or reject each part, and hand the result to
``create.draft_from_proposal``, which is also what the command's "accept all" calls.

Boards are referred to by id (with their short name for people), posts by kind (and id
where the area records that post). Timing rules are ``protocols.timing`` dicts; a rule
that follows another proposed obligation names it by the proposal's ``key`` until the
draft is created.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass


@dataclass
class Side:
    """The board or post holder on one side of an obligation."""

    board: int | None = None
    post_kind: str = ""
    post: int | None = None
    name: str = ""
    label: str = ""

    @property
    def is_board(self) -> bool:
        return self.board is not None

    @property
    def identity(self) -> tuple:
        return ("board", self.board) if self.board is not None else ("post", self.post_kind)


@dataclass
class Highlight:
    """Where a source sentence sits: a block of the document and a span of its text."""

    block: int
    start: int
    end: int


@dataclass
class PartyProposal:
    board: int
    name: str
    short_name: str
    matched_as: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class SectionProposal:
    number: int
    heading: str
    body: str = ""
    kind: str = "text"
    as_written: str = ""


@dataclass
class PostHolderProposal:
    title: str
    responsibilities: list[str]
    post_kind: str = ""
    post: int | None = None
    section: int | None = None


@dataclass
class LadderStepProposal:
    order: int
    title: str
    description: str = ""


@dataclass
class ApprovalProposal:
    board: int | None
    name: str
    date: str
    as_written: str
    source: str


@dataclass
class SignatoryProposal:
    name: str
    role: str
    board: int | None = None


@dataclass
class ObligationProposal:
    key: str
    owing: Side
    receiving: Side
    what: str
    description: str
    timing: dict
    timing_text: str
    source: str
    confidence: float
    section: int | None = None
    sources: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["owing_side"] = data.pop("owing")
        data["receiving_side"] = data.pop("receiving")
        data["owing"] = self.owing.label or self.owing.name
        data["receiving"] = self.receiving.label or self.receiving.name
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ObligationProposal:
        values = {f.name: data.get(f.name) for f in fields(cls) if f.name in data}
        values["owing"] = Side(**data["owing_side"])
        values["receiving"] = Side(**data["receiving_side"])
        values["highlights"] = [Highlight(**h) for h in data.get("highlights", [])]
        return cls(**values)


@dataclass
class Proposal:
    title: str
    reference: str
    parties: list[PartyProposal]
    sections: list[SectionProposal]
    obligations: list[ObligationProposal]
    purpose: str = ""
    post_holders: list[PostHolderProposal] = field(default_factory=list)
    ladder: list[LadderStepProposal] = field(default_factory=list)
    approvals: list[ApprovalProposal] = field(default_factory=list)
    signatories: list[SignatoryProposal] = field(default_factory=list)
    review_rule: dict | None = None
    review_text: str = ""
    notes: list[str] = field(default_factory=list)
    source: dict = field(default_factory=dict)
    blocks: list[dict] = field(default_factory=list)

    def to_dict(self, *, include_blocks: bool = True) -> dict:
        data: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "obligations":
                data[f.name] = [o.to_dict() for o in value]
            elif f.name == "blocks":
                if include_blocks:
                    data[f.name] = list(value)
            elif isinstance(value, list):
                data[f.name] = [asdict(v) if is_dataclass(v) else v for v in value]
            else:
                data[f.name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Proposal:
        return cls(
            title=data["title"],
            reference=data.get("reference", ""),
            parties=[PartyProposal(**p) for p in data.get("parties", [])],
            sections=[SectionProposal(**s) for s in data.get("sections", [])],
            obligations=[ObligationProposal.from_dict(o) for o in data.get("obligations", [])],
            purpose=data.get("purpose", ""),
            post_holders=[PostHolderProposal(**p) for p in data.get("post_holders", [])],
            ladder=[LadderStepProposal(**s) for s in data.get("ladder", [])],
            approvals=[ApprovalProposal(**a) for a in data.get("approvals", [])],
            signatories=[SignatoryProposal(**s) for s in data.get("signatories", [])],
            review_rule=data.get("review_rule"),
            review_text=data.get("review_text", ""),
            notes=list(data.get("notes", [])),
            source=dict(data.get("source", {})),
            blocks=list(data.get("blocks", [])),
        )
