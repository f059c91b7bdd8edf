"""Recompute the stored temperature of one relationship, or of all of them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from relations.models import Relationship
from relations.services import rollup


class Command(BaseCommand):
    help = (
        "Recompute the monthly temperature rollup (run after changing the TEMPERATURE_* "
        "settings: stored points do not record the parameters they were computed with)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--relationship", metavar="SLUG", help="Only this relationship (default: all)."
        )
        parser.add_argument(
            "--failed",
            action="store_true",
            help="Only the relationships whose recompute after a change failed (retry them).",
        )

    def handle(self, *args, relationship=None, failed=False, **options):
        if failed:
            done, failing = rollup.temperature_recompute_failed()
            if options["verbosity"] >= 1:
                self.stdout.write(f"Retried {done + failing}: {done} recomputed.")
            if failing:
                raise CommandError(f"{failing} still failing: see the log or the admin.")
            return
        relationships = Relationship.objects.order_by("slug")
        if relationship is not None:
            relationships = relationships.filter(slug=relationship)
            if not relationships.exists():
                raise CommandError(
                    f"--relationship: no relationship with the slug {relationship!r}"
                )
        total = 0
        for item in relationships:
            rows = rollup.temperature_recompute(relationship=item)
            rollup.temperature_failure_forget(relationship_id=item.pk)
            total += rows
            if options["verbosity"] >= 2:
                self.stdout.write(f"{item.slug}: {rows} months")
        if options["verbosity"] >= 1:
            self.stdout.write(f"Recomputed {total} temperature months.")
