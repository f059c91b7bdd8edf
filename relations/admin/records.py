"""Admin for the curated record: every model of `relations` but API tokens (tokens.py).

Rules live in the models' named constraints, which Django 5.2 checks in `full_clean`, so a
violation reaches the curator as a form error. What the constraints cannot see (two rows of one
formset naming the same spelling, a span past the end of the text) is checked here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import connection, models, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet

from articles.dates import format_reported_date, truncate
from relations.models import (
    Actor,
    ActorAlias,
    ActorRole,
    Agreement,
    Citation,
    Country,
    Deletion,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
    TemperaturePoint,
)
from relations.selectors.actors import actor_alias_filter
from relations.services import rollup

# Forms ----------------------------------------------------------------------------------------


def date_field_of(precision_field: str) -> str:
    """`occurred_on_precision` qualifies `occurred_on`; `period_precision` qualifies `period_start`."""
    stem = precision_field.removesuffix("_precision")
    return "period_start" if stem == "period" else stem


class ReportedDatesForm(forms.ModelForm):
    """Stores a month- or year-precise date as the first day of its interval, as the record does."""

    def clean(self):
        cleaned_data = super().clean()
        for name in self.fields:
            if not name.endswith("_precision"):
                continue
            date_name = date_field_of(name)
            value, precision = cleaned_data.get(date_name), cleaned_data.get(name)
            if value is not None and precision:
                cleaned_data[date_name] = truncate(value, precision)
        return cleaned_data


def quote_from_span(text: str, span_start: int | None, span_end: int | None) -> str | None:
    """The sentence a span points at in an article's stored text; None where there is none."""
    if not text or span_start is None or span_end is None:
        return None
    return text[span_start:span_end]


class CitationForm(forms.ModelForm):
    """A citation whose quote is taken from the article's stored text, never typed."""

    class Meta:
        model = Citation
        fields = ("article", "agreement", "observation", "event", "span_start", "span_end", "note")

    def clean(self):
        cleaned_data = super().clean()
        article = cleaned_data.get("article")
        span_end = cleaned_data.get("span_end")
        text = article.text if article is not None else ""
        if text and span_end is not None and span_end > len(text):
            self.add_error(
                "span_end",
                f"The article's text has {len(text)} characters; the span must end within it.",
            )
        return cleaned_data

    def save(self, commit=True):
        article = self.cleaned_data.get("article")
        quote = quote_from_span(
            article.text if article is not None else "",
            self.cleaned_data.get("span_start"),
            self.cleaned_data.get("span_end"),
        )
        if quote is not None:
            self.instance.quote = quote
        return super().save(commit=commit)


class CitationFormSet(BaseInlineFormSet):
    default_error_messages = {
        "too_few_forms": "Cite at least one article: every entry of the record rests on a source.",
    }


def normalized_names(names: list[str]) -> list[str]:
    """The alias key of each name, computed by the database's own bilateral_normalize()."""
    if not names:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bilateral_normalize(name) FROM unnest(%s::text[]) WITH ORDINALITY AS t(name, i)"
            " ORDER BY i",
            [names],
        )
        return [row[0] for row in cursor.fetchall()]


class ActorAliasFormSet(BaseInlineFormSet):
    """Catches two new rows spelling the same alias, which no single row's check can see."""

    def clean(self):
        super().clean()
        forms_with_names = [
            form
            for form in self.forms
            if form.cleaned_data.get("name")
            and not (self.can_delete and self._should_delete_form(form))
        ]
        keys = normalized_names([form.cleaned_data["name"] for form in forms_with_names])
        seen: set[str] = set()
        for form, key in zip(forms_with_names, keys, strict=True):
            if key in seen:
                form.add_error(
                    "name", "Another row here has this spelling already (case and accents aside)."
                )
            seen.add(key)


# Temperature recompute ------------------------------------------------------------------------


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


# Inlines --------------------------------------------------------------------------------------


