"""The compliance dashboard: figures per area, board and protocol, their exports, and the
occurrences behind each figure.

Every page reads a financial year from ``?year=`` (a plain GET form, no script), counts
with ``reporting.compliance`` and links each figure to the occurrence list with the
filters that select exactly the occurrences it counts.
"""

from __future__ import annotations

import csv
import io
import json

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView, View

from boards import permissions as policy
from boards.models import Area, Board
from calendar_cycle import windows
from protocols.models import Protocol

from .. import chart, compliance, dashboard, permissions, tracker
from ._base import PAGE_SIZE

CSV = "text/csv; charset=utf-8"
FIGURE_COLUMNS = ("group", "name", *(o.value for o in compliance.Outcome), "total", "on_time_rate")


def _today():
    return timezone.localdate()


def _year(request, years: list[int]) -> int:
    value = request.GET.get("year", "")
    if not value:
        return years[0] if years else windows.financial_year_of(_today())
    if not value.isdigit() or int(value) not in years:
        raise Http404("No figures for that financial year.")
    return int(value)


def _link(params: dict) -> str:
    return reverse("reporting:occurrence_list") + "?" + urlencode(params)


class ComplianceHomeView(TemplateView):
    """The areas, boards and protocols the user may see, each with its dashboard."""

    template_name = "reporting/compliance_home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        areas = list(policy.visible_to(user, Area).order_by("name"))
        boards = policy.visible_to(user, Board).order_by("short_name")
        protocols = policy.visible_to(
            user, Protocol, Protocol.objects.select_related("current_version")
        ).order_by("reference")
        by_area = {a.pk: {"area": a, "boards": [], "protocols": []} for a in areas}
        for board in boards:
            if board.area_id in by_area:
                by_area[board.area_id]["boards"].append(board)
        for protocol in protocols:
            if protocol.area_id in by_area:
                by_area[protocol.area_id]["protocols"].append(protocol)
        ctx.update(page_title="Compliance", areas=list(by_area.values()))
        return ctx


class ScopeMixin:
    """Load the page's area, board or protocol, its occurrences and the chosen year."""

    kind = "area"

    def load_scope(self):
        key = self.kwargs.get("slug") or self.kwargs.get("pk")
        scope = dashboard.scope_get(user=self.request.user, kind=self.kind, key=key)
        if scope is None:
            raise Http404(f"No such {self.kind}.")
        self.scope = scope
        self.today = _today()
        self.occurrences = dashboard.scope_occurrences(self.request.user, scope)
        self.years = dashboard.years_for(self.occurrences, self.today)
        self.year = _year(self.request, self.years)

    def figures(self):
        summary = compliance.summarise(self.occurrences, self.year, self.today)
        shown = [y for y in self.years if y <= self.year][: dashboard.YEARS_SHOWN]
        history = compliance.over_time(self.occurrences, shown, self.today)
        return summary, history

    def figures_data(self) -> dict:
        """Return the figures as the JSON download and the API give them."""
        summary, history = self.figures()
        scope = self.scope
        return {
            "scope": {"kind": scope.kind, "id": scope.obj.pk, "name": scope.name},
            **summary.as_dict(),
            "over_time": [{"financial_year": fy, **tally.as_dict()} for fy, tally in history],
        }


def figures_data(request, kind: str, key) -> dict:
    """Return the figures of the user's area, board or protocol (``Http404`` if not theirs)."""
    loader = ScopeMixin()
    loader.request, loader.kind = request, kind
    loader.kwargs = {"slug" if kind == "area" else "pk": key}
    loader.load_scope()
    return loader.figures_data()


class ScopeComplianceView(ScopeMixin, TemplateView):
    """One area's, board's or protocol's figures for a financial year and over time."""

    template_name = "reporting/compliance_detail.html"

    def get(self, request, *args, **kwargs):
        self.load_scope()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        scope, year = self.scope, self.year
        summary, history = self.figures()
        base = {**scope.filter_params, "year": year}

        def cells(tally, extra):
            return [(o, n, _link({**base, **extra, "outcome": o.value})) for o, n in tally.cells()]

        groups = []
        if scope.kind == "area":
            groups.append(("Owed by board", "board", summary.by_board))
        if scope.kind != "protocol":
            groups.append(("By protocol", "protocol", summary.by_protocol))
        tables = [
            {
                "caption": caption,
                "rows": [
                    {
                        "label": g.label,
                        "tally": g.tally,
                        "cells": cells(g.tally, {name: "none" if g.key is None else g.key}),
                        "all": _link({**base, name: "none" if g.key is None else g.key}),
                    }
                    for g in items
                ],
            }
            for caption, name, items in groups
        ]
        quarters = [
            {
                "quarter": q,
                "cells": cells(q.tally, {"quarter": q.number}),
                "all": _link({**base, "quarter": q.number}),
            }
            for q in summary.quarters
        ]
        over_time = [
            {
                "year": fy,
                "label": windows.financial_year_label(fy),
                "tally": tally,
                "url": f"{scope.page_url}?year={fy}",
                "cells": [
                    (o, n, _link({**scope.filter_params, "year": fy, "outcome": o.value}))
                    for o, n in tally.cells()
                ],
            }
            for fy, tally in history
        ]
        export = reverse(
            f"reporting:{scope.kind}_figures", kwargs={**scope.url_kwargs, "format": "csv"}
        )
        ctx.update(
            page_title=f"Compliance: {scope.name}",
            scope=scope,
            summary=summary,
            year=year,
            years=[(y, windows.financial_year_label(y)) for y in self.years],
            outcomes=list(compliance.Outcome),
            totals=cells(summary.total, {}),
            total_link=_link(base),
            tables=tables,
            quarters=quarters,
            chart=chart.bar_chart(
                [(f"Q{q.number}", q.tally.on_time_percent) for q in summary.quarters]
            ),
            over_time=over_time,
            csv_url=f"{export}?year={year}",
            json_url=f"{export[: -len('csv')]}json?year={year}",
            log_url=reverse("reporting:occurrence_log") + "?" + urlencode(base),
            pack_form_action=reverse("reporting:pack_create")
            if permissions.can_make_evidence_pack(self.request.user, scope.area.pk)
            else "",
            breadcrumbs=[("Compliance", reverse("reporting:compliance_home"))],
        )
        return ctx


