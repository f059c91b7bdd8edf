"""Actors with their aliases (any spelling, case and accents aside) and dated roles."""

from __future__ import annotations

from django.contrib import admin
from django.db import connection
from django.db.models import Q
from django.forms.models import BaseInlineFormSet

from articles.forms import ReportedDatesForm
from relations.admin.dates import reported_date_column
from relations.models import Actor, ActorAlias, ActorRole
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

    started = reported_date_column("started_on", "from")
    ended = reported_date_column("ended_on", "until")
