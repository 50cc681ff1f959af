"""Inspection evidence packs: asking for one, building it, and handing it out.

A pack is a ZIP for one protocol or for every protocol of an area. For each protocol:

- ``signed/`` the signed PDF of each fully signed version (the stored file, issued first
  if it was never made), byte for byte what the signatories' seals cover;
- ``certificates/`` a signature certificate per signed version, as PDF: the approvals,
  the signatures and the hashes, and the digital signature's certificate fingerprint;
- ``approvals.csv`` every party board's approval, with its meeting and minute reference;
- ``compliance-log.csv`` every occurrence of its duties (``reporting.compliance``);
- ``committee-reports/`` the cleared or published committee reports that presented it;

and ``index.html`` / ``index.pdf`` listing what is in the pack and what each file is.

``evidence_pack_request`` records the request and enqueues the build after commit;
``evidence_pack_build`` claims the row with a guarded update (so a redelivered task
does nothing) and stores the ZIP with its SHA-256.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import logging
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from boards.exceptions import DomainError, PermissionDeniedError
from boards.models import Area
from boards.services import enqueue
from calendar_cycle.models import Occurrence
from protocols.models import Approval, Protocol, ProtocolVersion

from . import compliance, permissions
from .models import CommitteeReport, EvidencePack

logger = logging.getLogger(__name__)

NOT_ALLOWED = (
    "Only the area's board chairs, business managers and democratic services officers "
    "can make evidence packs."
)
NOTHING_TO_PACK = "This area has no protocols to put in an evidence pack."
#: a build that has run this long without finishing is taken to have lost its worker
STALE_AFTER = dt.timedelta(minutes=15)
APPROVAL_COLUMNS = (
    "protocol",
    "version",
    "board",
    "decided_on",
    "meeting",
    "minute_reference",
    "decided_by",
)


def lifetime() -> dt.timedelta:
    """How long a finished pack's download link works (``EVIDENCE_PACK_HOURS``, 24)."""
    return dt.timedelta(hours=settings.EVIDENCE_PACK_HOURS)


# --- the request ----------------------------------------------------------------------------


@transaction.atomic
def evidence_pack_request(*, actor, area: Area, protocol: Protocol | None = None) -> EvidencePack:
    """Record a request for an evidence pack and build it in the background.

    Raises:
        PermissionDeniedError: the actor may not make packs for the area.
        DomainError: the protocol is not the area's, or the area has no protocols.
    """
    if not permissions.can_make_evidence_pack(actor, area.pk):
        raise PermissionDeniedError(NOT_ALLOWED)
    if protocol is not None and protocol.area_id != area.pk:
        raise DomainError("Choose a protocol of this area.")
    if protocol is None and not Protocol.objects.filter(area=area).exists():
        raise DomainError(NOTHING_TO_PACK)
    pack = EvidencePack(
        requested_by=actor, area=area, protocol=protocol, progress="Waiting to start."
    )
    pack.full_clean()
    pack.save()
    from .tasks import build_evidence_pack_task

    enqueue(build_evidence_pack_task, pack.pk)
    return pack


# --- the build ------------------------------------------------------------------------------


@dataclass
class Entry:
    """One file in the pack, as the index lists it."""

    path: str
    description: str
    size: int = 0


@dataclass
class ProtocolSection:
    protocol: Protocol
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _claim(pack_id: int) -> bool:
    stale = timezone.now() - STALE_AFTER
    claimed = EvidencePack.objects.filter(
        Q(status=EvidencePack.Status.PENDING)
        | Q(status=EvidencePack.Status.RUNNING, modified__lt=stale),
        pk=pack_id,
    ).update(status=EvidencePack.Status.RUNNING, progress="Starting.", modified=timezone.now())
    return claimed == 1


def _progress(pack: EvidencePack, text: str) -> None:
    EvidencePack.objects.filter(pk=pack.pk).update(progress=text[:300], modified=timezone.now())


def evidence_pack_build(*, pack_id: int, today: dt.date | None = None) -> EvidencePack | None:
    """Build a requested pack, once: claim it, write the ZIP, store it, record its hash.

    Returns None when the pack is gone or another run has it. A failure marks the pack
    failed with a sentence saying what went wrong.
    """
    if not _claim(pack_id):
        return None
    pack = EvidencePack.objects.select_related("area", "protocol").get(pk=pack_id)
    today = today or timezone.localdate()
    try:
        with tempfile.TemporaryFile() as handle:
            _write_zip(pack, handle, today)
            handle.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
            size = handle.tell()
            handle.seek(0)
            stem = pack.protocol.reference if pack.protocol_id else pack.area.slug
            name = f"evidence-pack-{slugify(stem)}-{today:%Y%m%d}-{pack.pk}.zip"
            pack.file.save(name, File(handle), save=False)
    except DomainError as exc:
        return _fail(pack, exc.message)
    except Exception:
        logger.exception("Evidence pack %s failed", pack.pk)
        return _fail(pack, "Something went wrong while making the pack. Try again.")
    now = timezone.now()
    pack.sha256 = digest.hexdigest()
    pack.size = size
    pack.status = EvidencePack.Status.READY
    pack.progress = "Ready."
    pack.finished_at = now
    pack.expires_at = now + lifetime()
    pack.save(
        update_fields=[
            "file",
            "sha256",
            "size",
            "status",
            "progress",
            "finished_at",
            "expires_at",
            "modified",
        ]
    )
    return pack


def _fail(pack: EvidencePack, message: str) -> EvidencePack:
    EvidencePack.objects.filter(pk=pack.pk).update(
        status=EvidencePack.Status.FAILED, progress=message[:300], modified=timezone.now()
    )
    pack.refresh_from_db()
    return pack


