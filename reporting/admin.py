"""The admin shows committee reports and their history; every change goes through the services.

Changing a report here would skip clearance and the frozen-once-cleared rule, so the
admin is read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Appendix,
    Clearance,
    CommitteeReport,
    EvidencePack,
    OtherImplication,
    Recommendation,
    ReportSection,
)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """View rows and their history; never write them from here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _Rows(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class RecommendationInline(_Rows):
    model = Recommendation
    fields = ("order", "text")


class ClearanceInline(_Rows):
    model = Clearance
    fields = ("role", "officer", "decision", "decided_at", "comment")


class AppendixInline(_Rows):
    model = Appendix
    fields = ("order", "protocol_version")


@admin.register(CommitteeReport)
class CommitteeReportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "revision", "status", "board", "committee_name", "area", "meeting")
    list_filter = ("status", "part", "area")
    search_fields = ("title", "committee_name")
    list_select_related = ("area", "board", "meeting")
    inlines = (RecommendationInline, AppendixInline, ClearanceInline)


for _model in (Recommendation, ReportSection, OtherImplication, Appendix, Clearance):
    admin.site.register(_model, ReadOnlyHistoryAdmin)


@admin.register(EvidencePack)
class EvidencePackAdmin(admin.ModelAdmin):
    """Who asked for which pack and how its build went; packs are made from the dashboard."""

    list_display = ("__str__", "status", "requested_by", "created", "expires_at")
    list_filter = ("status", "area")
    list_select_related = ("area", "protocol", "requested_by")
    readonly_fields = [f.name for f in EvidencePack._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
