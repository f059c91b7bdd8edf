"""Undo changes from the audit trail: `manage.py revert relations.EventHistory:12 ...`."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from api.audit import COMMAND_DOOR, enter_door
from relations.services.revert import RevertError, changes_revert


class Command(BaseCommand):
    help = (
        "Undo the named changes (ids as the admin's history and GET /api/history show them, "
        "e.g. relations.EventHistory:12), newest first, in one transaction: if one cannot be "
        "undone, none is, and the error names it. A deletion is undone by restoring the row "
        "with what was deleted along with it."
    )

    def add_arguments(self, parser):
        parser.add_argument("change_ids", nargs="+", metavar="CHANGE_ID")

    def handle(self, *args, change_ids, **options):
        try:
            with enter_door(COMMAND_DOOR):
                done = changes_revert(change_ids=change_ids)
        except RevertError as exc:
            raise CommandError(f"Nothing was undone. {exc}") from None
        for item in done:
            self.stdout.write(f"{item.event_id}: {item.description}")
        self.stdout.write(self.style.SUCCESS(f"Undid {len(done)} change(s)."))
