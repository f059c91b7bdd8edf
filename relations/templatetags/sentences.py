"""The sentence picker: an article's text, sentence by sentence, to take facts from."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from articles.extraction.sentences import split_sentences
from articles.models import Article
from relations.models import Citation
from relations.selectors.proposals import KINDS

register = template.Library()


@dataclass(frozen=True)
class PickedSentence:
    """One sentence as the picker shows it: its span, its text, the gap after it, if cited."""

    start: int
    end: int
    text: str
    gap: str
    cited: bool


def picker_sentences(text: str, cited_spans: list[tuple[int, int]]) -> list[PickedSentence]:
    """The sentences of `text`, each with the whitespace that follows it, so none is lost."""
    sentences = split_sentences(text)
    picked = []
    for index, sentence in enumerate(sentences):
        following = sentences[index + 1].start if index + 1 < len(sentences) else len(text)
        cited = any(start < sentence.end and sentence.start < end for start, end in cited_spans)
        picked.append(
            PickedSentence(
                sentence.start, sentence.end, sentence.text, text[sentence.end : following], cited
            )
        )
    return picked


@register.inclusion_tag("relations/_sentence_picker.html")
def sentence_picker(article: Article) -> dict:
    """`{% sentence_picker article %}`: select a sentence, then add the fact it reports."""
    spans = list(
        Citation.objects.filter(article=article, span_start__isnull=False).values_list(
            "span_start", "span_end"
        )
    )
    sentences = picker_sentences(article.text, spans)
    return {
        "article": article,
        "lead": article.text[: sentences[0].start] if sentences else article.text,
        "sentences": sentences,
        "actions": [
            (kind, label, reverse(f"admin:relations_{kind}_add")) for kind, label in KINDS.items()
        ],
    }
