"""The audit trail's recording: PostgreSQL triggers (django-pghistory) and the door of each write.

Triggers, not signals or services, keep the history, so no write path can skip it: the admin,
the API, the demo loader, a shell or raw SQL all leave their events. Each write's context says
who made it (`user`, a user id) and through which door (`door`): "admin" and "api" are set per
request here, "loader" by the demo loader, "command" by commands that write; a write outside
them has no door. A write may say more: `reason` (why a category's weight changed), `reverts`
(the changes it undoes), `action` (the bulk action it belongs to).
"""

from __future__ import annotations

from collections.abc import Callable

import pghistory
import pghistory.middleware
from django.db import models
from django.urls import reverse

ADMIN_DOOR = "admin"
API_DOOR = "api"
LOADER_DOOR = "loader"
# Management commands that change the record (`manage.py revert`) name themselves so.
COMMAND_DOOR = "command"

# The label of the events that record the rows as they stood when their history began.
BASELINE = "baseline"

# When is the event's own time; generated columns (search documents) repeat other fields.
UNTRACKED_FIELDS = ("created", "updated")


def tracked(model: type[models.Model]) -> type[models.Model]:
    """Keep every insert, update and delete of `model`'s rows (a class decorator)."""
    exclude = [
        field.name
        for field in model._meta.concrete_fields
        if field.name in UNTRACKED_FIELDS or isinstance(field, models.GeneratedField)
    ]
    # Fresh trackers per model: pghistory binds each to the model it tracks.
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        exclude=exclude,
        # "Event" is a domain word here (relations.Event), so the history says "History".
        model_name=f"{model.__name__}History",
        obj_field=pghistory.ObjForeignKey(related_name="history"),
    )(model)


def tracked_links(field: models.ManyToManyField, *, model_name: str) -> None:
    """Keep every link added to or removed from a many-to-many `field` (its through table)."""
    pghistory.track(
        pghistory.InsertEvent("add"),
        pghistory.DeleteEvent("remove"),
        obj_field=None,
        model_name=model_name,
        app_label=field.model._meta.app_label,
    )(field.remote_field.through)


def record_baseline(app_label: str, *, links: dict[str, str]) -> Callable:
    """A migration step: a baseline event per existing row, so its first change has a before.

    `links` names the table each history of a many-to-many link keeps (history model -> table).
    """

    def run(apps, schema_editor) -> None:
        for model in apps.get_app_config(app_label).get_models():
            fields = {field.name: field for field in model._meta.concrete_fields}
            if "pgh_label" not in fields:
                continue
            columns = [f'"{f.column}"' for n, f in fields.items() if not n.startswith("pgh_")]
            if "pgh_obj" in fields:
                table = fields["pgh_obj"].related_model._meta.db_table
                columns_into, columns_from = ['"pgh_obj_id"', *columns], ['"id"', *columns]
            else:
                table = links[model._meta.model_name]
                columns_into = columns_from = columns
            schema_editor.execute(
                f'INSERT INTO "{model._meta.db_table}" ("pgh_created_at", "pgh_label", '
                f"{', '.join(columns_into)}) SELECT clock_timestamp(), %s, "
                f'{", ".join(columns_from)} FROM "{table}" ORDER BY "id"',
                [BASELINE],
            )

    return run


def enter_door(door: str) -> pghistory.context:
    """Name the door of the writes in progress (or, used with `with`, of the block's writes)."""
    return pghistory.context(door=door)


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """Opens a write request's audit context: its user, its URL and, in the admin, the door."""

    def get_context(self, request):
        context = super().get_context(request)
        if request.path.startswith(reverse("admin:index")):
            context["door"] = ADMIN_DOOR
        return context
