"""Importing a protocol: upload it, wait while it is read, review what was found, create.

The pages work without JavaScript: the waiting page refreshes itself with a meta refresh,
and the review is one ordinary form. Only people who may start a protocol in the area
see an import; to anyone else it does not exist. Nothing becomes a protocol until the
reviewer confirms, through ``importer.services.protocol_import_confirm``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView, TemplateView

from boards import permissions as policy
from boards.exceptions import ConflictError, DomainError, PermissionDeniedError
from boards.models import Board, Post

from ..import_forms import ImportReview, ImportUploadForm
from ..importer import highlight, selectors, services
from ..importer.limits import ImportRefusedError
from ..importer.proposal import Proposal
from ..models import ProtocolImport
from ._base import add_errors, error_list
from .documents import AreaChoiceMixin

#: Seconds between the waiting page's refreshes.
REFRESH_SECONDS = 3
CONTENT_TYPES = {
    ProtocolImport.Kind.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    ProtocolImport.Kind.PDF: "application/pdf",
    ProtocolImport.Kind.TEXT: "text/plain; charset=utf-8",
}


class ProtocolImportCreateView(AreaChoiceMixin, FormView):
    """Upload a protocol, or paste its text, for an area whose boards the user manages."""

    template_name = "protocols/import_create.html"
    form_class = ImportUploadForm
    page_title = "Import a protocol"

    refusal = "Only a board's business manager can import a protocol."

    def form_valid(self, form):
        filename, data = form.upload
        try:
            row = services.protocol_import_start(
                actor=self.request.user, area=self.area, filename=filename, data=data
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ImportRefusedError as exc:
            form.add_error("text" if form.pasted else "file", exc.message)
            return self.form_invalid(form)
        return HttpResponseRedirect(row.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=self.page_title,
            area=self.area,
            errors=error_list(ctx["form"]),
            cancel_url=reverse("protocols:protocol_list"),
        )
        return ctx


class ProtocolImportDetailView(TemplateView):
    """Where an import stands: being read (the page refreshes), ready, failed or made."""

    template_name = "protocols/import_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        row = selectors.protocol_import_get(user=self.request.user, pk=self.kwargs["pk"])
        proposal = row.proposal or {}
        ctx.update(
            page_title="Reading your document" if row.is_waiting else _status_title(row),
            protocol_import=row,
            refresh_seconds=REFRESH_SECONDS if row.is_waiting else None,
            counts={
                "sections": len(proposal.get("sections", [])),
                "obligations": len(proposal.get("obligations", [])),
            },
            retry_url=f"{reverse('protocols:protocolimport_create')}?area={row.area.slug}",
        )
        return ctx


def _status_title(row: ProtocolImport) -> str:
    return {
        ProtocolImport.Status.READY: "Your document has been read",
        ProtocolImport.Status.FAILED: "Your document could not be read",
        ProtocolImport.Status.CREATED: "A draft has been made from your document",
    }[row.status]


class ProtocolImportReviewView(TemplateView):
    """Accept, change or reject each part found, then create the draft in one step."""

    template_name = "protocols/import_review.html"

    def dispatch(self, request, *args, **kwargs):
        self.row = selectors.protocol_import_get(user=request.user, pk=kwargs["pk"])
        if self.row.status == ProtocolImport.Status.CREATED:
            return HttpResponseRedirect(self.row.version.get_absolute_url())
        if self.row.status != ProtocolImport.Status.READY:
            return HttpResponseRedirect(self.row.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)

    def review(self, data=None) -> ImportReview:
        area = self.row.area
        boards = (
            policy.visible_to(self.request.user, Board)
            .filter(area=area, dissolved__isnull=True)
            .order_by("name")
        )
        posts = {}
        for post in Post.objects.filter(area=area).order_by("kind", "pk"):
            posts.setdefault(post.kind, post.display_title)
        proposal = Proposal.from_dict(self.row.proposal)
        return ImportReview(proposal, boards=boards, posts=list(posts.items()), data=data)

    def get(self, request, *args, **kwargs):
        return self.render(self.review())

    def post(self, request, *args, **kwargs):
        review = self.review(request.POST)
        if not review.is_valid():
            return self.render(review)
        try:
            result = services.protocol_import_confirm(
                actor=request.user, protocol_import=self.row, proposal=review.accepted()
            )
        except ConflictError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(self.row.get_absolute_url())
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except (DomainError, ValidationError) as exc:
            add_errors(review.head, exc)
            return self.render(review)
        messages.success(
            request,
            f"Draft created with {result.sections} sections and {result.obligations} "
            "obligations. Check it, then start the consultation.",
        )
        for line in result.skipped:
            messages.info(request, f"Left out: {line}")
        return HttpResponseRedirect(result.protocol.current_version.get_absolute_url())

    def render(self, review: ImportReview):
        proposal = review.proposal
        forms = review.all_forms()
        return self.render_to_response(
            {
                "page_title": "Review the imported protocol",
                "protocol_import": self.row,
                "area": self.row.area,
                "review": review,
                "proposal": proposal,
                "errors": error_list(*forms),
                "sections": list(zip(proposal.sections, review.sections, strict=True)),
                "post_holders": list(zip(proposal.post_holders, review.post_holders, strict=True)),
                "obligations": [
                    {
                        "row": row,
                        "number": n,
                        "quote": highlight.segments(row.item.source),
                        "confidence": f"{row.item.confidence:.0%}",
                        "timing_open": row.form.is_bound and bool(row.timing.errors),
                    }
                    for n, row in enumerate(review.obligations, start=1)
                ],
            }
        )


class ProtocolImportSourceView(View):
    """Download the uploaded file an import (and the draft made from it) came from."""

    def get(self, request, *args, **kwargs):
        row = selectors.protocol_import_source_get(user=request.user, pk=kwargs["pk"])
        try:
            handle = row.file.open("rb")
        except OSError as exc:
            raise Http404("The file is no longer stored.") from exc
        return FileResponse(
            handle,
            as_attachment=True,
            filename=row.filename,
            content_type=CONTENT_TYPES[row.kind],
        )
