"""Countries and the relationships between pairs of them."""

from __future__ import annotations

from django.contrib import admin

from relations.admin.history import HistoryMixin
from relations.admin.search import RankedSearchMixin
from relations.models import Country, Relationship


@admin.register(Country)
class CountryAdmin(RankedSearchMixin, HistoryMixin, admin.ModelAdmin):
    ranked_names = ("name", "code")
    list_display = ("name", "code")
    search_fields = ("name", "code")
    ordering = ("name",)


@admin.register(Relationship)
class RelationshipAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "country_a", "country_b", "period_start", "period_end")
    list_select_related = ("country_a", "country_b")
    search_fields = ("name", "slug", "country_a__name", "country_b__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("country_a", "country_b")
    ordering = ("name",)
