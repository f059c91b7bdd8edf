"""Load the curated demo record (relations/demo/*.yaml) into the database, idempotently.

The files, each a mapping keyed by slug (or, for observations and events, by a name of ours):
sources.yaml, countries.yaml (`countries:` code -> name, `relationships:` slug -> pair),
articles.yaml, actors.yaml (with aliases and dated roles), metrics.yaml, agreements.yaml,
observations.yaml and events.yaml. Entries refer to each other by slug; the comment at the
top of each file documents its fields.

Rows are matched on their natural keys and updated in place, so a second run changes
nothing: slugs for sources, articles, actors, agreements and metrics; the code for countries;
(metric, relationship, period, claimed_by, qualifier, unit) for observations; relationship
and title for events (Event has no slug or key column, so the file's key only names the entry
in messages). Aliases, roles, parties, event actors and citations are replaced to match the
file. A row is saved, after `full_clean()`, only when a value differs, so the `updated`
timestamps and the record version of an unchanged record stay put.

Citations give an `anchor`, a short verbatim phrase of the supporting sentence. When the
article's full text is held (stored by an earlier `texts` load, or read now from the `texts`
folder) the citation stores that sentence's span and text as its quote; otherwise the quote
is the anchor itself, the only words of the article the record keeps.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import importlib.util
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from articles.dates import DatePrecision
from articles.extraction.sentences import sentence_span
from articles.models import Article, Source
from relations.models import (
    Actor,
    ActorAlias,
    ActorRole,
    Agreement,
    Citation,
    Country,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
)

DEMO_DIRECTORY = Path(__file__).resolve().parent.parent / "demo"
ROLLUP_MODULE = "relations.services.rollup"
# Anchors stay short: a phrase to find the sentence by, never a copied sentence.
ANCHOR_MAX_LENGTH = 59

# Models in the order they load, as DemoLoadResult reports them.
MODELS = [
    Source,
    Country,
    Relationship,
    Article,
    Actor,
    ActorAlias,
    ActorRole,
    Metric,
    Agreement,
    Observation,
    Event,
    Citation,
]

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DemoDataError(Exception):
    """Bad data in the demo record; the message names the file and the entry."""


@dataclass
class DemoLoadResult:
    """What a load did, per model (keys are model names such as 'event' or 'actoralias')."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    texts_stored: int = 0
    temperature_recompute_scheduled: bool = False

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated or +self.deleted)

    def lines(self) -> list[str]:
        """One line per model: created, updated, unchanged and deleted rows."""
        lines = []
        for model in MODELS:
            name = model._meta.model_name
            counts = [self.created[name], self.updated[name], self.unchanged[name]]
            deleted = self.deleted[name]
            if not any(counts) and not deleted:
                continue
            line = (
                f"{model._meta.verbose_name_plural}: {counts[0]} created, {counts[1]} updated, "
                f"{counts[2]} unchanged"
            )
            lines.append(line + (f", {deleted} deleted" if deleted else ""))
        return lines


def demo_load(*, directory: Path, texts: Path | None = None) -> DemoLoadResult:
    """Load the record in `directory` in one transaction; with `texts`, store full texts too.

    Raises DemoDataError, naming the file and entry, on bad data; nothing is then written.
    After commit, recomputes every relationship's temperature when the rollup is installed.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DemoDataError(f"{directory}: no such directory of demo files")
    if texts is not None and not Path(texts).is_dir():
        raise DemoDataError(f"{texts}: no such directory of article texts")
    loader = _Loader(directory=directory, texts=Path(texts) if texts is not None else None)
    with transaction.atomic():
        loader.load()
        loader.result.temperature_recompute_scheduled = _schedule_temperature_recompute()
    return loader.result


def _schedule_temperature_recompute() -> bool:
    """Recompute the stored temperature after commit, once the rollup module exists."""
    if importlib.util.find_spec(ROLLUP_MODULE) is None:
        return False
    rollup = importlib.import_module(ROLLUP_MODULE)
    transaction.on_commit(rollup.temperature_recompute_all)
    return True


def normalize_name(name: str) -> str:
    """Python twin of the SQL bilateral_normalize: lower-case, unaccented, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(
        character for character in decomposed if not unicodedata.combining(character)
    )
    return " ".join(stripped.lower().split())


