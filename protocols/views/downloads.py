"""A version as PDF: the draft (made in the background, for whoever asked) and the signed
PDF exactly as it was issued. Whoever may read the version may download it; anyone else
gets a 404, as for the version itself."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from boards import permissions as policy
from boards.exceptions import DomainError

from ..models import ProtocolVersion
from ..pdf.drafts import DraftState, draft_pdf_request, draft_pdf_state
from ..pdf.sign import download_name, stored_signed_pdf

#: Where a person's draft PDF jobs are remembered, newest last: job id → version id.
SESSION_KEY = "protocols_draft_pdf_jobs"
KEEP_JOBS = 10
#: Seconds between the automatic reloads of the page while the PDF is being prepared.
REFRESH_SECONDS = 3


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class _VersionFileView(View):
    def load_version(self) -> ProtocolVersion:
        versions = policy.visible_to(
            self.request.user,
            ProtocolVersion,
            ProtocolVersion.objects.select_related("protocol__area"),
        )
        self.version = get_object_or_404(
            versions, protocol_id=self.kwargs["pk"], number=self.kwargs["number"]
        )
        return self.version

    def status_url(self, job: str = "") -> str:
        url = reverse(
            "protocols:version_pdf",
            kwargs={"pk": self.version.protocol_id, "number": self.version.number},
        )
        return f"{url}?job={job}" if job else url

    def job(self, job: str) -> str:
        """Return ``job`` if this person asked for it for this version, else raise 404."""
        jobs = self.request.session.get(SESSION_KEY, {})
        if not job or jobs.get(job) != self.version.pk:
            raise Http404("There is no such PDF.")
        return job


class VersionPdfView(_VersionFileView):
    """Prepare the version's draft PDF (a button), then show progress and the link."""

    template_name = "protocols/version_pdf.html"

    def render(self, **context) -> TemplateResponse:
        context.update(
            version=self.version,
            protocol=self.version.protocol,
            page_title=f"Download version {self.version.number} as a PDF",
        )
        context.setdefault("errors", [])
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, *args, **kwargs):
        self.load_version()
        job = request.GET.get("job", "")
        if not job:
            return self.render()
        draft = draft_pdf_state(self.job(job))
        return self.render(
            job=job,
            state=draft.state.value,
            refresh=REFRESH_SECONDS if draft.state == DraftState.PREPARING else None,
            download_url=reverse(
                "protocols:version_draftpdf",
                kwargs={"pk": self.version.protocol_id, "number": self.version.number},
            )
            + f"?job={job}",
        )

    def post(self, request, *args, **kwargs):
        self.load_version()
        try:
            job = draft_pdf_request(actor=request.user, version=self.version)
        except DomainError as exc:
            return self.render(errors=[("prepare-pdf", exc.message)])
        jobs = dict(request.session.get(SESSION_KEY, {}))
        jobs[job] = self.version.pk
        request.session[SESSION_KEY] = dict(list(jobs.items())[-KEEP_JOBS:])
        return HttpResponseRedirect(self.status_url(job))


class VersionPdfDownloadView(_VersionFileView):
    """The draft PDF this person asked for, once it is ready."""

    def get(self, request, *args, **kwargs):
        self.load_version()
        job = self.job(request.GET.get("job", ""))
        draft = draft_pdf_state(job)
        if draft.state != DraftState.READY:
            return HttpResponseRedirect(self.status_url(job))
        return pdf_response(draft.data, download_name(self.version, signed=False))


class VersionSignedPdfView(_VersionFileView):
    """The signed PDF of a version, the bytes stored when it was issued."""

    def get(self, request, *args, **kwargs):
        self.load_version()
        data = stored_signed_pdf(self.version)
        if data is None:
            raise Http404("This version has no signed PDF.")
        return pdf_response(data, download_name(self.version, signed=True))


__all__ = ["VersionPdfDownloadView", "VersionPdfView", "VersionSignedPdfView"]
