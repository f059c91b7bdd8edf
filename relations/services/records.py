"""Writes to the record: agreements, observations and events with their citations.

`data` uses the models' field names. Foreign keys are ids, or a natural key where one
exists (relationship and metric slugs, CAMEO category codes, actor and agreement slugs);
many-to-many fields are lists of ids; `citations` is a list of
`{"article": id, "span_start": int | None, "span_end": int | None, "note": str}`, required
on create and replacing the record's citations when given on update. Bad data raises
ValidationError keyed by field, and nothing is written.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from articles.dates import PRECISION_VALUES, truncate
from articles.models import Article
from relations.models import (
    Actor,
    Agreement,
    Citation,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
)
from relations.services.rollup import temperature_recompute_on_commit

logger = logging.getLogger(__name__)

CITATION_KEYS = frozenset({"article", "span_start", "span_end", "note", "quote"})
# Events outside these bounds are typing slips, and would stretch the temperature rollup.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
OUT_OF_BOUNDS = "Dates before 1900 or after 2100 are not accepted."


class _Invalid(Exception):
    """A value that does not name an existing row; its message goes to the field's errors."""


def _resolver(model: type[models.Model], key: str | None) -> Callable[[Any], Any]:
    """Turn an id (or the model's natural key, a string) into a row, or raise _Invalid."""
    noun = model._meta.verbose_name

    def resolve(value: Any) -> models.Model | None:
        if value is None or isinstance(value, model):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            lookup, label = "pk", "id"
        elif isinstance(value, str) and key is not None:
            lookup, label = key, key
        else:
            expected = f"an id or a {key}" if key else "an id"
            raise _Invalid(f"Expected {expected} of a {noun}, got {value!r}.")
        try:
            return model.objects.get(**{lookup: value})
        except model.DoesNotExist:
            raise _Invalid(f"No {noun} with {label} {value!r}.") from None

    return resolve


def _resolve_many(model: type[models.Model], key: str, values: Any) -> list[models.Model]:
    """Rows for a list of ids or natural keys, in one or two queries; all must exist."""
    if not isinstance(values, list | tuple):
        raise _Invalid(f"Expected a list of {model._meta.verbose_name} ids.")
    ids = {value for value in values if isinstance(value, int) and not isinstance(value, bool)}
    keys = {value for value in values if isinstance(value, str)}
    if len(ids) + len(keys) != len(set(values)):
        raise _Invalid(f"Expected a list of {model._meta.verbose_name} ids.")
    rows = list(model.objects.filter(pk__in=ids)) if ids else []
    rows += list(model.objects.filter(**{f"{key}__in": keys})) if keys else []
    missing = (ids - {row.pk for row in rows}) | (keys - {getattr(row, key) for row in rows})
    if missing:
        shown = ", ".join(sorted(repr(value) for value in missing))
        raise _Invalid(f"No {model._meta.verbose_name} with id or {key} {shown}.")
    return rows


@dataclass(frozen=True)
class _RecordSpec:
    """What a record's data may hold and how each field is resolved."""

    model: type[models.Model]
    scalars: frozenset[str]
    foreign_keys: dict[str, Callable[[Any], Any]]
    many: dict[str, tuple[type[models.Model], str]] = field(default_factory=dict)
    # (date field, its precision field): stored as the first day of the reported interval.
    dates: tuple[tuple[str, str], ...] = ()
    # Date fields refused outside EARLIEST_DATE..LATEST_DATE.
    bounded_dates: frozenset[str] = frozenset()

    @property
    def citation_field(self) -> str:
        return self.model._meta.model_name

    @property
    def allowed(self) -> frozenset[str]:
        return self.scalars | set(self.foreign_keys) | set(self.many) | {"citations"}


_relationship = _resolver(Relationship, "slug")
_actor = _resolver(Actor, "slug")

