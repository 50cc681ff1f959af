"""The admin shows occurrences and their history; changes go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarFeed, Occurrence, Reminder, TriggerEvent


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Records the services write; the admin only looks (no side door past the checks)."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "kind",
        "financial_year",
        "period_key",
        "opens_on",
        "due_on",
        "state",
    )
    list_filter = ("state", "kind", "financial_year")
    search_fields = ("obligation__description", "version__title", "period_key")
    list_select_related = ("obligation", "version")
    date_hierarchy = "due_on"


@admin.register(TriggerEvent)
class TriggerEventAdmin(ReadOnlyAdmin):
    list_display = ("protocol", "obligation_key", "happened_on", "recorded_by")
    list_select_related = ("protocol__current_version", "recorded_by")


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ("occurrence", "offset", "sent_at", "recipients")
    list_select_related = ("occurrence__obligation",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "user", "board", "created", "revoked_at")
    list_select_related = ("user", "board")
    exclude = ("token",)
