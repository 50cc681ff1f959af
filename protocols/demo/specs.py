"""The shape of the demo protocols: one ``ProtocolSpec`` per seed paper, in frozen dataclasses.

Timing rules are written as the stored dicts of ``protocols.timing``, except that a board
is named by its short name (``B("BHWB")``) and another obligation by its local name
(``O("annual-report")``): the loader swaps in the board's id and the obligation's stable
key once they exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from boards.models import Post
from protocols.models import Obligation, Section

W = Obligation.What
P = Post.Kind
TEXT = Section.Kind.TEXT
POST_HOLDERS = Section.Kind.POST_HOLDERS
LADDER = Section.Kind.LADDER

LONDON = ZoneInfo("Europe/London")

#: The papers fix no deadline for sharing minutes; the demo assumes ten working days.
MINUTES_WITHIN = {"within_days": 10, "working_days": True}
MINUTES_NOTE = "The protocol sets no deadline; the ten working days are the demo's assumption."

ILLUSTRATIVE_MINUTE = "(illustrative)"


@dataclass(frozen=True)
class B:
    """A board in a timing rule, by its short name in the protocol's area."""

    short_name: str


@dataclass(frozen=True)
class O:  # noqa: E742 - read as a column of the data tables, like B
    """Another obligation of the same protocol, by its local name."""

    name: str


@dataclass(frozen=True)
class Side:
    """One side of an obligation: a party board, or a post holder of the area."""

    board: str = ""
    post: str = ""
    label: str = ""


@dataclass(frozen=True)
class ObligationSpec:
    owing: Side
    receiving: Side
    what: str
    description: str
    timing: dict
    name: str = ""


@dataclass(frozen=True)
class PostHolderSpec:
    title: str
    responsibilities: tuple[str, ...]
    post: str = ""


@dataclass(frozen=True)
class SectionSpec:
    heading: str
    body: str
    kind: str = TEXT
    obligations: tuple[ObligationSpec, ...] = ()
    post_holders: tuple[PostHolderSpec, ...] = ()


@dataclass(frozen=True)
class PartySpec:
    board: str
    lead_officer: str = ""


@dataclass(frozen=True)
class ApprovalSpec:
    """A board's approval; ``meeting_notes`` makes the meeting when the boards demo has none."""

    board: str
    decided_on: date
    decided_by: str
    minute_reference: str
    recorded_by: str
    meeting_notes: str = ""


@dataclass(frozen=True)
class SignatureSpec:
    board: str
    signer: str
    signed_at: datetime


@dataclass(frozen=True)
class ProtocolSpec:
    """A seed protocol and how far along the lifecycle the demo takes it.

    ``ladder`` replaces the wording of the default four steps; ``None`` removes them,
    for a protocol that has no resolution process.
    """

    area: str
    reference: str
    title: str
    purpose: str
    author: str
    parties: tuple[PartySpec, ...]
    sections: tuple[SectionSpec, ...]
    ladder: tuple[tuple[str, str], ...] | None = None
    request_approval: bool = False
    approvals: tuple[ApprovalSpec, ...] = ()
    signatures: tuple[SignatureSpec, ...] = ()
    in_force_from: date | None = None


def london(*args: int) -> datetime:
    """Return a wall-clock time in London, where the boards sit."""
    return datetime(*args, tzinfo=LONDON)


def minute(number: int, on: date) -> str:
    """Return an invented minute reference, marked as such."""
    return f"Minute {number}, {on.day} {on:%B %Y} {ILLUSTRATIVE_MINUTE}"