@dataclass(frozen=True)
class _Where:
    """An entry's place in the files, for error messages."""

    file: str
    kind: str = ""
    key: str = ""
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.file}: {self.kind} '{self.key}'" if self.kind else self.file
        return f"{text}, {self.detail}" if self.detail else text

    def part(self, detail: str) -> _Where:
        """A part of this entry: one of its aliases, roles or citations."""
        return _Where(self.file, self.kind, self.key, detail)

    def error(self, problem: str) -> DemoDataError:
        return DemoDataError(f"{self}: {problem}")


class _Loader:
    def __init__(self, *, directory: Path, texts: Path | None):
        self.directory = directory
        self.texts = texts
        self.result = DemoLoadResult()
        self.sources: dict[str, Source] = {}
        self.countries: dict[str, Country] = {}
        self.relationships: dict[str, Relationship] = {}
        self.articles: dict[str, Article] = {}
        self.actors: dict[str, Actor] = {}
        self.metrics: dict[str, Metric] = {}
        self.agreements: dict[str, Agreement] = {}
        self.categories = {category.code: category for category in EventCategory.objects.all()}

    def load(self) -> None:
        self.load_sources()
        self.load_countries()
        self.load_articles()
        self.load_actors()
        self.load_metrics()
        self.load_agreements()
        self.load_observations()
        self.load_events()

    # --- files and values ------------------------------------------------------------------

    def read(self, name: str) -> tuple[_Where, dict]:
        path = self.directory / f"{name}.yaml"
        where = _Where(_display_path(path))
        if not path.exists():
            return where, {}
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise where.error(f"not valid YAML: {error}") from None
        if data is None:
            return where, {}
        if not isinstance(data, dict):
            raise where.error("expected a mapping of entries at the top level")
        return where, data

    def entries(self, file: _Where, kind: str, data: Any) -> list[tuple[str, dict, _Where]]:
        if data is None:
            return []
        if not isinstance(data, dict):
            raise file.error(f"expected a mapping of {kind} entries")
        entries = []
        for key, entry in data.items():
            where = _Where(file.file, kind, str(key))
            if not isinstance(entry, dict):
                raise where.error("expected a mapping of fields")
            entries.append((str(key), entry, where))
        return entries

    @staticmethod
    def fields(
        entry: dict, where: _Where, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> None:
        unknown = sorted(set(entry) - set(required) - set(optional))
        if unknown:
            raise where.error(f"unknown field '{unknown[0]}'")
        missing = [name for name in required if entry.get(name) in (None, "")]
        if missing:
            raise where.error(f"missing field '{missing[0]}'")

    def ref(self, table: dict, value: Any, where: _Where, noun: str, *, optional=False):
        if value in (None, "") and optional:
            return None
        if not isinstance(value, str) or value not in table:
            raise where.error(f"unknown {noun} '{value}'")
        return table[value]

    def refs(self, table: dict, values: Any, where: _Where, noun: str) -> list:
        if values is None:
            return []
        if not isinstance(values, list):
            raise where.error(f"expected a list of {noun} slugs")
        return [self.ref(table, value, where, noun) for value in values]

    # --- saving ----------------------------------------------------------------------------

    def save(self, instance: models.Model, where: _Where) -> None:
        try:
            instance.full_clean()
        except ValidationError as error:
            raise where.error(_messages(error)) from None
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            raise where.error(f"rejected by the database: {error}") from None

    def upsert(
        self, model: type[models.Model], lookup: dict, values: dict, where: _Where
    ) -> tuple[models.Model, str]:
        """Create or update one row matched on `lookup`; returns it and what happened."""
        matches = list(model.objects.filter(**lookup)[:2])
        if len(matches) > 1:
            raise where.error(
                f"more than one {model._meta.verbose_name} in the database matches {lookup}"
            )
        if not matches:
            instance = model(**lookup, **values)
            self.save(instance, where)
            return instance, "created"
        instance = matches[0]
        changed = [name for name, value in values.items() if _differs(instance, name, value)]
        if not changed:
            return instance, "unchanged"
        for name in changed:
            setattr(instance, name, values[name])
        self.save(instance, where)
        return instance, "updated"

    def tally(self, model: type[models.Model], status: str) -> None:
        getattr(self.result, status)[model._meta.model_name] += 1

    def set_many(self, instance: models.Model, name: str, rows: list, status: str) -> str:
        """Replace a many-to-many set; an unchanged row whose set changes counts as updated."""
        manager = getattr(instance, name)
        wanted = {row.pk for row in rows}
        if set(manager.values_list("pk", flat=True)) != wanted:
            manager.set(rows)
            if status == "unchanged":
                return "updated"
        return status

    def replace_children(
        self, model: type[models.Model], existing: list, wanted: list[dict], where_of, **owner
    ) -> None:
        """Match child rows by position: update, add, and delete the ones left over."""
        for index, values in enumerate(wanted):
            where = where_of(index)
            if index < len(existing):
                row = existing[index]
                changed = [name for name, value in values.items() if _differs(row, name, value)]
                for name in changed:
                    setattr(row, name, values[name])
                if changed:
                    self.save(row, where)
                self.tally(model, "updated" if changed else "unchanged")
            else:
                self.save(model(**owner, **values), where)
                self.tally(model, "created")
        for row in existing[len(wanted) :]:
            row.delete()
            self.result.deleted[model._meta.model_name] += 1

    # --- sources, countries, relationships -------------------------------------------------

    def load_sources(self) -> None:
        file, data = self.read("sources")
        for slug, entry, where in self.entries(file, "source", data):
            self.fields(entry, where, required=("name",), optional=("homepage", "description"))
            values = {
                "name": _text(entry, "name", where),
                "homepage": _text(entry, "homepage", where),
                "description": _text(entry, "description", where),
            }
            source, status = self.upsert(Source, {"slug": slug}, values, where)
            self.tally(Source, status)
            self.sources[slug] = source

    def load_countries(self) -> None:
        file, data = self.read("countries")
        self.fields(data, file, required=(), optional=("countries", "relationships"))
        for code, name, where in self._country_entries(file, data.get("countries")):
            country, status = self.upsert(Country, {"code": code}, {"name": name}, where)
            self.tally(Country, status)
            self.countries[code] = country
        for slug, entry, where in self.entries(file, "relationship", data.get("relationships")):
            self.fields(
                entry,
                where,
                required=("name", "country_a", "country_b"),
                optional=("description", "period_start", "period_end"),
            )
            values = {
                "name": _text(entry, "name", where),
                "country_a": self.ref(self.countries, entry["country_a"], where, "country"),
                "country_b": self.ref(self.countries, entry["country_b"], where, "country"),
                "description": _text(entry, "description", where),
                "period_start": _day(entry.get("period_start"), where, "period_start"),
                "period_end": _day(entry.get("period_end"), where, "period_end"),
            }
            relationship, status = self.upsert(Relationship, {"slug": slug}, values, where)
            self.tally(Relationship, status)
            self.relationships[slug] = relationship

    def _country_entries(self, file: _Where, data: Any) -> list[tuple[str, str, _Where]]:
        if data is None:
            return []
        if not isinstance(data, dict):
            raise file.error("'countries' should map ISO codes to names")
        entries = []
        for code, name in data.items():
            where = _Where(file.file, "country", str(code))
            if not isinstance(name, str) or not name.strip():
                raise where.error("expected the country's name")
            entries.append((str(code), name.strip(), where))
        return entries

    # --- articles --------------------------------------------------------------------------

    def load_articles(self) -> None:
        file, data = self.read("articles")
        for slug, entry, where in self.entries(file, "article", data):
            self.fields(
                entry,
                where,
                required=("title", "source", "published_on", "summary"),
                optional=(
                    "url", "date_note", "authors", "place", "text_file", "review_status",
                ),
            )  # fmt: skip
            published_on, precision = _reported_date(entry["published_on"], where, "published_on")
            authors = entry.get("authors") or []
            if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
                raise where.error("'authors' should be a list of names")
            values = {
                "title": _text(entry, "title", where),
                "source": self.ref(self.sources, entry["source"], where, "source"),
                "url": _text(entry, "url", where),
                "published_on": published_on,
                "published_on_precision": precision,
                "date_note": _text(entry, "date_note", where),
                "authors": authors,
                "place": _text(entry, "place", where),
                "summary": _text(entry, "summary", where),
                "review_status": _text(entry, "review_status", where) or "approved",
            }
            text_file = _text(entry, "text_file", where)
            if self.texts is not None and text_file:
                text = self._read_text(text_file, where)
                values["text"] = text
                values["content_hash"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
                self.result.texts_stored += 1
            article, status = self.upsert(Article, {"slug": slug}, values, where)
            self.tally(Article, status)
            self.articles[slug] = article

    def _read_text(self, text_file: str, where: _Where) -> str:
        if Path(text_file).name != text_file:
            raise where.error(f"text_file '{text_file}' should be a bare file name")
        path = self.texts / text_file
        if not path.is_file():
            raise where.error(f"text file '{text_file}' is not in {self.texts}")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise where.error(f"cannot read text file '{text_file}': {error}") from None

    # --- actors ----------------------------------------------------------------------------

    def load_actors(self) -> None:
        file, data = self.read("actors")
        parsed = []
        owners: dict[str, tuple[str, str]] = {}  # normalised alias -> (actor slug, spelling)
        for slug, entry, where in self.entries(file, "actor", data):
            self.fields(
                entry,
                where,
                required=("name", "kind"),
                optional=("country", "description", "aliases", "roles"),
            )
            name = _text(entry, "name", where)
            aliases = self._aliases(entry.get("aliases"), name, where)
            for alias_name in aliases:
                key = normalize_name(alias_name)
                if key in owners and owners[key][0] != slug:
                    other_slug, other_name = owners[key]
                    raise where.error(
                        f"alias '{alias_name}' matches alias '{other_name}' of actor "
                        f"'{other_slug}' (case and accents aside)"
                    )
                if key in owners:
                    raise where.error(f"alias '{alias_name}' is listed twice")
                owners[key] = (slug, alias_name)
            parsed.append((slug, entry, where, name, aliases))

        for slug, entry, where, name, _ in parsed:
            values = {
                "name": name,
                "kind": _text(entry, "kind", where),
                "country": self.ref(
                    self.countries, entry.get("country"), where, "country", optional=True
                ),
                "description": _text(entry, "description", where),
            }
            actor, status = self.upsert(Actor, {"slug": slug}, values, where)
            self.tally(Actor, status)
            self.actors[slug] = actor

        # Drop the aliases the file no longer lists before adding any, so that a spelling can
        # move from one actor to another without tripping the uniqueness constraint.
        for slug, _, _, _, aliases in parsed:
            stale = ActorAlias.objects.filter(actor=self.actors[slug]).exclude(name__in=aliases)
            deleted = stale.delete()[1].get(ActorAlias._meta.label, 0)
            self.result.deleted[ActorAlias._meta.model_name] += deleted

        for slug, entry, where, _, aliases in parsed:
            actor = self.actors[slug]
            for alias_name, note in aliases.items():
                alias_where = where.part(f"alias '{alias_name}'")
                _, status = self.upsert(
                    ActorAlias, {"actor": actor, "name": alias_name}, {"note": note}, alias_where
                )
                self.tally(ActorAlias, status)
            roles = self._roles(entry.get("roles"), where)
            self.replace_children(
                ActorRole,
                list(ActorRole.objects.filter(actor=actor).order_by("id")),
                roles,
                lambda index, where=where: where.part(f"role {index + 1}"),
                actor=actor,
            )

    def _aliases(self, value: Any, name: str, where: _Where) -> dict[str, str]:
        """Spelling -> note; the display name is always one of them."""
        if value is None:
            value = []
        if not isinstance(value, list):
            raise where.error("'aliases' should be a list")
        aliases: dict[str, str] = {}
        seen: set[str] = set()
        for item in value:
            if isinstance(item, str):
                alias_name, note = item.strip(), ""
            elif isinstance(item, dict) and set(item) <= {"name", "note"}:
                alias_name = str(item.get("name") or "").strip()
                note = str(item.get("note") or "").strip()
            else:
                raise where.error(f"alias {item!r} should be a name or {{name, note}}")
            if not alias_name:
                raise where.error("an alias needs a name")
            key = normalize_name(alias_name)
            if key in seen:
                raise where.error(f"alias '{alias_name}' is listed twice (case and accents aside)")
            seen.add(key)
            aliases[alias_name] = note
        if normalize_name(name) not in seen:
            aliases = {name: "display name", **aliases}
        return aliases

    def _roles(self, value: Any, where: _Where) -> list[dict]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise where.error("'roles' should be a list")
        roles = []
        for index, item in enumerate(value, start=1):
            role_where = where.part(f"role {index}")
            if not isinstance(item, dict):
                raise role_where.error("expected a mapping with a title")
            self.fields(
                item,
                role_where,
                required=("title",),
                optional=("country", "started_on", "ended_on"),
            )
            started_on, started_precision = _reported_date(
                item.get("started_on"), role_where, "started_on", optional=True
            )
            ended_on, ended_precision = _reported_date(
                item.get("ended_on"), role_where, "ended_on", optional=True
            )
            roles.append(
                {
                    "title": _text(item, "title", role_where),
                    "country": self.ref(
                        self.countries, item.get("country"), role_where, "country", optional=True
                    ),
                    "started_on": started_on,
                    "started_on_precision": started_precision,
                    "ended_on": ended_on,
                    "ended_on_precision": ended_precision,
                }
            )
        return roles

    # --- metrics ---------------------------------------------------------------------------

    def load_metrics(self) -> None:
        file, data = self.read("metrics")
        for slug, entry, where in self.entries(file, "metric", data):
            self.fields(
                entry, where, required=("name", "unit"), optional=("description", "direction")
            )
            values = {
                "name": _text(entry, "name", where),
                "unit": _text(entry, "unit", where),
                "description": _text(entry, "description", where),
                "direction": _text(entry, "direction", where),
            }
            metric, status = self.upsert(Metric, {"slug": slug}, values, where)
            self.tally(Metric, status)
            self.metrics[slug] = metric

    # --- agreements ------------------------------------------------------------------------

    def load_agreements(self) -> None:
        file, data = self.read("agreements")
        entries = {
            slug: (entry, where) for slug, entry, where in self.entries(file, "agreement", data)
        }
        for slug in _earlier_first(entries):
            entry, where = entries[slug]
            self.fields(
                entry,
                where,
                required=("relationship", "title", "kind", "status", "citations"),
                optional=(
                    "parties", "signed_on", "effective_on", "expires_on", "extends",
                    "supersedes", "summary", "provisions",
                ),
            )  # fmt: skip
            values = {
                "relationship": self.ref(
                    self.relationships, entry["relationship"], where, "relationship"
                ),
                "title": _text(entry, "title", where),
                "kind": _text(entry, "kind", where),
                "status": _text(entry, "status", where),
                "extends": self.ref(
                    self.agreements, entry.get("extends"), where, "agreement", optional=True
                ),
                "supersedes": self.ref(
                    self.agreements, entry.get("supersedes"), where, "agreement", optional=True
                ),
                "summary": _text(entry, "summary", where),
                "provisions": _strings(entry.get("provisions"), where, "provisions"),
            }
            for name in ("signed_on", "effective_on", "expires_on"):
                value, precision = _reported_date(entry.get(name), where, name, optional=True)
                values[name] = value
                values[f"{name}_precision"] = precision
            parties = self.refs(self.actors, entry.get("parties"), where, "actor")
            agreement, status = self.upsert(Agreement, {"slug": slug}, values, where)
            status = self.set_many(agreement, "parties", parties, status)
            self.tally(Agreement, status)
            self.agreements[slug] = agreement
            self.load_citations(entry["citations"], where, agreement=agreement)

    # --- observations ----------------------------------------------------------------------

    def load_observations(self) -> None:
        file, data = self.read("observations")
        seen: dict[tuple, str] = {}
        for key, entry, where in self.entries(file, "observation", data):
            self.fields(
                entry,
                where,
                required=("metric", "relationship", "value", "unit", "period", "citations"),
                optional=("qualifier", "claimed_by", "note"),
            )
            period_start, precision = _reported_date(entry["period"], where, "period")
            lookup = {
                "metric": self.ref(self.metrics, entry["metric"], where, "metric"),
                "relationship": self.ref(
                    self.relationships, entry["relationship"], where, "relationship"
                ),
                "period_start": period_start,
                "claimed_by": self.ref(
                    self.actors, entry.get("claimed_by"), where, "actor", optional=True
                ),
                "qualifier": _text(entry, "qualifier", where) or Observation.Qualifier.EXACT,
                "unit": _text(entry, "unit", where),
            }
            natural_key = tuple(
                value.pk if isinstance(value, models.Model) else value for value in lookup.values()
            )
            if natural_key in seen:
                raise where.error(
                    f"same metric, relationship, period, claimant, qualifier and unit as "
                    f"observation '{seen[natural_key]}'"
                )
            seen[natural_key] = key
            values = {
                "value": _decimal(entry["value"], where, "value"),
                "period_precision": precision,
                "note": _text(entry, "note", where),
            }
            observation, status = self.upsert(Observation, lookup, values, where)
            self.tally(Observation, status)
            self.load_citations(entry["citations"], where, observation=observation)

    # --- events ----------------------------------------------------------------------------

    def load_events(self) -> None:
        file, data = self.read("events")
        titles: dict[tuple[str, str], str] = {}
        for key, entry, where in self.entries(file, "event", data):
            self.fields(
                entry,
                where,
                required=("relationship", "title", "occurred_on", "category", "citations"),
                optional=(
                    "summary", "location", "actors", "score_override", "score_override_reason",
                    "confidence",
                ),
            )  # fmt: skip
            relationship = self.ref(
                self.relationships, entry["relationship"], where, "relationship"
            )
            title = _text(entry, "title", where)
            if (relationship.slug, title) in titles:
                raise where.error(
                    f"title '{title}' is also the title of event '{titles[relationship.slug, title]}'"
                )
            titles[relationship.slug, title] = key
            category = entry["category"]
            if not isinstance(category, str):
                raise where.error(
                    f'category {category!r} should be a quoted code such as "057" '
                    "(unquoted, YAML reads it as a number)"
                )
            if category not in self.categories:
                raise where.error(f"unknown category '{category}'")
            occurred_on, precision = _reported_date(entry["occurred_on"], where, "occurred_on")
            override = entry.get("score_override")
            values = {
                "summary": _text(entry, "summary", where),
                "occurred_on": occurred_on,
                "occurred_on_precision": precision,
                "location": _text(entry, "location", where),
                "category": self.categories[category],
                "score_override": (
                    None if override is None else _decimal(override, where, "score_override")
                ),
                "score_override_reason": _text(entry, "score_override_reason", where),
                "confidence": _decimal(entry.get("confidence", 1), where, "confidence"),
            }
            actors = self.refs(self.actors, entry.get("actors"), where, "actor")
            event, status = self.upsert(
                Event, {"relationship": relationship, "title": title}, values, where
            )
            status = self.set_many(event, "actors", actors, status)
            self.tally(Event, status)
            self.load_citations(entry["citations"], where, event=event)

    # --- citations -------------------------------------------------------------------------

    def load_citations(self, value: Any, where: _Where, **owner) -> None:
        if not isinstance(value, list) or not value:
            raise where.error("needs at least one citation (a list of {article, anchor, note})")
        wanted = []
        for index, item in enumerate(value, start=1):
            citation_where = where.part(f"citation {index}")
            if not isinstance(item, dict):
                raise citation_where.error("expected {article, anchor, note}")
            self.fields(item, citation_where, required=("article", "anchor"), optional=("note",))
            article = self.ref(self.articles, item["article"], citation_where, "article")
            anchor = " ".join(_text(item, "anchor", citation_where).split())
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
                    "note": _text(item, "note", citation_where),
                }
            )
        existing = list(Citation.objects.filter(**owner).order_by("id"))
        self.replace_children(
            Citation,
            existing,
            wanted,
            lambda index: where.part(f"citation {index + 1}"),
            **owner,
        )


