"""The list of reports, a report's page, and writing one (from scratch or a protocol)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from boards import permissions as policy
from boards.exceptions import DomainError
from boards.models import Meeting
from protocols.models import ProtocolVersion

from .. import forms, permissions, selectors, services
from ..exports import document
from ._base import (
    NOT_AUTHOR,
    PAGE_SIZE,
    ReportMixin,
    ServiceFormView,
    _int_param,
    error_list,
)


class ReportListView(TemplateView):
    """The reports the user may read, by meeting (``?meeting=`` narrows to one)."""

    template_name = "reporting/report_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        meeting = None
        meeting_pk = _int_param(self.request, "meeting")
        if meeting_pk is not None:
            meeting = selectors.meeting_for_agenda(user=user, pk=meeting_pk)
            if meeting is None:
                raise Http404("No such meeting.")
        page = Paginator(selectors.report_list(user=user, meeting=meeting), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        add_url = reverse("reporting:report_create")
        if meeting is not None:
            add_url += "?" + urlencode({"meeting": meeting.pk})
        ctx.update(
            page_title="Committee reports",
            page_obj=page,
            reports=page.object_list,
            meeting=meeting,
            query_string=urlencode({"meeting": meeting.pk}) if meeting else "",
            can_create=permissions.can_create(user, meeting.board.area_id if meeting else None),
            add_url=add_url,
        )
        return ctx


class ReportDetailView(ReportMixin, TemplateView):
    """A report as it will print, with its deadlines, clearance and what the user can do."""

    template_name = "reporting/report_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, report = self.request.user, self.report
        member = permissions.can_see_member_version(user, report)
        manage = permissions.can_manage(user, report)
        transitions = []
        if manage:
            for transition in services.TRANSITIONS.values():
                if services.refusal(report, transition) is None:
                    transitions.append(transition)
        ctx.update(self.report_context())
        ctx["breadcrumbs"] = ctx["breadcrumbs"][:-1]
        ctx.update(
            page_title=report.title,
            doc=document.build(report, member=member, appendix_content=False),
            member=member,
            can_author=permissions.can_author(user, report),
            can_manage=manage,
            can_name_officers=permissions.can_name_officers(user, report),
            can_revise=manage and report.is_newest and report.is_cleared,
            transitions=transitions,
            my_clearances=permissions.clearances_for(user, report),
            revisions=selectors.report_revisions(user=user, report=report),
            **selectors.report_deadlines(report),
        )
        return ctx


class ReportCreateView(ServiceFormView):
    """Start a report, optionally for a meeting (``?meeting=``)."""

    form_class = forms.ReportForm
    page_title = "Start a committee report"
    success_message = "Report started."

    def dispatch(self, request, *args, **kwargs):
        self.meeting = None
        meeting_pk = _int_param(request, "meeting")
        if meeting_pk is not None:
            self.meeting = selectors.meeting_for_agenda(user=request.user, pk=meeting_pk)
            if self.meeting is None:
                raise Http404("No such meeting.")
        area = self.meeting.board.area_id if self.meeting else None
        if not permissions.can_create(request.user, area):
            raise PermissionDenied(NOT_AUTHOR)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, meeting=self.meeting)
        return kwargs

    def perform(self, form):
        return services.report_create(
            actor=self.request.user,
            report=form.save(commit=False),
            recommendations=form.cleaned_data["recommendations"],
            appendix_versions=form.cleaned_data["appendix_versions"],
        )

    def get_success_url(self):
        return self.result.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["breadcrumbs"] = [("Committee reports", reverse("reporting:report_list"))]
        ctx["cancel_url"] = reverse("reporting:report_list")
        return ctx


class ReportUpdateView(ReportMixin, ServiceFormView):
    """Change a draft report."""

    form_class = forms.ReportForm
    page_title = "Change the report"
    success_message = "Your changes have been saved."

    def may_open(self) -> bool:
        return permissions.can_author(self.request.user, self.report)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, instance=self.report)
        return kwargs

    def perform(self, form):
        return services.report_update(
            actor=self.request.user,
            report=form.save(commit=False),
            recommendations=form.cleaned_data["recommendations"],
            appendix_versions=form.cleaned_data["appendix_versions"],
        )

    def get_success_url(self):
        return self.report.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.report_context())
        ctx["caption"] = self.report.title
        ctx["cancel_url"] = self.report.get_absolute_url()
        return ctx


class _RowsView(ReportMixin, TemplateView):
    """A formset page for ordered rows of a draft report (sections or implications)."""

    template_name = "reporting/report_rows.html"
    formset_class = None
    prefix = ""
    text_field = ""
    page_title = ""
    intro = ""
    add_label = ""

    def may_open(self) -> bool:
        return permissions.can_author(self.request.user, self.report)

    def initial(self) -> list[dict]:
        raise NotImplementedError

    def save(self, rows):
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        formset = self.formset_class(prefix=self.prefix, initial=self.initial())
        return self.render_to_response(self.get_context_data(formset=formset))

    def post(self, request, *args, **kwargs):
        formset = self.formset_class(request.POST, prefix=self.prefix, initial=self.initial())
        if formset.is_valid():
            try:
                self.save(formset.rows(text_field=self.text_field))
            except (DomainError, ValidationError) as exc:
                message = exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
                formset._non_form_errors = formset.error_class([message])
            else:
                messages.success(request, "Your changes have been saved.")
                return HttpResponseRedirect(self.report.get_absolute_url())
        return self.render_to_response(self.get_context_data(formset=formset))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(self.report_context())
        formset = ctx["formset"]
        ctx.update(
            page_title=self.page_title,
            caption=self.report.title,
            intro=self.intro,
            errors=error_list(formset),
            cancel_url=self.report.get_absolute_url(),
        )
        return ctx


class ReportSectionsView(_RowsView):
    """The body of the report after the background: headings with Markdown text."""

    formset_class = forms.SectionFormSet
    prefix = "sections"
    text_field = "body"
    page_title = "Sections of the report"
    intro = (
        "The sections come after the background and before the implications. Fill in a "
        "blank one to add a section; save to get more blank ones."
    )

    def initial(self):
        return [
            {"heading": s.heading, "body": s.body, "ORDER": s.order}
            for s in self.report.sections.all()
        ]

    def save(self, rows):
        services.report_sections_replace(actor=self.request.user, report=self.report, sections=rows)


class ReportImplicationsView(_RowsView):
    """Implications the council adds to the four standard ones."""

    formset_class = forms.ImplicationFormSet
    prefix = "implications"
    text_field = "text"
    page_title = "Other implications"
    intro = (
        "Financial, legal, equalities and environmental implications are on the main form. "
        "Add any others the council asks for here, for example safeguarding or staffing."
    )

    def initial(self):
        return [
            {"heading": i.heading, "text": i.text, "ORDER": i.order}
            for i in self.report.other_implications.all()
        ]

    def save(self, rows):
        services.report_implications_replace(
            actor=self.request.user, report=self.report, implications=rows
        )


class _StartReportView(ServiceFormView):
    """A report started from something else: the form chooses one of ``self.meetings``
    (set by ``dispatch``), and the new report's page follows."""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["meetings"] = self.meetings
        return kwargs

    def get_success_url(self):
        return self.result.get_absolute_url()


