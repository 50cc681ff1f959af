from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Area,
    AreaAccess,
    Board,
    Meeting,
    Membership,
    Organisation,
    Person,
    Post,
    Priority,
    Subgroup,
)


@admin.register(Area)
class AreaAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "kind")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "kind", "area", "dissolved")
    list_filter = ("kind", "area")
    search_fields = ("name", "short_name")
    list_select_related = ("area",)


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ("full_name", "job_title", "area", "user")
    search_fields = ("full_name", "email")
    list_select_related = ("area", "user")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("person", "role", "board", "subgroup", "start_date", "end_date")
    list_filter = ("role",)
    list_select_related = ("person", "board", "subgroup")


for model in (AreaAccess, Organisation, Subgroup, Post, Priority, Meeting):
    admin.site.register(model, SimpleHistoryAdmin)
