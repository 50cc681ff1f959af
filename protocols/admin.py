"""The admin shows protocols and their history; every change goes through the services.

Adding, changing or deleting a row here would skip the lifecycle, the frozen-version
rule and the signature hash, so the admin is read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

# The policy registers the protocols models with the boards policy on import; the admin
# is loaded at start-up, so every process has the rules before the first request.
from . import permissions  # noqa: F401
from .models import (
    Approval,
    Comment,
    Concern,
    ConcernStep,
    LadderStep,
    Obligation,
    Party,
    PostResponsibility,
    Protocol,
    ProtocolImport,
    ProtocolVersion,
    Section,
    Signature,
)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """View rows and their history; never write them from here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PartyInline(admin.TabularInline):
    model = Party
    fields = ("order", "board", "lead_officer", "signatory_kind", "signatory_post")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ApprovalInline(admin.TabularInline):
    model = Approval
    fields = ("board", "decided_on", "decided_by", "meeting", "minute_reference", "recorded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SignatureInline(admin.TabularInline):
    model = Signature
    fields = ("board", "signer", "capacity", "signed_at", "method", "content_hash")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyHistoryAdmin):
    list_display = ("reference", "area", "current_version")
    list_filter = ("area",)
    search_fields = ("reference", "versions__title")
    list_select_related = ("area", "current_version")


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("title", "number", "protocol", "status", "in_force_from", "ended_on")
    list_filter = ("status", "protocol__area")
    search_fields = ("title", "protocol__reference")
    list_select_related = ("protocol",)
    inlines = (PartyInline, ApprovalInline, SignatureInline)


@admin.register(Section)
class SectionAdmin(ReadOnlyHistoryAdmin):
    list_display = ("heading", "order", "kind", "version", "revision")
    list_filter = ("kind",)
    search_fields = ("heading", "body")
    list_select_related = ("version",)


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyHistoryAdmin):
    list_display = ("description", "what", "owing_board", "receiving_board", "version")
    list_filter = ("what",)
    search_fields = ("description",)
    list_select_related = ("version", "owing_board", "receiving_board")


@admin.register(Signature)
class SignatureAdmin(ReadOnlyHistoryAdmin):
    list_display = ("signer", "capacity", "board", "version", "signed_at", "method")
    list_filter = ("method",)
    list_select_related = ("signer", "board", "version")


@admin.register(Concern)
class ConcernAdmin(ReadOnlyHistoryAdmin):
    list_display = ("subject", "protocol", "raised_by_board", "raised_with_board", "status")
    list_filter = ("status",)
    list_select_related = ("protocol", "raised_by_board", "raised_with_board")


@admin.register(ProtocolImport)
class ProtocolImportAdmin(ReadOnlyHistoryAdmin):
    list_display = ("filename", "area", "status", "uploaded_by", "created", "version")
    list_filter = ("status", "kind", "area")
    search_fields = ("filename", "sha256")
    list_select_related = ("area", "uploaded_by", "version")
    exclude = ("proposal",)


for model in (Party, PostResponsibility, LadderStep, Comment, Approval, ConcernStep):
    admin.site.register(model, ReadOnlyHistoryAdmin)
