"""The annual report tracker: has each safeguarding board's annual report reached everyone
its protocols say it goes to, and has the Health and Wellbeing Board responded?

Read straight from the occurrences, so nothing is entered twice: an annual report duty is
an obligation to present or send a report whose description names the annual report,
owed by a safeguarding board; a response is an obligation to respond formally that names the
annual report, owed to that board. Each occurrence carries its date done and the
meeting it was presented at.

An annual report covers the financial year before the one it is presented in: the
occurrences of financial year 2025 (April 2025 to March 2026) present the reports for
2024/25, so the tracker for a year shows the reports of the year before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from boards import permissions as policy
from boards.models import Area, Board
from calendar_cycle.models import Occurrence
from protocols.models import Obligation

from . import compliance

SAFEGUARDING_KINDS = (
    Board.Kind.SAFEGUARDING_CHILDREN_BOARD,
    Board.Kind.SAFEGUARDING_CHILDREN_PARTNERSHIP,
    Board.Kind.SAFEGUARDING_ADULTS,
)
#: how the protocols name the annual report ("annual report", Bolton's "annual
#: assessment and report")
ANNUAL_REPORT = r"annual (assessment and )?report"
#: a report reaches a board by being presented, and a post holder by being sent
DELIVERY_KINDS = (Obligation.What.PRESENT_REPORT, Obligation.What.SHARE_DOCUMENT)


@dataclass
class Delivery:
    """One recipient's occurrence: presented (or responded) when, at which meeting."""

    occurrence: Occurrence
    recipient: str
    outcome: compliance.Outcome

    @property
    def presented(self) -> bool:
        return self.occurrence.state == Occurrence.State.DONE


@dataclass
class BoardTrack:
    board: Board
    deliveries: list[Delivery] = field(default_factory=list)
    responses: list[Delivery] = field(default_factory=list)

    @property
    def presented_count(self) -> int:
        return sum(d.presented for d in self.deliveries)


def tracker_occurrences(user, area: Area, financial_year: int):
    """Return the annual report and response occurrences of an area's year; one query."""
    kinds = Q(obligation__what__in=DELIVERY_KINDS) | Q(obligation__what=Obligation.What.RESPOND)
    return (
        policy.visible_to(user, Occurrence)
        .filter(
            kinds,
            version__protocol__area=area,
            financial_year=financial_year,
            obligation__description__iregex=ANNUAL_REPORT,
        )
        .select_related(
            "version__protocol",
            "obligation__owing_board",
            "obligation__owing_post",
            "obligation__receiving_board",
            "obligation__receiving_post",
            "evidence_meeting__board",
        )
        .order_by("due_on", "obligation__order", "pk")
    )


def annual_report_tracker(
    user, area: Area, financial_year: int, today: dt.date
) -> list[BoardTrack]:
    """Return each safeguarding board of the area with its reports' deliveries and responses."""
    boards = Board.objects.filter(area=area, kind__in=SAFEGUARDING_KINDS).order_by("short_name")
    tracks = {b.pk: BoardTrack(board=b) for b in boards}
    for occurrence in tracker_occurrences(user, area, financial_year):
        obligation = occurrence.obligation
        outcome = compliance.outcome_of(
            occurrence.state, occurrence.due_on, occurrence.done_on, today
        )
        if obligation.what in DELIVERY_KINDS:
            track = tracks.get(obligation.owing_board_id)
            if track is not None:
                recipient = obligation.receiving_display
                track.deliveries.append(Delivery(occurrence, recipient, outcome))
        else:
            track = tracks.get(obligation.receiving_board_id)
            if track is not None:
                responder = obligation.owing_display
                track.responses.append(Delivery(occurrence, responder, outcome))
    return list(tracks.values())
