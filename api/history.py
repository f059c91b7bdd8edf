"""`GET /api/history`: what changed in the record since a time, who changed it and through which door.

The events are those the triggers of api/audit.py keep, read across every tracked table through
django-pghistory's `Events`. A change to a many-to-many link (an agreement's parties, an event's
actors) is told as a change of its owner's field.
"""

import datetime
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pghistory.models import Events

from api.audit import BASELINE
from api.auth import curator_auth
from api.csv import CsvColumn
from api.lists import paged
from api.params import aware
from api.schemas import OutSchema, Page


def history_since(*, since: datetime.datetime | None = None) -> QuerySet[Events]:
    """The record's events at or after `since` (all without it), oldest first."""
    events = Events.objects.all()
    if since is not None:
        events = events.filter(pgh_created_at__gte=since)
    return events.order_by("pgh_created_at", "pgh_model", "pgh_id")


def _links() -> dict[str, tuple[models.ManyToManyField, str, str]]:
    """Through table's label -> (its field, the owner's column, the linked row's column)."""
    return {
        field.remote_field.through._meta.label: (
            field,
            field.m2m_column_name(),
            field.m2m_reverse_name(),
        )
        for model in apps.get_models()
        for field in model._meta.many_to_many
    }


def _change(old: Any, new: Any) -> dict[str, Any]:
    return {"old": old, "new": new}


def history_entries(events: list[Events]) -> list[dict[str, Any]]:
    """The events as history items, with the objects' labels and the users' names read in bulk."""
    links = _links()
    entries = []
    for event in events:
        data = event.pgh_data or {}
        context = event.pgh_context or {}
        entry = {
            "id": event.pgh_slug,
            "action": event.pgh_label,
            "at": event.pgh_created_at,
            "door": context.get("door"),
            "user_id": context.get("user"),
        }
        link = links.get(event.pgh_obj_model)
        if link is not None:
            field, owner_column, linked_column = link
            linked = data.get(linked_column)
            added = event.pgh_label in ("add", BASELINE)
            entry["model"] = field.model
            entry["object_id"] = data.get(owner_column)
            entry["changes"] = {
                field.name: _change(None, linked) if added else _change(linked, None)
            }
        else:
            entry["model"] = apps.get_model(event.pgh_obj_model)
            entry["object_id"] = int(event.pgh_obj_id)
            entry["changes"] = _changes(event.pgh_label, data, event.pgh_diff)
        entries.append(entry)
    _add_labels(entries)
    _add_users(entries)
    return entries


def _changes(action: str, data: dict, diff: dict | None) -> dict[str, dict[str, Any]]:
    """Old and new value per field: an update's differences; all of a new, baseline or deleted row's."""
    if action == "update":
        return {name: _change(old, new) for name, (old, new) in (diff or {}).items()}
    values = {name: value for name, value in data.items() if name != "id"}
    if action == "delete":
        return {name: _change(value, None) for name, value in values.items()}
    return {name: _change(None, value) for name, value in values.items()}


def _add_labels(entries: list[dict[str, Any]]) -> None:
    """Each object's label as the admin shows it; a deleted object's says it is gone."""
    wanted: dict[type[models.Model], set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry["model"], set()).add(entry["object_id"])
    found = {
        model: model._default_manager.select_related().in_bulk(ids) for model, ids in wanted.items()
    }
    for entry in entries:
        model = entry.pop("model")
        row = found[model].get(entry["object_id"])
        entry["model"] = model._meta.label_lower
        entry["label"] = str(row) if row else f"{model._meta.verbose_name} {entry['object_id']}"
        entry["exists"] = row is not None


def _add_users(entries: list[dict[str, Any]]) -> None:
    ids = {entry["user_id"] for entry in entries if entry["user_id"] is not None}
    names = dict(get_user_model()._default_manager.filter(pk__in=ids).values_list("pk", "username"))
    for entry in entries:
        entry["user"] = names.get(entry.pop("user_id"))


class HistoryFilters(Schema):
    since: datetime.datetime | None = Field(
        None,
        description="Changes at or after this ISO 8601 time (UTC when no zone is given).",
        examples=["2024-01-01T00:00:00Z"],
    )


class ChangeOut(OutSchema):
    old: Any = Field(description="The value before (null for a new row or link).")
    new: Any = Field(description="The value after (null for a deleted row or link).")


class HistoryOut(OutSchema):
    id: str = Field(description="The event's id.", examples=["relations.AgreementHistory:12"])
    model: str = Field(description="What changed.", examples=["relations.agreement"])
    object_id: int = Field(description="The changed row's id.")
    label: str = Field(description="The row as curators know it.")
    exists: bool = Field(description="Whether the row is still in the record.")
    action: str = Field(
        description=(
            "insert, update or delete; add or remove for a link; baseline for a row as it stood "
            "when the history began."
        )
    )
    changes: dict[str, ChangeOut] = Field(description="Old and new value per changed field.")
    user: str | None = Field(description="Who made the change (null for the loader or a script).")
    at: datetime.datetime = Field(description="When (UTC).")
    door: str | None = Field(description="Through which door: admin, api or loader.")


class HistoryPage(Page):
    items: list[HistoryOut] = Field(description="The rows of this page, in order.")


router = Router(tags=["history"], auth=curator_auth)

HISTORY_COLUMNS = [
    CsvColumn("id", lambda e: e["id"]),
    CsvColumn("model", lambda e: e["model"]),
    CsvColumn("object_id", lambda e: e["object_id"]),
    CsvColumn("label", lambda e: e["label"]),
    CsvColumn("action", lambda e: e["action"]),
    CsvColumn(
        "changes",
        lambda e: [f"{name}: {c['old']} -> {c['new']}" for name, c in e["changes"].items()],
    ),
    CsvColumn("user", lambda e: e["user"]),
    CsvColumn("at", lambda e: e["at"]),
    CsvColumn("door", lambda e: e["door"]),
]


@router.get("", response=HistoryPage, summary="List changes to the record")
@paged(HISTORY_COLUMNS, "history", prepare=history_entries)
def history_list(request: HttpRequest, filters: Query[HistoryFilters]):
    """Changes at or after `since`, oldest first: who made each, when, and through which door.

    For curators: a token of a staff user, or of one with the permission pghistory.view_events.
    """
    return history_since(since=aware(filters.since))
