"""A report as PDF or Word, and a meeting's agenda pack."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View

from boards import permissions as policy

from .. import permissions, selectors
from ..exports import document
from ._base import (
    DOCX,
    PDF,
    ReportMixin,
)


def _wants_member(request, allowed: bool) -> bool:
    return allowed and request.GET.get("version") != document.PUBLIC


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _ReportDownload(ReportMixin, View):
    """A report as a file: the member version for those who may have it, else public."""

    def build(self):
        member = _wants_member(
            self.request, permissions.can_see_member_version(self.request.user, self.report)
        )
        report = selectors.report_for_export(self.report.pk)
        return document.build(report, member=member)


class ReportPdfView(_ReportDownload):
    def get(self, request, *args, **kwargs):
        # Loaded on demand: WeasyPrint is heavy, and most requests never print.
        from ..exports import pdf

        doc = self.build()
        return _attachment(pdf.render_report_pdf(doc), PDF, f"{doc.file_stem}.pdf")


class ReportDocxView(_ReportDownload):
    def get(self, request, *args, **kwargs):
        from ..exports import docx

        doc = self.build()
        return _attachment(docx.render_report_docx(doc), DOCX, f"{doc.file_stem}.docx")


class MeetingAgendaView(View):
    """A board meeting's agenda pack: its reports, in agenda order, as one PDF.

    Democratic services of the area get the cleared reports too (to check the pack before
    publishing) and, with the board's members, the member version with Part 2 reports.
    """

    def get(self, request, *args, **kwargs):
        from ..exports import pdf

        meeting = selectors.meeting_for_agenda(user=request.user, pk=kwargs["pk"])
        if meeting is None:
            raise Http404("No such meeting.")
        area_id = meeting.board.area_id
        officer = permissions.is_democratic_services(request.user, area_id)
        who = policy.principal(request.user)
        member = _wants_member(request, officer or meeting.board_id in who.board_ids)
        reports = selectors.agenda_reports(
            meeting=meeting, include_cleared=officer, include_exempt=member
        )
        versions = document.appendix_versions(reports)
        docs = [document.build(r, member=member, versions=versions) for r in reports]
        content = pdf.render_agenda_pack(meeting, docs, member=member)
        variant = document.MEMBER if member else document.PUBLIC
        filename = (
            f"agenda-pack-{meeting.board.short_name.lower()}-{meeting.date:%Y-%m-%d}-{variant}"
        )
        return _attachment(content, PDF, f"{filename}.pdf")
