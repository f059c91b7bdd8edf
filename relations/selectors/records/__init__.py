"""Reads of the record for the API: filtered querysets with every related row fetched in bulk.

Each `<entity>_list` returns a queryset in a stable order (ties broken by id) whose related
rows come from a fixed number of queries however many rows a page holds.

One module per resource (relationships, actors, agreements, events, metrics and
observations), with the pieces they share in `common`.
"""

from relations.selectors.records.actors import actor_list, actor_queryset
from relations.selectors.records.agreements import (
    AGREEMENT_ORDERINGS,
    agreement_detail_queryset,
    agreement_list,
    agreement_queryset,
)
from relations.selectors.records.common import (
    SEARCH_CONFIG,
    actors_matching,
    citation_queryset,
    effective_score,
)
from relations.selectors.records.events import event_list, event_queryset
from relations.selectors.records.metrics import metric_list, observation_list, observation_queryset
from relations.selectors.records.relationships import (
    relationship_detail_queryset,
    relationship_list,
)

__all__ = [
    "AGREEMENT_ORDERINGS",
    "SEARCH_CONFIG",
    "actor_list",
    "actor_queryset",
    "actors_matching",
    "agreement_detail_queryset",
    "agreement_list",
    "agreement_queryset",
    "citation_queryset",
    "effective_score",
    "event_list",
    "event_queryset",
    "metric_list",
    "observation_list",
    "observation_queryset",
    "relationship_detail_queryset",
    "relationship_list",
]
