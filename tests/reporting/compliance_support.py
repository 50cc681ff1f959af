"""A ledger of occurrences with known outcomes, for the compliance tests.

Area A's protocol between the HWB and the ASCP has two obligations; financial year 2025
(April 2025 to March 2026) holds one occurrence of every outcome on ``TODAY``, placed in
known quarters, and 2024 holds two more, so each figure can be checked by hand.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from calendar_cycle.models import Occurrence
from protocols.models import Obligation, ProtocolVersion
from tests.factories import protocols as pf

D = dt.date
TODAY = D(2026, 1, 15)
FY = 2025
State = Occurrence.State


@dataclass
class Ledger:
    version: object
    report: Obligation
    meet: Obligation
    occurrences: dict = field(default_factory=dict)


def add(ledger: Ledger, label, obligation, fy, period, due, state, done=None, **extra):
    ledger.occurrences[label] = Occurrence.objects.create(
        obligation=obligation,
        version=ledger.version,
        financial_year=fy,
        period_key=period,
        due_on=due,
        state=state,
        done_on=done,
        waived_reason="The meeting was cancelled." if state == State.WAIVED else "",
        **extra,
    )
    return ledger.occurrences[label]


def build_ledger(world, *, reference="alderley-hwb-ascp", extra_quarters=0) -> Ledger:
    protocol = pf.ProtocolFactory(area=world.area_a, reference=reference)
    version = pf.ProtocolVersionFactory(
        protocol=protocol, status=ProtocolVersion.Status.IN_FORCE, in_force_from=D(2024, 4, 1)
    )
    pf.PartyFactory(version=version, board=world.hwb, order=1)
    pf.PartyFactory(version=version, board=world.scp, order=2)
    report = pf.ObligationFactory(
        version=version,
        owing_board=world.scp,
        receiving_board=world.hwb,
        what=Obligation.What.PRESENT_REPORT,
        description="The ASCP presents its annual report to the HWB.",
        order=1,
    )
    meet = pf.ObligationFactory(
        version=version,
        owing_board=world.hwb,
        receiving_board=world.scp,
        what=Obligation.What.MEET,
        description="The boards' officers meet.",
        order=2,
    )
    ledger = Ledger(version=version, report=report, meet=meet)
    # 2025: Q1 on time, Q2 late, Q3 overdue and waived, Q4 not yet due.
    add(ledger, "q1_on_time", meet, FY, "2025-Q1", D(2025, 6, 30), State.DONE, D(2025, 6, 30))
    add(ledger, "q2_late", meet, FY, "2025-Q2", D(2025, 9, 30), State.DONE, D(2025, 10, 2))
    add(ledger, "q3_overdue", meet, FY, "2025-Q3", D(2025, 12, 31), State.OVERDUE)
    add(ledger, "q4_not_due", meet, FY, "2025-Q4", D(2026, 3, 31), State.UPCOMING)
    add(ledger, "q3_waived", report, FY, "2025", D(2025, 12, 1), State.WAIVED)
    # 2024: both met on time.
    add(ledger, "old_report", report, FY - 1, "2024", D(2024, 12, 1), State.DONE, D(2024, 11, 5))
    add(ledger, "old_meet", meet, FY - 1, "2024-Q4", D(2025, 3, 31), State.DONE, D(2025, 3, 1))
    for i in range(extra_quarters):
        add(
            ledger,
            f"extra_{i}",
            meet,
            FY,
            f"2025-extra-{i}",
            D(2025, 5, 1) + dt.timedelta(days=i),
            State.DONE,
            D(2025, 5, 1),
        )
    return ledger
