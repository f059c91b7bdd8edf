"""Events and their CAMEO categories; a change to either recomputes the stored temperature."""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import Coalesce

from relations.admin.citations import CitationCountMixin, CitationInline
from relations.admin.dates import ReportedDatesForm
from relations.models import Event, EventCategory, Relationship
from relations.services import rollup


def schedule_temperature_recompute(
    request, *, relationship_ids=(), everything: bool = False
) -> None:
    """Recompute the stored temperature once the curator's change commits (once per request)."""
    pending = request.__dict__.setdefault(
        "_temperature_pending", {"everything": False, "ids": set(), "registered": False}
    )
    pending["everything"] |= everything
    pending["ids"].update(pk for pk in relationship_ids if pk is not None)
    if not pending["registered"]:
        pending["registered"] = True
        transaction.on_commit(lambda: _recompute_pending(request))


def _recompute_pending(request) -> None:
    pending = request.__dict__.pop("_temperature_pending", None)
    if not pending:
        return
    if pending["everything"]:
        rollup.temperature_recompute_all()
        return
    for relationship in Relationship.objects.filter(pk__in=pending["ids"]):
        rollup.temperature_recompute(relationship=relationship)


class EmptyOrSetFilter(admin.SimpleListFilter):
    """Options keeping the rows where `field_name` is empty, or the rows where it is set."""

    field_name: str
    options: tuple[tuple[str, str, bool], ...]  # (parameter value, label, field is empty)

    def lookups(self, request, model_admin):
        return tuple((value, label) for value, label, _ in self.options)

    def queryset(self, request, queryset):
        for value, _, empty in self.options:
            if self.value() == value:
                return queryset.filter(**{f"{self.field_name}__isnull": empty})
        return queryset


class CategoryLevelFilter(EmptyOrSetFilter):
    title = "level"
    parameter_name = "level"
    field_name = "parent"
    options = (("root", "Root codes", True), ("sub", "Sub-codes", False))


@admin.register(EventCategory)
class EventCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "default_score", "codebook_version", "event_count")
    list_display_links = ("code", "name")
    list_editable = ("parent", "default_score", "codebook_version")
    list_filter = (CategoryLevelFilter, "codebook_version")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "description")
    ordering = ("code",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "parent":
            # Evaluated once: the editable list would otherwise query the table per row.
            field.choices = [(str(value), label) for value, label in field.choices]
        return field

    @admin.display(description="events", ordering="event_count")
    def event_count(self, category: EventCategory) -> int:
        return category.event_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        schedule_temperature_recompute(request, everything=True)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        schedule_temperature_recompute(request, everything=True)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            schedule_temperature_recompute(request, everything=True)


class ScoreOverrideFilter(EmptyOrSetFilter):
    title = "score"
    parameter_name = "score"
    field_name = "score_override"
    options = (
        ("override", "Overridden by a curator", False),
        ("category", "Category's score", True),
    )


@admin.register(Event)
class EventAdmin(CitationCountMixin, admin.ModelAdmin):
    form = ReportedDatesForm
    list_display = (
        "occurred",
        "title",
        "relationship",
        "category",
        "effective_score",
        "confidence",
        "citation_count",
    )
    list_display_links = ("occurred", "title")
    list_filter = (
        "relationship",
        ("category", admin.RelatedOnlyFieldListFilter),
        ScoreOverrideFilter,
        "occurred_on_precision",
        "date_basis",
    )
    list_select_related = ("relationship", "category")
    search_fields = ("title", "summary", "location", "note", "category__code", "category__name")
    date_hierarchy = "occurred_on"
    autocomplete_fields = ("category", "actors")
    ordering = ("-occurred_on", "-id")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("relationship", "title", "summary", "location", "actors")}),
        (
            "When",
            {
                "fields": (("occurred_on", "occurred_on_precision"), "date_basis", "note"),
                "description": "Say no more than the sources: where the cited text does not "
                "state the date, choose how it was reckoned and explain it in the note.",
            },
        ),
        (
            "Score",
            {
                "fields": ("category", "score_override", "score_override_reason", "confidence"),
                "description": "The temperature uses the override where one is given, "
                "otherwise the category's score. An override needs a reason.",
            },
        ),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(effective_score=Coalesce(F("score_override"), F("category__default_score")))
        )

    @admin.display(description="date", ordering="occurred_on")
    def occurred(self, event: Event) -> str:
        return event.occurred_display

    @admin.display(description="score", ordering="effective_score")
    def effective_score(self, event: Event) -> str:
        marker = " (override)" if event.score_override is not None else ""
        return f"{event.effective_score:+.1f}{marker}"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Moving an event to another relationship changes both relationships' temperatures.
        previous = form.initial.get("relationship") if change else None
        schedule_temperature_recompute(request, relationship_ids={obj.relationship_id, previous})

    def delete_model(self, request, obj):
        relationship_id = obj.relationship_id
        super().delete_model(request, obj)
        schedule_temperature_recompute(request, relationship_ids={relationship_id})

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            relationship_ids = set(queryset.values_list("relationship_id", flat=True))
            super().delete_queryset(request, queryset)
            schedule_temperature_recompute(request, relationship_ids=relationship_ids)
