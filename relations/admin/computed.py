"""Computed rows, written by services: read-only here."""

from __future__ import annotations

from django.contrib import admin

from api.admin import ReadOnlyAdmin
from relations.models import TemperaturePoint


@admin.register(TemperaturePoint)
class TemperaturePointAdmin(ReadOnlyAdmin):
    list_display = ("relationship", "month", "value", "low", "high", "event_count", "computed_at")
    list_filter = ("relationship",)
    list_select_related = ("relationship",)
    date_hierarchy = "month"
    ordering = ("relationship__name", "-month")
