"""The articles' admin, extended from here with what needs the record: history with undo,
review actions that reach the facts citing the articles, and ingestion's upload form.

`articles` never imports `relations`, so its admin cannot undo a change (which may recompute
the temperature) or delete the facts an article alone supports; this module registers it
again with those parts added.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin, SourceAdmin
from articles.models import Article, Source
from relations.admin.bulk import set_precision
from relations.admin.history import HistoryMixin
from relations.admin.ingestion import IngestArticlesMixin
from relations.services.bulk import articles_review_set


def marked(count: int, status: str) -> str:
    return ngettext(
        "%(count)d article marked %(status)s.", "%(count)d articles marked %(status)s.", count
    ) % {"count": count, "status": status}


admin.site.unregister(Article)
admin.site.unregister(Source)


@admin.register(Source)
class TrackedSourceAdmin(HistoryMixin, SourceAdmin):
    pass


@admin.register(Article)
class TrackedArticleAdmin(IngestArticlesMixin, HistoryMixin, ArticleAdmin):
    actions = (
        "approve_selected",
        "reject_selected",
        "reject_selected_with_facts",
        set_precision,
    )

    @admin.action(
        description="Approve selected articles (their facts follow)", permissions=["change"]
    )
    def approve_selected(self, request, queryset):
        result = articles_review_set(articles=queryset, status=Article.ReviewStatus.APPROVED)
        self.message_user(
            request,
            f"{marked(result.articles, 'approved')} {result.facts} fact(s) cite them.",
            messages.SUCCESS,
        )

    @admin.action(description="Reject selected articles (their facts stay)", permissions=["change"])
    def reject_selected(self, request, queryset):
        result = articles_review_set(articles=queryset, status=Article.ReviewStatus.REJECTED)
        self.message_user(
            request,
            f"{marked(result.articles, 'rejected')} {result.facts} fact(s) cite them and stay.",
            messages.SUCCESS,
        )

    @admin.action(
        description="Reject selected articles and delete the facts resting on them alone",
        permissions=["change", "delete"],
    )
    def reject_selected_with_facts(self, request, queryset):
        result = articles_review_set(
            articles=queryset, status=Article.ReviewStatus.REJECTED, delete_facts=True
        )
        self.message_user(
            request,
            f"{marked(result.articles, 'rejected')} {result.facts} fact(s) citing only them "
            "deleted (each can be restored from its table's deleted rows).",
            messages.SUCCESS,
        )
