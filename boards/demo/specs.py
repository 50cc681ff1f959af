"""The shape of the demo data: one ``AreaSpec`` per area, in plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from boards.models import Board, Meeting, Membership, Organisation, Post, Subgroup

DEMOCRATIC_SERVICES = "democratic_services"

# Safeguarding children partnerships replaced LSCBs by 29 September 2019 at the latest;
# the demo uses that date because the papers predate the change.
SUCCESSION_DATE = date(2019, 9, 29)

R = Membership.Role
K = Board.Kind
O = Organisation.Kind  # noqa: E741 - read as a column of the data tables
P = Post.Kind
STANDING = Subgroup.Kind.STANDING
SHORT_LIFE = Subgroup.Kind.TASK_AND_FINISH
HELD = Meeting.Status.HELD


@dataclass(frozen=True)
class BoardSpec:
    short_name: str
    name: str
    kind: str
    terms: str
    basis: str = ""
    statutory: bool = True
    established: date | None = None
    dissolved: date | None = None
    successor: str = ""


@dataclass(frozen=True)
class PersonSpec:
    key: str
    full_name: str
    job_title: str = ""
    title: str = ""


@dataclass(frozen=True)
class SeatSpec:
    """A membership of a board, or of one of its subgroups when ``subgroup`` is set."""

    person: str
    board: str
    role: str = R.MEMBER
    subgroup: str = ""
    organisation: str = ""
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class SubgroupSpec:
    board: str
    name: str
    remit: str
    kind: str = STANDING
    chair: str = ""
    meets: str = Subgroup.Frequency.QUARTERLY
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class PrioritySpec:
    board: str
    period: tuple[int, int]
    title: str
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingSpec:
    board: str
    date: date
    start_time: time | None = None
    place: str = ""
    status: str = Meeting.Status.SCHEDULED
    notes: str = ""
    subgroup: str = ""


@dataclass(frozen=True)
class LoginSpec:
    """A demo log-in: the person it belongs to and the role it shows off on a board."""

    username: str
    person: str
    role: str
    board: str = ""


@dataclass(frozen=True)
class AreaSpec:
    slug: str
    name: str
    council_name: str
    kind: str
    organisations: tuple[tuple[str, str], ...]
    boards: tuple[BoardSpec, ...]
    people: tuple[PersonSpec, ...]
    seats: tuple[SeatSpec, ...]
    posts: tuple[tuple[str, str, str], ...]
    logins: tuple[LoginSpec, ...]
    subgroups: tuple[SubgroupSpec, ...] = ()
    priorities: tuple[PrioritySpec, ...] = ()
    meetings: tuple[MeetingSpec, ...] = ()


SCP_BASIS = (
    "Children Act 2004, s.16E to s.16K (inserted by the Children and Social Work Act 2017); "
    "Working Together to Safeguard Children."
)
HWB_BASIS = "Health and Social Care Act 2012, s.194."
ILLUSTRATIVE_DAY = "The paper gives the month only; the day shown is illustrative."
