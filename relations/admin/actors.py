"""Actors with their aliases (any spelling, case and accents aside) and dated roles."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db import connection
from django.db.models import Q, Value
from django.db.models.lookups import Exact
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from articles.forms import ReportedDatesForm
from relations.admin.bulk import merge_actors
from relations.admin.dates import reported_date_column
from relations.admin.history import HistoryMixin
from relations.admin.search import RankedSearchMixin, alias_rank_conditions, name_rank_conditions
from relations.models import Actor, ActorAlias, ActorRole, Normalized
from relations.selectors.actors import actor_alias_filter


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


def alias_holder(name: str, *, exclude_alias: int | None) -> ActorAlias | None:
    """The alias spelling `name` (case and accents aside), other than `exclude_alias`."""
    aliases = ActorAlias.objects.filter(Exact(Normalized("name"), Normalized(Value(name))))
    if exclude_alias is not None:
        aliases = aliases.exclude(pk=exclude_alias)
    return aliases.select_related("actor").first()


class ActorAliasForm(forms.ModelForm):
    """Says which actor already has a spelling, with a link to it, rather than only that one does."""

    class Meta:
        model = ActorAlias
        fields = ("actor", "name", "note")

    def clean(self):
        cleaned_data = super().clean()
        name = cleaned_data.get("name")
        if name:
            holder = alias_holder(name, exclude_alias=self.instance.pk)
            if holder is not None:
                url = reverse("admin:relations_actor_change", args=[holder.actor_id])
                self.add_error(
                    "name",
                    format_html(
                        '“{}” already names <a href="{}">{}</a> (as “{}”, case and accents '
                        "aside). Merge the two actors, or remove the spelling there first.",
                        name,
                        url,
                        holder.actor,
                        holder.name,
                    ),
                )
        return cleaned_data


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    form = ActorAliasForm
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


@admin.register(Actor)
class ActorAdmin(RankedSearchMixin, HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "country", "alias_names", "slug")
    list_filter = ("kind", ("country", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("country",)
    search_fields = ("name", "slug")
    search_help_text = "Any spelling of a name: case and accents do not matter."
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country",)
    ordering = ("name",)
    inlines = (ActorAliasInline, ActorRoleInline)
    actions = (merge_actors,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("aliases")

    def get_search_results(self, request, queryset, search_term):
        matched, may_have_duplicates = admin.ModelAdmin.get_search_results(
            self, request, queryset, search_term
        )
        if not search_term.strip():
            return matched, may_have_duplicates
        by_alias = actor_alias_filter(Actor.objects.all(), search_term)
        found = queryset.filter(Q(pk__in=matched.values("pk")) | Q(pk__in=by_alias.values("pk")))
        return self.ranked(request, found, search_term), False

    def rank_conditions(self, term: str) -> tuple[Q, Q]:
        name_exact, name_prefix = name_rank_conditions(term, "name")
        alias_exact, alias_prefix = alias_rank_conditions(term)
        return name_exact | alias_exact, name_prefix | alias_prefix

    @admin.display(description="aliases")
    def alias_names(self, actor: Actor) -> str:
        return ", ".join(alias.name for alias in actor.aliases.all())


@admin.register(ActorAlias)
class ActorAliasAdmin(HistoryMixin, admin.ModelAdmin):
    form = ActorAliasForm
    list_display = ("name", "normalized", "actor", "note")
    list_filter = ("actor__kind",)
    list_select_related = ("actor",)
    search_fields = ("name", "normalized", "actor__name")
    readonly_fields = ("normalized",)
    autocomplete_fields = ("actor",)
    ordering = ("normalized",)


@admin.register(ActorRole)
class ActorRoleAdmin(HistoryMixin, admin.ModelAdmin):
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

    started = reported_date_column("started_on", "from")
    ended = reported_date_column("ended_on", "until")
