"""Actors: people, bodies, units, facilities and states, findable by any spelling."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router

from api.auth import read_auth
from api.csv import CsvColumn, attribute_columns
from api.lists import paged
from api.params import id_path
from relations.api.columns import TIMESTAMP_COLUMNS
from relations.schemas.actors import ActorFilters, ActorOut, ActorPage
from relations.selectors.records import actors as actor_selectors

router = Router(tags=["actors"], auth=read_auth)

ACTOR_COLUMNS = [
    *attribute_columns("id", "slug", "name", "kind"),
    CsvColumn("country", lambda a: a.country.code if a.country_id else None),
    CsvColumn("aliases", lambda a: [alias.name for alias in a.aliases.all()]),
    CsvColumn("roles", lambda a: [role.title for role in a.roles.all()]),
    CsvColumn("description", lambda a: a.description),
    *TIMESTAMP_COLUMNS,
]


@router.get("", response=ActorPage, summary="List actors")
@paged(ACTOR_COLUMNS, "actors")
def actor_list(request: HttpRequest, filters: Query[ActorFilters]):
    """Actors by name, with every alias and dated role."""
    return actor_selectors.actor_list(filters.get_filter_expression())


@router.get("/{actor_id}", response=ActorOut, summary="One actor")
def actor_detail(request: HttpRequest, actor_id: int = id_path("actor")):
    """An actor with every alias and dated role."""
    return get_object_or_404(actor_selectors.actor_list(), pk=actor_id)
