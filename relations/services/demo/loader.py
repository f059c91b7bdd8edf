"""The state of one load and its writes: rows matched on natural keys, saved only when changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

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
from relations.services.demo.reading import Where

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
        self.categories = {category.code: category for category in EventCategory.objects.all()}

    def save(self, instance: models.Model, where: Where) -> None:
        """Save after `full_clean()`; a rule broken becomes a DemoDataError naming the entry."""
        try:
            instance.full_clean()
        except ValidationError as error:
            raise where.error(_messages(error)) from None
        try:
            with transaction.atomic():
                instance.save()
        except IntegrityError as error:
            raise where.error(f"rejected by the database: {error}") from None

    def update(self, instance: models.Model, values: dict, where: Where) -> bool:
        """Set and save the values that differ from the row's; False when none does."""
        changed = [name for name, value in values.items() if _differs(instance, name, value)]
        for name in changed:
            setattr(instance, name, values[name])
        if changed:
            self.save(instance, where)
        return bool(changed)

    def upsert(
        self,
        model: type[models.Model],
        lookup: dict,
        values: dict,
        where: Where,
        *,
        many: dict[str, list] | None = None,
    ) -> models.Model:
        """Create or update one row matched on `lookup`, set its `many` sets, and count it."""
        matches = list(model.objects.filter(**lookup)[:2])
        if len(matches) > 1:
            raise where.error(
                f"more than one {model._meta.verbose_name} in the database matches {lookup}"
            )
        if matches:
            instance = matches[0]
            status = "updated" if self.update(instance, values, where) else "unchanged"
        else:
            instance = model(**lookup, **values)
            self.save(instance, where)
            status = "created"
        for name, rows in (many or {}).items():
            status = self.set_many(instance, name, rows, status)
        self.tally(model, status)
        return instance

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
                changed = self.update(existing[index], values, where)
                self.tally(model, "updated" if changed else "unchanged")
            else:
                self.save(model(**owner, **values), where)
                self.tally(model, "created")
        for row in existing[len(wanted) :]:
            row.delete()
            self.result.deleted[model._meta.model_name] += 1


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
