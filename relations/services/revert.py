"""Undo changes from the audit trail: an edit, an addition, a deletion, a link.

Every write to a tracked table leaves an event (api/audit.py). Reverting one:
- an update sets the fields it changed back to their earlier values, provided nothing has
  changed them since (otherwise the later change must be reverted first);
- an insert deletes the row it added;
- a delete puts the row back under its id, with the rows its deletion took along (an
  event's citations and actor links, an actor's aliases and roles): those whose delete
  events share its transaction;
- a link added is removed, a link removed is added back.

A list of changes is undone newest first, in one transaction: the first change that cannot be
undone stops everything, and the error names its id. The writes carry `reverts` in their
audit context, so the history says what undid what.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pghistory
import pghistory.core
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.deletion import CASCADE, ProtectedError, RestrictedError

from api.audit import BASELINE
from relations.models import Citation, Event, EventCategory
from relations.services.rollup import temperature_recompute_on_commit

DELETIONS = ("delete", "remove")
# How far back, before a row's deletion outside any audit context, its dependents' go.
CASCADE_WINDOW = datetime.timedelta(seconds=10)
ADDITIONS = ("insert", "add")


class RevertError(Exception):
    """A change that cannot be undone; the message names its event id."""


@dataclass(frozen=True)
class Reverted:
    """One undone change: its event id and what was done."""

    event_id: str
    description: str


def _event_models() -> dict[str, type[models.Model]]:
    return {model._meta.label: model for model in pghistory.core.event_models()}


def cascade_event_models(model: type[models.Model]) -> list[tuple[type[models.Model], str]]:
    """(event model, column) of the tracked rows a delete of `model`'s row takes along."""
    found = []
    for event_model in _event_models().values():
        for field in event_model.pgh_tracked_model._meta.concrete_fields:
            if (
                field.is_relation
                and field.related_model is model
                and field.remote_field.on_delete is CASCADE
            ):
                found.append((event_model, field.attname))
    return found


def event_id(event: models.Model) -> str:
    """The id the history shows for an event: `app.ModelHistory:pgh_id`."""
    return f"{event._meta.label}:{event.pgh_id}"


def change_load(change_id: str) -> models.Model:
    """The event row of `app.ModelHistory:123`; RevertError if there is none."""
    label, _, number = str(change_id).strip().rpartition(":")
    event_model = _event_models().get(label)
    if event_model is None or not number.isdigit() or len(number) > 18:
        raise RevertError(
            f"{change_id}: not a change id (expected e.g. relations.EventHistory:12)."
        )
    try:
        return event_model.objects.get(pgh_id=int(number))
    except event_model.DoesNotExist:
        raise RevertError(f"{change_id}: no such change in the history.") from None


def _tracked_fields(event: models.Model) -> list[models.Field]:
    """The tracked model's fields that its events copy (all but the untracked times)."""
    copied = {field.name for field in event._meta.concrete_fields}
    return [
        field
        for field in event.pgh_tracked_model._meta.concrete_fields
        if field.name in copied and not isinstance(field, models.GeneratedField)
    ]


def _row_id(event: models.Model) -> int:
    return event.id


def _previous(event: models.Model) -> models.Model | None:
    """The same row's event before `event`: its state before the change."""
    return (
        type(event)
        .objects.filter(pgh_obj_id=event.pgh_obj_id, pgh_id__lt=event.pgh_id)
        .order_by("-pgh_id")
        .first()
    )


def _clean(change_id: str, row: models.Model) -> None:
    try:
        row.full_clean(validate_unique=True)
    except ValidationError as exc:
        messages = " ".join(exc.messages)
        raise RevertError(
            f"{change_id}: the row would break the record's rules: {messages}"
        ) from None


def _revert_update(change_id: str, event: models.Model, touched: list[models.Model]) -> str:
    model = event.pgh_tracked_model
    before = _previous(event)
    if before is None:
        raise RevertError(f"{change_id}: the history holds no earlier state of this row.")
    row = model._default_manager.filter(pk=_row_id(event)).first()
    if row is None:
        raise RevertError(f"{change_id}: the row has been deleted since; restore it first.")
    changed = [
        field
        for field in _tracked_fields(event)
        if getattr(before, field.attname) != getattr(event, field.attname)
    ]
    for field in changed:
        now = getattr(row, field.attname)
        if now != getattr(event, field.attname):
            raise RevertError(
                f"{change_id}: {field.name} has changed since (it is now {now!r}); "
                "revert the later change first."
            )
    touched.append(model._default_manager.get(pk=row.pk))
    for field in changed:
        setattr(row, field.attname, getattr(before, field.attname))
    _clean(change_id, row)
    row.save()
    touched.append(row)
    names = ", ".join(field.name for field in changed) or "nothing"
    return f"{model._meta.verbose_name} {row.pk}: {names} set back"


