"""Reads for committee reports, with their related rows fetched up front.

Every function starts from ``permissions.reports_visible_to``, so a page shows only what
the user may read, and each page makes the same number of queries however many reports,
recommendations or clearances it shows.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from boards import permissions as policy
from boards.models import Meeting, Person
from protocols.models import Party, ProtocolVersion

from . import deadlines, permissions
from .models import (
    Appendix,
    Clearance,
    CommitteeReport,
    OtherImplication,
    Recommendation,
    ReportSection,
)


def _with_content(qs: QuerySet) -> QuerySet:
    return qs.select_related(
        "area",
        "board",
        "meeting",
        "meeting__board",
        "report_of_post",
        "report_of_post__holder",
        "cleared_by",
        "submitted_by",
    ).prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.order_by("order")),
        Prefetch("sections", queryset=ReportSection.objects.order_by("order")),
        Prefetch("other_implications", queryset=OtherImplication.objects.order_by("order")),
        Prefetch(
            "appendices",
            queryset=Appendix.objects.select_related("protocol_version__protocol").order_by(
                "order"
            ),
        ),
        Prefetch(
            "clearances",
            queryset=Clearance.objects.select_related("officer", "officer__user").order_by(
                "role", "pk"
            ),
        ),
    )


def report_list(*, user, meeting: Meeting | None = None) -> QuerySet:
    """Return the newest revision the user may read of each report, by meeting date."""
    qs = permissions.reports_visible_to(
        user,
        CommitteeReport.objects.select_related("area", "board", "meeting", "meeting__board"),
    )
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    # A reader may see an older, published revision while a newer one is still a draft:
    # list the newest revision each user can read.
    newest = (
        permissions.reports_visible_to(user)
        .filter(series=OuterRef("series"))
        .order_by("-revision")
        .values("revision")[:1]
    )
    return qs.filter(revision=Subquery(newest)).order_by(
        "-meeting__date", "-meeting_date", "agenda_item", "title", "pk"
    )


def report_get(*, user, pk: int) -> CommitteeReport | None:
    """Return one revision the user may read, with everything its page shows."""
    return (
        _with_content(permissions.reports_visible_to(user, CommitteeReport.objects.all()))
        .filter(pk=pk)
        .first()
    )


def report_revisions(*, user, report: CommitteeReport) -> list[CommitteeReport]:
    """Return the revisions of the report the user may read, newest first."""
    return list(
        permissions.reports_visible_to(user)
        .filter(series=report.series)
        .select_related("cleared_by")
        .order_by("-revision")
    )


def report_for_export(pk: int) -> CommitteeReport:
    """Return a revision with everything an export prints (the caller has checked access)."""
    return _with_content(CommitteeReport.objects.all()).get(pk=pk)


def agenda_reports(*, meeting: Meeting, include_cleared: bool, include_exempt: bool) -> list:
    """Return the meeting's reports for its agenda pack, in agenda order.

    For each report, the newest revision that is published (or, with ``include_cleared``,
    cleared and ready to publish). Part 2 reports only with ``include_exempt``.
    """
    statuses = [CommitteeReport.Status.PUBLISHED]
    if include_cleared:
        statuses.append(CommitteeReport.Status.CLEARED)
    eligible = CommitteeReport.objects.filter(meeting=meeting, status__in=statuses)
    if not include_exempt:
        eligible = eligible.filter(part=CommitteeReport.Part.PUBLIC)
    newest = (
        eligible.filter(series=OuterRef("series"))
        .values("series")
        .annotate(top=Max("revision"))
        .values("top")
    )
    qs = _with_content(eligible.filter(revision=Subquery(newest)))
    reports = list(qs)
    # Part 1 before Part 2, as agendas print them; then by item number, unnumbered last.
    reports.sort(
        key=lambda r: (
            r.is_exempt,
            r.agenda_item is None,
            r.agenda_item or 0,
            r.title.lower(),
            r.pk,
        )
    )
    return reports


def meeting_for_agenda(*, user, pk: int) -> Meeting | None:
    """Return a board meeting the user may see, for its agenda pack."""
    return (
        policy.visible_to(user, Meeting, Meeting.objects.select_related("board", "board__area"))
        .filter(pk=pk, board__isnull=False)
        .first()
    )


def protocol_versions_for_appendix(*, user, area_ids) -> QuerySet:
    """Return the protocol versions the user may attach to a report in ``area_ids``."""
    qs = policy.visible_to(
        user,
        ProtocolVersion,
        ProtocolVersion.objects.select_related("protocol").prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("board"))
        ),
    )
    if area_ids is not None:
        qs = qs.filter(protocol__area_id__in=area_ids)
    return qs.order_by("protocol__reference", "-number")


def clearing_officers(*, area_id: int) -> QuerySet:
    """Return the people of an area who could record a clearance (they have a log-in)."""
    return Person.objects.filter(
        area_id=area_id, user__isnull=False, user__is_active=True
    ).order_by("full_name")


# --- deadlines ---------------------------------------------------------------------------


def _deadline_time() -> dt.time:
    try:
        return dt.time.fromisoformat(settings.REPORT_DEADLINE_TIME)
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"REPORT_DEADLINE_TIME must be a time of day such as 10:00, not "
            f"{settings.REPORT_DEADLINE_TIME!r}."
        ) from None


def configured_deadlines(meeting_on: dt.date) -> deadlines.MeetingDeadlines:
    """Return the deadlines for a meeting with the numbers in settings.

    Raises:
        ImproperlyConfigured: REPORT_DEADLINE_TIME is not a time of day.
    """
    return deadlines.deadlines_for(
        meeting_on,
        report_working_days=settings.REPORT_DEADLINE_WORKING_DAYS,
        report_time=_deadline_time(),
        clear_days=settings.AGENDA_CLEAR_WORKING_DAYS,
    )


def report_deadlines(report: CommitteeReport, *, now: dt.datetime | None = None) -> dict:
    """Return the report's two deadlines and whether each is missed, for its page."""
    now = now or timezone.now()
    found = configured_deadlines(report.meeting_on)
    published_on = timezone.localtime(report.published_at).date() if report.published_at else None
    return {
        "deadlines": found,
        "report_missed": found.report_missed(submitted_at=report.submitted_at, now=now),
        "agenda_missed": found.agenda_missed(
            published_on=published_on, today=timezone.localtime(now).date()
        ),
    }


def pending_clearances(report: CommitteeReport) -> list[Clearance]:
    return [c for c in report.clearances.all() if c.decision != Clearance.Decision.CLEARED]
