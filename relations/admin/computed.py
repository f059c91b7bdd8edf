"""Computed rows, written by services: read-only here."""

from __future__ import annotations

from django.contrib import admin

from api.admin import ReadOnlyAdmin
from relations.models import TemperaturePoint, TurningPoint


@admin.register(TemperaturePoint)
class TemperaturePointAdmin(ReadOnlyAdmin):
    list_display = (
        "relationship", "direction", "month", "value", "low", "high", "event_count", "computed_at",
    )  # fmt: skip
    list_filter = ("relationship", "direction")
    list_select_related = ("relationship",)
    date_hierarchy = "month"
    ordering = ("relationship__name", "direction", "-month")


@admin.register(TurningPoint)
class TurningPointAdmin(ReadOnlyAdmin):
    list_display = ("relationship", "month", "previous_value", "value", "computed_at")
    list_filter = ("relationship",)
    list_select_related = ("relationship",)
    date_hierarchy = "month"
    ordering = ("relationship__name", "-month")