# --- helpers ---------------------------------------------------------------------------------


def _display_path(path: Path) -> str:
    """The path relative to the project when it lies inside it: relations/demo/events.yaml."""
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.is_relation:
        return getattr(instance, model_field.attname) != (value.pk if value is not None else None)
    return getattr(instance, name) != value


def _text(entry: dict, name: str, where: _Where) -> str:
    value = entry.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise where.error(f"'{name}' should be text, got {value!r} (quote it)")
    return value.strip()


def _strings(value: Any, where: _Where, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise where.error(f"'{name}' should be a list of text")
    return [item.strip() for item in value]


def _decimal(value: Any, where: _Where, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise where.error(f"'{name}' should be a number, got {value!r}")
    try:
        return Decimal(str(value).replace("_", ""))
    except InvalidOperation:
        raise where.error(f"'{name}' should be a number, got {value!r}") from None


def _day(value: Any, where: _Where, name: str) -> datetime.date | None:
    if value is None:
        return None
    date, precision = _reported_date(value, where, name)
    if precision != DatePrecision.DAY:
        raise where.error(f"'{name}' should be a full date such as 2004-06-04")
    return date


def _reported_date(
    value: Any, where: _Where, name: str, *, optional: bool = False
) -> tuple[datetime.date | None, str]:
    """2004-06-04 -> day, '2004-06' -> month, 2004 -> year; the date is the interval's start."""
    if value is None or value == "":
        if optional:
            return None, DatePrecision.DAY
        raise where.error(f"missing field '{name}'")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    text = str(value).strip()
    try:
        if match := _DAY.match(text):
            return datetime.date(*map(int, match.groups())), DatePrecision.DAY
        if match := _MONTH.match(text):
            year, month = map(int, match.groups())
            return datetime.date(year, month, 1), DatePrecision.MONTH
        if match := _YEAR.match(text):
            return datetime.date(int(text), 1, 1), DatePrecision.YEAR
    except ValueError:
        pass
    raise where.error(
        f"'{name}' should be a date written 2004-06-04, 2004-06 or 2004, got {value!r}"
    )


def _earlier_first(entries: dict[str, tuple[dict, _Where]]) -> list[str]:
    """Agreement slugs ordered so that each comes after the ones it extends or supersedes."""
    ordered: list[str] = []
    state: dict[str, str] = {}

    def visit(slug: str, chain: list[str]) -> None:
        if state.get(slug) == "done":
            return
        entry, where = entries[slug]
        if state.get(slug) == "visiting":
            raise where.error(f"extends or supersedes itself through {' -> '.join(chain)}")
        state[slug] = "visiting"
        for name in ("extends", "supersedes"):
            earlier = entry.get(name)
            if earlier in (None, ""):
                continue
            if not isinstance(earlier, str) or earlier not in entries:
                raise where.error(f"{name} unknown agreement '{earlier}'")
            visit(earlier, [*chain, earlier])
        state[slug] = "done"
        ordered.append(slug)

    for slug in entries:
        visit(slug, [slug])
    return ordered
