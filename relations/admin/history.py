"""Each record's history in the admin, with old and new values, and one click to undo a change.

The admin's own "History" page lists only what was done through the admin, without values.
This one reads the audit trail (api/audit.py), which every door writes: the admin, the API,
the ingestion review, commands. A row's page shows its own changes and those of the rows that
belong to it (an event's citations and actors, an actor's aliases and roles). The changelist
links to the rows deleted lately, each restorable with what was deleted along with it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from pghistory.models import Events

from api.history import history_entries
from relations.services.revert import (
    RevertError,
    cascade_event_models,
    change_load,
    changes_revert,
)

# A page shows the latest changes; older ones are in the API's history (`GET /api/history`).
HISTORY_LIMIT = 200


def object_history(model, object_id: int) -> list[dict]:
    """History entries of a row and of the rows that belong to it, newest first."""
    own = model._meta.label
    children = {event_model for event_model, _ in cascade_event_models(model)}
    child_labels = {event_model.pgh_tracked_model._meta.label for event_model in children}
    tracker = model._meta.get_field("history").related_model if _tracked(model) else None
    across = [event_model for event_model in (tracker, *children) if event_model is not None]
    if not across:
        return []
    events = (
        Events.objects.references(model(pk=object_id))
        .across(*across)
        .order_by("-pgh_created_at", "-pgh_id")
    )
    kept = [
        event
        for event in events[: HISTORY_LIMIT * 2]
        if event.pgh_obj_model in child_labels
        or (event.pgh_obj_model == own and str(event.pgh_obj_id) == str(object_id))
    ][:HISTORY_LIMIT]
    entries = history_entries(kept)
    for entry, event in zip(entries, kept, strict=True):
        entry["changes"] = without_empty_values(entry["changes"])
        entry["kind"] = "" if entry["model"] == own.lower() else entry["model"].split(".")[-1]
        context = event.pgh_context or {}
        entry["reason"] = context.get("reason")
        entry["reverts"] = context.get("reverts")
        entry["bulk_action"] = context.get("action")
        entry["revertible"] = event.pgh_label != "baseline"
    return entries


EMPTY = (None, "", [], {})


def without_empty_values(changes: dict) -> dict:
    """A new or deleted row's fields that hold something: empty ones say nothing."""
    return {
        name: change
        for name, change in changes.items()
        if change["old"] not in EMPTY or change["new"] not in EMPTY
    }


def _tracked(model) -> bool:
    try:
        model._meta.get_field("history")
    except FieldDoesNotExist:
        return False
    return True


class HistoryMixin:
    """Replaces the admin's History page with the audit trail's, and adds undo and restore."""

    object_history_template = "admin/record_history.html"
    change_list_template = "admin/tracked_change_list.html"

    class Media:
        # The curators' stylesheet: list layouts at 1,400 px and under, the history table.
        css = {"all": ("css/admin.css",)}

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "revert/",
                self.admin_site.admin_view(self.revert_view),
                name="{}_{}_revert".format(*info),
            ),
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
        ]
        return own + super().get_urls()

    def history_view(self, request, object_id, extra_context=None):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            pk = self.opts.pk.to_python(object_id)
        except ValidationError:
            pk = None
        if not isinstance(pk, int):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        obj = self.model._default_manager.filter(pk=pk).first()
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}" if obj else f"History of deleted {self.opts.verbose_name}",
            "subtitle": None,
            "object": obj,
            "object_id": pk,
            "opts": self.opts,
            "entries": object_history(self.model, pk),
            "limit": HISTORY_LIMIT,
            "revert_url": reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revert"
            ),
            "can_revert": self.has_change_permission(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def deleted_view(self, request):
        """The rows of this table deleted lately, newest first, each with a restore button."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        tracker = self.model._meta.get_field("history").related_model
        deletions = list(
            Events.objects.across(tracker)
            .filter(pgh_label="delete")
            .order_by("-pgh_created_at", "-pgh_id")[:HISTORY_LIMIT]
        )
        back = set(
            self.model._default_manager.filter(
                pk__in=[int(event.pgh_obj_id) for event in deletions]
            ).values_list("pk", flat=True)
        )
        gone = [event for event in deletions if int(event.pgh_obj_id) not in back]
        entries = history_entries(gone)
        for entry in entries:
            entry["changes"] = without_empty_values(entry["changes"])
            entry["revertible"] = True
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.opts.verbose_name_plural}",
            "subtitle": None,
            "opts": self.opts,
            "entries": entries,
            "limit": HISTORY_LIMIT,
            "deleted_list": True,
            "revert_url": reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_revert"
            ),
            "can_revert": self.has_add_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revert_view(self, request):
        """POST `change` (one or more change ids): undo them, then go back to `next`."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        change_ids = request.POST.getlist("change")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = reverse(
                f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
        try:
            for change_id in change_ids:
                self._check_revert_permission(request, change_id)
            done = changes_revert(change_ids=change_ids)
        except RevertError as exc:
            self.message_user(request, f"Nothing was undone. {exc}", messages.ERROR)
            return HttpResponseRedirect(back)
        for item in done:
            self.message_user(request, f"Undone {item.event_id}: {item.description}.")
        return HttpResponseRedirect(back)

    def _check_revert_permission(self, request, change_id: str) -> None:
        """Undoing writes to the changed table: its change permission, or add and delete."""
        tracked = change_load(change_id).pgh_tracked_model
        opts = tracked._meta
        # Many-to-many links belong to their owner's change permission.
        if opts.auto_created:
            opts = opts.auto_created._meta
        codename = f"{opts.app_label}.change_{opts.model_name}"
        if not request.user.has_perm(codename):
            raise PermissionDenied
