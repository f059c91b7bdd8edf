"""Computed and bookkeeping rows, written by services and triggers: read-only here."""

from __future__ import annotations

from django.contrib import admin

from relations.models import Deletion, TemperaturePoint


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services, never by hand: curators may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TemperaturePoint)
class TemperaturePointAdmin(ReadOnlyAdmin):
    list_display = ("relationship", "month", "value", "low", "high", "event_count", "computed_at")
    list_filter = ("relationship",)
    list_select_related = ("relationship",)
    date_hierarchy = "month"
    ordering = ("relationship__name", "-month")


@admin.register(Deletion)
class DeletionAdmin(ReadOnlyAdmin):
    list_display = ("kind", "object_id", "deleted_at")
    list_filter = ("kind",)
    search_fields = ("kind", "=object_id")
    date_hierarchy = "deleted_at"
    ordering = ("-deleted_at", "-id")
