"""The citations of an agreement, observation or event: an article and an anchor phrase."""

from __future__ import annotations

from typing import Any

from articles.extraction.sentences import sentence_span
from relations.services.demo.loader import Loader
from relations.services.demo.reading import Where, check_fields, items, reference, text

# Anchors stay short: a phrase to find the sentence by, never a copied sentence.
ANCHOR_MAX_LENGTH = 59


def citations(loader: Loader, value: Any, where: Where) -> list[dict]:
    """The services' citations for a list of {article, anchor, note}, with the sentence's span
    where the article's text is held, else the anchor as the quote."""
    if not isinstance(value, list) or not value:
        raise where.error("needs at least one citation (a list of {article, anchor, note})")
    wanted = []
    for item, citation_where in items(value, where, "citation", "expected {article, anchor, note}"):
        check_fields(item, citation_where, required=("article", "anchor"), optional=("note",))
        article = reference(loader.articles, item["article"], citation_where, "article")
        anchor = " ".join(text(item, "anchor", citation_where).split())
        if len(anchor) > ANCHOR_MAX_LENGTH:
            raise citation_where.error(
                f"anchor '{anchor}' is {len(anchor)} characters long; keep it under "
                f"{ANCHOR_MAX_LENGTH + 1} (a phrase, not a sentence)"
            )
        span_start = span_end = None
        quote = anchor
        if article.text:
            span = sentence_span(article.text, anchor)
            if span is None:
                raise citation_where.error(
                    f"anchor '{anchor}' is not in the text of article '{item['article']}'"
                )
            span_start, span_end = span
            quote = article.text[span_start:span_end]
        wanted.append(
            {
                "article": article,
                "span_start": span_start,
                "span_end": span_end,
                "quote": quote,
                "note": text(item, "note", citation_where),
            }
        )
    return wanted
