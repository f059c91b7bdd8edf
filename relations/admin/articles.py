"""The articles' admin, extended from here with what needs the record: history with undo.

`articles` never imports `relations`, so its admin cannot offer an undo that recomputes the
temperature; this module registers it again with those parts added.
"""

from __future__ import annotations

from django.contrib import admin

from articles.admin import ArticleAdmin, SourceAdmin
from articles.models import Article, Source
from relations.admin.history import HistoryMixin

admin.site.unregister(Article)
admin.site.unregister(Source)


@admin.register(Source)
class TrackedSourceAdmin(HistoryMixin, SourceAdmin):
    pass


@admin.register(Article)
class TrackedArticleAdmin(HistoryMixin, ArticleAdmin):
    pass
