"""Builders for the reporting tests: reports made and moved on through the services.

Plain functions, not fixtures: tests call them with the ``office`` fixture.
"""

from __future__ import annotations

import datetime

from reporting import services
from reporting.models import Clearance, CommitteeReport

#: a meeting far enough ahead that no deadline has passed
FUTURE_MEETING = datetime.date(2031, 10, 9)


def make_report(office, *, complete=True, **fields) -> CommitteeReport:
    """Start a report to the HWB through the services; complete enough to clear by default."""
    values = {
        "area": office.area_a,
        "board": office.hwb,
        "meeting": office.meeting,
        "agenda_item": 5,
        "title": "Working together protocol between the HWB and the ASCP",
    }
    if complete:
        values.update(
            synopsis="The attached protocol is presented for approval.",
            background="The boards agreed:\n\n- quarterly meetings\n- shared minutes",
            report_of_post=office.dcs_post,
            contact_name="Lynn Mattai",
            contact_phone="020 7527 4209",
            contact_email="lynn.mattai@example.org",
            financial_implications="None: the work is within existing budgets.",
            legal_implications="Section 195 of the Health and Social Care Act 2012.",
            equalities_implications="None required.",
            environmental_implications="None",
            background_papers="Ofsted consultation, June 2013",
        )
    values.update(fields)
    recommendations = values.pop("recommendations", None)
    if recommendations is None:
        recommendations = ["That the HWB note and agree the attached protocol."] if complete else []
    appendices = values.pop("appendix_versions", ())
    return services.report_create(
        actor=office.user("democratic_services"),
        report=CommitteeReport(**values),
        recommendations=recommendations,
        appendix_versions=appendices,
    )


def clear(office, report: CommitteeReport, *, officers=("finance",)) -> CommitteeReport:
    """Take a complete draft through clearance: name officers (unless named), submit,
    record, clear."""
    ds = office.user("democratic_services")
    people = {"finance": office.finance, "legal": office.legal}
    for role in officers:
        if not report.clearances.filter(role=role, officer=people[role]).exists():
            services.clearance_add(actor=ds, report=report, officer=people[role], role=role)
    report = services.report_submit(actor=ds, report=report)
    for clearance in report.clearances.select_related("officer__user"):
        services.clearance_record(
            actor=clearance.officer.user,
            clearance=clearance,
            decision=Clearance.Decision.CLEARED,
            comment="Content with the figures.",
        )
    return services.report_clear(actor=ds, report=report)


def publish(office, report: CommitteeReport) -> CommitteeReport:
    return services.report_publish(actor=office.user("democratic_services"), report=report)
