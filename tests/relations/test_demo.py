"""`load_demo` and the demo loader: idempotent, atomic, and clear about bad data."""

import datetime
import hashlib
import re
import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from articles.models import Article, Source
from relations.models import (
    Actor,
    ActorAlias,
    Agreement,
    Citation,
    Event,
    Observation,
    TemperaturePoint,
)
from relations.services.demo import DEMO_DIRECTORY, demo_load
from relations.services.demo.loader import MODELS
from relations.services.demo.reading import DemoDataError

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every row the loader writes, with its timestamps, and the many-to-many links."""
    rows = {model._meta.label: list(model.objects.order_by("pk").values()) for model in MODELS}
    for through in (Agreement.parties.through, Event.actors.through):
        rows[through._meta.label] = list(through.objects.order_by("pk").values())
    return rows


def minimal_record(directory: Path, **files: str) -> Path:
    """A small valid record in `directory`; `files` replace or add whole files."""
    contents = {
        "sources": """
            wire: {name: Wire Service}
        """,
        "countries": """
            countries: {AA: Aland, BB: Borduria}
            relationships:
              aa-bb: {name: Aland–Borduria, country_a: AA, country_b: BB}
        """,
        "articles": """
            wire-story:
              title: A story
              source: wire
              published_on: 2004-06
              summary: What it says, in our words.
              text_file: story.txt
        """,
        "actors": """
            aland: {name: Aland, kind: country, country: AA}
            borduria: {name: Borduria, kind: country, country: BB}
        """,
        "events": """
            summit:
              relationship: aa-bb
              title: The two sides meet
              occurred_on: 2004-06-04
              category: "043"
              actors: [aland, borduria]
              citations:
                - {article: wire-story, anchor: "the leaders met"}
        """,
        **files,
    }
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        (directory / f"{name}.yaml").write_text(textwrap.dedent(content), encoding="utf-8")
    return directory


def test_loading_twice_gives_the_same_rows():
    first = demo_load(directory=DEMO_DIRECTORY)
    before = snapshot()
    second = demo_load(directory=DEMO_DIRECTORY)

    assert snapshot() == before  # same ids, values and `updated` times: nothing was saved
    assert not second.changed
    assert +second.created == {} and +second.updated == {} and +second.deleted == {}
    assert second.unchanged == first.created
    assert first.created["article"] == Article.objects.count() >= 5
    assert first.created["event"] == Event.objects.count()


def test_loading_restores_values_edited_in_the_database_and_drops_unlisted_children():
    demo_load(directory=DEMO_DIRECTORY)
    event = Event.objects.get(title__startswith="Putin and Rahmonov hold summit talks")
    event.summary = "Edited by hand."
    event.save()
    event.actors.clear()
    rahmon = Actor.objects.get(slug="emomali-rahmon")
    ActorAlias.objects.create(actor=rahmon, name="Rahmon the Unlisted")
    Citation.objects.create(article=Article.objects.first(), event=event, note="extra")
    events_before = Event.objects.count()

    result = demo_load(directory=DEMO_DIRECTORY)

    event.refresh_from_db()
    assert event.summary != "Edited by hand."
    assert event.actors.filter(slug="vladimir-putin").exists()
    assert not rahmon.aliases.filter(name="Rahmon the Unlisted").exists()
    assert event.citations.count() == 2
    assert Event.objects.count() == events_before
    assert result.updated["event"] == 1
    assert result.deleted["actoralias"] == 1
    assert result.deleted["citation"] == 1


def demo_copy_with_event(
    directory: Path,
    key: str = "dropped-since",
    *,
    title: str = "An event a later edit of the record removed",
    occurred_on: datetime.date = datetime.date(2012, 10, 5),
    category: str = "072",
    article: str = "rferl-base-deal-2012",
    anchor: str = "takes responsibility for the modernization",
) -> Path:
    """A copy of the demo record in `directory` with one more Russia–Tajikistan event."""
    shutil.copytree(DEMO_DIRECTORY, directory)
    entry = {
        key: {
            "relationship": "ru-tj",
            "title": title,
            "occurred_on": occurred_on,
            "category": category,
            "citations": [{"article": article, "anchor": anchor}],
        }
    }
    with (directory / "events.yaml").open("a", encoding="utf-8") as events:
        events.write("\n" + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False))
    return directory


def test_a_bad_entry_is_a_command_error_naming_file_and_entry_and_nothing_is_written(tmp_path):
    call_command("load_demo", verbosity=0)
    before = snapshot()
    broken = demo_copy_with_event(
        tmp_path / "demo",
        "sochi-summit",
        title="A summit in a category that does not exist",
        occurred_on=datetime.date(2004, 6, 4),
        category="999",
        article="iwpr-sochi-summit-2004",
        anchor="Sochi",
    )
    sources = broken / "sources.yaml"
    sources.write_text(sources.read_text().replace("name: The Moscow Times", "name: Renamed"))

    with pytest.raises(CommandError) as raised:
        call_command("load_demo", directory=str(broken), verbosity=0)

    assert "events.yaml: event 'sochi-summit': unknown category '999'" in str(raised.value)
    assert snapshot() == before
    assert Source.objects.filter(name="The Moscow Times").exists()


def test_the_command_exits_non_zero_on_bad_data(tmp_path, capsys):
    directory = minimal_record(tmp_path / "demo", actors="aland: {name: Aland, kind: planet}")
    with pytest.raises(SystemExit) as exited:
        call_command_from_argv("load_demo", "--directory", str(directory))
    assert exited.value.code != 0
    assert "actors.yaml: actor 'aland'" in capsys.readouterr().err


def call_command_from_argv(*argv: str) -> None:
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", *argv]).execute()


SUMMIT = {
    "relationship": "aa-bb",
    "title": "Meeting",
    "occurred_on": "2004-06-04",
    "category": '"043"',
    "citations": "[{article: wire-story, anchor: the leaders met}]",
}


def summit_file(**changes: str | None) -> dict[str, str]:
    """An events file holding one summit: `changes` replace its fields, None drops one."""
    fields = {**SUMMIT, **changes}
    lines = "".join(f"  {name}: {value}\n" for name, value in fields.items() if value is not None)
    return {"events": f"summit:\n{lines}"}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"events": "summit: [not, a, mapping"}, r"events\.yaml: not valid YAML"),
        (
            {"actors": "aland: {name: Aland, kind: country, country: ZZ}"},
            r"actors\.yaml: actor 'aland': unknown country 'ZZ'",
        ),
        (
            summit_file(category="043"),
            r"events\.yaml: event 'summit': category 35 should be a quoted code",
        ),
        (
            summit_file(actors="[nobody]"),
            r"events\.yaml: event 'summit': unknown actor 'nobody'",
        ),
        (
            summit_file(occurred_on="June 2004"),
            r"event 'summit': 'occurred_on' should be a date written 2004-06-04, 2004-06 or 2004",
        ),
        (
            summit_file(citations=None),
            r"event 'summit': missing field 'citations'",
        ),
        (
            summit_file(occurred_on=None, ocurred_on="2004-06-04"),
            r"event 'summit': unknown field 'ocurred_on'",
        ),
        (
            summit_file(score_override="3"),
            r"event 'summit': .*Say why the category's score is overridden",
        ),
        (
            {
                "actors": """
                    aland: {name: Aland, kind: country, aliases: [Rahmon]}
                    borduria: {name: Borduria, kind: country, aliases: [RAHMÓN]}
                """
            },
            r"actor 'borduria': alias 'RAHMÓN' matches alias 'Rahmon' of actor 'aland'",
        ),
        (
            {
                "observations": """
                    debt:
                      metric: debt
                      relationship: aa-bb
                      value: 300_000_000
                      unit: USD
                      period: 2004
                      citations: [{article: wire-story, anchor: the leaders met}]
                """
            },
            r"observations\.yaml: observation 'debt': unknown metric 'debt'",
        ),
        (
            {
                "agreements": """
                    first: {relationship: aa-bb, title: One, kind: treaty, status: signed,
                            extends: second, citations: [{article: wire-story, anchor: x}]}
                    second: {relationship: aa-bb, title: Two, kind: treaty, status: signed,
                             extends: first, citations: [{article: wire-story, anchor: x}]}
                """
            },
            r"agreements\.yaml: agreement 'first': extends or supersedes itself",
        ),
    ],
)
def test_bad_data_names_the_file_and_the_entry(tmp_path, files, message):
    directory = minimal_record(tmp_path / "demo", **files)
    with pytest.raises(CommandError, match=message):
        call_command("load_demo", directory=str(directory), verbosity=0)
    assert Event.objects.count() == 0
    assert Actor.objects.count() == 0


def test_an_anchor_missing_from_the_text_names_the_citation(tmp_path):
    directory = minimal_record(tmp_path / "demo")
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "story.txt").write_text("Nothing of the sort happened.", encoding="utf-8")
    with pytest.raises(
        CommandError,
        match=r"event 'summit', citation 1: anchor 'the leaders met' is not in the text",
    ):
        call_command("load_demo", directory=str(directory), texts=str(texts), verbosity=0)


def test_a_missing_texts_folder_is_a_command_error_naming_it(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(CommandError, match=re.escape(f"--texts: {missing} is not a directory")):
        call_command("load_demo", texts=str(missing), verbosity=0)
    assert Article.objects.count() == 0


def test_a_missing_text_file_names_the_article(tmp_path):
    directory = minimal_record(tmp_path / "demo")
    texts = tmp_path / "texts"
    texts.mkdir()
    with pytest.raises(CommandError, match=r"article 'wire-story': text file 'story.txt'"):
        call_command("load_demo", directory=str(directory), texts=str(texts), verbosity=0)


def test_texts_are_stored_hashed_and_spans_resolved(tmp_path):
    directory = minimal_record(tmp_path / "demo")
    texts = tmp_path / "texts"
    texts.mkdir()
    text = "Headline\n\nOn Friday THE LEADERS\nMET in the capital. They agreed."
    (texts / "story.txt").write_text(text, encoding="utf-8")

    call_command("load_demo", directory=str(directory), texts=str(texts), verbosity=0)

    article = Article.objects.get(slug="wire-story")
    assert article.text == text
    assert article.content_hash == hashlib.sha256(text.encode()).hexdigest()
    citation = Citation.objects.get()
    assert citation.quote == "On Friday THE LEADERS\nMET in the capital."
    assert text[citation.span_start : citation.span_end] == citation.quote


def test_without_texts_a_citation_keeps_its_anchor_as_the_quote(tmp_path):
    call_command("load_demo", directory=str(minimal_record(tmp_path / "demo")), verbosity=0)
    citation = Citation.objects.get()
    assert citation.quote == "the leaders met"
    assert citation.span_start is None and citation.span_end is None


def test_the_command_prints_counts_per_model(tmp_path, capsys):
    call_command("load_demo", directory=str(minimal_record(tmp_path / "demo")))
    out = capsys.readouterr().out
    assert "events: 1 created, 0 updated, 0 unchanged" in out
    assert "actor aliases: 2 created" in out


def test_loading_recomputes_the_temperature_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo_load(directory=DEMO_DIRECTORY)
    assert len(callbacks) >= 1
    assert TemperaturePoint.objects.filter(relationship__slug="ru-tj").exists()


def test_nothing_is_scheduled_before_commit_when_the_load_fails(
    tmp_path, django_capture_on_commit_callbacks
):
    directory = minimal_record(tmp_path / "demo", actors="aland: {name: Aland, kind: planet}")
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(DemoDataError):
        demo_load(directory=directory)
    assert callbacks == []


def test_load_demo_with_the_seed_texts_resolves_every_anchor(seeds_dir):
    call_command("load_demo", texts=str(seeds_dir), verbosity=0)

    articles = {article.slug: article for article in Article.objects.all()}
    listed = yaml.safe_load((DEMO_DIRECTORY / "articles.yaml").read_text(encoding="utf-8"))
    for slug, entry in listed.items():
        seed = (seeds_dir / entry["text_file"]).read_text(encoding="utf-8")
        assert articles[slug].text == seed
        assert articles[slug].content_hash == hashlib.sha256(seed.encode()).hexdigest()

    citations = list(Citation.objects.select_related("article"))
    for citation in citations:
        assert citation.span_start is not None, citation.note
        assert citation.article.text[citation.span_start : citation.span_end] == citation.quote

    quotes: dict[str, list[str]] = {}
    for citation in citations:
        quotes.setdefault(citation.article.slug, []).append(_squash(citation.quote))
    anchors = list(_anchors())
    assert len(anchors) == len(citations)
    for article, anchor in anchors:
        assert any(_squash(anchor) in quote for quote in quotes[article]), (article, anchor)

    again = demo_load(directory=DEMO_DIRECTORY)  # without texts: the stored ones still serve
    assert not again.changed


def _anchors():
    for name in ("agreements", "observations", "events"):
        entries = yaml.safe_load((DEMO_DIRECTORY / f"{name}.yaml").read_text(encoding="utf-8"))
        for entry in entries.values():
            for citation in entry["citations"]:
                yield citation["article"], citation["anchor"]


def _squash(text: str) -> str:
    text = re.sub(r"[“”«»]", '"', re.sub(r"[‘’]", "'", text))
    return " ".join(re.sub(r"[‐‑–—]", "-", text).lower().split())


def test_every_anchor_is_a_short_phrase():
    lengths = [(anchor, len(anchor.split()), len(anchor)) for _, anchor in _anchors()]
    assert [item for item in lengths if not (3 <= item[1] <= 8 and item[2] < 60)] == []


def test_observations_are_matched_on_their_natural_key(tmp_path):
    observations = """
        debt-2004:
          metric: debt
          relationship: aa-bb
          value: 300_000_000
          unit: USD
          period: 2004-03
          qualifier: claimed
          claimed_by: aland
          citations: [{article: wire-story, anchor: the leaders met}]
    """
    metrics = "debt: {name: Debt, unit: USD}"
    directory = minimal_record(tmp_path / "demo", observations=observations, metrics=metrics)
    demo_load(directory=directory)
    (directory / "observations.yaml").write_text(
        textwrap.dedent(observations).replace("300_000_000", "350_000_000"), encoding="utf-8"
    )
    result = demo_load(directory=directory)
    observation = Observation.objects.get()
    assert observation.value == 350_000_000
    assert observation.period_precision == "month"
    assert result.updated["observation"] == 1


def test_a_rerun_over_an_older_copy_lists_what_changed_and_what_no_file_holds(tmp_path, capsys):
    older = demo_copy_with_event(tmp_path / "older")
    events = older / "events.yaml"
    text = events.read_text(encoding="utf-8")
    text = text.replace("  summary: The two pilots are amnestied soon after their jailing.", "")
    events.write_text(text, encoding="utf-8")
    call_command("load_demo", directory=str(older), verbosity=0)

    call_command("load_demo")
    out = capsys.readouterr().out
    assert "changed:" in out
    assert "events.yaml: event 'pilots-amnestied-2011': updated summary" in out
    assert "An event a later edit of the record removed" in out.split("in no file")[1]
    assert Event.objects.filter(title__startswith="An event a later edit").exists()

    result = demo_load(directory=DEMO_DIRECTORY, prune=True)
    assert result.deleted["event"] == 1
    assert not Event.objects.filter(title__startswith="An event a later edit").exists()
    assert not demo_load(directory=DEMO_DIRECTORY).stale


def test_a_first_load_prints_counts_not_every_entry(tmp_path, capsys):
    call_command("load_demo", directory=str(minimal_record(tmp_path / "demo")))
    assert "changed:" not in capsys.readouterr().out
