"""Who may see and do what with committee reports; views, commands and services ask here.

The reports of an area are democratic services' work:

- democratic services officers of the area (the "Democratic services" group, with the
  area among those they can see) write, send for clearance, clear, publish and revise
  its reports, and see them in every state;
- an officer named to clear a report sees it and records their own clearance, and no one
  else may record it for them (a superuser neither: clearance is never assumed);
- members of the board a report goes to read it once it is published, Part 2 included;
- everyone else who can see the area reads its published Part 1 reports;
- another area's report is not found at all (404).

The member version of an export (with the internal clearance log) is for democratic
services, the named officers and the board's members; everyone else gets the public
version. The models are registered with the one policy in ``boards.permissions``, which
narrows by area; ``reports_visible_to`` narrows further by status and part.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from boards.permissions import Principal, Rule, principal, register, visible_to

from .models import (
    Appendix,
    Clearance,
    CommitteeReport,
    EvidencePack,
    OtherImplication,
    Recommendation,
    ReportSection,
)


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_democratic_services(user, area_id: int | None) -> bool:
    """Whether the user is a democratic services officer of the area (or a superuser)."""
    who = principal(user)
    if who.is_superuser:
        return True
    return _signed_in(user) and who.is_democratic_services and area_id in who.area_ids


def democratic_services_area_ids(user) -> frozenset[int] | None:
    """Return the areas where the user serves as democratic services; None means all."""
    who = principal(user)
    if who.is_superuser:
        return None
    if not _signed_in(user) or not who.is_democratic_services:
        return frozenset()
    return who.area_ids


def reports_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Return the report revisions the user may read."""
    qs = visible_to(user, CommitteeReport, queryset)
    who = principal(user)
    if who.is_superuser:
        return qs
    person_id = who.person_id or 0
    published = Q(status=CommitteeReport.Status.PUBLISHED)
    condition = (
        Q(area_id__in=democratic_services_area_ids(user) or ())
        | Q(clearances__officer_id=person_id)
        | (published & Q(part=CommitteeReport.Part.PUBLIC))
        | (published & Q(board_id__in=who.board_ids))
    )
    # The clearances join can repeat a report; keep each once without DISTINCT.
    return qs.filter(pk__in=CommitteeReport.objects.filter(condition).values("pk"))


def _named_officer(who: Principal, report: CommitteeReport) -> bool:
    if who.person_id is None:
        return False
    cache = getattr(report, "_prefetched_objects_cache", {})
    if "clearances" in cache:
        return any(c.officer_id == who.person_id for c in report.clearances.all())
    return Clearance.objects.filter(report_id=report.pk, officer_id=who.person_id).exists()


def can_view(user, report: CommitteeReport) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


def can_see_member_version(user, report: CommitteeReport) -> bool:
    """Whether the user may have the member version, with the internal clearance log."""
    if is_democratic_services(user, report.area_id):
        return True
    who = principal(user)
    if not _signed_in(user):
        return False
    return _named_officer(who, report) or (
        report.board_id is not None and report.board_id in who.board_ids
    )


def can_create(user, area=None) -> bool:
    """May the user start a report (in ``area``)? Democratic services of the area may."""
    if area is None:
        allowed = democratic_services_area_ids(user)
        return allowed is None or bool(allowed)
    return is_democratic_services(user, getattr(area, "pk", area))


def can_author(user, report: CommitteeReport) -> bool:
    """May the user change the report's content? Only while it is the newest draft."""
    return report.is_editable and is_democratic_services(user, report.area_id)


def can_manage(user, report: CommitteeReport) -> bool:
    """May the user move the report through clearance and publication, and revise it?"""
    return is_democratic_services(user, report.area_id)


def can_name_officers(user, report: CommitteeReport) -> bool:
    """May the user name or remove clearing officers? While it is written or in clearance."""
    return (
        report.is_newest
        and report.status in CommitteeReport.OPEN_STATUSES
        and is_democratic_services(user, report.area_id)
    )


def clearances_for(user, report: CommitteeReport) -> list[Clearance]:
    """Return the named clearances of the report that the user may record now."""
    who = principal(user)
    if not _signed_in(user) or who.person_id is None:
        return []
    if report.status != CommitteeReport.Status.IN_CLEARANCE or not report.is_newest:
        return []
    return [
        c
        for c in report.clearances.all()
        if c.officer_id == who.person_id and c.decision == Clearance.Decision.PENDING
    ]


def can_record_clearance(user, clearance: Clearance) -> bool:
    """May the user record this clearance? Only the officer named, while it is pending."""
    report = clearance.report
    if report.status != CommitteeReport.Status.IN_CLEARANCE or not report.is_newest:
        return False
    if clearance.decision != Clearance.Decision.PENDING:
        return False
    who = principal(user)
    return _signed_in(user) and who.person_id is not None and clearance.officer_id == who.person_id


# --- inspection evidence packs ----------------------------------------------------------


def can_make_evidence_pack(user, area_id: int) -> bool:
    """May the user make (and download) the area's evidence packs? Its board chairs,
    business managers and democratic services officers may."""
    who = principal(user)
    if who.is_superuser:
        return True
    if not _signed_in(user) or area_id not in who.area_ids:
        return False
    return area_id in who.editable_area_ids or is_democratic_services(user, area_id)


def evidence_packs_visible_to(user, queryset: QuerySet | None = None) -> QuerySet:
    """Return the packs of the areas the user may make packs for."""
    qs = visible_to(user, EvidencePack, queryset)
    who = principal(user)
    if who.is_superuser:
        return qs
    return qs.filter(area_id__in=[a for a in who.area_ids if can_make_evidence_pack(user, a)])


def can_download_evidence_pack(user, pack: EvidencePack, now) -> bool:
    """May the user download the pack now? Only a finished one, before its link expires."""
    return (
        pack.status == EvidencePack.Status.READY
        and pack.expires_at is not None
        and pack.expires_at > now
        and can_make_evidence_pack(user, pack.area_id)
    )


# --- registration with the boards policy ------------------------------------------------


def _report_create(who: Principal, parent) -> bool:
    if who.is_superuser:
        return True
    if not who.is_democratic_services:
        return False
    if parent is None:
        return bool(who.area_ids)
    area_id = getattr(parent, "area_id", None) or getattr(parent, "pk", None)
    return area_id in who.area_ids


def _report_edit(who: Principal, report: CommitteeReport) -> bool:
    return report.is_editable and (
        who.is_superuser or (who.is_democratic_services and report.area_id in who.area_ids)
    )


def _never(*args) -> bool:
    return False


register(
    CommitteeReport,
    Rule(
        area_paths=("area",),
        area_of=lambda r: {r.area_id},
        can_edit=_report_edit,
        can_create=_report_create,
    ),
)
for _model in (Recommendation, ReportSection, OtherImplication, Appendix):
    register(
        _model,
        Rule(
            area_paths=("report__area",),
            area_of=lambda row: {row.report.area_id},
            can_edit=lambda who, row: _report_edit(who, row.report),
            can_create=_never,
        ),
    )
register(
    Clearance,
    Rule(
        area_paths=("report__area",),
        area_of=lambda c: {c.report.area_id},
        can_edit=_never,
        can_create=_never,
    ),
)
register(
    EvidencePack,
    Rule(
        area_paths=("area",),
        area_of=lambda pack: {pack.area_id},
        can_edit=_never,
        can_create=lambda who, area: (
            who.is_superuser or getattr(area, "pk", area) in who.editable_area_ids
        ),
    ),
)
