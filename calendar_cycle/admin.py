"""The admin shows occurrences and their history; changes go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CalendarFeed, Digest, Occurrence, Reminder, TriggerEvent


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
        "escalated_on",
    )
    list_filter = ("state", "kind", "financial_year", ("escalated_on", admin.EmptyFieldListFilter))
    search_fields = ("obligation__description", "version__title", "period_key")
    list_select_related = ("obligation", "version")
    date_hierarchy = "due_on"


@admin.register(TriggerEvent)
class TriggerEventAdmin(ReadOnlyAdmin):
    list_display = ("protocol", "obligation_key", "happened_on", "recorded_by")
    list_select_related = ("protocol__current_version", "recorded_by")


class SentEmailAdmin(admin.ModelAdmin):
    """Reminders and digests: claimed rows, looked at; one left unsent can be deleted, and the
    next run claims and sends it afresh."""

    list_filter = (("sent_at", admin.EmptyFieldListFilter),)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(SentEmailAdmin):
    list_display = ("occurrence", "offset", "sent_at", "attempts", "last_error", "recipients")
    list_select_related = ("occurrence__obligation",)


@admin.register(Digest)
class DigestAdmin(SentEmailAdmin):
    list_display = ("person", "week_of", "items", "sent_at", "attempts", "last_error")
    list_select_related = ("person",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "user", "board", "created", "revoked_at")
    list_select_related = ("user", "board")
    exclude = ("token",)
