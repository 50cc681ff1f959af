"""What's due (for the user, for a board) and the area calendar by year or by month."""

from __future__ import annotations

import calendar as month_names
import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView

from boards.models import Area, Board

from .. import selectors, windows
from ..forms import CalendarFilterForm
from ..models import Occurrence
from ._base import calendar_crumbs, visible_or_404


class DueListView(TemplateView):
    """What the user owes, through their boards and posts, and what is owed to them."""

    template_name = "calendar_cycle/due_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        due = selectors.due_for_user(self.request.user)
        ctx.update(
            page_title="What's due",
            owed_by=due["owed_by"],
            owed_to=due["owed_to"],
            owed_by_heading="What I owe",
            owed_to_heading="What is owed to my boards",
            calendar_url=reverse("calendar_cycle:calendar_home"),
        )
        return ctx


class BoardDueView(TemplateView):
    """What one board owes and what is owed to it."""

    template_name = "calendar_cycle/due_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        board = visible_or_404(self.request.user, Board, pk=self.kwargs["pk"])
        due = selectors.due_for_board(self.request.user, board)
        ctx.update(
            page_title=f"What's due: {board.name}",
            board=board,
            owed_by=due["owed_by"],
            owed_to=due["owed_to"],
            owed_by_heading=f"What the {board.short_name} owes",
            owed_to_heading=f"What is owed to the {board.short_name}",
            calendar_url=reverse("calendar_cycle:area_calendar", kwargs={"slug": board.area.slug})
            + "?"
            + urlencode({"board": board.pk}),
            breadcrumbs=calendar_crumbs((board.short_name, board.get_absolute_url())),
        )
        return ctx


def _month_label(year: int, month: int) -> str:
    return f"{month_names.month_name[month]} {year}"


def _fy_months(fy: int) -> list[tuple[int, int]]:
    """Return (calendar year, month) for April to March of financial year ``fy``."""
    return [
        (windows.calendar_year_in(fy, m), m) for m in (*range(windows.FIRST_MONTH, 13), 1, 2, 3)
    ]


class AreaCalendarView(TemplateView):
    """An area's occurrences by financial year (April to March) or by month, filtered."""

    template_name = "calendar_cycle/area_calendar.html"

    def get_area(self) -> Area | None:
        return visible_or_404(self.request.user, Area, slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        self.area = self.get_area()
        if self.area is None:
            return self.render_to_response(
                {"page_title": "Calendar", "area": None, "breadcrumbs": calendar_crumbs()}
            )
        user = request.user
        form = CalendarFilterForm(
            request.GET or None,
            boards=selectors.area_boards(user, self.area),
            protocols=selectors.area_protocols(user, self.area),
        )
        if form.is_bound and not form.is_valid():
            ctx = self.base_context(form)
            ctx.update(errors=_filter_errors(form), invalid=True)
            return self.render_to_response(ctx, status=400)
        data = form.cleaned_data if form.is_bound else {}
        ctx = self.base_context(form)
        ctx.update(self.period_context(data))
        return self.render_to_response(ctx)

    def base_context(self, form) -> dict:
        return {
            "page_title": f"Calendar: {self.area.name}",
            "area": self.area,
            "form": form,
            # The drop-downs with their options read once: a model field's choices would
            # count their rows before reading them.
            "selects": [
                (form[name], list(iter(form.fields[name].choices)))
                for name in form.fields
                if name not in ("year", "month")
            ],
            "states": Occurrence.State.choices,
            "breadcrumbs": calendar_crumbs((self.area.name, self.area.get_absolute_url())),
            "path": self.area_url(),
        }

    def area_url(self) -> str:
        return reverse("calendar_cycle:area_calendar", kwargs={"slug": self.area.slug})

    def period_context(self, data: dict) -> dict:
        today = timezone.localdate()
        fy = data.get("year") or windows.financial_year_of(today)
        month = data.get("month")
        view = data.get("view") or ("month" if month else "year")
        filters = {
            "board": data.get("board"),
            "protocol": data.get("protocol"),
            "state": data.get("state") or "",
        }
        kept = {k: getattr(v, "pk", v) for k, v in filters.items() if v}
        if view == "month":
            month = month or today.month
            year = windows.calendar_year_in(fy, month)
            start, end = windows.month_start(year, month), windows.month_end(year, month)
            occurrences = selectors.calendar_occurrences(
                self.request.user, area=self.area, start=start, end=end, **filters
            )
            before = windows.add_months(start, -1)
            after = windows.add_months(start, 1)
            return {
                "view": "month",
                "year": fy,
                "month": month,
                "period_label": _month_label(year, month),
                "occurrences": occurrences,
                "previous": self._link(kept, "month", before),
                "previous_label": _month_label(before.year, before.month),
                "next": self._link(kept, "month", after),
                "next_label": _month_label(after.year, after.month),
                "year_url": self._url(kept, view="year", year=fy),
            }
        start, end = windows.financial_year_bounds(fy)
        occurrences = list(
            selectors.calendar_occurrences(
                self.request.user, area=self.area, start=start, end=end, due_within=True, **filters
            )
        )
        months = []
        for year, m in _fy_months(fy):
            rows = [o for o in occurrences if (o.due_on.year, o.due_on.month) == (year, m)]
            months.append(
                {
                    "label": _month_label(year, m),
                    "id": f"month-{year}-{m:02d}",
                    "url": self._url(kept, view="month", year=fy, month=m),
                    "occurrences": rows,
                }
            )
        return {
            "view": "year",
            "year": fy,
            "period_label": f"Financial year {windows.financial_year_label(fy)}",
            "months": months,
            "count": len(occurrences),
            "previous": self._url(kept, view="year", year=fy - 1),
            "previous_label": windows.financial_year_label(fy - 1),
            "next": self._url(kept, view="year", year=fy + 1),
            "next_label": windows.financial_year_label(fy + 1),
        }

    def _link(self, kept: dict, view: str, day: dt.date) -> str:
        return self._url(kept, view=view, year=windows.financial_year_of(day), month=day.month)

    def _url(self, kept: dict, **params) -> str:
        return f"{self.area_url()}?{urlencode({**params, **kept})}"


class CalendarHomeView(AreaCalendarView):
    """The calendar of the user's own area, or of the first area they may see."""

    def get_area(self) -> Area | None:
        return selectors.default_area(self.request.user)


def _filter_errors(form) -> list[tuple[str, str]]:
    return [
        (form[name].auto_id if name in form.fields else "main-content", message)
        for name, messages in form.errors.items()
        for message in messages
    ]
