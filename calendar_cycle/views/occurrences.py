"""An occurrence's page, with the forms that record it done or waive it; its evidence
document; and a meeting's forward plan."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from boards import permissions as policy
from boards.exceptions import DomainError
from boards.models import Meeting
from protocols.views._base import add_errors, error_list

from .. import permissions, selectors, services
from ..forms import RecordDoneForm, WaiveForm
from ..models import Occurrence
from ._base import calendar_crumbs, visible_or_404

NOT_YOURS = "Only a chair or business manager of a board this is owed by or to can record it."


class OccurrenceMixin:
    """Load ``self.occurrence``: one the user may not see is a 404."""

    def load_occurrence(self) -> Occurrence:
        found = selectors.occurrence_get(user=self.request.user, pk=self.kwargs["pk"])
        if found is None:
            raise Http404("No such occurrence.")
        self.occurrence = found
        return found


class OccurrenceDetailView(OccurrenceMixin, TemplateView):
    """What is due, when, from whom to whom, its state and history, and its forms."""

    template_name = "calendar_cycle/occurrence_detail.html"

    def get(self, request, *args, **kwargs):
        self.load_occurrence()
        return self.render_page()

    def render_page(self, *, done_form=None, waive_form=None, status: int = 200):
        occurrence, user = self.occurrence, self.request.user
        may_record = not occurrence.is_closed and policy.can_edit(user, occurrence)
        may_waive = not occurrence.is_closed and permissions.can_waive(user, occurrence)
        if may_record and done_form is None:
            done_form = RecordDoneForm(occurrence=occurrence)
        if may_waive and waive_form is None:
            waive_form = WaiveForm()
        if done_form is not None:
            done_form.helper.form_action = occurrence_url("done", occurrence)
        if waive_form is not None:
            waive_form.helper.form_action = occurrence_url("waive", occurrence)
        version = occurrence.version
        ctx = self.get_context_data(
            page_title=occurrence.title,
            occurrence=occurrence,
            done_form=done_form if may_record else None,
            waive_form=waive_form if may_waive else None,
            errors=error_list(done_form, waive_form),
            history=occurrence.history.select_related("history_user").order_by("-history_date")[
                :20
            ],
            breadcrumbs=calendar_crumbs(
                (version.title, version.get_absolute_url()),
            ),
        )
        return self.render_to_response(ctx, status=status)


def occurrence_url(action: str, occurrence: Occurrence) -> str:
    return reverse(f"calendar_cycle:occurrence_{action}", kwargs={"pk": occurrence.pk})


class _OccurrenceWriteView(OccurrenceDetailView):
    """A POST from the occurrence's page to one service; refusals come back on the page."""

    http_method_names = ["post"]
    success_message = ""

    def build_form(self):
        raise NotImplementedError

    def perform(self, form) -> Occurrence:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        self.load_occurrence()
        if not policy.can_edit(request.user, self.occurrence):
            raise PermissionDenied(NOT_YOURS)
        form = self.build_form()
        if form.is_valid():
            try:
                self.perform(form)
            except (DomainError, ValidationError) as exc:
                add_errors(form, exc)
            else:
                messages.success(request, self.success_message)
                return HttpResponseRedirect(occurrence_url("detail", self.occurrence))
        return self.render_page(**{self.form_name: form}, status=400)


class OccurrenceDoneView(_OccurrenceWriteView):
    form_name = "done_form"
    success_message = "Recorded as done."

    def build_form(self):
        return RecordDoneForm(self.request.POST, self.request.FILES, occurrence=self.occurrence)

    def perform(self, form) -> Occurrence:
        data = form.cleaned_data
        return services.occurrence_record_done(
            actor=self.request.user,
            occurrence=self.occurrence,
            done_on=data["done_on"],
            meeting=data.get("meeting"),
            link=data.get("link", ""),
            note=data.get("note", ""),
            document=data.get("document"),
        )


class OccurrenceWaiveView(_OccurrenceWriteView):
    form_name = "waive_form"
    success_message = "Waived."

    def build_form(self):
        return WaiveForm(self.request.POST)

    def perform(self, form) -> Occurrence:
        return services.occurrence_waive(
            actor=self.request.user, occurrence=self.occurrence, reason=form.cleaned_data["reason"]
        )


class OccurrenceEvidenceView(OccurrenceMixin, View):
    """The evidence document, only to those who may see the occurrence; never a public URL."""

    def get(self, request, *args, **kwargs):
        occurrence = self.load_occurrence()
        document = occurrence.evidence_document
        if not document:
            raise Http404("This occurrence has no document.")
        try:
            handle = document.open("rb")
        except FileNotFoundError:
            raise Http404("The document is missing.") from None
        name = PurePath(document.name).name
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(
            handle, as_attachment=True, filename=name, content_type=content_type
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class MeetingPlanView(TemplateView):
    """A board meeting's forward plan: what falls due to the board since its last meeting."""

    template_name = "calendar_cycle/meeting_plan.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        meeting = visible_or_404(self.request.user, Meeting, pk=self.kwargs["pk"])
        previous, occurrences = (None, Occurrence.objects.none())
        if meeting.board_id:
            previous, occurrences = selectors.forward_plan(meeting)
            occurrences = occurrences.filter(
                pk__in=selectors.occurrences_visible_to(self.request.user).values("pk")
            )
        body = meeting.board or meeting.subgroup
        ctx.update(
            page_title="Forward plan",
            meeting=meeting,
            body=body,
            previous=previous,
            occurrences=occurrences,
            breadcrumbs=calendar_crumbs(
                (str(body), body.get_absolute_url()),
                (f"Meeting, {meeting.date:%-d %B %Y}", meeting.get_absolute_url()),
            ),
        )
        return ctx