AGREEMENT = _RecordSpec(
    model=Agreement,
    scalars=frozenset(
        {
            "title",
            "slug",
            "kind",
            "status",
            "summary",
            "provisions",
            "signed_on",
            "signed_on_precision",
            "effective_on",
            "effective_on_precision",
            "expires_on",
            "expires_on_precision",
        }
    ),
    foreign_keys={
        "relationship": _relationship,
        "extends": _resolver(Agreement, "slug"),
        "supersedes": _resolver(Agreement, "slug"),
    },
    many={"parties": (Actor, "slug")},
    dates=(
        ("signed_on", "signed_on_precision"),
        ("effective_on", "effective_on_precision"),
        ("expires_on", "expires_on_precision"),
    ),
)
OBSERVATION = _RecordSpec(
    model=Observation,
    scalars=frozenset({"value", "unit", "period_start", "period_precision", "qualifier", "note"}),
    foreign_keys={
        "metric": _resolver(Metric, "slug"),
        "relationship": _relationship,
        "claimed_by": _actor,
    },
    dates=(("period_start", "period_precision"),),
)
EVENT = _RecordSpec(
    model=Event,
    scalars=frozenset(
        {
            "title",
            "summary",
            "occurred_on",
            "occurred_on_precision",
            "location",
            "score_override",
            "score_override_reason",
            "confidence",
        }
    ),
    foreign_keys={"relationship": _relationship, "category": _resolver(EventCategory, "code")},
    many={"actors": (Actor, "slug")},
    dates=(("occurred_on", "occurred_on_precision"),),
    bounded_dates=frozenset({"occurred_on"}),
)


def _prepare_citations(value: Any) -> tuple[list[Citation], list[str]]:
    """Unsaved citations for a list of citation objects, or the reasons it is refused."""
    if not isinstance(value, list | tuple):
        return [], ["Expected a list of citations."]
    if not value:
        return [], ["At least one citation is required."]
    resolve_article = _resolver(Article, "slug")
    citations, errors = [], []
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            errors.append(f"Citation {number}: expected an object.")
            continue
        unknown = sorted(set(item) - CITATION_KEYS)
        if unknown:
            errors.append(f"Citation {number}: unknown field {', '.join(unknown)}.")
            continue
        if item.get("article") is None:
            errors.append(f"Citation {number}: which article? (article is required).")
            continue
        try:
            article = resolve_article(item["article"])
        except _Invalid as exc:
            errors.append(f"Citation {number}: {exc}")
            continue
        start, end = item.get("span_start"), item.get("span_end")
        quote = item.get("quote") or ""
        if (start is None) != (end is None):
            errors.append(f"Citation {number}: give both span_start and span_end, or neither.")
            continue
        if start is not None:
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end)):
                errors.append(f"Citation {number}: span_start and span_end are whole numbers.")
                continue
            if start < 0 or end <= start:
                errors.append(
                    f"Citation {number}: the span must start at 0 or later and end after it starts."
                )
                continue
            if article.text:
                if end > len(article.text):
                    errors.append(
                        f"Citation {number}: the span ends at {end}, past the end of the "
                        f"article's text ({len(article.text)} characters)."
                    )
                    continue
                quote = article.text[start:end]
        citations.append(
            Citation(
                article=article,
                span_start=start,
                span_end=end,
                quote=quote,
                note=item.get("note") or "",
            )
        )
    return citations, errors


