"""Keeping citations on their words when an article's text changes.

Each citation keeps the sentence it quotes. When the text is edited the spans are found again
by that quote: the exact words first, then the same words with any spacing; of several places,
the one nearest the old span. A citation whose quote is gone is flagged stale and its span is
cleared, so no highlight lands on the wrong words; curators find these in the citations admin
(filter "stale") and the article page counts them.

articles never imports relations: `articles.services` calls the hook that `RelationsConfig`
registers, inside the transaction that saves the text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from articles.models import Article
from relations.models import Citation

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a text: [start, end)."""

    start: int
    end: int


def _nearest(matches: list[Anchor], near: int | None) -> Anchor | None:
    if not matches:
        return None
    if near is None:
        return matches[0]
    return min(matches, key=lambda anchor: (abs(anchor.start - near), anchor.start))


def find_quote(text: str, quote: str, *, near: int | None = None) -> Anchor | None:
    """Where `quote` is in `text`: exactly, else with any run of spaces or line breaks between
    its words; of several places the one starting nearest `near`. None if it is not there.

    Pure: no database, so its tests run in milliseconds.
    """
    if not text or not quote.strip():
        return None
    exact = []
    position = text.find(quote)
    while position != -1:
        exact.append(Anchor(position, position + len(quote)))
        position = text.find(quote, position + 1)
    if exact:
        return _nearest(exact, near)
    words = quote.split()
    pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
    spaced = [Anchor(match.start(), match.end()) for match in pattern.finditer(text)]
    return _nearest(spaced, near)


def _quote_of(citation: Citation, previous_text: str) -> str:
    """The words a citation stands on: its stored quote, else its span in the old text."""
    if citation.quote:
        return citation.quote
    if citation.span_start is not None and citation.span_end is not None and previous_text:
        return previous_text[citation.span_start : citation.span_end]
    return ""


@dataclass(frozen=True)
class Reanchored:
    """What a text change did to an article's citations."""

    moved: list[Citation]
    went_stale: list[Citation]

    @property
    def message(self) -> str | None:
        """What the curator who saved the text should be told, if anything."""
        if not self.went_stale:
            return None
        count = len(self.went_stale)
        return (
            f"{count} citation{'s' if count != 1 else ''} quote{'' if count != 1 else 's'} "
            "words the new text no longer holds: flagged stale, with no highlight, until a "
            "curator gives them a new span (Citations, filter “stale”)."
        )


@transaction.atomic
def citations_reanchor(*, article: Article, previous_text: str) -> Reanchored:
    """Move the article's citations onto their quotes in its new text, or flag them stale.

    Citations that quote nothing and point at nothing are left as they are.
    """
    text = article.text
    changed, moved, went_stale = [], [], []
    for citation in Citation.objects.filter(article=article).order_by("id"):
        quote = _quote_of(citation, previous_text)
        if not quote:
            continue
        anchor = find_quote(text, quote, near=citation.span_start)
        new = (None, None, True) if anchor is None else (anchor.start, anchor.end, False)
        old = (citation.span_start, citation.span_end, citation.stale)
        if new == old and citation.quote == quote:
            continue
        if new[2] and not citation.stale:
            went_stale.append(citation)
        elif not new[2]:
            moved.append(citation)
        citation.span_start, citation.span_end, citation.stale = new
        citation.quote = quote
        changed.append(citation)
    if changed:
        now = timezone.now()  # bulk_update skips auto_now: API clients sync on `updated`
        for citation in changed:
            citation.updated = now
        Citation.objects.bulk_update(
            changed, ["span_start", "span_end", "stale", "quote", "updated"]
        )
    if went_stale:
        logger.warning(
            "article %s: %d citation(s) no longer found in its text, flagged stale: %s",
            article.pk,
            len(went_stale),
            ", ".join(str(citation.pk) for citation in went_stale),
        )
    return Reanchored(moved=moved, went_stale=went_stale)


def citations_follow_text(*, article: Article, previous_text: str) -> str | None:
    """The hook articles.services calls when a text is saved changed: re-anchor, and return
    the message for the curator (or None when every citation found its words)."""
    return citations_reanchor(article=article, previous_text=previous_text).message
