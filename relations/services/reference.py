"""Writes to what the record points at: countries, relationships, actors and metrics.

Actors' spellings (aliases) and dated roles are set as wholes: rows that stay the same are
not written. `data` follows relations/services/writes.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction

from articles.dates import PRECISION_VALUES, truncate
from relations.models import Actor, ActorAlias, ActorRole, Country, Metric, Relationship
from relations.services.rollup import temperature_recompute_on_commit
from relations.services.writes import RecordSpec, record_services, resolver

ROLE_FIELDS = frozenset(
    {"title", "country", "started_on", "started_on_precision", "ended_on", "ended_on_precision"}
)

_country = resolver(Country, "code")

COUNTRY = RecordSpec(model=Country, cited=False)
RELATIONSHIP = RecordSpec(
    model=Relationship, foreign_keys={"country_a": _country, "country_b": _country}, cited=False
)
ACTOR = RecordSpec(model=Actor, foreign_keys={"country": _country}, cited=False)
METRIC = RecordSpec(model=Metric, cited=False)


country_create, country_update = record_services(COUNTRY)
metric_create, metric_update = record_services(METRIC)
# An actor's spellings and roles are set with actor_aliases_set and actor_roles_set.
actor_create, actor_update = record_services(ACTOR)
relationship_create, _relationship_update = record_services(RELATIONSHIP)


@transaction.atomic
def relationship_update(*, user, relationship: Relationship, data: dict) -> Relationship:
    """Change the fields given in `data`; a new period bounds the temperature, so it is redone."""
    relationship = _relationship_update(user=user, relationship=relationship, data=data)
    if {"period_start", "period_end"} & set(data):
        temperature_recompute_on_commit([relationship.pk])
    return relationship


def actor_aliases_prune(*, actor: Actor, keep: Iterable[str]) -> int:
    """Delete the actor's aliases not spelled as in `keep`; returns how many went."""
    return actor.aliases.exclude(name__in=list(keep)).delete()[1].get(ActorAlias._meta.label, 0)


@transaction.atomic
def actor_aliases_set(*, actor: Actor, aliases: dict[str, str]) -> None:
    """Make the actor's spellings exactly `aliases` (spelling -> note); unchanged rows stay."""
    actor_aliases_prune(actor=actor, keep=aliases)
    existing = {alias.name: alias for alias in actor.aliases.all()}
    for name, note in aliases.items():
        alias = existing.get(name) or ActorAlias(actor=actor, name=name)
        if alias.pk is None or alias.note != note:
            alias.note = note
            _clean_and_save(alias, "aliases")


@transaction.atomic
def actor_roles_set(*, actor: Actor, roles: list[dict]) -> None:
    """Make the actor's dated roles `roles`, matched by position; unchanged rows stay."""
    existing = list(actor.roles.order_by("id"))
    for index, values in enumerate(roles):
        unknown = sorted(set(values) - ROLE_FIELDS)
        if unknown:
            raise ValidationError({"roles": [f"Role {index + 1}: unknown field {unknown[0]}."]})
        role = existing[index] if index < len(existing) else ActorRole(actor=actor)
        values = {**values, "country": _country(values.get("country"))}
        for date_name in ("started_on", "ended_on"):
            precision = values.get(f"{date_name}_precision", "day")
            if values.get(date_name) is not None and precision in PRECISION_VALUES:
                values[date_name] = truncate(values[date_name], precision)
        changed = [name for name, value in values.items() if getattr(role, name) != value]
        for name in changed:
            setattr(role, name, values[name])
        if role.pk is None or changed:
            _clean_and_save(role, "roles")
    ActorRole.objects.filter(pk__in=[role.pk for role in existing[len(roles) :]]).delete()


def _clean_and_save(row: models.Model, name: str) -> None:
    """Save a child row after full_clean; its errors are reported under the parent's field."""
    try:
        row.full_clean()
    except ValidationError as exc:
        raise ValidationError({name: [f"{row}: {message}" for message in exc.messages]}) from exc
    row.save()
