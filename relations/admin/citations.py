"""Citations: the inline every agreement, observation and event shares, and their own admin."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, F
from django.forms.models import BaseInlineFormSet

from relations.admin.history import HistoryMixin
from relations.models import Citation


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
        if text and cleaned_data.get("span_start") is not None:
            # Pointed at words of the text again: no longer stale.
            self.instance.stale = False
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


class CitationInline(admin.TabularInline):
    """The articles behind an agreement, observation or event: at least one on a new entry."""

    model = Citation
    form = CitationForm
    formset = CitationFormSet
    fields = ("article", "span_start", "span_end", "quote", "stale", "note")
    readonly_fields = ("quote", "stale")
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


class CitationCountMixin:
    """A sortable column counting the citations of each listed agreement, observation or event."""

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, obj) -> int:
        return obj.citation_count


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
class CitationAdmin(HistoryMixin, admin.ModelAdmin):
    form = CitationForm
    list_display = ("article", "cited", "span_start", "span_end", "quote_excerpt", "stale")
    list_filter = (
        CitedKindFilter,
        "stale",
        ("article__source", admin.RelatedOnlyFieldListFilter),
    )
    list_select_related = ("article__source", "agreement", "observation__metric", "event")
    search_fields = ("quote", "note", "article__title")
    autocomplete_fields = ("article", "agreement", "event")
    raw_id_fields = ("observation",)
    readonly_fields = ("quote", "stale")
    fields = (
        "article",
        "agreement",
        "observation",
        "event",
        "span_start",
        "span_end",
        "quote",
        "stale",
        "note",
    )
    ordering = (F("article__published_on").desc(nulls_last=True), "id")

    @admin.display(description="cites")
    def cited(self, citation: Citation) -> str:
        cited = citation.agreement or citation.observation or citation.event
        return f"{cited._meta.verbose_name}: {cited}" if cited else ""

    @admin.display(description="quote")
    def quote_excerpt(self, citation: Citation) -> str:
        quote = citation.quote
        return quote if len(quote) <= 80 else f"{quote[:79]}…"
