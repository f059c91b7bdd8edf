"""Admin for the API's rows: curators issue and revoke tokens, look at tombstones and history."""

import pghistory.admin
import pghistory.core
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from api.models import ApiToken, Deletion
from api.tokens import api_token_create, api_token_revoke


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by services or triggers, never by hand: curators may look, not touch."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "created", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["prefix", "name", "user__username"]
    autocomplete_fields = ["user"]
    actions = ["revoke_selected"]
    # key_hash is never shown: not in a form, a list or a detail page.
    exclude = ["key_hash"]

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return ["user", "name"]
        return ["prefix", "name", "user", "created", "last_used_at", "revoked_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        if obj is None:
            return []
        return ["prefix", "user", "created", "last_used_at", "revoked_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        token, key = api_token_create(user=obj.user, name=obj.name)
        # The admin goes on with `obj` (history, redirect): make it the row just created.
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(token, field.attname))
        obj._state.adding = False
        obj._state.db = token._state.db
        messages.warning(
            request,
            f"The API key for {obj.user} is {key} — copy it now: it is stored only as a "
            "hash and will not be shown again.",
        )

    @admin.action(description="Revoke selected API tokens", permissions=["change"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token)
        self.message_user(request, f"Revoked {len(tokens)} API token(s).", messages.SUCCESS)


@admin.register(Deletion)
class DeletionAdmin(ReadOnlyAdmin):
    list_display = ("kind", "object_id", "deleted_at")
    list_filter = ("kind",)
    search_fields = ("kind", "=object_id")
    date_hierarchy = "deleted_at"
    ordering = ("-deleted_at", "-id")


class HistoryAdmin(pghistory.admin.EventModelAdmin):
    """One table's history, reached from its objects' change forms rather than the index."""

    list_display = ["pgh_created_at", "pgh_label", "row", "door", "user_id"]
    list_select_related = ["pgh_context"]

    def get_model_perms(self, request):
        return {}

    @admin.display(description="row as it then stood")
    def row(self, event) -> str:
        return "; ".join(
            f"{field.name}: {getattr(event, field.attname)}"
            for field in event._meta.concrete_fields
            if not field.name.startswith("pgh_")
        )

    @admin.display(description="door")
    def door(self, event) -> str | None:
        return event.pgh_context.metadata.get("door") if event.pgh_context else None

    @admin.display(description="user id")
    def user_id(self, event) -> int | None:
        return event.pgh_context.metadata.get("user") if event.pgh_context else None


# Every tracked table's history (api/audit.py); the index lists them all together as "Events".
for event_model in pghistory.core.event_models():
    admin.site.register(event_model, HistoryAdmin)
