"""A protocol version as an A4, tagged (PDF/UA-1) PDF, the same bytes every time.

``render_version_pdf`` lays the version out as the seed papers read: a title page, the
numbered sections, the schedule of obligations, the signature block and a final
signature certificate. ``render_pdf`` is the safe renderer underneath, for any HTML the
project prints (committee reports reuse it): it fetches nothing but static files (see
``fetcher``) and takes every date from the data, never from the clock, so the same
input always gives the same bytes and a hash of a rendering is stable.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import weasyprint
from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from boards.models import Board

from .. import canonical, content, selectors, timing
from ..models import Approval, Obligation, ProtocolVersion, Section, Signature
from ..rendering import render_markdown
from .fetcher import BASE_URL, StaticFilesFetcher

#: PDF/UA-1 makes WeasyPrint tag the structure (headings, lists, table headers), mark
#: the document as tagged, and show the title rather than the file name.
PDF_VARIANT = "pdf/ua-1"
LANGUAGE = "en-GB"
TEMPLATE = "protocols/pdf/version.html"
STYLESHEET = "protocols/pdf/print.css"
NOT_SET = "Not yet set"
AWAITING_SIGNATURE = "Awaiting signature"
NOT_YET_APPROVED = "Not yet approved"
#: Statuses in which the version is still being agreed: the signature block lists who
#: must sign today. Once agreed, only the signatures actually made are shown.
_UNSIGNED_STATUSES = (
    ProtocolVersion.Status.DRAFT,
    ProtocolVersion.Status.CONSULTATION,
    ProtocolVersion.Status.AWAITING_APPROVAL,
    ProtocolVersion.Status.APPROVED,
)


def render_pdf(
    html: str,
    *,
    stylesheets: Iterable[str] = (),
    identifier: bytes | None = None,
    fetcher: StaticFilesFetcher | None = None,
) -> bytes:
    """Render ``html`` (with CSS source strings) to tagged PDF bytes, fetching safely.

    The HTML must carry its own dates (``dcterms.created`` and ``dcterms.modified``
    meta elements) and ``lang``; ``identifier`` becomes the PDF's file identifier, so
    nothing in the output depends on the clock or on chance.
    """
    fetcher = fetcher or StaticFilesFetcher()
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    styles = [
        weasyprint.CSS(string=css, base_url=BASE_URL, url_fetcher=fetcher) for css in stylesheets
    ]
    return document.write_pdf(
        stylesheets=styles,
        pdf_variant=PDF_VARIANT,
        pdf_identifier=identifier or False,
        custom_metadata=True,
    )


# --- the version, laid out -----------------------------------------------------------------


@dataclass
class ObligationRow:
    number: int
    owing: str
    receiving: str
    what: str
    description: str
    when: str
    section: int | None


@dataclass
class SectionBlock:
    number: int
    heading: str
    kind: str
    body: SafeString
    post_holders: list[dict[str, Any]] = field(default_factory=list)
    obligation_numbers: list[int] = field(default_factory=list)


@dataclass
class SignatureLine:
    name: str
    capacity: str
    board: Board
    signed_at: dt.datetime | None = None
    signature: Signature | None = None


@dataclass
class PartyBlock:
    board: Board
    lead_officer: str
    approval: Approval | None
    lines: list[SignatureLine] = field(default_factory=list)


def version_queryset():
    """Versions with everything the PDF shows, fetched in a fixed number of queries."""
    return (
        content.content_queryset()
        .select_related("protocol__area")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=Approval.objects.select_related("board", "meeting").order_by(
                    "decided_on", "pk"
                ),
            ),
            Prefetch(
                "signatures",
                queryset=Signature.objects.select_related("board", "signer", "post").order_by(
                    "signed_at", "pk"
                ),
            ),
        )
    )


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _w3c(value: dt.datetime) -> str:
    return _local(value).isoformat(timespec="seconds")


def _label(description: str) -> str:
    text = " ".join((description or "").split())
    return text if len(text) <= 80 else text[:77].rstrip() + "…"


def _when(rule: Any, board_names: dict[int, str], labels: dict[str, str]) -> str:
    if not rule:
        return NOT_SET
    try:
        parsed = timing.parse_rule(rule)
    except timing.TimingRuleError:
        return NOT_SET
    text = timing.describe(
        parsed,
        board_name=lambda pk: board_names.get(pk, "a board no longer in the records"),
        obligation_label=lambda key: labels.get(key, "an obligation no longer in this version"),
    )
    return text[:1].upper() + text[1:]


def _obligation_rows(version: ProtocolVersion, sections: list[Section]) -> list[ObligationRow]:
    obligations = sorted(version.obligations.all(), key=lambda o: (o.order, o.pk))
    referenced: set[int] = set()
    for o in obligations:
        try:
            referenced |= timing.referenced_boards(timing.parse_rule(o.timing))
        except timing.TimingRuleError:
            continue
    board_names = {p.board_id: p.board.short_name for p in version.parties.all()}
    missing = referenced - set(board_names)
    if missing:
        board_names |= dict(Board.objects.filter(pk__in=missing).values_list("pk", "short_name"))
    labels = {str(o.key): _label(o.description) for o in obligations}
    section_numbers = {s.pk: s.number for s in sections}
    return [
        ObligationRow(
            number=index,
            owing=o.owing_display,
            receiving=o.receiving_display,
            what=Obligation.What(o.what).label if o.what in Obligation.What.values else o.what,
            description=o.description,
            when=_when(o.timing, board_names, labels),
            section=section_numbers.get(o.section_id),
        )
        for index, o in enumerate(obligations, start=1)
    ]


def _party_blocks(version: ProtocolVersion) -> list[PartyBlock]:
    approvals = {a.board_id: a for a in version.approvals.all()}
    parties = sorted(version.parties.all(), key=lambda p: (p.order, p.pk))
    blocks = {
        p.board_id: PartyBlock(
            board=p.board,
            lead_officer=str(p.lead_officer) if p.lead_officer_id else "",
            approval=approvals.get(p.board_id),
        )
        for p in parties
    }
    signed = set()
    for s in version.signatures.all():
        signed.add((s.board_id, s.signer_id))
        block = blocks.get(s.board_id)
        if block is not None:
            block.lines.append(
                SignatureLine(str(s.signer), s.capacity, s.board, s.signed_at, signature=s)
            )
    if version.status in _UNSIGNED_STATUSES:
        for signatory in selectors.signatories_required(version):
            person_id = signatory.person.pk if signatory.person else None
            if (signatory.board.pk, person_id) in signed:
                continue
            name = str(signatory.person) if signatory.person else "No one holds this role yet"
            blocks[signatory.board.pk].lines.append(
                SignatureLine(name, signatory.capacity, signatory.board)
            )
    return list(blocks.values())


def _document_dates(version: ProtocolVersion) -> tuple[dt.datetime, dt.datetime]:
    moments = [version.created, version.modified]
    if version.status_changed_at:
        moments.append(version.status_changed_at)
    moments += [s.signed_at for s in version.signatures.all()]
    return version.created, max(moments)


def version_context(version: ProtocolVersion, *, draft_watermark: bool) -> dict[str, Any]:
    """Return what the print template shows, for a version from ``version_queryset``."""
    sections = sorted(version.sections.all(), key=lambda s: s.order)
    obligations = _obligation_rows(version, sections)
    blocks = []
    for s in sections:
        block = SectionBlock(
            number=s.number, heading=s.heading, kind=s.kind, body=render_markdown(s.body)
        )
        block.post_holders = [
            {"title": r.post_title, "responsibilities": r.responsibility_list}
            for r in sorted(s.post_responsibilities.all(), key=lambda r: (r.order, r.pk))
        ]
        block.obligation_numbers = [o.number for o in obligations if o.section == s.number]
        blocks.append(block)
    content_hash = canonical.content_hash(content.version_content(version))
    parties = _party_blocks(version)
    created, modified = _document_dates(version)
    site_url = settings.SITE_URL.rstrip("/")
    return {
        "version": version,
        "protocol": version.protocol,
        "area": version.protocol.area,
        "title": version.title,
        "status": version.get_status_display(),
        "sections": blocks,
        "has_ladder_section": any(b.kind == Section.Kind.LADDER for b in blocks),
        "ladder": sorted(version.ladder_steps.all(), key=lambda step: step.order),
        "obligations": obligations,
        "parties": parties,
        "approvals": list(version.approvals.all()),
        "signatures": [
            {"signature": s, "matches": s.content_hash == content_hash}
            for s in version.signatures.all()
        ],
        "content_hash": content_hash,
        "created": created,
        "modified": modified,
        "created_w3c": _w3c(created),
        "modified_w3c": _w3c(modified),
        "draft": draft_watermark,
        "site_url": site_url,
        "verify_url": f"{site_url}/verify/",
        "service_name": settings.SERVICE_NAME,
        "language": LANGUAGE,
    }


def version_html(version: ProtocolVersion, *, draft_watermark: bool) -> tuple[str, str]:
    """Return the print HTML and CSS of a version from ``version_queryset``."""
    context = version_context(version, draft_watermark=draft_watermark)
    return render_to_string(TEMPLATE, context), render_to_string(STYLESHEET, context)


def document_identifier(version: ProtocolVersion, content_hash: str) -> bytes:
    """Return the PDF file identifier of a version: stable for the same version and text."""
    return hashlib.sha256(f"{version.pk}:{content_hash}".encode()).hexdigest()[:32].encode()


def render_version_pdf(version: ProtocolVersion, *, draft_watermark: bool) -> bytes:
    """Render the version as an A4 PDF, reading it afresh from the database.

    ``draft_watermark`` marks every page DRAFT, for a version not yet signed.
    """
    fresh = version_queryset().get(pk=version.pk)
    html, css = version_html(fresh, draft_watermark=draft_watermark)
    content_hash = canonical.content_hash(content.version_content(fresh))
    return render_pdf(html, stylesheets=[css], identifier=document_identifier(fresh, content_hash))
