"""Committee reports and agenda packs as A4, tagged PDFs.

Rendered by the protocols app's safe renderer (``protocols.pdf.render.render_pdf``): it
fetches nothing but the project's static files, so a link or image in a report's text
can neither read the server's disk nor call out. Dates come from the data, so the same
report gives the same bytes.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.template.loader import render_to_string

from boards.models import Meeting
from protocols.pdf.render import render_pdf

from . import document

REPORT_TEMPLATE = "reporting/pdf/report.html"
PACK_TEMPLATE = "reporting/pdf/pack.html"
STYLESHEET = "reporting/pdf/print.css"


def _variant(member: bool) -> str:
    return "Member version" if member else "Public version"


def report_html(doc: document.ReportDocument) -> tuple[str, str]:
    """Return the print HTML and CSS of a laid-out report."""
    footer = f"Revision {doc.revision} · {_variant(doc.member)}"
    html = render_to_string(REPORT_TEMPLATE, {"doc": doc})
    css = render_to_string(STYLESHEET, {"footer": footer})
    return html, css


def render_report_pdf(doc: document.ReportDocument) -> bytes:
    """Render a laid-out report (``document.build``) as PDF bytes."""
    html, css = report_html(doc)
    return render_pdf(html, stylesheets=[css], identifier=doc.identifier)


def pack_title(meeting: Meeting) -> str:
    return f"Agenda pack: {meeting.board.name}, {meeting.date:%-d %B %Y}"


def pack_html(
    meeting: Meeting, docs: list[document.ReportDocument], *, member: bool
) -> tuple[str, str]:
    """Return the print HTML and CSS of a meeting's agenda pack."""
    modified = max([meeting.modified] + [d.modified for d in docs])
    area = meeting.board.area
    context = {
        "title": pack_title(meeting),
        "meeting": meeting,
        "board": meeting.board,
        "council": area.council_name or area.name,
        "docs": docs,
        "member": member,
        "service_name": settings.SERVICE_NAME,
        "created_w3c": document.w3c(meeting.created),
        "modified_w3c": document.w3c(modified),
    }
    footer = f"Agenda pack · {_variant(member)}"
    return render_to_string(PACK_TEMPLATE, context), render_to_string(
        STYLESHEET, {"footer": footer}
    )


def render_agenda_pack(
    meeting: Meeting, docs: list[document.ReportDocument], *, member: bool
) -> bytes:
    """Render the meeting's reports, in the order given, as one PDF with a contents page."""
    html, css = pack_html(meeting, docs, member=member)
    key = ":".join(
        [f"pack:{meeting.pk}:{'member' if member else 'public'}"]
        + [f"{d.report.pk}/{d.modified_w3c}" for d in docs]
    )
    identifier = hashlib.sha256(key.encode()).hexdigest()[:32].encode()
    return render_pdf(html, stylesheets=[css], identifier=identifier)
