"""Merge two actors that turn out to be one: `actors_merge(keep=..., merged=...)`.

Everything the merged actor holds moves to the kept one: its aliases, roles, event and
agreement links and the figures it claimed; its name stays as an alias of the kept actor, so
extraction and search still find it by that spelling. The merged row is then deleted. One
transaction, one audit context (`action`): the history shows the merge as one act.
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.lookups import Exact
from django.utils import timezone

from relations.models import Actor, ActorAlias, Agreement, Event, Normalized, Observation


@dataclass(frozen=True)
class MergeResult:
    aliases: int
    roles: int
    events: int
    agreements: int
    claims: int


def _move_links(field, *, keep: Actor, merged: Actor) -> int:
    """Re-point `merged`'s links of an m2m field to `keep` (remove + add, as history records)."""
    through = field.remote_field.through
    owner, linked = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = through.objects.filter(**{linked: merged})
    owners = set(links.values_list(f"{owner}_id", flat=True))
    already = set(
        through.objects.filter(**{linked: keep, f"{owner}__in": owners}).values_list(
            f"{owner}_id", flat=True
        )
    )
    links.delete()
    through.objects.bulk_create(
        through(**{f"{owner}_id": owner_id, linked: keep}) for owner_id in owners - already
    )
    field.model.objects.filter(pk__in=owners).update(updated=timezone.now())
    return len(owners)


def _holds_spelling(actor: Actor, name: str) -> bool:
    return _spelled(name).filter(actor=actor).exists()


def _spelled(name: str):
    """The aliases spelling `name`, case and accents aside."""
    return ActorAlias.objects.filter(Exact(Normalized("name"), Normalized(Value(name))))


@transaction.atomic
def actors_merge(*, keep: Actor, merged: Actor) -> MergeResult:
    """Move everything of `merged` to `keep`, keep its name as an alias, delete it."""
    if keep.pk == merged.pk:
        raise ValidationError("Choose two different actors to merge.")
    with pghistory.context(action=f"merge actor {merged} ({merged.pk}) into {keep} ({keep.pk})"):
        aliases = list(merged.aliases.all())
        for alias in aliases:
            if _holds_spelling(keep, alias.name):
                alias.delete()
            else:
                alias.actor = keep
                alias.save(update_fields=["actor", "updated"])
        roles = merged.roles.update(actor=keep, updated=timezone.now())
        events = _move_links(Event._meta.get_field("actors"), keep=keep, merged=merged)
        agreements = _move_links(Agreement._meta.get_field("parties"), keep=keep, merged=merged)
        claims = Observation.objects.filter(claimed_by=merged).update(
            claimed_by=keep, updated=timezone.now()
        )
        name = merged.name
        merged.delete()
        if not _spelled(name).exists():
            alias = ActorAlias(actor=keep, name=name, note=f"Merged from actor {merged.slug}.")
            alias.full_clean()
            alias.save()
        keep.save(update_fields=["updated"])
    return MergeResult(
        aliases=len(aliases), roles=roles, events=events, agreements=agreements, claims=claims
    )
