"""Concerns raised under a protocol in force, and their climb up the resolution ladder."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from boards import permissions as policy
from boards.models import Board, Membership, Person

from .. import forms as protocol_forms
from .. import permissions, selectors, services
from ..exceptions import ConflictError
from ..models import Concern, ConcernStep, LadderStep
from ._base import READ_ONLY, ServiceFormView


def concern_get(user, pk: int) -> Concern:
    """Return a concern the user may see, with what its page shows; otherwise a 404."""
    qs = policy.visible_to(
        user,
        Concern,
        Concern.objects.select_related(
            "protocol",
            "version",
            "raised_by_board",
            "raised_with_board",
            "raised_by",
            "on_behalf_of",
        ),
    )
    return get_object_or_404(qs, pk=pk)


def current_step(concern: Concern, steps: list[ConcernStep]) -> ConcernStep | None:
    return max(steps, key=lambda s: s.ladder_step.order) if steps else None


class ConcernCreateView(ServiceFormView):
    """Raise a concern with another party board: the first step of the ladder begins."""

    form_class = protocol_forms.ConcernRaiseForm
    page_title = "Raise a concern"
    success_message = "Concern raised. The first step of the resolution process has begun."

    def dispatch(self, request, *args, **kwargs):
        self.protocol = selectors.protocol_get(user=request.user, pk=kwargs["pk"])
        if not permissions.can_raise_concern(request.user, self.protocol):
            raise PermissionDenied(READ_ONLY)
        self.version = permissions.operative_version(self.protocol)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        who = policy.principal(self.request.user)
        parties = Board.objects.filter(protocol_parties__version=self.version).order_by("name")
        mine = parties
        if not who.is_superuser:
            mine = parties.filter(pk__in=who.chaired_board_ids | who.managed_board_ids)
        chairs = Person.objects.filter(
            pk__in=Membership.objects.current()
            .filter(board__in=mine, role__in=Membership.CHAIR_ROLES)
            .values("person_id")
        ).order_by("full_name")
        kwargs.update(raising_boards=mine, other_boards=parties, chairs=chairs)
        self.acts_for_chair = who.is_superuser or bool(
            who.managed_board_ids & set(mine.values_list("pk", flat=True))
        )
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.acts_for_chair:
            del form.fields["on_behalf_of"]
        return form

    def perform(self, form):
        data = form.cleaned_data
        return services.concern_raise(
            actor=self.request.user,
            protocol=self.protocol,
            raised_by_board=data["raised_by_board"],
            raised_with_board=data["raised_with_board"],
            subject=data["subject"],
            description=data["description"],
            request=data["request"],
            on_behalf_of=data.get("on_behalf_of"),
        )

    def get_caption(self) -> str:
        return str(self.version.title) if self.version else ""

    def get_cancel_url(self) -> str:
        return self.protocol.get_absolute_url()

    def get_success_url(self):
        return self.result.get_absolute_url()


class ConcernDetailView(TemplateView):
    """A concern, each step of the ladder it has taken, and what the user may do next."""

    template_name = "protocols/concern_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        concern = concern_get(user, kwargs["pk"])
        steps = list(concern.steps.select_related("ladder_step").order_by("ladder_step__order"))
        ladder = list(LadderStep.objects.filter(version_id=concern.version_id).order_by("order"))
        current = current_step(concern, steps)
        taken = {s.ladder_step_id for s in steps}
        ctx.update(
            page_title=concern.subject,
            concern=concern,
            protocol=concern.protocol,
            steps=steps,
            current=current,
            ladder=[(rung, rung.pk in taken) for rung in ladder],
            can_respond=current is not None
            and current.responded_on is None
            and permissions.can_respond_to_concern(user, concern),
            can_escalate=permissions.can_escalate_concern(user, concern),
            can_resolve=permissions.can_resolve_concern(user, concern),
            is_last_step=current is not None and ladder and current.ladder_step_id == ladder[-1].pk,
        )
        return ctx


class ConcernActionView(ServiceFormView):
    """A form about one open concern; only the side it names may open it."""

    def sides(self) -> set[int]:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.concern = concern_get(request.user, kwargs["pk"])
        who = policy.principal(request.user)
        if not who.is_superuser and not (
            (who.chaired_board_ids | who.managed_board_ids) & self.sides()
        ):
            raise PermissionDenied(READ_ONLY)
        return super().dispatch(request, *args, **kwargs)

    def get_caption(self) -> str:
        return self.concern.subject

    def get_cancel_url(self) -> str:
        return self.concern.get_absolute_url()

    def get_success_url(self):
        return self.concern.get_absolute_url()


class ConcernRespondView(ConcernActionView):
    form_class = protocol_forms.ConcernRespondForm
    success_message = "Response recorded."

    def sides(self):
        return {self.concern.raised_with_board_id}

    def get_page_title(self) -> str:
        return f"Respond for the {self.concern.raised_with_board.short_name}"

    def perform(self, form):
        steps = list(self.concern.steps.select_related("ladder_step"))
        step = current_step(self.concern, steps)
        if step is None:
            raise ConflictError("This concern has no step to answer.")
        return services.concern_respond(
            actor=self.request.user, step=step, response=form.cleaned_data["response"]
        )


class ConcernEscalateView(ConcernActionView):
    form_class = protocol_forms.ConcernEscalateForm
    page_title = "Take the concern to the next step"

    def sides(self):
        return {self.concern.raised_by_board_id}

    def perform(self, form):
        return services.concern_escalate(
            actor=self.request.user, concern=self.concern, request=form.cleaned_data["request"]
        )

    @property
    def success_message(self):
        if self.result is None:
            return "The concern has gone beyond the last step of the resolution process."
        step = self.result.ladder_step
        return f"The concern is now at step {step.order}: {step.title}."


class ConcernResolveView(ConcernActionView):
    form_class = protocol_forms.ConcernResolveForm
    page_title = "Record that the concern is resolved"
    success_message = "The concern is resolved."

    def sides(self):
        return {self.concern.raised_by_board_id, self.concern.raised_with_board_id}

    def perform(self, form):
        return services.concern_resolve(
            actor=self.request.user, concern=self.concern, outcome=form.cleaned_data["outcome"]
        )
