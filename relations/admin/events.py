"""Events and their CAMEO categories; a change to either recomputes the stored temperature."""

from __future__ import annotations

import pghistory
from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q

from articles.forms import ReportedDatesForm
from relations.admin.bulk import attach_actor, set_precision
from relations.admin.citations import CitationCountMixin, CitationInline
from relations.admin.history import HistoryMixin
from relations.admin.prefill import ProposalPrefillMixin
from relations.admin.search import RankedSearchMixin
from relations.models import Actor, Event, EventCategory
from relations.selectors.actors import actor_alias_filter
from relations.services.rollup import temperature_recompute_on_commit


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


class EventCategoryForm(forms.ModelForm):
    """A category's own page: a change of weight says why, since it reweights every temperature."""

    change_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        label="Reason for the change",
        help_text="Required when the score changes: it is kept in the category's history.",
    )

    class Meta:
        model = EventCategory
        fields = (
            "code",
            "name",
            "description",
            "parent",
            "default_score",
            "codebook_version",
            "cues",
        )

    def clean(self):
        cleaned_data = super().clean()
        weight_changed = self.instance.pk is not None and "default_score" in self.changed_data
        if weight_changed and not cleaned_data.get("change_reason", "").strip():
            self.add_error(
                "change_reason",
                "Say why the score changes: every temperature is recomputed with the new weight.",
            )
        return cleaned_data


@admin.register(EventCategory)
class EventCategoryAdmin(RankedSearchMixin, HistoryMixin, admin.ModelAdmin):
    """Read-only list: a weight is changed on the category's own page, with a reason."""

    form = EventCategoryForm
    ranked_names = ("code", "name")
    list_display = ("code", "name", "parent", "default_score", "codebook_version", "event_count")
    list_display_links = ("code", "name")
    list_filter = (CategoryLevelFilter, "codebook_version")
    list_select_related = ("parent",)
    search_fields = ("code", "name", "description", "cues")
    ordering = ("code",)
    fields = ("code", "name", "description", "parent", "default_score", "codebook_version", "cues")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description="events", ordering="event_count")
    def event_count(self, category: EventCategory) -> int:
        return category.event_count

    def save_model(self, request, obj, form, change):
        reason = form.cleaned_data.get("change_reason", "").strip()
        if reason:
            with pghistory.context(reason=reason):
                super().save_model(request, obj, form, change)
        else:
            super().save_model(request, obj, form, change)
        temperature_recompute_on_commit(everything=True)

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        reason = form.cleaned_data.get("change_reason", "").strip()
        if reason and not add:
            message.append({"changed": {"fields": [f"reason: {reason}"]}})
        return message

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        temperature_recompute_on_commit(everything=True)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            temperature_recompute_on_commit(everything=True)


class ScoreOverrideFilter(EmptyOrSetFilter):
    title = "score"
    parameter_name = "score"
    field_name = "score_override"
    options = (
        ("override", "Overridden by a curator", False),
        ("category", "Category's score", True),
    )


@admin.register(Event)
class EventAdmin(ProposalPrefillMixin, CitationCountMixin, HistoryMixin, admin.ModelAdmin):
    form = ReportedDatesForm
    proposal_kind = "event"
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
        ("actors", admin.RelatedOnlyFieldListFilter),
        ("citations__article", admin.RelatedOnlyFieldListFilter),
        ScoreOverrideFilter,
        "occurred_on_precision",
        "date_basis",
    )
    list_select_related = ("relationship", "category")
    search_fields = (
        "title",
        "summary",
        "location",
        "note",
        "category__code",
        "category__name",
        "citations__article__title",
    )
    search_help_text = (
        "Words of the title or summary, an actor (any spelling), an article's title or a category."
    )
    date_hierarchy = "occurred_on"
    autocomplete_fields = ("category", "actors")
    actions = (set_precision, attach_actor)
    ordering = ("-occurred_on", "-id")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("relationship", "title", "summary", "location", "actors")}),
        (
            "Sides",
            {
                "fields": (("initiator", "target"), "mutual"),
                "description": "Who acted toward whom: the directed temperature reads these. "
                "A joint act is mutual, with initiator and target left empty.",
            },
        ),
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
        return super().get_queryset(request).with_effective_score()

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return matched, may_have_duplicates
        # An actor is found by any of its spellings, a phrase rather than separate words.
        by_actor = actor_alias_filter(Actor.objects.filter(events=OuterRef("pk")), search_term)
        found = queryset.filter(Q(pk__in=matched.values("pk")) | Q(Exists(by_actor)))
        return found, False

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
        temperature_recompute_on_commit([obj.relationship_id, previous])

    def delete_model(self, request, obj):
        relationship_id = obj.relationship_id
        super().delete_model(request, obj)
        temperature_recompute_on_commit([relationship_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            relationship_ids = set(queryset.values_list("relationship_id", flat=True))
            super().delete_queryset(request, queryset)
            temperature_recompute_on_commit(relationship_ids)
