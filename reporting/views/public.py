"""Public pages (no sign-in): the signed protocols in force and the evidence they operate.

A protocol appears here only while one of its versions is in force (or in force and
under review) and signed. Its page shows what the signed PDF shows publicly (parties,
approvals, signatures) and, for each obligation, whether its recent occurrences were
met; nothing member-only (comments, notes, evidence files, clearance logs, where or how
anyone signed in) is read, let alone shown. The signed PDF is served from storage, the
exact bytes issued.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View
from django.views.generic import ListView, TemplateView

from calendar_cycle import windows
from calendar_cycle.models import Occurrence
from protocols.models import Approval, Obligation, Party, ProtocolVersion, Signature
from protocols.pdf.sign import download_name, stored_signed_pdf
from protocols.views._document import describe_timing, obligation_label

PAGE_SIZE = 50
#: What the public is told about an occurrence, by state.
OUTCOMES = {
    Occurrence.State.DONE: "Met",
    Occurrence.State.WAIVED: "Waived by agreement",
    Occurrence.State.OVERDUE: "Not met: overdue",
    Occurrence.State.DUE_SOON: "Due soon",
    Occurrence.State.OPEN: "Open",
}


def public_versions():
    """Return the versions in force (or under review) that every signatory signed."""
    signed = Signature.objects.filter(version=OuterRef("pk"))
    return (
        ProtocolVersion.objects.filter(status__in=ProtocolVersion.OPERATIVE_STATUSES)
        .filter(Exists(signed))
        .select_related("protocol__area", "signed_document")
    )


def recent_occurrences(today):
    """Occurrences of this financial year and the last that have opened, newest first."""
    return (
        Occurrence.objects.filter(financial_year__gte=windows.financial_year_of(today) - 1)
        .exclude(state=Occurrence.State.UPCOMING)
        .order_by("-due_on", "-pk")
    )


def public_version_get(protocol_pk: int, today) -> ProtocolVersion:
    """Return a protocol's public version with what its page shows, or raise Http404."""
    version = (
        public_versions()
        .filter(protocol_id=protocol_pk)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("board").order_by("order")),
            Prefetch(
                "approvals",
                queryset=Approval.objects.select_related("board", "meeting").order_by(
                    "decided_on", "pk"
                ),
            ),
            Prefetch(
                "signatures",
                queryset=Signature.objects.select_related("board", "signer").order_by(
                    "signed_at", "pk"
                ),
            ),
            Prefetch(
                "obligations",
                queryset=Obligation.objects.select_related(
                    "owing_board", "owing_post", "receiving_board", "receiving_post"
                )
                .prefetch_related(
                    Prefetch(
                        "occurrences",
                        queryset=recent_occurrences(today),
                        to_attr="recent_occurrences",
                    )
                )
                .order_by("order", "pk"),
            ),
        )
        .first()
    )
    if version is None:
        raise Http404("No signed protocol in force has that number.")
    return version


@dataclass
class EvidenceRow:
    obligation: Obligation
    when: str
    occurrences: list[tuple[Occurrence, str]]


def evidence_rows(version: ProtocolVersion) -> list[EvidenceRow]:
    boards = {p.board_id: p.board.short_name for p in version.parties.all()}
    obligations = list(version.obligations.all())
    labels = {str(o.key): obligation_label(o.description) for o in obligations}
    return [
        EvidenceRow(
            obligation=o,
            when=describe_timing(o.timing, board_names=boards, labels=labels),
            occurrences=[
                (x, OUTCOMES.get(x.state, x.get_state_display())) for x in o.recent_occurrences
            ],
        )
        for o in obligations
    ]


class PublicProtocolListView(ListView):
    """Every signed protocol in force, by area and title."""

    template_name = "reporting/public/protocol_list.html"
    context_object_name = "versions"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return (
            public_versions()
            .prefetch_related(
                Prefetch(
                    "parties", queryset=Party.objects.select_related("board").order_by("order")
                )
            )
            .order_by("protocol__area__name", "title", "pk")
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["page_title"] = "Signed protocols in force"
        return ctx


class PublicProtocolDetailView(TemplateView):
    """A signed protocol in force: who agreed it, when, its signed PDF and its evidence."""

    template_name = "reporting/public/protocol_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        version = public_version_get(self.kwargs["pk"], today)
        ctx.update(
            page_title=version.title,
            version=version,
            protocol=version.protocol,
            parties=list(version.parties.all()),
            approvals=list(version.approvals.all()),
            signatures=list(version.signatures.all()),
            signed_document=getattr(version, "signed_document", None),
            evidence=evidence_rows(version),
            recent_from=windows.financial_year_label(windows.financial_year_of(today) - 1),
        )
        return ctx


class PublicProtocolPdfView(View):
    """The signed PDF of a protocol in force: the stored bytes, exactly as issued."""

    def get(self, request, pk):
        version = public_versions().filter(protocol_id=pk).first()
        data = stored_signed_pdf(version) if version is not None else None
        if data is None:
            raise Http404("This protocol has no signed PDF to download.")
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{download_name(version, signed=True)}"'
        )
        return response
