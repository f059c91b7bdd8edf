"""How well extraction reproduces the curated record: precision and recall per kind.

The gold answers are the curated rows citing each article: its publication date, the
observations (value, unit, metric, year), agreements and events whose citations quote a
sentence of it, and for actors every record actor that the text names by a recorded spelling
(a whole word, case as recorded) or that a curated item citing the article involves. Where
the text states no year that would date the article, "unknown" is the right date, and a
figure without a year is right where its sentence states none.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from articles.extraction import extract_article
from articles.extraction.result import ArticleExtraction
from articles.extraction.vocabulary import Vocabulary
from articles.models import Article
from relations.models import Actor, ActorAlias, Citation, Event

KINDS = ("dates", "actors", "figures", "agreements", "events")


@dataclass
class Score:
    """`right` of `predicted` items are in the record; `found` of `expected` were extracted."""

    right: int = 0
    predicted: int = 0
    found: int = 0
    expected: int = 0

    def add(self, *, right: int, predicted: int, found: int, expected: int) -> None:
        self.right += right
        self.predicted += predicted
        self.found += found
        self.expected += expected

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


@dataclass
class ArticleReport:
    title: str
    expected_date: str
    extracted_date: str
    date_right: bool
    expected_sign: int
    extracted_sign: int
    misses: list[str] = field(default_factory=list)


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {kind: Score() for kind in KINDS})
    articles: list[ArticleReport] = field(default_factory=list)

    @property
    def signs_right(self) -> int:
        return sum(report.expected_sign == report.extracted_sign for report in self.articles)


def evaluate_articles(articles: list[Article], vocabulary: Vocabulary) -> Evaluation:
    """Extract each article's stored text and score it against the curated rows citing it."""
    evaluation = Evaluation()
    spellings = _spellings()
    for article in articles:
        result = extract_article(article.text, vocabulary=vocabulary, url=article.url or None)
        citations = list(
            Citation.objects.filter(article=article).select_related(
                "observation__metric", "agreement", "event"
            )
        )
        report = _score_article(article, result, citations, spellings, evaluation)
        evaluation.articles.append(report)
    return evaluation


def _score_article(
    article, result: ArticleExtraction, citations, spellings, evaluation
) -> ArticleReport:
    text = article.text
    scores = evaluation.scores
    # Publication date.
    stated = str(article.published_on.year) in re.findall(r"\b(?:19|20)\d\d\b", text)
    expected_date = (
        f"{article.published_on.isoformat()} ({article.published_on_precision})"
        if stated
        else "unknown"
    )
    extracted_date = (
        f"{result.published_on.isoformat()} ({result.date_precision})"
        if result.published_on
        else "unknown"
    )
    date_right = (
        result.published_on is None
        if not stated
        else result.published_on == article.published_on
        and result.date_precision == article.published_on_precision
    )
    scores["dates"].add(right=int(date_right), predicted=1, found=int(date_right), expected=1)
    report = ArticleReport(
        title=article.title,
        expected_date=expected_date,
        extracted_date=extracted_date,
        date_right=date_right,
        expected_sign=0,
        extracted_sign=_sign(result.temperature.score),
    )
    # Actors.
    involved = set()
    for citation in citations:
        if citation.event_id:
            involved.update(citation.event.actors.values_list("pk", flat=True))
        if citation.agreement_id:
            involved.update(citation.agreement.parties.values_list("pk", flat=True))
        if citation.observation_id and citation.observation.claimed_by_id:
            involved.add(citation.observation.claimed_by_id)
    named = {actor for spelling, actor in spellings if spelling.search(text)}
    expected_actors = involved | named
    extracted_actors = {mention.actor for mention in result.actors if mention.actor is not None}
    both = len(extracted_actors & expected_actors)
    scores["actors"].add(
        right=both, predicted=len(extracted_actors), found=both, expected=len(expected_actors)
    )
    missing = expected_actors - extracted_actors
    if missing:
        names = Actor.objects.filter(pk__in=missing).values_list("name", flat=True)
        report.misses.append("actors missed: " + ", ".join(sorted(names)))
    # Figures: value, unit, metric and year.
    expected_figures = Counter()
    for citation in citations:
        observation = citation.observation
        if observation is None:
            continue
        sentence = (
            text[citation.span_start : citation.span_end] if citation.span_start is not None else ""
        )
        year_stated = str(observation.period_start.year) in sentence or stated
        expected_figures[
            (
                float(observation.value),
                observation.unit,
                observation.metric.slug,
                observation.period_start.year if year_stated else None,
            )
        ] += 1
    extracted_figures = Counter(
        (
            float(figure.value),
            figure.unit,
            figure.metric,
            figure.period.year if figure.period else None,
        )
        for figure in result.figures
    )
    matched = sum((expected_figures & extracted_figures).values())
    scores["figures"].add(
        right=matched,
        predicted=sum(extracted_figures.values()),
        found=matched,
        expected=sum(expected_figures.values()),
    )
    for key in expected_figures - extracted_figures:
        report.misses.append(f"figure missed: {key}")
    for key in extracted_figures - expected_figures:
        report.misses.append(f"figure not in the record: {key}")
    # Agreements and events: the sentence a curated citation quotes.
    for kind, items, field_name in (
        ("agreements", result.agreements, "agreement_id"),
        ("events", result.events, "event_id"),
    ):
        spans = {}
        for citation in citations:
            if getattr(citation, field_name) and citation.span_start is not None:
                spans.setdefault(getattr(citation, field_name), []).append(
                    (citation.span_start, citation.span_end)
                )
        found_items = {
            item_id
            for item_id, item_spans in spans.items()
            if any(_overlaps(item.span, span) for item in items for span in item_spans)
        }
        right_items = sum(
            1
            for item in items
            if any(
                _overlaps(item.span, span) for item_spans in spans.values() for span in item_spans
            )
        )
        # Precision counts extracted items in a sentence the record cites for that kind.
        scores[kind].add(
            right=right_items, predicted=len(items), found=len(found_items), expected=len(spans)
        )
    # Temperature sign: the mean effective score of the curated events citing the article.
    event_ids = {citation.event_id for citation in citations if citation.event_id}
    event_scores = [
        float(event.effective_score)
        for event in Event.objects.filter(pk__in=event_ids).with_effective_score()
    ]
    report.expected_sign = _sign(sum(event_scores) / len(event_scores)) if event_scores else 0
    return report


def _spellings() -> list[tuple[re.Pattern[str], int]]:
    names = [(actor.name, actor.pk) for actor in Actor.objects.only("name")]
    names += [(alias.name, alias.actor_id) for alias in ActorAlias.objects.only("name", "actor_id")]
    return [
        (re.compile(rf"(?<!\w){re.escape(name)}(?!\w)"), actor)
        for name, actor in names
        if len(name) > 2
    ]


def _overlaps(first: tuple[int, int], second: tuple[int, int]) -> bool:
    return first[0] < second[1] and second[0] < first[1]


def _sign(value: float) -> int:
    return (value > 0) - (value < 0)
