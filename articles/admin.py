"""Admin for sources and articles."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.utils.translation import ngettext

from articles.forms import ReportedDatesForm
from articles.models import Article, Source
from articles.services import (
    ARTICLE_FIELDS,
    article_review_changed,
    article_text_changed,
    articles_review_status_set,
    content_hash,
)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "homepage")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)


class ArticleForm(ReportedDatesForm):
    class Meta:
        model = Article
        fields = ARTICLE_FIELDS

    def clean_text(self) -> str:
        # Browsers post textareas with CRLF line ends; citation spans count characters of the
        # text as stored, so keep plain newlines.
        return self.cleaned_data["text"].replace("\r\n", "\n").replace("\r", "\n")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = (
        "title",
        "source",
        "published",
        "review_status",
        "has_text",
        "short_hash",
    )
    list_filter = (
        "review_status",
        ("source", admin.RelatedOnlyFieldListFilter),
        "published_on_precision",
    )
    list_select_related = ("source",)
    search_fields = ("title", "slug", "url", "summary", "place")
    date_hierarchy = "published_on"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("source",)
    readonly_fields = ("content_hash", "created", "updated")
    ordering = (F("published_on").desc(nulls_last=True), "title")
    actions = ("approve_selected", "reject_selected")
    fieldsets = (
        (None, {"fields": ("title", "slug", "source", "url", "review_status")}),
        (
            "Publication",
            {"fields": (("published_on", "published_on_precision"), "date_note", "authors")},
        ),
        ("Content", {"fields": ("place", "summary", "text", "content_hash")}),
        ("Record keeping", {"fields": ("created", "updated"), "classes": ("collapse",)}),
    )

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(holds_text=ExpressionWrapper(~Q(text=""), output_field=BooleanField()))
        )
        match = request.resolver_match
        if match is not None and match.url_name == "articles_article_changelist":
            # Full texts run to kilobytes each; the list only says whether one is held.
            queryset = queryset.defer("text")
        return queryset

    @admin.display(description="published", ordering="published_on")
    def published(self, article: Article) -> str:
        return article.published_display

    @admin.display(description="text", boolean=True, ordering="holds_text")
    def has_text(self, article: Article) -> bool:
        return article.holds_text

    @admin.display(description="SHA-256", ordering="content_hash")
    def short_hash(self, article: Article) -> str:
        return article.content_hash[:12]

    def save_model(self, request, obj, form, change):
        obj.content_hash = content_hash(obj.text)
        super().save_model(request, obj, form, change)
        if change and "review_status" in form.changed_data:
            # What cites the article may become public, or stop being so.
            article_review_changed(article_ids=[obj.pk])
        if change and "text" in form.changed_data:
            # Citations follow their quotes into the new text, or are flagged stale.
            previous_text = form.initial.get("text") or ""
            for message in article_text_changed(article=obj, previous_text=previous_text):
                self.message_user(request, message, messages.WARNING)

    @admin.action(description="Approve selected articles", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._set_review_status(request, queryset, Article.ReviewStatus.APPROVED)

    @admin.action(description="Reject selected articles", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._set_review_status(request, queryset, Article.ReviewStatus.REJECTED)

    def _set_review_status(self, request, queryset, status: Article.ReviewStatus) -> None:
        changed = articles_review_status_set(articles=queryset, status=status)
        label = status.label.lower()
        if changed:
            message = ngettext(
                "%(count)d article marked %(status)s.",
                "%(count)d articles marked %(status)s.",
                changed,
            ) % {"count": changed, "status": label}
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.message_user(
                request, f"The selected articles were already {label}.", messages.INFO
            )