class CitationInline(admin.TabularInline):
    """The articles behind an agreement, observation or event: at least one on a new entry."""

    model = Citation
    form = CitationForm
    formset = CitationFormSet
    fields = ("article", "span_start", "span_end", "quote", "note")
    readonly_fields = ("quote",)
    autocomplete_fields = ("article",)
    extra = 0
    # Keep the tabular row readable: the note is a sentence or two.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 30})}
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article__source")

    def get_min_num(self, request, obj=None, **kwargs):
        # A new entry must cite; an existing one may not drop its last citation. Rows stored
        # before this rule (uncited) stay editable rather than blocked.
        if obj is None:
            return 1
        return 1 if obj.citations.exists() else 0

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_min", True)
        return super().get_formset(request, obj, **kwargs)


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    formset = ActorAliasFormSet
    fields = ("name", "normalized", "note")
    readonly_fields = ("normalized",)
    extra = 1


class ActorRoleInline(admin.TabularInline):
    model = ActorRole
    form = ReportedDatesForm
    fields = (
        "title",
        "country",
        "started_on",
        "started_on_precision",
        "ended_on",
        "ended_on_precision",
    )
    extra = 0


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


# Reference data -------------------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("name", "code")
    search_fields = ("name", "code")
    ordering = ("name",)


@admin.register(Relationship)
class RelationshipAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "country_a", "country_b", "period_start", "period_end")
    list_select_related = ("country_a", "country_b")
    search_fields = ("name", "slug", "country_a__name", "country_b__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country_a", "country_b")
    ordering = ("name",)


# Actors ---------------------------------------------------------------------------------------


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "alias_names", "slug")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("name", "slug")
    search_help_text = "Any spelling of a name: case and accents do not matter."
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    ordering = ("name",)
    inlines = (ActorAliasInline, ActorRoleInline)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return matched, may_have_duplicates
        by_alias = actor_alias_filter(Actor.objects.all(), search_term)
        return (
            queryset.filter(Q(pk__in=matched.values("pk")) | Q(pk__in=by_alias.values("pk"))),
            False,
        )

    @admin.display(description="aliases")
    def alias_names(self, actor: Actor) -> str:
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "normalized", "actor", "note")
    list_filter = ("actor__kind",)
    list_select_related = ("actor",)
    search_fields = ("name", "normalized", "actor__name")
    readonly_fields = ("normalized",)
    autocomplete_fields = ("actor",)
    ordering = ("normalized",)


@admin.register(ActorRole)
class ActorRoleAdmin(admin.ModelAdmin):
    form = ReportedDatesForm
    list_display = ("title", "actor", "country", "started", "ended")
    list_filter = (
        ("country", admin.RelatedOnlyFieldListFilter),
        "started_on_precision",
        ("ended_on", admin.EmptyFieldListFilter),
    )
    list_select_related = ("actor", "country")
    search_fields = ("title", "actor__name")
    autocomplete_fields = ("actor", "country")
    date_hierarchy = "started_on"
    ordering = ("actor__name", "started_on")

    @admin.display(description="from", ordering="started_on")
    def started(self, role: ActorRole) -> str:
        return format_reported_date(role.started_on, role.started_on_precision)

    @admin.display(description="until", ordering="ended_on")
    def ended(self, role: ActorRole) -> str:
        return format_reported_date(role.ended_on, role.ended_on_precision)


# Agreements, metrics and observations ---------------------------------------------------------


class CitationCountMixin:
    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj) -> int:
        return obj.citation_count


