"""How every record service writes a row: resolve keys, validate everything, then save.

A service describes its model with a RecordSpec (which fields `data` may hold, how foreign
keys and many-to-many fields are resolved, which dates carry a precision, whether the row
cites articles) and calls `record_write`. Validation errors are gathered per field and raised
together as one ValidationError before anything is written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from articles.dates import PRECISION_VALUES, date_field_of, truncate
from articles.models import Article
from relations.models import Citation

logger = logging.getLogger(__name__)

CITATION_KEYS = frozenset({"article", "span_start", "span_end", "note", "quote"})
CITATION_FIELDS = ("article_id", "span_start", "span_end", "quote", "note")
# Each citation costs a lookup and a write: a bound keeps one request from holding a worker.
MAX_CITATIONS = 50


class Invalid(Exception):
    """A value that does not name an existing row; its message goes to the field's errors."""


def resolver(model: type[models.Model], key: str | None) -> Callable[[Any], Any]:
    """Turn an id (or the model's natural key, a string) into a row, or raise Invalid."""
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
            raise Invalid(f"Expected {expected} of a {noun}, got {value!r}.")
        try:
            return model.objects.get(**{lookup: value})
        except model.DoesNotExist:
            raise Invalid(f"No {noun} with {label} {value!r}.") from None

    return resolve


def _resolve_many(model: type[models.Model], key: str, values: Any) -> list[models.Model]:
    """Rows for a list of ids or natural keys, in one or two queries; all must exist."""
    if not isinstance(values, list | tuple):
        raise Invalid(f"Expected a list of {model._meta.verbose_name} ids.")
    ids = {value for value in values if isinstance(value, int) and not isinstance(value, bool)}
    keys = {value for value in values if isinstance(value, str)}
    if len(ids) + len(keys) != len(set(values)):
        raise Invalid(f"Expected a list of {model._meta.verbose_name} ids.")
    rows = list(model.objects.filter(pk__in=ids)) if ids else []
    rows += list(model.objects.filter(**{f"{key}__in": keys})) if keys else []
    missing = (ids - {row.pk for row in rows}) | (keys - {getattr(row, key) for row in rows})
    if missing:
        shown = ", ".join(sorted(repr(value) for value in missing))
        raise Invalid(f"No {model._meta.verbose_name} with id or {key} {shown}.")
    return rows


@dataclass(frozen=True)
class RecordSpec:
    """What a record's data may hold and how each field is resolved."""

    model: type[models.Model]
    foreign_keys: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    many: dict[str, tuple[type[models.Model], str]] = field(default_factory=dict)
    # Whether rows cite articles (agreements, observations, events).
    cited: bool = True
    # Sets, on a new row, the defaults that depend on other fields: (row, data) -> None.
    fill_defaults: Callable[[models.Model, dict], None] | None = None

    @cached_property
    def scalars(self) -> frozenset[str]:
        """Every column a writer sets directly: the model's editable fields but keys and times."""
        return frozenset(
            field.name
            for field in self.model._meta.concrete_fields
            if field.editable and not field.is_relation and not field.primary_key
        )

    @cached_property
    def dates(self) -> tuple[tuple[str, str], ...]:
        """(date field, its precision field): stored as the first day of the reported interval."""
        return tuple(
            (date_field_of(field.name), field.name)
            for field in self.model._meta.concrete_fields
            if field.name.endswith("_precision")
        )

    @property
    def citation_field(self) -> str:
        return self.model._meta.model_name

    @property
    def allowed(self) -> frozenset[str]:
        cited = {"citations"} if self.cited else set()
        return self.scalars | set(self.foreign_keys) | set(self.many) | cited


def _prepare_citations(value: Any) -> tuple[list[Citation], list[str]]:
    """Unsaved citations for a list of citation objects, or the reasons it is refused."""
    if not isinstance(value, list | tuple):
        return [], ["Expected a list of citations."]
    if not value:
        return [], ["At least one citation is required."]
    if len(value) > MAX_CITATIONS:
        return [], [f"At most {MAX_CITATIONS} citations."]
    resolve_article = resolver(Article, "slug")
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
        except Invalid as exc:
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


