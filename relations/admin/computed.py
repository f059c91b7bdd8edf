"""Computed rows, written by services: read-only here."""

from __future__ import annotations

from django.contrib import admin, messages

from api.admin import ReadOnlyAdmin
from relations.models import (
    RelationshipTally,
    TemperaturePoint,
    TemperatureRecomputeFailure,
    TurningPoint,
)
from relations.services.rollup import temperature_recompute_reported


@admin.register(TemperaturePoint)
class TemperaturePointAdmin(ReadOnlyAdmin):
    list_display = (
        "relationship", "direction", "month", "value", "low", "high", "event_count", "computed_at",
    )  # fmt: skip
    list_filter = ("relationship", "direction")
    list_select_related = ("relationship",)
    date_hierarchy = "month"
    ordering = ("relationship__name", "direction", "-month")


@admin.register(RelationshipTally)
class RelationshipTallyAdmin(ReadOnlyAdmin):
    """What /relationships/ shows of each relationship, as of a version of the record."""

    list_display = (
        "relationship", "event_count", "agreement_count", "observation_count", "last_changed",
        "record_version",
    )  # fmt: skip
    list_select_related = ("relationship",)
    ordering = ("relationship__name",)


@admin.register(TurningPoint)
class TurningPointAdmin(ReadOnlyAdmin):
    list_display = ("relationship", "month", "previous_value", "value", "computed_at")
    list_filter = ("relationship",)
    list_select_related = ("relationship",)
    date_hierarchy = "month"
    ordering = ("relationship__name", "-month")


@admin.register(TemperatureRecomputeFailure)
class TemperatureRecomputeFailureAdmin(ReadOnlyAdmin):
    """Relationships whose stored temperature is out of date because a recompute failed."""

    list_display = ("relationship", "error", "attempts", "first_failed_at", "last_failed_at")
    list_select_related = ("relationship",)
    ordering = ("first_failed_at",)
    actions = ("retry_selected",)

    @admin.action(description="Retry the recompute now", permissions=["view"])
    def retry_selected(self, request, queryset):
        ids = list(queryset.values_list("relationship_id", flat=True))
        done = sum(temperature_recompute_reported(relationship_id=pk) for pk in ids)
        if done:
            self.message_user(request, f"Recomputed {done} of {len(ids)}.", messages.SUCCESS)
        if done < len(ids):
            self.message_user(
                request, f"{len(ids) - done} still failing: see the error column.", messages.ERROR
            )