def _protocols(pack: EvidencePack) -> list[Protocol]:
    qs = Protocol.objects.select_related("area", "current_version")
    if pack.protocol_id:
        return list(qs.filter(pk=pack.protocol_id))
    return list(qs.filter(area_id=pack.area_id).order_by("reference"))


def _write_zip(pack: EvidencePack, handle, today: dt.date) -> None:
    from protocols.pdf.render import render_pdf, version_queryset
    from protocols.pdf.sign import sign_version_pdf, was_fully_signed

    protocols = _protocols(pack)
    sections: list[ProtocolSection] = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(section: ProtocolSection, path: str, data: bytes, description: str):
            archive.writestr(path, data)
            section.entries.append(Entry(path, description, len(data)))

        for number, protocol in enumerate(protocols, start=1):
            _progress(pack, f"Protocol {number} of {len(protocols)}: {protocol.reference}.")
            section = ProtocolSection(protocol)
            sections.append(section)
            root = protocol.reference
            versions = list(version_queryset().filter(protocol=protocol).order_by("number"))
            signed = [v for v in versions if was_fully_signed(v)]
            if not signed:
                section.notes.append("No version of this protocol has been signed by everyone yet.")
            for version in signed:
                try:
                    data = sign_version_pdf(version)
                except DomainError as exc:
                    # One version's missing PDF must not cost the inspector the rest.
                    section.notes.append(f"Version {version.number}: {exc.message}")
                    continue
                add(
                    section,
                    f"{root}/signed/{root}-v{version.number}-signed.pdf",
                    data,
                    f"Version {version.number}, signed: the PDF with one digital signature per "
                    "signatory. Open the signature panel of a PDF reader to check it.",
                )
                html, css = _certificate_html(version, data)
                certificate = render_pdf(
                    html,
                    stylesheets=[css],
                    identifier=hashlib.sha256(f"certificate:{version.pk}".encode())
                    .hexdigest()[:32]
                    .encode(),
                )
                add(
                    section,
                    f"{root}/certificates/{root}-v{version.number}-certificate.pdf",
                    certificate,
                    f"Version {version.number}: the signature certificate (approvals, "
                    "signatures and the hashes they cover).",
                )
            add(
                section,
                f"{root}/approvals.csv",
                _approvals_csv(versions),
                "Each party board's approval of each version: date, meeting and minute reference.",
            )
            occurrences = compliance.log_queryset(
                Occurrence.objects.filter(version__protocol=protocol)
            )
            add(
                section,
                f"{root}/compliance-log.csv",
                compliance.log_csv(compliance.log_rows(occurrences.iterator(), today)).encode(),
                f"Every dated duty of the protocol and what happened to it, as of "
                f"{today:%-d %B %Y}.",
            )
            for report, data in _committee_reports(protocol):
                add(
                    section,
                    f"{root}/committee-reports/report-{report.pk}-r{report.revision}.pdf",
                    data,
                    f"Committee report “{report.title}” to the {report.report_to}, "
                    f"{report.get_status_display().lower()} (revision {report.revision}).",
                )
        _progress(pack, "Writing the index.")
        context = {
            "pack": pack,
            "area": pack.area,
            "sections": sections,
            "today": today,
            "service_name": settings.SERVICE_NAME,
            "created_w3c": pack.created.isoformat(timespec="seconds"),
        }
        index = render_to_string("reporting/pdf/evidence_index.html", context)
        archive.writestr("index.html", index)
        css = render_to_string("reporting/pdf/print.css", {"footer": "Inspection evidence pack"})
        archive.writestr(
            "index.pdf",
            render_pdf(
                index,
                stylesheets=[css],
                identifier=hashlib.sha256(f"pack:{pack.pk}".encode()).hexdigest()[:32].encode(),
            ),
        )


def _certificate_html(version: ProtocolVersion, signed_pdf: bytes) -> tuple[str, str]:
    from protocols.pdf.render import STYLESHEET, version_context

    context = version_context(version, draft_watermark=False)
    document = getattr(version, "signed_document", None)
    context.update(signed_document=document, signed_sha256=hashlib.sha256(signed_pdf).hexdigest())
    return (
        render_to_string("reporting/pdf/certificate.html", context),
        render_to_string(STYLESHEET, context),
    )


def _approvals_csv(versions: list[ProtocolVersion]) -> bytes:
    approvals = (
        Approval.objects.filter(version__in=versions)
        .select_related("version__protocol", "board", "meeting")
        .order_by("version__number", "decided_on", "pk")
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=APPROVAL_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for a in approvals:
        writer.writerow(
            {
                "protocol": a.version.protocol.reference,
                "version": a.version.number,
                "board": a.board.name,
                "decided_on": a.decided_on.isoformat(),
                "meeting": str(a.meeting) if a.meeting_id else "",
                "minute_reference": a.minute_reference,
                "decided_by": a.decided_by,
            }
        )
    return out.getvalue().encode()


def _committee_reports(protocol: Protocol):
    """Yield each cleared or published report presenting a version of the protocol, as PDF."""
    from .exports import document
    from .exports.pdf import render_report_pdf
    from .selectors import report_for_export

    ids = (
        CommitteeReport.objects.filter(
            appendices__protocol_version__protocol=protocol,
            status__in=(CommitteeReport.Status.CLEARED, CommitteeReport.Status.PUBLISHED),
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    for pk in ids:
        report = report_for_export(pk)
        yield report, render_report_pdf(document.build(report, member=False))
