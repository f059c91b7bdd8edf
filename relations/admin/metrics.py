"""Metrics and their observations: figures as reported, each with its citation."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import admin
from django.db.models import Count, Q

from articles.forms import ReportedDatesForm
from relations.admin.bulk import set_precision
from relations.admin.citations import CitationCountMixin, CitationInline
from relations.admin.history import HistoryMixin
from relations.admin.prefill import ObservationForm, ProposalPrefillMixin
from relations.models import Metric, Observation


def figure(text: str) -> Decimal | None:
    """A typed number ("1,200.5", "-3") as a Decimal; None for anything else."""
    cleaned = text.strip().replace(",", "").replace("\u00a0", "").replace(" ", "")
    if not cleaned or len(cleaned) > 30:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


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
class MetricAdmin(HistoryMixin, admin.ModelAdmin):
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
class ObservationAdmin(ProposalPrefillMixin, CitationCountMixin, HistoryMixin, admin.ModelAdmin):
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
    search_fields = ("metric__name", "metric__slug", "unit", "note")
    search_help_text = "A metric's name, a unit, words of the note, or a value (1200 or 1,200.5)."
    date_hierarchy = "period_start"
    autocomplete_fields = ("metric", "claimed_by")
    actions = (set_precision,)
    ordering = ("metric__name", "period_start")
    inlines = (CitationInline,)

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        value = figure(search_term)
        if value is None:
            return matched, may_have_duplicates
        return queryset.filter(Q(pk__in=matched.values("pk")) | Q(value=value)), False

    @admin.display(description="period", ordering="period_start")
    def period(self, observation: Observation) -> str:
        return observation.period_display
