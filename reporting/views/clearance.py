"""Naming the officers who must clear a report, and their own record of it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.views.generic import TemplateView

from boards import permissions as policy
from boards.exceptions import DomainError

from .. import forms, permissions, selectors, services
from ..models import Clearance
from ._base import (
    NOT_AUTHOR,
    NOT_OFFICER,
    ReportMixin,
    ServiceFormView,
    add_errors,
    error_list,
)


class ReportOfficersView(ReportMixin, TemplateView):
    """Name the officers who must clear the report, or remove one not yet recorded."""

    template_name = "reporting/report_officers.html"
    refusal = NOT_AUTHOR

    def may_open(self) -> bool:
        return permissions.can_manage(self.request.user, self.report)

    def _add_form(self, data=None):
        return forms.ClearanceAddForm(
            data, officers=selectors.clearing_officers(area_id=self.report.area_id)
        )

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self._add_form()))

    def post(self, request, *args, **kwargs):
        if "remove" in request.POST:
            return self._remove(request)
        form = self._add_form(request.POST)
        if form.is_valid():
            try:
                services.clearance_add(
                    actor=request.user,
                    report=self.report,
                    officer=form.cleaned_data["officer"],
                    role=form.cleaned_data["role"],
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"{form.cleaned_data['officer']} must now clear it.")
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def _remove(self, request):
        action = forms.ActionForm(request.POST)
        clearance = None
        if action.is_valid():
            wanted = action.cleaned_data["remove"]
            clearance = next((c for c in self.report.clearances.all() if c.pk == wanted), None)
        if clearance is None:
            return self._refused("Choose an officer named on this report.", status=400)
        try:
            services.clearance_remove(actor=request.user, clearance=clearance)
        except DomainError as exc:
            return self._refused(exc.message, status=exc.status)
        messages.success(request, f"{clearance.officer} no longer needs to clear it.")
        return HttpResponseRedirect(request.path)

    def _refused(self, message: str, *, status: int):
        ctx = self.get_context_data(form=self._add_form(), extra_errors=[("main-content", message)])
        return self.render_to_response(ctx, status=status)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.report_context())
        form = ctx["form"]
        ctx.update(
            page_title="Officers who must clear the report",
            caption=self.report.title,
            errors=error_list(form) + ctx.get("extra_errors", []),
            can_name_officers=permissions.can_name_officers(self.request.user, self.report),
            clearances=list(self.report.clearances.all()),
        )
        return ctx


class ReportClearanceView(ReportMixin, ServiceFormView):
    """A named officer records their own clearance."""

    form_class = forms.ClearanceRecordForm
    template_name = "reporting/report_clearance.html"
    page_title = "Record your clearance"
    refusal = NOT_OFFICER

    def may_open(self) -> bool:
        who = policy.principal(self.request.user)
        self.mine = [c for c in self.report.clearances.all() if c.officer_id == who.person_id]
        return bool(self.mine) and who.person_id is not None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        pending = permissions.clearances_for(self.request.user, self.report)
        kwargs["clearances"] = Clearance.objects.filter(pk__in=[c.pk for c in pending])
        return kwargs

    def perform(self, form):
        return services.clearance_record(
            actor=self.request.user,
            clearance=form.cleaned_data["clearance"],
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data.get("comment", ""),
        )

    @property
    def success_message(self):
        if self.result.decision == Clearance.Decision.CLEARED:
            return "Your clearance is recorded."
        return "Your decision is recorded. The report has gone back to draft for changes."

    def get_success_url(self):
        return self.report.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.report_context())
        ctx.update(
            caption=self.report.title,
            mine=self.mine,
            pending=permissions.clearances_for(self.request.user, self.report),
            cancel_url=self.report.get_absolute_url(),
        )
        return ctx
