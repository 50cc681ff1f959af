"""The workflow's pages: a confirmation for each step, and a new revision."""

from __future__ import annotations

from .. import forms, permissions, selectors, services
from ._base import (
    NOT_AUTHOR,
    ReportMixin,
    ServiceFormView,
)


class _TransitionView(ReportMixin, ServiceFormView):
    """One step of the workflow: a confirmation page and its button."""

    template_name = "reporting/report_transition.html"
    form_class = forms.TransitionForm
    name = ""
    explanation = ""
    refusal = NOT_AUTHOR

    def may_open(self) -> bool:
        return permissions.can_manage(self.request.user, self.report)

    @property
    def transition(self):
        return services.TRANSITIONS[self.name]

    def blocked(self) -> str | None:
        return services.refusal(self.report, self.transition)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(label=self.transition.label, ask_urgency=False)
        return kwargs

    def form_valid(self, form):
        reason = self.blocked()
        if reason:
            form.add_error(None, reason)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_success_url(self):
        return self.result.get_absolute_url()

    @property
    def success_message(self):
        return f"The report is now {self.result.get_status_display().lower()}."

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.report_context())
        ctx.update(
            page_title=self.transition.label,
            caption=self.report.title,
            explanation=self.explanation,
            blocked=self.blocked(),
            cancel_url=self.report.get_absolute_url(),
            **selectors.report_deadlines(self.report),
        )
        return ctx


class ReportSubmitView(_TransitionView):
    name = "submit"
    explanation = (
        "The named officers will be asked to record their clearance. You cannot change the "
        "report while it is in clearance unless you withdraw it."
    )

    def perform(self, form):
        return services.report_submit(actor=self.request.user, report=self.report)


class ReportWithdrawView(_TransitionView):
    name = "withdraw"
    explanation = (
        "The report goes back to draft so that you can change it. When you send it again, "
        "every named officer records their clearance again."
    )

    def perform(self, form):
        return services.report_withdraw(actor=self.request.user, report=self.report)


class ReportClearView(_TransitionView):
    name = "clear"
    explanation = (
        "Clear the report for the Head of Democratic Services. Every named officer must have "
        "recorded their clearance. Once cleared, the report cannot change: a change needs a "
        "new revision."
    )

    def perform(self, form):
        return services.report_clear(actor=self.request.user, report=self.report)


class ReportPublishView(_TransitionView):
    name = "publish"
    explanation = "Publishing makes the report readable by everyone who can see the area."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["ask_urgency"] = not (self.report.is_urgent and self.report.urgency_reason)
        return kwargs

    def perform(self, form):
        return services.report_publish(
            actor=self.request.user,
            report=self.report,
            urgency_reason=form.cleaned_data.get("urgency_reason", ""),
        )


class ReportReviseView(ReportMixin, ServiceFormView):
    """Start a new revision of a cleared or published report."""

    template_name = "reporting/report_transition.html"
    form_class = forms.TransitionForm
    page_title = "Start a new revision"
    success_message = "New revision started. It is a draft: change it, then send it for clearance."
    refusal = NOT_AUTHOR

    def may_open(self) -> bool:
        return permissions.can_manage(self.request.user, self.report)

    def blocked(self) -> str | None:
        if not self.report.is_newest:
            return "This is an old revision of the report, so it cannot be revised."
        if not self.report.is_cleared:
            return (
                services.NOTHING_TO_REVISE
                if self.report.status == "draft"
                else (services.REVISE_IN_CLEARANCE)
            )
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(label="Start a new revision", ask_urgency=False)
        return kwargs

    def form_valid(self, form):
        reason = self.blocked()
        if reason:
            form.add_error(None, reason)
            return self.form_invalid(form)
        return super().form_valid(form)

    def perform(self, form):
        return services.report_revise(actor=self.request.user, report=self.report)

    def get_success_url(self):
        return self.result.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.report_context())
        ctx.update(
            caption=self.report.title,
            explanation=(
                f"Revision {self.report.revision} stays as it is, with its clearance. The new "
                "revision starts as a draft with the same content, and every named officer "
                "clears it again."
            ),
            blocked=self.blocked(),
            cancel_url=self.report.get_absolute_url(),
            **selectors.report_deadlines(self.report),
        )
        return ctx
