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
    Country,
    Event,
    EventCategory,
    Metric,
    Observation,
    Relationship,
)
from relations.services.rollup import temperature_recompute_on_commit
from relations.services.writes import RecordSpec, record_services, resolver

logger = logging.getLogger(__name__)


_relationship = resolver(Relationship, "slug")
_actor = resolver(Actor, "slug")
_country = resolver(Country, "code")

AGREEMENT = RecordSpec(
    model=Agreement,
    foreign_keys={
        "relationship": _relationship,
        "extends": resolver(Agreement, "slug"),
        "supersedes": resolver(Agreement, "slug"),
    },
    many={"parties": (Actor, "slug")},
)


def _unit_from_metric(observation: Observation, data: dict) -> None:
    """An observation's unit is its metric's usual unit unless told otherwise."""
    if "unit" not in data and observation.metric_id:
        observation.unit = observation.metric.unit


OBSERVATION = RecordSpec(
    model=Observation,
    foreign_keys={
        "metric": resolver(Metric, "slug"),
        "relationship": _relationship,
        "claimed_by": _actor,
    },
    fill_defaults=_unit_from_metric,
)
EVENT = RecordSpec(
    model=Event,
    foreign_keys={
        "relationship": _relationship,
        "category": resolver(EventCategory, "code"),
        "initiator": _country,
        "target": _country,
    },
    many={"actors": (Actor, "slug")},
)


@transaction.atomic
def record_delete(*, record: Agreement | Observation | Event) -> None:
    """Delete an agreement, observation or event with its citations; events move the temperature."""
    relationship_id = record.relationship_id
    record.delete()
    if isinstance(record, Event):
        temperature_recompute_on_commit([relationship_id])


agreement_create, agreement_update = record_services(AGREEMENT)
observation_create, observation_update = record_services(OBSERVATION)
_event_create, _event_update = record_services(EVENT)


@transaction.atomic
def event_create(*, user, data: dict) -> Event:
    """Add an event; the relationship's temperature is recomputed after commit."""
    event = _event_create(user=user, data=data)
    temperature_recompute_on_commit([event.relationship_id])
    return event


@transaction.atomic
def event_update(*, user, event: Event, data: dict) -> Event:
    """Change an event; both the old and the new relationship's temperature are recomputed."""
    previous_id = event.relationship_id
    event = _event_update(user=user, event=event, data=data)
    temperature_recompute_on_commit([previous_id, event.relationship_id])
    return event