def _revert_insert(change_id: str, event: models.Model, touched: list[models.Model]) -> str:
    model = event.pgh_tracked_model
    row = model._default_manager.filter(pk=_row_id(event)).first()
    if row is None:
        raise RevertError(f"{change_id}: the row has been deleted already.")
    touched.append(row)
    try:
        row.delete()
    except (ProtectedError, RestrictedError) as exc:
        rows = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
        blocking = ", ".join(str(obj) for obj in list(rows)[:3])
        raise RevertError(f"{change_id}: other rows still rest on it ({blocking}).") from None
    return f"{model._meta.verbose_name} {_row_id(event)} removed"


def _restore(
    change_id: str, event: models.Model, touched: list[models.Model], *, top: bool = True
) -> int:
    """Put a deleted row back, then the rows its deletion took along; returns how many."""
    model = event.pgh_tracked_model
    if model._default_manager.filter(pk=_row_id(event)).exists():
        if not top:
            return 0  # a row deleted along with it that is back already
        raise RevertError(f"{change_id}: the row exists again already.")
    row = model(
        **{field.attname: getattr(event, field.attname) for field in _tracked_fields(event)}
    )
    _clean(change_id, row)
    row.save(force_insert=True)
    touched.append(row)
    restored = 1
    for child in _cascaded(event):
        restored += _restore(change_id, child, touched, top=False)
    return restored


def _cascaded(event: models.Model) -> Iterable[models.Model]:
    """The delete events of the rows removed along with `event`'s row.

    Django deletes the dependent rows in the same write: the same audit context (a request, a
    command), moments before or after the row itself (its collector orders them, and fast
    deletes or updates of other tables can come between). Triggers stamp each event with the
    clock, not the transaction's start, so outside a context only a window around the row's
    own deletion ties them.
    """
    if event.pgh_context_id is not None:
        same_write = Q(pgh_context_id=event.pgh_context_id)
    else:  # a write outside any audit context (a shell): the moments around it
        same_write = Q(
            pgh_context__isnull=True,
            pgh_created_at__range=(
                event.pgh_created_at - CASCADE_WINDOW,
                event.pgh_created_at + CASCADE_WINDOW,
            ),
        )
    for event_model, column in cascade_event_models(event.pgh_tracked_model):
        children = event_model.objects.filter(
            same_write, pgh_label__in=DELETIONS, **{column: _row_id(event)}
        ).order_by("-pgh_id")
        seen = set()
        for child in children:  # the latest deletion of each row
            if child.id not in seen:
                seen.add(child.id)
                yield child


def _revert_delete(change_id: str, event: models.Model, touched: list[models.Model]) -> str:
    restored = _restore(change_id, event, touched)
    model = event.pgh_tracked_model
    along = f" with {restored - 1} row(s) deleted along with it" if restored > 1 else ""
    return f"{model._meta.verbose_name} {_row_id(event)} restored{along}"


def change_revert_one(change_id: str, event: models.Model, touched: list[models.Model]) -> str:
    """Undo one change (inside the caller's transaction); a description of what was done."""
    label = event.pgh_label
    if label == BASELINE:
        raise RevertError(
            f"{change_id}: a baseline records a row as it stood when the history began; "
            "there is no change to undo."
        )
    if label == "update":
        return _revert_update(change_id, event, touched)
    if label in ADDITIONS:
        return _revert_insert(change_id, event, touched)
    if label in DELETIONS:
        return _revert_delete(change_id, event, touched)
    raise RevertError(f"{change_id}: cannot undo a change of kind {label!r}.")


def _recompute_temperatures(touched: list[models.Model]) -> None:
    """The stored temperature follows the events and the category weights that were undone."""
    if any(isinstance(row, EventCategory) for row in touched):
        temperature_recompute_on_commit(everything=True)
        return
    relationship_ids = {row.relationship_id for row in touched if isinstance(row, Event)}
    event_ids = {row.event_id for row in touched if isinstance(row, Citation) and row.event_id}
    event_ids |= {
        getattr(row, "event_id", None)
        for row in touched
        if type(row) is Event.actors.through  # an actor link
    }
    event_ids.discard(None)
    if event_ids:
        relationship_ids |= set(
            Event.objects.filter(pk__in=event_ids).values_list("relationship_id", flat=True)
        )
    if relationship_ids:
        temperature_recompute_on_commit(relationship_ids)


def changes_revert(*, change_ids: Sequence[str]) -> list[Reverted]:
    """Undo the changes, newest first, all or none; RevertError names the first that cannot be."""
    ids = list(dict.fromkeys(str(change_id).strip() for change_id in change_ids))
    if not ids:
        raise RevertError("Name at least one change to undo.")
    events = [(change_id, change_load(change_id)) for change_id in ids]
    events.sort(key=lambda pair: (pair[1].pgh_created_at, pair[1].pgh_id), reverse=True)
    done, touched = [], []
    with transaction.atomic(), pghistory.context(reverts=ids):
        for change_id, event in events:
            done.append(Reverted(change_id, change_revert_one(change_id, event, touched)))
        _recompute_temperatures(touched)
    return done
