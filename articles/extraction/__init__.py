"""Pure extraction: text in, dates, names, figures, agreements and events out. No ORM, no clock.

`extract_article` is the one entry point; the record's vocabulary (aliases, countries, metrics,
the category table, existing items to match) arrives as a plain `Vocabulary` from the caller.
One small module per kind: document (HTML and metadata), language, sentences, publication
(the article's date), dates (dates the text reports), actors, pair (the relationship),
figures, agreements, events, matching and temperature.
"""

from __future__ import annotations

import datetime

from articles.extraction.pipeline import run
from articles.extraction.result import ArticleExtraction
from articles.extraction.vocabulary import Vocabulary

__all__ = ["ArticleExtraction", "Vocabulary", "extract_article"]


def extract_article(
    text: str | None = None,
    *,
    vocabulary: Vocabulary,
    title: str | None = None,
    url: str | None = None,
    html: str | None = None,
    publisher: str | None = None,
    published_hint: datetime.date | None = None,
) -> ArticleExtraction:
    """Everything one article reports, each item with the span of its sentence.

    Give `text` (plain text or Markdown) or `html` (a saved page; its boilerplate is removed
    and the stored text is what remains). `title`, `url`, `publisher` and `published_hint`
    are what the caller knows; the text's own evidence fills what they leave out.
    Raises `articles.extraction.document.NoArticle` when HTML holds no article text.
    """
    return run(
        text=text,
        vocabulary=vocabulary,
        title=title,
        url=url,
        html=html,
        publisher=publisher,
        published_hint=published_hint,
    )
