"""What every report page shares: finding the report, deciding who may open a page, and
turning a service's refusal into a GOV.UK error instead of a 500."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import FormView

from boards.exceptions import DomainError

from .. import selectors

PAGE_SIZE = 25
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
READ_ONLY = "You cannot change this report."
NOT_AUTHOR = "Only democratic services officers of this area can write its reports."
NOT_OFFICER = "Only the officers named to clear this report can record a clearance."


def error_list(*forms_) -> list[tuple[str, str]]:
    """Return (link target, message) for every error on the forms, in page order."""
    errors: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        candidates = form.forms if isinstance(form, django_forms.BaseFormSet) else [form]
        if isinstance(form, django_forms.BaseFormSet):
            for message in form.non_form_errors():
                errors.append(("main-content", message))
        for each in candidates:
            visible = each.visible_fields()
            first = _anchor(visible[0]) if visible else "main-content"
            for message in each.non_field_errors():
                errors.append((first, message))
            for field in visible:
                for message in field.errors:
                    errors.append((_anchor(field), message))
            for field in each.hidden_fields():
                for message in field.errors:
                    errors.append((first, message))
    return errors


def _anchor(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, django_forms.RadioSelect | django_forms.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_1"
    return bound_field.auto_id


def add_errors(form, exc: Exception) -> None:
    """Put a service's refusal (a ``DomainError`` or a ``ValidationError``) on ``form``."""
    if isinstance(exc, ValidationError):
        if hasattr(form, "add_validation_error"):
            form.add_validation_error(exc)
            return
        pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
        for field, texts in pairs:
            for text in texts:
                form.add_error(field if field in form.fields else None, text)
        return
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, exc.message)


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Http404("No such record.")
    return int(value)


class ReportMixin:
    """Load ``self.report`` from the URL: a report the user may not read is a 404."""

    def load_report(self):
        report = selectors.report_get(user=self.request.user, pk=self.kwargs["pk"])
        if report is None:
            raise Http404("No such report.")
        self.report = report

    def may_open(self) -> bool:
        return True

    refusal = READ_ONLY

    def dispatch(self, request, *args, **kwargs):
        self.load_report()
        if not self.may_open():
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)

    def report_context(self) -> dict:
        return {
            "report": self.report,
            "breadcrumbs": [
                ("Committee reports", reverse("reporting:report_list")),
                (self.report.title, self.report.get_absolute_url()),
            ],
        }


class ServiceFormView(FormView):
    """A form whose valid data goes to one service; its refusals come back as errors."""

    template_name = "reporting/report_form.html"
    success_message = "Saved."
    page_title = ""

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except (DomainError, ValidationError) as exc:
            add_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("errors", error_list(ctx.get("form")))
        ctx.setdefault("page_title", self.page_title)
        return ctx
