"""One load's state and its writes: rows matched on natural keys, written through the services.

A row is handed to its service only with the fields that differ from the file, so an unchanged
record keeps its `updated` times and its record version. What each write did is counted per
model and, entry by entry, kept as a line of DemoLoadResult.changes.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from articles import services as evidence
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
from relations.services import records, reference
from relations.services.demo.reading import Where
from relations.services.writes import CITATION_FIELDS

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

# model -> (create, update, the update's keyword for the row): the services the API and the
# admin write through. The evidence's services keep no admin history, so take no user.
WRITERS: dict[type[models.Model], tuple[Callable, Callable, str]] = {
    Source: (evidence.source_create, evidence.source_update, "source"),
    Article: (evidence.article_create, evidence.article_update, "article"),
    Country: (reference.country_create, reference.country_update, "country"),
    Relationship: (reference.relationship_create, reference.relationship_update, "relationship"),
    Actor: (reference.actor_create, reference.actor_update, "actor"),
    Metric: (reference.metric_create, reference.metric_update, "metric"),
    Agreement: (records.agreement_create, records.agreement_update, "agreement"),
    Observation: (records.observation_create, records.observation_update, "observation"),
    Event: (records.event_create, records.event_update, "event"),
}
EVIDENCE = (Source, Article)


@dataclass
class DemoLoadResult:
    """What a load did, per model (keys are model names such as 'event' or 'actoralias')."""

    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    deleted: Counter = field(default_factory=Counter)
    texts_stored: int = 0
    # One line per entry written or found stale: "events.yaml: event 'x': updated summary".
    changes: list[str] = field(default_factory=list)
    # Rows of the files' relationships that no file lists (deleted when pruning).
    stale: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(+self.created or +self.updated or +self.deleted)

    @property
    def first_load(self) -> bool:
        return not (+self.updated or +self.unchanged)

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


class Loader:
    """One load: the rows loaded so far by slug (or code), what was done, and the writes."""

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
        self.loaded: set[tuple[type[models.Model], int]] = set()
        self.categories = {category.code: category for category in EventCategory.objects.all()}

    def write(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict,
        where: Where,
        *,
        many: dict[str, list] | None = None,
        citations: list[dict] | None = None,
    ) -> Any:
        """Create or update the row matched on `lookup` through its service, and count it."""
        matches = list(model.objects.filter(**lookup)[:2])
        if len(matches) > 1:
            raise where.error(
                f"more than one {model._meta.verbose_name} in the database matches {lookup}"
            )
        create, update, keyword = WRITERS[model]
        user = {} if model in EVIDENCE else {"user": None}
        many = {name: [row.pk for row in rows] for name, rows in (many or {}).items()}
        row = matches[0] if matches else None
        if row is None:
            data = {**lookup, **values, **many}
        else:
            data = {name: value for name, value in values.items() if _differs(row, name, value)}
            for name, pks in many.items():
                if set(getattr(row, name).values_list("pk", flat=True)) != set(pks):
                    data[name] = pks
        if citations is not None and (row is None or _citations_differ(row, citations)):
            data["citations"] = citations
        owner = model._meta.model_name
        cited = row is not None and citations is not None
        with self.children(Citation, where, **{owner: row}) if cited else contextlib.nullcontext():
            if row is None:
                row = self.call(create, where, data=data, **user)
                self.tally(model, "created", where)
                if citations is not None:
                    self.result.created[Citation._meta.model_name] += len(citations)
            elif data:
                self.call(update, where, data=data, **{keyword: row}, **user)
                self.tally(model, "updated", where, sorted(data))
            else:
                self.tally(model, "unchanged", where)
        self.loaded.add((model, row.pk))
        return row

    def call(self, service: Callable, where: Where, **kwargs) -> Any:
        """Run a service; a rule it refuses becomes a DemoDataError naming the entry."""
        try:
            return service(**kwargs)
        except ValidationError as error:
            raise where.error(_messages(error)) from None
        except IntegrityError as error:
            raise where.error(f"rejected by the database: {error}") from None

    def tally(self, model: type[models.Model], status: str, where: Where, fields=()) -> None:
        getattr(self.result, status)[model._meta.model_name] += 1
        if status != "unchanged":
            detail = f" {', '.join(fields)}" if fields else ""
            self.result.changes.append(f"{where}: {status}{detail}")

    def children(self, model: type[models.Model], where: Where, **owner) -> _ChildTally:
        """Count what the block does to the owner's `model` rows: created, updated, deleted."""
        return _ChildTally(self, model, where, owner)


class _ChildTally:
    """Compares an owner's child rows before and after a write, and counts the difference."""

    FIELDS = {
        Citation: CITATION_FIELDS,
        ActorAlias: ("name", "note"),
        ActorRole: tuple(sorted(reference.ROLE_FIELDS - {"country"})) + ("country_id",),
    }

    def __init__(self, loader: Loader, model, where: Where, owner: dict):
        self.loader, self.model, self.where, self.owner = loader, model, where, owner

    def rows(self) -> dict[int, tuple]:
        rows = self.model.objects.filter(**self.owner).values_list("pk", *self.FIELDS[self.model])
        return {pk: tuple(values) for pk, *values in rows}

    def __enter__(self) -> _ChildTally:
        self.before = self.rows()
        return self

    def __exit__(self, kind, *_) -> None:
        if kind is not None:
            return
        after = self.rows()
        counts = Counter(
            created=len(after.keys() - self.before.keys()),
            deleted=len(self.before.keys() - after.keys()),
            updated=sum(
                1 for pk in after.keys() & self.before.keys() if after[pk] != self.before[pk]
            ),
        )
        counts["unchanged"] = len(after) - counts["created"] - counts["updated"]
        name = self.model._meta.model_name
        for status, count in counts.items():
            getattr(self.loader.result, status)[name] += count
        if +counts - Counter(unchanged=counts["unchanged"]):
            plural = self.model._meta.verbose_name_plural
            done = ", ".join(
                f"{counts[s]} {s}" for s in ("created", "updated", "deleted") if counts[s]
            )
            self.loader.result.changes.append(f"{self.where}: {plural} {done}")


def _citations_differ(row: models.Model, wanted: list[dict]) -> bool:
    existing = list(row.citations.order_by("id").values_list(*CITATION_FIELDS))
    return existing != [
        (item["article"].pk, item["span_start"], item["span_end"], item["quote"], item["note"])
        for item in wanted
    ]


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
