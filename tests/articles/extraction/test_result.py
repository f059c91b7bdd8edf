"""The extraction result's JSON object, as `manage.py extract --json` prints it."""

import datetime
import json
from decimal import Decimal

from articles.extraction import extract_article
from articles.extraction.result import Figure

TEXT = (
    "Armenia and Azerbaijan Sign a Border Deal\n\nYerevan, 12 June 2023 (Wire) -- Pashinyan and "
    "Aliyev signed an agreement on June 10. Azerbaijan says Armenia owes some $300 million in debt."
)


def test_the_object_has_the_issue_fields(vocabulary):
    data = extract_article(TEXT, vocabulary=vocabulary).as_json()
    assert json.loads(json.dumps(data)) == data
    assert {
        "title", "source", "url", "published_on", "date_precision", "date_confidence",
        "countries", "actors", "figures", "agreements", "events", "temperature",
        "language", "author", "place", "warnings",
    } <= set(data)  # fmt: skip
    assert (data["published_on"], data["date_precision"], data["countries"]) == (
        "2023-06-12",
        "day",
        ["AM", "AZ"],
    )
    assert {"name", "actor", "canonical", "spans"} <= set(data["actors"][0])
    assert {"metric", "value", "unit", "qualifier", "period", "span"} <= set(data["figures"][0])
    assert {"title", "action", "date", "expires_on", "parties", "matches", "span"} <= set(
        data["agreements"][0]
    )
    assert {
        "date",
        "precision",
        "initiator",
        "target",
        "category",
        "score",
        "matches",
        "span",
    } <= set(data["events"][0])
    assert set(data["temperature"]) == {"score", "label"}


def test_spans_index_the_stored_text(vocabulary):
    result = extract_article(TEXT, vocabulary=vocabulary)
    start, end = result.figures[0].span
    assert "$300 million" in result.text[start:end]
    for actor in result.actors:
        for start, end in actor.spans:
            assert result.text[start:end].strip() == result.text[start:end]


def test_a_year_alone_is_written_as_the_year():
    figure = Figure(
        metric=None,
        value=Decimal("12.5"),
        unit="percent",
        qualifier="exact",
        period=datetime.date(2011, 1, 1),
        period_precision="year",
        span=(0, 5),
    )
    assert (figure.as_json()["period"], figure.as_json()["value"]) == ("2011", 12.5)


def test_no_year_is_unknown_and_flagged(vocabulary):
    result = extract_article("Talks\n\nPashinyan met Aliyev on June 4.", vocabulary=vocabulary)
    assert (result.published_on, result.date_precision) == (None, "unknown")
    assert result.warnings
    assert result.events[0].date is None
