"""Agreements: parties, dates as reported, lineage, and the articles they rest on."""

from __future__ import annotations

from django.contrib import admin

from relations.admin.bulk import attach_actor
from relations.admin.citations import CitationCountMixin, CitationInline
from relations.admin.dates import reported_date_column
from relations.admin.history import HistoryMixin
from relations.admin.prefill import ProposalPrefillMixin
from relations.admin.search import RankedSearchMixin
from relations.forms import AgreementForm
from relations.models import Agreement


@admin.register(Agreement)
class AgreementAdmin(
    ProposalPrefillMixin, RankedSearchMixin, CitationCountMixin, HistoryMixin, admin.ModelAdmin
):
    form = AgreementForm
    proposal_kind = "agreement"
    ranked_names = ("title", "slug")
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
    actions = (attach_actor,)
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

    signed = reported_date_column("signed_on", "signed")
    expires = reported_date_column("expires_on", "expires")
