"""Reading protocols: the list, a protocol and its versions, the compare page; starting a
protocol or a new version, and moving a version through its lifecycle."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views import View
from django.views.generic import ListView, TemplateView

from boards import permissions as policy
from boards import selectors as board_selectors
from boards.exceptions import DomainError
from boards.models import Board

from .. import content, lifecycle, permissions, selectors, services
from .. import forms as protocol_forms
from ..models import Concern, Protocol, ProtocolVersion, SignedDocument
from ..pdf.sign import was_fully_signed
from ..redline import compare
from ..timing_forms import TimingRuleForm, initial_from_rule
from ._base import (
    ServiceFormView,
    VersionMixin,
    add_errors,
    error_list,
    is_party_officer,
)
from ._document import compare_rows, describe_timing, document

PAGE_SIZE = 25


class ProtocolListView(ListView):
    """The protocols the user may see, by area, status and words in the title."""

    template_name = "protocols/protocol_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "protocols"

    def get_queryset(self):
        user = self.request.user
        self.areas = list(board_selectors.area_list(user=user))
        self.area = None
        slug = self.area_slug = self.request.GET.get("area", "").strip()[:80]
        if slug:
            self.area = next((a for a in self.areas if a.slug == slug), None)
        self.status = self.request.GET.get("status", "").strip()
        if self.status not in ProtocolVersion.Status.values:
            self.status = ""
        # A NUL byte is refused by PostgreSQL; nobody searches for one.
        self.query = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]
        qs = selectors.protocol_list(user=user, area=self.area)
        if slug and self.area is None:
            qs = qs.none()
        if self.status:
            qs = qs.filter(current_version__status=self.status)
        if self.query:
            qs = qs.filter(
                Q(current_version__title__icontains=self.query) | Q(reference__icontains=self.query)
            )
        return qs.order_by("area__name", "current_version__title", "pk")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = {
            k: v
            for k, v in (
                ("area", self.area.slug if self.area else self.area_slug),
                ("status", self.status),
                ("q", self.query),
            )
            if v
        }
        ctx.update(
            page_title="Protocols",
            areas=self.areas,
            area=self.area,
            status=self.status,
            statuses=ProtocolVersion.Status.choices,
            query=self.query,
            query_string=urlencode(params),
            filtered=bool(params),
            can_create=permissions.can_create_protocol(self.request.user),
        )
        return ctx


# --- starting a protocol ---------------------------------------------------------------


def manageable_areas(user):
    """Return the areas where the user may start a protocol."""
    who = policy.principal(user)
    areas = board_selectors.area_list(user=user)
    if who.is_superuser:
        return areas
    return areas.filter(boards__in=who.managed_board_ids).distinct()


class AreaChoiceMixin:
    """Ask for the area first when the user manages boards in several; refuse anyone who
    may start no protocol (``refusal`` says why)."""

    refusal = "Only a board's business manager can start a protocol."

    def dispatch(self, request, *args, **kwargs):
        if not permissions.can_create_protocol(request.user):
            raise PermissionDenied(self.refusal)
        self.areas = manageable_areas(request.user)
        slug = request.GET.get("area") or request.POST.get("area")
        self.area = None
        if slug:
            self.area = self.areas.filter(slug=slug).first()
            if self.area is None:
                raise Http404("No such area.")
        elif self.areas.count() == 1:
            self.area = self.areas.first()
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if self.area is None:
            return self.render_area_choice()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.area is None:
            return self.render_area_choice()
        return super().post(request, *args, **kwargs)

    def render_area_choice(self):
        data = self.request.GET if "area" in self.request.GET else None
        form = protocol_forms.AreaChoiceForm(data, areas=self.areas)
        if data is not None:
            form.is_valid()
        return self.render_to_response(
            {
                "view": self,
                "page_title": self.page_title,
                "area_form": form,
                "errors": error_list(form),
                "cancel_url": reverse("protocols:protocol_list"),
            }
        )


class ProtocolCreateView(AreaChoiceMixin, ServiceFormView):
    """Start a protocol: the area first (when the user manages boards in several), then
    its title, reference, party boards and review rule."""

    template_name = "protocols/protocol_create.html"
    form_class = protocol_forms.ProtocolCreateForm
    page_title = "Start a protocol"
    success_message = "Protocol started. Add its sections and obligations."

    def boards(self):
        return (
            policy.visible_to(self.request.user, Board)
            .filter(area=self.area, dissolved__isnull=True)
            .order_by("name")
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["boards"] = self.boards()
        return kwargs

    def review_form(self):
        if not hasattr(self, "_review_form"):
            boards = [(b.pk, b.short_name) for b in self.boards()]
            data = self.request.POST if self.request.method == "POST" else None
            form = TimingRuleForm(data, prefix="review", boards=boards, obligations=[])
            if data is None:
                form.initial.update(initial_from_rule(services.DEFAULT_REVIEW_RULE))
            self._review_form = form
        return self._review_form

    def form_valid(self, form):
        review = self.review_form()
        if not review.is_valid():
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            self.result = services.protocol_create(
                actor=self.request.user,
                area=self.area,
                reference=data["reference"],
                title=data["title"],
                purpose=data["purpose"],
                boards=list(data["boards"]),
                review_rule=review.rule,
            )
        except (DomainError, ValidationError) as exc:
            if getattr(exc, "field", None) == "review_rule":
                review.add_error(None, exc.message)
            else:
                add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.result.get_absolute_url())

    def form_invalid(self, form):
        self.review_form().is_valid()
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        ctx.update(
            errors=error_list(form, self.review_form()),
            area=self.area,
            review_form=self.review_form(),
            cancel_url=reverse("protocols:protocol_list"),
        )
        return ctx


# --- a protocol and its versions -------------------------------------------------------


class VersionPageMixin:
    """Everything a version's page shows, for the protocol page and older versions."""

    template_name = "protocols/version_detail.html"

    def version_context(self, protocol: Protocol, version: ProtocolVersion) -> dict:
        user = self.request.user
        ctx = selectors.version_detail_context(version, user=user)
        versions = list(protocol.versions.all())
        operative = next(
            (v for v in versions if v.status in ProtocolVersion.OPERATIVE_STATUSES), None
        )
        approvals = {a.board_id: a for a in version.approvals.all()}
        parties = list(version.parties.all())
        awaiting = version.status == ProtocolVersion.Status.AWAITING_APPROVAL
        approval_rows = [
            {
                "party": party,
                "approval": approvals.get(party.board_id),
                "can_record": awaiting
                and party.board_id not in approvals
                and permissions.can_record_approval(user, version, party.board),
            }
            for party in parties
        ]
        newest = versions[0] if versions else version
        # Concerns are seen exactly where their protocol is, and the user sees this one.
        concerns = Concern.objects.filter(protocol=protocol).select_related(
            "raised_by_board", "raised_with_board"
        )
        ctx.update(
            protocol=protocol,
            version=version,
            page_title=version.title,
            document=document(version),
            versions=versions,
            operative=operative,
            newest=newest,
            is_newest=newest.pk == version.pk,
            based_on=next((v for v in versions if v.pk == version.based_on_id), None),
            parties=parties,
            approval_rows=approval_rows,
            review_rule=describe_timing(
                protocol.review_rule,
                board_names={p.board_id: p.board.short_name for p in parties},
                labels={},
            ),
            can_start_version=newest.status not in ProtocolVersion.OPEN_STATUSES
            and newest.status != ProtocolVersion.Status.WITHDRAWN
            and permissions.can_start_version(user, protocol),
            can_raise_concern=permissions.can_raise_concern(user, protocol),
            concerns=list(concerns),
            transition_forms=[
                (t, not (t.needs_reason or t.needs_date)) for t in ctx["transitions"]
            ],
            signed_pdf_version_ids=set(
                SignedDocument.objects.filter(version_id__in=[v.pk for v in versions])
                .order_by()
                .values_list("version_id", flat=True)
            ),
            fully_signed=was_fully_signed(version),
            # By name: reporting depends on protocols, never the other way round.
            can_start_report=policy.can_create(
                user, apps.get_model("reporting", "CommitteeReport"), protocol.area
            ),
        )
        return ctx


