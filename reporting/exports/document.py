"""A report laid out in the house format, as plain data every export prints the same way.

The order and numbering follow the Islington paper of 10 October 2013: who the report is
of, the meeting (date, agenda item, wards), whether it is exempt, the subject, then
numbered sections: synopsis, recommendations, background, the body, implications
(financial, legal, equalities impact assessment, environmental, and any others),
conclusion; then the background papers, the appendices, the final report clearance, and
each appendix in full. A protocol appendix is rendered from the protocol version itself.

The member version adds the internal clearance log (each named officer's decision and
comment); the public version leaves it out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify

from protocols.rendering import render_markdown

from ..models import CommitteeReport

# The headings, as the papers print them (and the tests look for them).
SYNOPSIS = "Synopsis"
RECOMMENDATIONS = "Recommendations"
BACKGROUND = "Background"
IMPLICATIONS = "Implications"
FINANCIAL = "Financial implications"
LEGAL = "Legal implications"
EQUALITIES = "Equalities impact assessment"
ENVIRONMENTAL = "Environmental implications"
CONCLUSION = "Conclusion and reasons for recommendations"
BACKGROUND_PAPERS = "Background papers"
APPENDICES = "Appendices"
FINAL_CLEARANCE = "Final report clearance"
CLEARANCE_LOG = "Clearance by named officers"
NOT_YET = "Not yet"
NONE = "None"
PUBLIC = "public"
MEMBER = "member"


@dataclass
class Implication:
    number: str
    heading: str
    text: str


@dataclass
class Block:
    """A numbered section: a heading with Markdown (``html``), or plain text (``text``)."""

    number: str
    heading: str
    html: SafeString | None = None
    text: str = ""
    items: list[str] = field(default_factory=list)
    implications: list[Implication] = field(default_factory=list)
    kind: str = "text"


@dataclass
class AppendixBlock:
    letter: str
    title: str
    protocol: dict[str, Any]


@dataclass
class ClearanceLine:
    role: str
    officer: str
    decision: str
    decided_at: dt.datetime | None
    comment: str


@dataclass
class ReportDocument:
    report: CommitteeReport
    member: bool
    council: str
    title: str
    report_of: str
    report_to: str
    meeting_on: dt.date
    agenda_item: str
    wards: str
    exemption: str
    contact_name: str
    contact_phone: str
    contact_email: str
    revision: int
    status: str
    draft: bool
    blocks: list[Block]
    background_papers: list[str]
    appendices: list[AppendixBlock]
    author_name: str
    author_signed_at: dt.datetime | None
    cleared_name: str
    cleared_as: str
    cleared_at: dt.datetime | None
    clearance_log: list[ClearanceLine]
    late_reason: str
    urgency_reason: str
    created: dt.datetime
    modified: dt.datetime
    service_name: str
    language: str = "en-GB"

    @property
    def variant(self) -> str:
        return MEMBER if self.member else PUBLIC

    @property
    def running_title(self) -> str:
        item = f" · item {self.agenda_item}" if self.agenda_item else ""
        return f"{self.report_to} · {self.meeting_on:%-d %B %Y}{item}"

    @property
    def created_w3c(self) -> str:
        return w3c(self.created)

    @property
    def modified_w3c(self) -> str:
        return w3c(self.modified)

    @property
    def identifier(self) -> bytes:
        """A file identifier that changes only when the revision, its status or version do."""
        key = f"report:{self.report.pk}:{self.revision}:{self.variant}:{self.modified_w3c}"
        return hashlib.sha256(key.encode()).hexdigest()[:32].encode()

    @property
    def file_stem(self) -> str:
        return f"{slugify(self.title)[:60] or 'report'}-r{self.revision}-{self.variant}"


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# Control characters (other than tab and line breaks) print as nothing, break XML and
# confuse PDF text extraction; a pasted one is dropped before any export sees it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(text: str | None) -> str:
    """Return ``text`` without control characters (tabs and line breaks are kept)."""
    return _CONTROL.sub("", text or "")


def w3c(value: dt.datetime) -> str:
    """Return a moment as the W3C date-time the PDF metadata carries (London time)."""
    return _local(value).isoformat(timespec="seconds")


def _lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in printable(text).strip().splitlines())


def _markdown(text: str) -> SafeString:
    return render_markdown(printable(text))


def _blocks(report: CommitteeReport) -> list[Block]:
    blocks: list[Block] = []

    def number() -> str:
        return str(len(blocks) + 1)

    blocks.append(Block(number(), SYNOPSIS, text=_lines(report.synopsis), kind="synopsis"))
    blocks.append(
        Block(
            number(),
            RECOMMENDATIONS,
            items=[printable(r.text) for r in report.recommendations.all()],
            kind="recommendations",
        )
    )
    if report.background.strip():
        blocks.append(Block(number(), BACKGROUND, html=_markdown(report.background)))
    for section in report.sections.all():
        blocks.append(Block(number(), printable(section.heading), html=_markdown(section.body)))
    implications_number = number()
    standard = [
        (FINANCIAL, report.financial_implications),
        (LEGAL, report.legal_implications),
        (EQUALITIES, report.equalities_implications),
        (ENVIRONMENTAL, report.environmental_implications),
    ]
    others = [(printable(row.heading), row.text) for row in report.other_implications.all()]
    blocks.append(
        Block(
            implications_number,
            IMPLICATIONS,
            implications=[
                Implication(f"{implications_number}.{i}", heading, _lines(text) or NONE)
                for i, (heading, text) in enumerate([*standard, *others], start=1)
            ],
            kind="implications",
        )
    )
    if report.conclusion.strip():
        blocks.append(Block(number(), CONCLUSION, html=_markdown(report.conclusion)))
    return blocks


def _clearance_log(report: CommitteeReport) -> list[ClearanceLine]:
    return [
        ClearanceLine(
            role=c.get_role_display(),
            officer=printable(str(c.officer)),
            decision=c.get_decision_display(),
            decided_at=c.decided_at,
            comment=printable(c.comment),
        )
        for c in report.clearances.all()
    ]


def _document_dates(report: CommitteeReport) -> tuple[dt.datetime, dt.datetime]:
    moments = [report.created, report.modified]
    moments += [m for m in (report.status_changed_at, report.cleared_at, report.published_at) if m]
    moments += [row.modified for row in report.recommendations.all()]
    moments += [row.modified for row in report.sections.all()]
    moments += [row.modified for row in report.other_implications.all()]
    moments += [row.modified for row in report.clearances.all()]
    return report.created, max(moments)


def appendix_versions(reports: list[CommitteeReport]) -> dict[int, Any]:
    """Fetch the protocol versions the reports attach, once for all of them."""
    ids = {a.protocol_version_id for r in reports for a in r.appendices.all()}
    if not ids:
        return {}
    # Imported here: the renderer loads WeasyPrint, which a web page need not.
    from protocols.pdf.render import version_queryset

    return {v.pk: v for v in version_queryset().filter(pk__in=ids)}


def build(
    report: CommitteeReport,
    *,
    member: bool,
    versions: dict[int, Any] | None = None,
    appendix_content: bool = True,
) -> ReportDocument:
    """Lay out a report (from ``selectors.report_for_export``) for printing.

    ``versions`` are the appendices' protocol versions from ``appendix_versions``; without
    them they are fetched here. With ``appendix_content`` False (a web page, which links
    to the protocol instead), appendices carry their titles only.
    """
    if versions is None and appendix_content:
        versions = appendix_versions([report])
    if appendix_content:
        from protocols.pdf.render import version_context
    appendices = []
    for appendix in report.appendices.all():
        version = appendix.protocol_version
        appendices.append(
            AppendixBlock(
                letter=appendix.letter,
                title=version.title,
                protocol=version_context(versions[version.pk], draft_watermark=False)
                if appendix_content
                else {"version": version},
            )
        )
    created, modified = _document_dates(report)
    area = report.area
    return ReportDocument(
        report=report,
        member=member,
        council=printable(area.council_name or area.name),
        title=printable(report.title),
        report_of=printable(report.report_of),
        report_to=printable(report.report_to),
        meeting_on=report.meeting_on,
        agenda_item=str(report.agenda_item) if report.agenda_item else "",
        wards=printable(report.wards),
        exemption=report.exemption,
        contact_name=printable(report.contact_name),
        contact_phone=printable(report.contact_phone),
        contact_email=printable(report.contact_email),
        revision=report.revision,
        status=report.get_status_display(),
        draft=not report.is_cleared,
        blocks=_blocks(report),
        background_papers=[printable(p) for p in report.background_paper_list],
        appendices=appendices,
        author_name=printable(report.submitted_by_name),
        author_signed_at=report.submitted_at,
        cleared_name=printable(report.cleared_by_name),
        cleared_as=report.cleared_as,
        cleared_at=report.cleared_at,
        clearance_log=_clearance_log(report) if member else [],
        late_reason=printable(report.late_reason) if report.is_late else "",
        urgency_reason=printable(report.urgency_reason) if report.is_urgent else "",
        created=created,
        modified=modified,
        service_name=settings.SERVICE_NAME,
    )
