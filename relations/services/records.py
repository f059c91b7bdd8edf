"""Writes to the record: agreements, observations and events with their citations.

`data` follows relations/services/writes.py: the models' field names, foreign keys as ids or
natural keys (relationship, metric, actor and agreement slugs, CAMEO category codes).
`citations` is a list of `{"article": id, "span_start": int | None, "span_end": int | None,
"note": str}`, required on create and replacing the record's citations when given on update,
matched by position so that a citation that stays the same keeps its row. Bad data raises
ValidationError keyed by field, and nothing is written.
"""

from __future__ import annotations

import logging

from django.db import transaction

from relations.models import (
    Actor,
    Agreement,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
)
from relations.services.rollup import temperature_recompute_on_commit
from relations.services.writes import RecordSpec, record_write, resolver

logger = logging.getLogger(__name__)


_relationship = resolver(Relationship, "slug")
_actor = resolver(Actor, "slug")

AGREEMENT = RecordSpec(
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
        "extends": resolver(Agreement, "slug"),
        "supersedes": resolver(Agreement, "slug"),
    },
    many={"parties": (Actor, "slug")},
    dates=(
        ("signed_on", "signed_on_precision"),
        ("effective_on", "effective_on_precision"),
        ("expires_on", "expires_on_precision"),
    ),
)


def _unit_from_metric(observation: Observation, data: dict) -> None:
    """An observation's unit is its metric's usual unit unless told otherwise."""
    if "unit" not in data and observation.metric_id:
        observation.unit = observation.metric.unit


OBSERVATION = RecordSpec(
    model=Observation,
    scalars=frozenset(
        {
            "value",
            "unit",
            "period_start",
            "period_precision",
            "qualifier",
            "by_some_accounts",
            "note",
        }
    ),
    foreign_keys={
        "metric": resolver(Metric, "slug"),
        "relationship": _relationship,
        "claimed_by": _actor,
    },
    dates=(("period_start", "period_precision"),),
    fill_defaults=_unit_from_metric,
)
EVENT = RecordSpec(
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
            "date_basis",
            "note",
        }
    ),
    foreign_keys={"relationship": _relationship, "category": resolver(EventCategory, "code")},
    many={"actors": (Actor, "slug")},
    dates=(("occurred_on", "occurred_on_precision"),),
)


@transaction.atomic
def record_delete(*, record: Agreement | Observation | Event) -> None:
    """Delete an agreement, observation or event with its citations; events move the temperature."""
    relationship_id = record.relationship_id
    record.delete()
    if isinstance(record, Event):
        temperature_recompute_on_commit([relationship_id])


@transaction.atomic
def agreement_create(*, user, data: dict) -> Agreement:
    """Add an agreement with its parties and citations."""
    return record_write(AGREEMENT, Agreement(), data, user=user, creating=True)


@transaction.atomic
def agreement_update(*, user, agreement: Agreement, data: dict) -> Agreement:
    """Change the fields given in `data`; m2m and citations are replaced when given."""
    return record_write(AGREEMENT, agreement, data, user=user, creating=False)


@transaction.atomic
def observation_create(*, user, data: dict) -> Observation:
    """Add an observation; its unit defaults to the metric's."""
    return record_write(OBSERVATION, Observation(), data, user=user, creating=True)


@transaction.atomic
def observation_update(*, user, observation: Observation, data: dict) -> Observation:
    """Change the fields given in `data`; citations are replaced when given."""
    return record_write(OBSERVATION, observation, data, user=user, creating=False)


@transaction.atomic
def event_create(*, user, data: dict) -> Event:
    """Add an event; the relationship's temperature is recomputed after commit."""
    event = record_write(EVENT, Event(), data, user=user, creating=True)
    temperature_recompute_on_commit([event.relationship_id])
    return event


@transaction.atomic
def event_update(*, user, event: Event, data: dict) -> Event:
    """Change an event; both the old and the new relationship's temperature are recomputed."""
    previous_id = event.relationship_id
    event = record_write(EVENT, event, data, user=user, creating=False)
    temperature_recompute_on_commit([previous_id, event.relationship_id])
    return event