def _normalize_dates(spec: RecordSpec, instance: models.Model, errors: dict[str, list[str]]):
    """Store each date as the first day of its interval, as the admin does.

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


def _name_constraint_fields(model: type[models.Model], errors: dict[str, list]) -> None:
    """Put each broken check constraint's message under the fields its condition reads.

    full_clean files them as non-field errors; a client needs to know which fields to fix
    (an expiry before the signature names both dates, superseding itself names `supersedes`).
    """
    checks = {
        str(constraint.violation_error_message): sorted(
            name for name in constraint.condition.referenced_base_fields if name != "id"
        )
        for constraint in model._meta.constraints
        if isinstance(constraint, models.CheckConstraint)
    }
    unplaced = []
    for error in errors.pop(NON_FIELD_ERRORS, []):
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        for message in messages:
            fields = checks.get(message)
            if not fields:
                unplaced.append(message)
            for name in fields or ():
                _add_error(errors, name, message)
    if unplaced:
        errors[NON_FIELD_ERRORS] = unplaced


def record_write(spec: RecordSpec, instance: models.Model, data: dict, *, user, creating: bool):
    """Validate everything first, then save the row, its m2m and its citations."""
    try:
        return _validate_and_save(spec, instance, data, user=user, creating=creating)
    except ValidationError:
        # Undo the in-memory edits of a refused update, so the caller's object stays truthful.
        if not creating and instance.pk is not None:
            instance.refresh_from_db()
        raise


def record_services(spec: RecordSpec) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The plain create and update services of a spec's model: `<name>_create`, `<name>_update`."""
    name = spec.model._meta.model_name

    @transaction.atomic
    def create(*, user, data: dict) -> models.Model:
        return record_write(spec, spec.model(), data, user=user, creating=True)

    @transaction.atomic
    def update(*, user, data: dict, **row: models.Model) -> models.Model:
        if set(row) != {name}:
            raise TypeError(f"{name}_update() takes the row to change as {name}=")
        return record_write(spec, row[name], data, user=user, creating=False)

    create.__name__ = create.__qualname__ = f"{name}_create"
    update.__name__ = update.__qualname__ = f"{name}_update"
    return create, update


def _validate_and_save(spec: RecordSpec, instance: models.Model, data: dict, *, user, creating):
    if not isinstance(data, dict):
        raise ValidationError({NON_FIELD_ERRORS: ["Expected an object of fields."]})
    errors: dict[str, list[str]] = {}
    for name in sorted(set(data) - spec.allowed):
        _add_error(errors, name, "Unknown field.")
    for name, resolve in spec.foreign_keys.items():
        if name in data:
            try:
                setattr(instance, name, resolve(data[name]))
            except Invalid as exc:
                _add_error(errors, name, str(exc))
    for name in spec.scalars & set(data):
        setattr(instance, name, data[name])
    if creating and spec.fill_defaults is not None:
        spec.fill_defaults(instance, data)
    _normalize_dates(spec, instance, errors)
    many = {}
    for name, (model, key) in spec.many.items():
        if name in data:
            try:
                many[name] = _resolve_many(model, key, data[name])
            except Invalid as exc:
                _add_error(errors, name, str(exc))
    citations = None
    if spec.cited and (creating or "citations" in data):
        citations, citation_errors = _prepare_citations(data.get("citations"))
        for message in citation_errors:
            _add_error(errors, "citations", message)
    try:
        instance.full_clean(exclude=list(errors))
    except ValidationError as exc:
        exc.update_error_dict(errors)
        _name_constraint_fields(spec.model, errors)
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


def _replace_citations(spec: RecordSpec, instance: models.Model, citations: list[Citation]):
    """Make the record's citations these, matched by position: unchanged rows are not written."""
    errors = []
    for number, citation in enumerate(citations, start=1):
        setattr(citation, spec.citation_field, instance)
        try:
            citation.full_clean()
        except ValidationError as exc:
            errors += [f"Citation {number}: {message}" for message in exc.messages]
    if errors:
        raise ValidationError({"citations": errors})
    existing = list(instance.citations.order_by("id"))
    for old, new in zip(existing, citations, strict=False):
        # `stale` too: a citation given anew, with its words, is no longer stale.
        changed = [
            name for name in (*CITATION_FIELDS, "stale") if getattr(old, name) != getattr(new, name)
        ]
        if changed:
            for name in changed:
                setattr(old, name, getattr(new, name))
            old.save(update_fields=[*changed, "updated"])
    Citation.objects.bulk_create(citations[len(existing) :])
    Citation.objects.filter(pk__in=[old.pk for old in existing[len(citations) :]]).delete()


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