class ProtocolDetailView(VersionPageMixin, TemplateView):
    """The protocol as it stands: its current version, in full."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        protocol = selectors.protocol_get(user=self.request.user, pk=self.kwargs["pk"])
        if protocol.current_version_id is None:
            raise Http404("This protocol has no versions.")
        version = selectors.version_get(
            user=self.request.user,
            protocol=protocol,
            number=protocol.current_version.number,
            comments=False,  # the page shows only how many are open
        )
        ctx.update(self.version_context(protocol, version))
        ctx["is_protocol_page"] = True
        return ctx


class VersionDetailView(VersionPageMixin, TemplateView):
    """One version of a protocol, in full (older versions stay readable)."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        protocol = selectors.protocol_get(user=self.request.user, pk=self.kwargs["pk"])
        version = selectors.version_get(
            user=self.request.user,
            protocol=protocol,
            number=self.kwargs["number"],
            comments=False,  # the page shows only how many are open
        )
        ctx.update(self.version_context(protocol, version))
        return ctx


class VersionCompareView(TemplateView):
    """Two versions side by side as a redline: what was added, removed and changed."""

    template_name = "protocols/version_compare.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        protocol = selectors.protocol_get(user=self.request.user, pk=self.kwargs["pk"])
        versions = list(protocol.versions.all())
        numbers = [v.number for v in sorted(versions, key=lambda v: v.number)]
        data = self.request.GET.copy()
        if "from" not in data and "to" not in data and len(numbers) >= 2:
            data["to"] = str(numbers[-1])
            newest = next(v for v in versions if v.number == numbers[-1])
            based = next((v for v in versions if v.pk == newest.based_on_id), None)
            data["from"] = str(based.number if based else numbers[-2])
        form = protocol_forms.CompareForm(data, numbers=numbers)
        ctx.update(protocol=protocol, form=form, page_title="Compare versions", numbers=numbers)
        if len(numbers) < 2:
            ctx["errors"] = []
            return ctx
        if not form.is_valid():
            ctx["errors"] = error_list(form)
            return ctx
        old_number, new_number = form.cleaned_data["from"], form.cleaned_data["to"]
        rows = {
            v.number: v
            for v in policy.visible_to(
                self.request.user,
                ProtocolVersion,
                content.content_queryset().filter(
                    protocol=protocol, number__in=[old_number, new_number]
                ),
            )
        }
        old, new = rows[old_number], rows[new_number]
        old_content, new_content = content.version_content(old), content.version_content(new)
        ctx.update(
            errors=[],
            old=old,
            new=new,
            redline=compare_rows(old_content, new_content, compare(old_content, new_content)),
        )
        return ctx


