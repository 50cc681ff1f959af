"""Inspection evidence packs: one POST asks for a pack, its page shows the build's progress
(refreshing itself without script) and then the download, which expires."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponseBadRequest,
    HttpResponseGone,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView, View

from boards import permissions as policy
from boards.exceptions import DomainError, PermissionDeniedError
from boards.models import Area

from .. import dashboard, evidence, permissions
from ..models import EvidencePack

EXPIRED = "This download link has expired. Make a new evidence pack."
#: seconds between refreshes of the page while the pack is being made
REFRESH_SECONDS = 3


class PackCreateView(View):
    """Ask for a pack of one protocol (``protocol=<id>``) or every protocol of an area
    (``area=<id>``)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        protocol_key, area_key = request.POST.get("protocol", ""), request.POST.get("area", "")
        if protocol_key:
            scope = dashboard.scope_get(user=request.user, kind="protocol", key=_pk(protocol_key))
        elif area_key:
            scope = _area_scope(request.user, _pk(area_key))
        else:
            return HttpResponseBadRequest(
                "Say which protocol or area the pack is for.", content_type="text/plain"
            )
        if scope is None:
            raise Http404("No such protocol or area.")
        try:
            pack = evidence.evidence_pack_request(
                actor=request.user,
                area=scope.area,
                protocol=scope.obj if scope.kind == "protocol" else None,
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(scope.page_url)
        return HttpResponseRedirect(pack.get_absolute_url())


def _pk(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise Http404("No such protocol or area.")
    return int(value)


def _area_scope(user, pk: int):
    area = policy.visible_to(user, Area).filter(pk=pk).first()
    return None if area is None else dashboard.Scope("area", area)


class PackMixin:
    def load_pack(self) -> EvidencePack:
        queryset = EvidencePack.objects.select_related("area", "protocol", "requested_by")
        pack = (
            permissions.evidence_packs_visible_to(self.request.user, queryset)
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if pack is None:
            raise Http404("No such evidence pack.")
        return pack


class PackDetailView(PackMixin, TemplateView):
    """How far the pack has got; once ready, its download link and when that expires."""

    template_name = "reporting/pack_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        pack = self.load_pack()
        now = timezone.now()
        working = pack.status in (EvidencePack.Status.PENDING, EvidencePack.Status.RUNNING)
        ctx.update(
            page_title=str(pack),
            pack=pack,
            working=working,
            refresh_seconds=REFRESH_SECONDS,
            expired=pack.status == EvidencePack.Status.READY and pack.expires_at <= now,
            can_download=permissions.can_download_evidence_pack(self.request.user, pack, now),
            breadcrumbs=[("Compliance", reverse("reporting:compliance_home"))],
        )
        return ctx


class PackDownloadView(PackMixin, View):
    """The ZIP, to those who may make packs for the area, until the link expires."""

    def get(self, request, *args, **kwargs):
        pack = self.load_pack()
        if pack.status != EvidencePack.Status.READY:
            raise Http404("This evidence pack is not ready.")
        if not permissions.can_download_evidence_pack(request.user, pack, timezone.now()):
            if pack.expires_at <= timezone.now():
                return _gone()
            raise PermissionDenied(evidence.NOT_ALLOWED)
        return FileResponse(
            pack.file.open("rb"),
            as_attachment=True,
            filename=pack.file.name.rsplit("/", 1)[-1],
            content_type="application/zip",
        )


def _gone():
    return HttpResponseGone(EXPIRED, content_type="text/plain; charset=utf-8")