def _add_error(errors: dict[str, list[str]], name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _normalize_dates(spec: _RecordSpec, instance: models.Model, errors: dict[str, list[str]]):
    """Store each date as the first day of its interval, as the admin does; refuse absurd ones.

    Values that do not parse, or precisions that are unknown, are left for full_clean to name.
    """
    for date_name, precision_name in spec.dates:
        value = getattr(instance, date_name)
        if value is None or date_name in errors:
            continue
        try:
            value = instance._meta.get_field(date_name).to_python(value)
        except ValidationError:
            continue
        except TypeError:  # a number or a list: DateField.to_python does not refuse it cleanly
            _add_error(errors, date_name, "Expected a date as YYYY-MM-DD.")
            continue
        precision = getattr(instance, precision_name)
        if precision in PRECISION_VALUES:
            value = truncate(value, precision)
        setattr(instance, date_name, value)
        if date_name in spec.bounded_dates and not EARLIEST_DATE <= value <= LATEST_DATE:
            _add_error(errors, date_name, OUT_OF_BOUNDS)


def _write(spec: _RecordSpec, instance: models.Model, data: dict, *, user, creating: bool):
    """Validate everything first, then save the row, its m2m and its citations."""
    try:
        return _validate_and_save(spec, instance, data, user=user, creating=creating)
    except ValidationError:
        # Undo the in-memory edits of a refused update, so the caller's object stays truthful.
        if not creating and instance.pk is not None:
            instance.refresh_from_db()
        raise


def _validate_and_save(spec: _RecordSpec, instance: models.Model, data: dict, *, user, creating):
    if not isinstance(data, dict):
        raise ValidationError({NON_FIELD_ERRORS: ["Expected an object of fields."]})
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - spec.allowed):
        _add_error(errors, name, "Unknown field.")
    for name, resolve in spec.foreign_keys.items():
        if name in data:
            try:
                setattr(instance, name, resolve(data[name]))
            except _Invalid as exc:
                _add_error(errors, name, str(exc))
    for name in spec.scalars & set(data):
        setattr(instance, name, data[name])
    if spec.model is Observation and creating and "unit" not in data and instance.metric_id:
        instance.unit = instance.metric.unit  # the metric's usual unit unless told otherwise
    _normalize_dates(spec, instance, errors)
    many = {}
    for name, (model, key) in spec.many.items():
        if name in data:
            try:
                many[name] = _resolve_many(model, key, data[name])
            except _Invalid as exc:
                _add_error(errors, name, str(exc))
    citations = None
    if creating or "citations" in data:
        citations, citation_errors = _prepare_citations(data.get("citations"))
        for message in citation_errors:
            _add_error(errors, "citations", message)
    try:
        instance.full_clean(exclude=list(errors))
    except ValidationError as exc:
        exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            instance.save()
            for name, rows in many.items():
                getattr(instance, name).set(rows)
            if citations is not None:
                _replace_citations(spec, instance, citations)
    except IntegrityError as exc:  # a concurrent write won a race that full_clean checked
        logger.info("refused %s write: %s", spec.citation_field, exc)
        raise ValidationError(
            {NON_FIELD_ERRORS: ["The change conflicts with the record as it now stands."]}
        ) from exc
    _log(user, instance, ADDITION if creating else CHANGE)
    return instance


def _replace_citations(spec: _RecordSpec, instance: models.Model, citations: list[Citation]):
    instance.citations.all().delete()
    errors = []
    for number, citation in enumerate(citations, start=1):
        setattr(citation, spec.citation_field, instance)
        try:
            citation.full_clean()
        except ValidationError as exc:
            errors += [f"Citation {number}: {message}" for message in exc.messages]
    if errors:
        raise ValidationError({"citations": errors})
    Citation.objects.bulk_create(citations)


def _log(user, instance: models.Model, action_flag: int) -> None:
    """Leave the change in the admin's history, where curators look for who did what."""
    if user is None or getattr(user, "pk", None) is None:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[instance],
        action_flag=action_flag,
        change_message=f"{'Added' if action_flag == ADDITION else 'Changed'} through the API.",
        single_object=True,
    )


@transaction.atomic
def agreement_create(*, user, data: dict) -> Agreement:
    """Add an agreement with its parties and citations."""
    return _write(AGREEMENT, Agreement(), data, user=user, creating=True)


@transaction.atomic
def agreement_update(*, user, agreement: Agreement, data: dict) -> Agreement:
    """Change the fields given in `data`; m2m and citations are replaced when given."""
    return _write(AGREEMENT, agreement, data, user=user, creating=False)


@transaction.atomic
def observation_create(*, user, data: dict) -> Observation:
    """Add an observation; its unit defaults to the metric's."""
    return _write(OBSERVATION, Observation(), data, user=user, creating=True)


@transaction.atomic
def observation_update(*, user, observation: Observation, data: dict) -> Observation:
    """Change the fields given in `data`; citations are replaced when given."""
    return _write(OBSERVATION, observation, data, user=user, creating=False)


@transaction.atomic
def event_create(*, user, data: dict) -> Event:
    """Add an event; the relationship's temperature is recomputed after commit."""
    event = _write(EVENT, Event(), data, user=user, creating=True)
    temperature_recompute_on_commit([event.relationship_id])
    return event


@transaction.atomic
def event_update(*, user, event: Event, data: dict) -> Event:
    """Change an event; both the old and the new relationship's temperature are recomputed."""
    previous_id = event.relationship_id
    event = _write(EVENT, event, data, user=user, creating=False)
    temperature_recompute_on_commit([previous_id, event.relationship_id])
    return event
