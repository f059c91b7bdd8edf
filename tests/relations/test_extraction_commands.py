"""manage.py extract and evaluate_extraction, and the vocabulary they read."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from relations.models import Citation, Event, EventCategory, Metric
from relations.selectors.vocabulary import extraction_vocabulary

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Russia and Tajikistan Sign a Base Deal\n\n"
    "Dushanbe, 5 October 2012 (Wire) -- Russia and Tajikistan have signed an agreement allowing "
    "Russian troops to stay at a military base in Tajikistan until 2042. About 7,000 troops are "
    "stationed there. Tajikistan says Russia owes it $50 million for the use of the observatory.\n"
)


def _extract(path) -> dict:
    from io import StringIO

    out = StringIO()
    call_command("extract", str(path), json=True, stdout=out)
    return json.loads(out.getvalue())


def test_extract_prints_the_object_and_writes_nothing(demo_record, tmp_path):
    path = tmp_path / "deal.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    counts = (Article.objects.count(), Event.objects.count(), Citation.objects.count())
    data = _extract(path)
    assert (Article.objects.count(), Event.objects.count(), Citation.objects.count()) == counts
    assert (data["published_on"], data["countries"]) == ("2012-10-05", ["RU", "TJ"])
    assert {(figure["value"], figure["unit"], figure["metric"]) for figure in data["figures"]} >= {
        (7000, "persons", "troops"),
        (50_000_000, "USD", "nurek-payment-claim"),
    }
    signing = next(event for event in data["events"] if event["category"] == "057")
    # The sentence gives no date: the article's month, never its day.
    assert (signing["date"], signing["precision"], signing["mutual"]) == (
        "2012-10-01",
        "month",
        True,
    )
    agreement = data["agreements"][0]
    assert (agreement["action"], agreement["expires_on"]) == ("signed", "2042-01-01")
    assert agreement["matches"] is not None  # the curated 2012 base agreement


def test_extract_reads_a_saved_web_page(demo_record, tmp_path):
    paragraphs = "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[2:])
    path = tmp_path / "page.html"
    path.write_text(
        f"<html><head><title>Base deal</title></head><body><nav>Home</nav><article>{paragraphs}"
        "</article></body></html>",
        encoding="utf-8",
    )
    assert _extract(path)["countries"] == ["RU", "TJ"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("latin.txt", "Caf\u00e9 au lait in Dushanbe.".encode("latin-1"), "not UTF-8"),
        ("page.html", b"<html><body><nav>Home | Login</nav></body></html>", "no article"),
        (
            "french.txt",
            (
                "Le président russe Vladimir Poutine a rencontré son homologue tadjik à Douchanbé "
                "pour discuter de la base militaire et de la sécurité de la frontière afghane, a "
                "indiqué le Kremlin dans un communiqué publié mardi soir après la rencontre."
            ).encode(),
            "another language",
        ),
    ],
)
def test_extract_names_the_file_and_the_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=reason) as raised:
        call_command("extract", str(path), json=True)
    assert str(path) in str(raised.value)


def test_extract_refuses_a_missing_or_too_big_file(tmp_path, settings):
    with pytest.raises(CommandError, match="no such file"):
        call_command("extract", str(tmp_path / "absent.txt"), json=True)
    settings.INGEST_MAX_BYTES = 100
    path = tmp_path / "big.txt"
    path.write_text("Russia and Tajikistan. " * 20, encoding="utf-8")
    with pytest.raises(CommandError, match="too big"):
        call_command("extract", str(path), json=True)


def test_the_migration_seeds_cues_that_admin_edits():
    assert "sign" in EventCategory.objects.get(code="057").cues
    assert "refuse" in EventCategory.objects.get(code="12").cues


def test_the_vocabulary_takes_a_fixed_number_of_queries(demo_record):
    with CaptureQueriesContext(connection) as small:
        vocabulary = extraction_vocabulary()
    assert len(small) == 11
    assert {"TJ", "RU"} <= {country.code for country in vocabulary.countries}
    assert "debt" in next(metric for metric in vocabulary.metrics if metric.slug == "debt").cues
    assert any(alias.alias == "Rahmonov" for alias in vocabulary.aliases)
    assert vocabulary.events and vocabulary.agreements and vocabulary.observations
    # More rows, same queries.
    Metric.objects.create(slug="gas", name="Gas price", unit="USD")
    with CaptureQueriesContext(connection) as larger:
        extraction_vocabulary()
    assert len(larger) == len(small)


def test_a_metric_without_cues_is_named_by_the_words_of_its_name(db):
    Metric.objects.create(slug="gas-price", name="Price of Russian gas", unit="USD")
    metric = next(m for m in extraction_vocabulary().metrics if m.slug == "gas-price")
    assert metric.cues == ("price", "russian")


def test_evaluate_extraction_meets_the_targets_and_leaves_the_database_as_it_was(seeds_dir):
    from io import StringIO

    out = StringIO()
    call_command("evaluate_extraction", str(seeds_dir), stdout=out)
    assert Article.objects.count() == 0 and Event.objects.count() == 0
    lines = {}
    for line in out.getvalue().splitlines():
        if line.strip():
            lines.setdefault(line.split()[0], line.split())
    for kind in ("dates", "actors", "figures"):
        precision, recall = float(lines[kind][1]), float(lines[kind][2])
        assert precision >= 0.9 and recall >= 0.9, out.getvalue()
    right, total = lines["temperature"][3].split("/")
    assert right == total == "5", out.getvalue()


def test_evaluate_extraction_needs_a_directory(tmp_path):
    with pytest.raises(CommandError, match="no such directory"):
        call_command("evaluate_extraction", str(tmp_path / "absent"))


def test_a_misspelt_state_and_a_russian_surname_form_are_found(demo_record):
    from articles.extraction import extract_article

    result = extract_article(
        "Takijistan and Russia\n\nDushanbe, 1 May 2013 (Wire) -- Rahmonova's husband met "
        "Putin in Takijistan, officials said.",
        vocabulary=extraction_vocabulary(),
    )
    found = {(actor.name, actor.canonical) for actor in result.actors}
    assert ("Takijistan", "Tajikistan") in found
    assert result.countries == ("RU", "TJ")
