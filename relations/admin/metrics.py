"""Metrics and their observations: figures as reported, each with its citation."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count

from articles.forms import ReportedDatesForm
from relations.admin.citations import CitationCountMixin, CitationInline
from relations.admin.prefill import ObservationForm, ProposalPrefillMixin
from relations.models import Metric, Observation


class ObservationInline(admin.TabularInline):
    """Figures of a metric, editable in place; new ones are added with their citation."""

    model = Observation
    form = ReportedDatesForm
    fields = (
        "relationship",
        "period_start",
        "period_precision",
        "value",
        "unit",
        "qualifier",
        "by_some_accounts",
        "claimed_by",
    )
    autocomplete_fields = ("claimed_by",)
    show_change_link = True
    extra = 0
    verbose_name_plural = "observations (add new ones from Observations, with their citation)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("relationship", "claimed_by")

    def has_add_permission(self, request, obj=None):
        # An observation must cite an article, and inlines cannot nest a citation inline.
        return False


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "unit", "direction", "observation_count")
    search_fields = ("name", "slug", "description", "cues")
    fields = ("name", "slug", "unit", "description", "direction", "cues")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    inlines = (ObservationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(observation_count=Count("observations"))

    @admin.display(description="observations", ordering="observation_count")
    def observation_count(self, metric: Metric) -> int:
        return metric.observation_count


@admin.register(Observation)
class ObservationAdmin(ProposalPrefillMixin, CitationCountMixin, admin.ModelAdmin):
    form = ObservationForm
    proposal_kind = "observation"
    list_display = (
        "metric",
        "relationship",
        "value",
        "unit",
        "period",
        "qualifier",
        "by_some_accounts",
        "claimed_by",
        "citation_count",
    )
    list_filter = (
        "metric",
        "relationship",
        "qualifier",
        "by_some_accounts",
        "period_precision",
    )
    list_select_related = ("metric", "relationship", "claimed_by")
    search_fields = ("metric__name", "note")
    date_hierarchy = "period_start"
    autocomplete_fields = ("metric", "claimed_by")
    ordering = ("metric__name", "period_start")
    inlines = (CitationInline,)

    @admin.display(description="period", ordering="period_start")
    def period(self, observation: Observation) -> str:
        return observation.period_display