class VersionNewView(View):
    """Start the next version as a draft copy of the newest one (a button, so POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        protocol = selectors.protocol_get(user=request.user, pk=pk)
        if not permissions.can_start_version(request.user, protocol):
            raise PermissionDenied("Only a business manager of a party board can do this.")
        try:
            version = services.version_new(actor=request.user, protocol=protocol)
        except DomainError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(protocol.get_absolute_url())
        messages.success(
            request, f"Version {version.number} started as a draft copy of the last version."
        )
        return HttpResponseRedirect(version.get_absolute_url())


class VersionTransitionView(VersionMixin, ServiceFormView):
    """One step of the lifecycle: a confirmation, with a reason or a date where needed."""

    template_name = "protocols/transition_form.html"
    form_class = protocol_forms.TransitionForm

    def load_version(self):
        super().load_version()
        try:
            self.transition = lifecycle.get(self.kwargs["name"])
        except lifecycle.UnknownTransitionError:
            raise Http404("There is no such action.") from None
        if self.transition.is_system:
            raise Http404("There is no such action.")

    def may_open(self) -> bool:
        return is_party_officer(self.request.user, self.version)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["transition"] = self.transition
        return kwargs

    def perform(self, form):
        return services.version_transition(
            actor=self.request.user,
            version=self.version,
            name=self.transition.name,
            reason=form.cleaned_data.get("reason", ""),
            on_date=form.cleaned_data.get("on_date"),
        )

    def get_page_title(self) -> str:
        return self.transition.label

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["transition"] = self.transition
        ctx["allowed"] = permissions.can_transition(
            self.request.user, self.version, self.transition
        )
        return ctx

    def get_success_url(self):
        return self.version.get_absolute_url()

    @property
    def success_message(self):
        phrase = lifecycle.STATE_PHRASES[self.result.status]
        return f"Version {self.result.number} is now {phrase}."


__all__ = [
    "ProtocolCreateView",
    "ProtocolDetailView",
    "ProtocolListView",
    "VersionCompareView",
    "VersionDetailView",
    "VersionNewView",
    "VersionTransitionView",
]