def figure_rows(summary: compliance.Summary) -> list[dict]:
    """Return the year's figures as flat rows: the total, each quarter, then each group."""
    rows = [{"group": "total", "name": summary.label, **summary.total.as_dict()}]
    for q in summary.quarters:
        rows.append({"group": "quarter", "name": q.label, **q.tally.as_dict()})
    for group, items in (
        ("area", summary.by_area),
        ("board", summary.by_board),
        ("protocol", summary.by_protocol),
    ):
        rows += [{"group": group, "name": g.label, **g.tally.as_dict()} for g in items]
    return rows


class ScopeFiguresView(ScopeMixin, View):
    """The figures of a dashboard as CSV (one row per figure line) or JSON."""

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in ("csv", "json"):
            raise Http404("Figures come as csv or json.")
        self.load_scope()
        slug = self.scope.obj.slug if self.scope.kind == "area" else self.scope.obj.pk
        name = f"compliance-{self.scope.kind}-{slug}-{self.year}"
        if kwargs["format"] == "json":
            data = self.figures_data()
            response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
        else:
            summary, _ = self.figures()
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=FIGURE_COLUMNS, lineterminator="\r\n")
            writer.writeheader()
            for row in figure_rows(summary):
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
            response = HttpResponse(out.getvalue(), content_type=CSV)
        response["Content-Disposition"] = f'attachment; filename="{name}.{kwargs["format"]}"'
        return response


class OccurrenceFilterMixin:
    def filtered(self):
        try:
            self.filters = dashboard.parse_filters(self.request.GET)
        except dashboard.FilterError as exc:
            return None, HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        self.today = _today()
        return dashboard.occurrences_filtered(self.request.user, self.filters, self.today), None


class OccurrenceListView(OccurrenceFilterMixin, TemplateView):
    """The occurrences behind a figure, narrowed by area, board, protocol, year, quarter
    and outcome."""

    template_name = "reporting/occurrence_list.html"

    def get(self, request, *args, **kwargs):
        self.queryset, refusal = self.filtered()
        if refusal is not None:
            return refusal
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(self.queryset, PAGE_SIZE).get_page(self.request.GET.get("page"))
        rows = [{"occurrence": o, **compliance.log_row(o, self.today)} for o in page.object_list]
        query = {k: self.request.GET[k] for k in dashboard.FILTER_NAMES if self.request.GET.get(k)}
        described = []
        if "outcome" in self.filters:
            described.append(self.filters["outcome"].label.lower())
        if "year" in self.filters:
            described.append(windows.financial_year_label(self.filters["year"]))
        if "quarter" in self.filters:
            described.append(f"quarter {self.filters['quarter']}")
        ctx.update(
            page_title="Occurrences",
            described=", ".join(described),
            page_obj=page,
            rows=rows,
            query_string=urlencode(query),
            log_url=reverse("reporting:occurrence_log") + ("?" + urlencode(query) if query else ""),
            can_start_report=permissions.can_create(self.request.user),
            breadcrumbs=[("Compliance", reverse("reporting:compliance_home"))],
        )
        return ctx


class OccurrenceLogView(OccurrenceFilterMixin, View):
    """The compliance log of the occurrences a filter selects, as CSV."""

    def get(self, request, *args, **kwargs):
        queryset, refusal = self.filtered()
        if refusal is not None:
            return refusal
        text = compliance.log_csv(compliance.log_rows(queryset.iterator(), self.today))
        response = HttpResponse(text, content_type=CSV)
        response["Content-Disposition"] = 'attachment; filename="compliance-log.csv"'
        return response


class AreaTrackerView(TemplateView):
    """Each safeguarding board's annual report: presented to whom, when, where; and the
    formal response."""

    template_name = "reporting/tracker.html"

    def get(self, request, *args, **kwargs):
        scope = dashboard.scope_get(user=request.user, kind="area", key=kwargs["slug"])
        if scope is None:
            raise Http404("No such area.")
        self.area = scope.obj
        self.today = _today()
        current = windows.financial_year_of(self.today)
        self.years = list(range(current, current - dashboard.YEARS_SHOWN, -1))
        self.year = _year(request, self.years)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            page_title=f"Annual report tracker: {self.area.name}",
            area=self.area,
            year=self.year,
            year_label=windows.financial_year_label(self.year),
            report_year_label=windows.financial_year_label(self.year - 1),
            years=[
                (
                    y,
                    f"{windows.financial_year_label(y - 1)} reports, presented in "
                    f"{windows.financial_year_label(y)}",
                )
                for y in self.years
            ],
            tracks=tracker.annual_report_tracker(
                self.request.user, self.area, self.year, self.today
            ),
            can_start_report=permissions.can_create(self.request.user, self.area),
            breadcrumbs=[
                ("Compliance", reverse("reporting:compliance_home")),
                (
                    self.area.name,
                    reverse("reporting:area_compliance", kwargs={"slug": self.area.slug}),
                ),
            ],
        )
        return ctx