class ReportFromProtocolView(_StartReportView):
    """Start a report presenting a protocol version (``?version=<id>``) for approval."""

    form_class = forms.ReportFromProtocolForm
    template_name = "reporting/report_from_protocol.html"
    page_title = "Start a report to approve this protocol"
    success_message = "Report started. Check it and add what the protocol cannot say."

    def dispatch(self, request, *args, **kwargs):
        version_pk = request.GET.get("version", "")
        if not version_pk.isdigit() or len(version_pk) > 18:
            raise Http404("No such protocol version.")
        self.version = (
            policy.visible_to(
                request.user,
                ProtocolVersion,
                ProtocolVersion.objects.select_related("protocol").prefetch_related(
                    "parties__board"
                ),
            )
            .filter(pk=version_pk)
            .first()
        )
        if self.version is None:
            raise Http404("No such protocol version.")
        board_ids = [p.board_id for p in self.version.parties.all()]
        allowed = permissions.democratic_services_area_ids(request.user)
        meetings = Meeting.objects.filter(board_id__in=board_ids).select_related("board")
        if allowed is not None:
            meetings = meetings.filter(board__area_id__in=allowed)
        if not permissions.can_create(request.user) or (
            allowed is not None
            and not any(p.board.area_id in allowed for p in self.version.parties.all())
        ):
            raise PermissionDenied(NOT_AUTHOR)
        self.meetings = meetings.order_by("-date", "board__short_name")
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.report_from_protocol(
            actor=self.request.user,
            version=self.version,
            meeting=form.cleaned_data["meeting"],
            agenda_item=form.cleaned_data.get("agenda_item"),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            version=self.version,
            proposed_title=services.protocol_report_title(self.version),
            breadcrumbs=[
                ("Committee reports", reverse("reporting:report_list")),
            ],
            cancel_url=self.version.get_absolute_url(),
            has_meetings=self.meetings.exists(),
        )
        return ctx


class ReportFromOccurrenceView(_StartReportView):
    """Start a report presenting a duty (``?occurrence=<id>``), such as the annual report to
    the Health and Wellbeing Board, at the receiving board's next meeting."""

    form_class = forms.ReportFromOccurrenceForm
    template_name = "reporting/report_from_occurrence.html"
    page_title = "Start a report for this duty"
    success_message = "Report started. Check it and add what the protocol cannot say."

    def dispatch(self, request, *args, **kwargs):
        from calendar_cycle.models import Occurrence

        key = request.GET.get("occurrence", "")
        if not key.isdigit() or len(key) > 18:
            raise Http404("No such occurrence.")
        queryset = Occurrence.objects.select_related(
            "version__protocol",
            "obligation__owing_board",
            "obligation__owing_post",
            "obligation__receiving_board",
        )
        self.occurrence = (
            policy.visible_to(request.user, Occurrence, queryset).filter(pk=key).first()
        )
        if self.occurrence is None or self.occurrence.obligation_id is None:
            raise Http404("No such occurrence.")
        board = self.occurrence.obligation.receiving_board
        if board is None:
            raise Http404("No board receives this duty.")
        if not permissions.can_create(request.user, board.area_id):
            raise PermissionDenied(NOT_AUTHOR)
        self.board = board
        self.meetings = Meeting.objects.filter(board=board).select_related("board").order_by("date")
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        from django.utils import timezone

        upcoming = self.meetings.filter(
            date__gte=timezone.localdate(), status=Meeting.Status.SCHEDULED
        ).first()
        return {"meeting": upcoming.pk} if upcoming else {}

    def perform(self, form):
        return services.report_from_occurrence(
            actor=self.request.user,
            occurrence=self.occurrence,
            meeting=form.cleaned_data["meeting"],
            agenda_item=form.cleaned_data.get("agenda_item"),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            occurrence=self.occurrence,
            board=self.board,
            proposed_title=services.occurrence_report_title(self.occurrence),
            breadcrumbs=[("Committee reports", reverse("reporting:report_list"))],
            cancel_url=reverse("reporting:compliance_home"),
            has_meetings=self.meetings.exists(),
        )
        return ctx