@admin.register(Agreement)
class AgreementAdmin(CitationCountMixin, admin.ModelAdmin):
    form = ReportedDatesForm
    list_display = (
        "title",
        "relationship",
        "kind",
        "status",
        "signed",
        "expires",
        "citation_count",
    )
    list_filter = (
        "relationship",
        "kind",
        "status",
        "signed_on_precision",
        ("expires_on", admin.EmptyFieldListFilter),
    )
    list_select_related = ("relationship",)
    search_fields = ("title", "slug", "summary")
    date_hierarchy = "signed_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("parties", "extends", "supersedes")
    ordering = ("signed_on", "title")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("relationship", "title", "slug", "kind", "status", "parties")}),
        (
            "Dates",
            {
                "fields": (
                    ("signed_on", "signed_on_precision"),
                    ("effective_on", "effective_on_precision"),
                    ("expires_on", "expires_on_precision"),
                )
            },
        ),
        ("Lineage", {"fields": ("extends", "supersedes")}),
        ("Content", {"fields": ("summary", "provisions")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="signed", ordering="signed_on")
    def signed(self, agreement: Agreement) -> str:
        return format_reported_date(agreement.signed_on, agreement.signed_on_precision)

    @admin.display(description="expires", ordering="expires_on")
    def expires(self, agreement: Agreement) -> str:
        return format_reported_date(agreement.expires_on, agreement.expires_on_precision)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "unit", "direction", "observation_count")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    inlines = (ObservationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(observation_count=Count("observations"))

    @admin.display(description="observations", ordering="observation_count")
    def observation_count(self, metric: Metric) -> int:
        return metric.observation_count


@admin.register(Observation)
class ObservationAdmin(CitationCountMixin, admin.ModelAdmin):
    form = ReportedDatesForm
    list_display = (
        "metric",
        "relationship",
        "value",
        "unit",
        "period",
        "qualifier",
        "claimed_by",
        "citation_count",
    )
    list_filter = (
        "metric",
        "relationship",
        "qualifier",
        "period_precision",
    )
    list_select_related = ("metric", "relationship", "claimed_by")
    search_fields = ("metric__name", "note")
    date_hierarchy = "period_start"
    autocomplete_fields = ("metric", "claimed_by")
    ordering = ("metric__name", "period_start")
    inlines = (CitationInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="period", ordering="period_start")
    def period(self, observation: Observation) -> str:
        return observation.period_display


# Events and their categories ------------------------------------------------------------------


class CategoryLevelFilter(admin.SimpleListFilter):
    title = "level"
    parameter_name = "level"

    def lookups(self, request, model_admin):
        return (("root", "Root codes"), ("sub", "Sub-codes"))

    def queryset(self, request, queryset):
        if self.value() == "root":
            return queryset.filter(parent__isnull=True)
        if self.value() == "sub":
            return queryset.filter(parent__isnull=False)
        return queryset


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


class ScoreOverrideFilter(admin.SimpleListFilter):
    title = "score"
    parameter_name = "score"

    def lookups(self, request, model_admin):
        return (("override", "Overridden by a curator"), ("category", "Category's score"))

    def queryset(self, request, queryset):
        if self.value() == "override":
            return queryset.filter(score_override__isnull=False)
        if self.value() == "category":
            return queryset.filter(score_override__isnull=True)
        return queryset


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
    )
    list_select_related = ("relationship", "category")
    search_fields = ("title", "summary", "location", "category__code", "category__name")
    date_hierarchy = "occurred_on"
    autocomplete_fields = ("category", "actors")
    ordering = ("-occurred_on", "-id")
    inlines = (CitationInline,)
    fieldsets = (
        (None, {"fields": ("relationship", "title", "summary", "location", "actors")}),
        ("When", {"fields": (("occurred_on", "occurred_on_precision"),)}),
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
            .annotate(
                citation_count=Count("citations"),
                effective_score=Coalesce(F("score_override"), F("category__default_score")),
            )
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


# Citations ------------------------------------------------------------------------------------


class CitedKindFilter(admin.SimpleListFilter):
    title = "cites"
    parameter_name = "cites"

    def lookups(self, request, model_admin):
        return (("agreement", "Agreements"), ("observation", "Observations"), ("event", "Events"))

    def queryset(self, request, queryset):
        if self.value() in ("agreement", "observation", "event"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


@admin.register(Citation)
class CitationAdmin(admin.ModelAdmin):
    form = CitationForm
    list_display = ("article", "cited", "span_start", "span_end", "quote_excerpt")
    list_filter = (CitedKindFilter, ("article__source", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("article__source", "agreement", "observation__metric", "event")
    search_fields = ("quote", "note", "article__title")
    autocomplete_fields = ("article", "agreement", "event")
    raw_id_fields = ("observation",)
    readonly_fields = ("quote",)
    fields = (
        "article",
        "agreement",
        "observation",
        "event",
        "span_start",
        "span_end",
        "quote",
        "note",
    )
    ordering = ("-article__published_on", "id")

    @admin.display(description="cites")
    def cited(self, citation: Citation) -> str:
        cited = citation.agreement or citation.observation or citation.event
        return f"{cited._meta.verbose_name}: {cited}" if cited else ""

    @admin.display(description="quote")
    def quote_excerpt(self, citation: Citation) -> str:
        quote = citation.quote
        return quote if len(quote) <= 80 else f"{quote[:79]}…"


# Computed and bookkeeping rows: read-only ------------------------------------------------------


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
