"""The relationships' tallies (models.RelationshipTally), counted again once per version of the
record: the first read after a write pays for the count, every later read joins one row."""

from __future__ import annotations

from relations.models import Relationship, RelationshipTally
from relations.selectors.browse import relationship_tally_rows

TALLIED = ("agreement_count", "event_count", "observation_count", "last_changed")


def relationship_tallies_refresh(*, record_version: int) -> bool:
    """Count every relationship's public agreements, events and figures and their last change
    again, unless each tally already holds `record_version`; whether it counted.

    `record_version` is read before the count, so a write committed meanwhile leaves tallies
    newer than their version says, and the next read counts them again: never older."""
    if not Relationship.objects.exclude(tally__record_version=record_version).exists():
        return False
    RelationshipTally.objects.bulk_create(
        [
            RelationshipTally(
                relationship_id=row.pk,
                record_version=record_version,
                **{field: getattr(row, field) for field in TALLIED},
            )
            for row in relationship_tally_rows()
        ],
        update_conflicts=True,
        unique_fields=["relationship"],
        update_fields=["record_version", *TALLIED],
    )
    return True
