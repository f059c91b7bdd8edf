"""Events: what happened, scored on the cooperation–conflict scale; create and change."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from api.auth import read_auth, token_with_permission
from api.csv import CsvColumn, dated_columns
from api.lists import paged
from api.params import id_path
from relations.api.columns import CITATION_COLUMNS, TIMESTAMP_COLUMNS, actor_names
from relations.api.review import sees_pending
from relations.models import Event
from relations.schemas.events import EventFilters, EventIn, EventOut, EventPage, EventPatch
from relations.selectors.records import events as event_selectors
from relations.services import records as services

router = Router(tags=["events"], auth=read_auth)

EVENT_COLUMNS = [
    CsvColumn("id", lambda e: e.pk),
    CsvColumn("relationship", lambda e: e.relationship.slug),
    CsvColumn("title", lambda e: e.title),
    *dated_columns("occurred_on"),
    CsvColumn("location", lambda e: e.location),
    CsvColumn("category", lambda e: e.category.code),
    CsvColumn("category_name", lambda e: e.category.name),
    CsvColumn("category_score", lambda e: e.category.default_score),
    CsvColumn("score_override", lambda e: e.score_override),
    CsvColumn("score", lambda e: e.effective_score),
    CsvColumn("confidence", lambda e: e.confidence),
    CsvColumn("initiator", lambda e: e.initiator.code if e.initiator_id else ""),
    CsvColumn("target", lambda e: e.target.code if e.target_id else ""),
    CsvColumn("mutual", lambda e: e.mutual),
    CsvColumn("actors", lambda e: actor_names(e.actors.all())),
    CsvColumn("actor_ids", lambda e: [actor.pk for actor in e.actors.all()]),
    CsvColumn("summary", lambda e: e.summary),
    *CITATION_COLUMNS,
    *TIMESTAMP_COLUMNS,
]


@router.get("", response=EventPage, summary="List events")
@paged(EVENT_COLUMNS, "events")
def event_list(request: HttpRequest, filters: Query[EventFilters]):
    """Events in date order, with their actors, category, effective score and citations."""
    return event_selectors.event_list(
        filters.get_filter_expression(), curator=sees_pending(request)
    )


def _event(event_id: int, *, curator: bool = True):
    return get_object_or_404(event_selectors.event_list(curator=curator), pk=event_id)


@router.get("/{event_id}", response=EventOut, summary="One event")
def event_detail(request: HttpRequest, event_id: int = id_path("event")):
    """An event with its actors, category, effective score and citations (one citing only
    articles awaiting review: curators only)."""
    return _event(event_id, curator=sees_pending(request))


@router.post(
    "",
    response={201: EventOut},
    auth=token_with_permission("relations.add_event"),
    summary="Add an event",
)
def event_create(request: HttpRequest, payload: EventIn):
    """Needs relations.add_event; the relationship's temperature is recomputed after commit."""
    event = services.event_create(user=request.auth, data=payload.model_dump(exclude_unset=True))
    return Status(201, _event(event.pk))


@router.patch(
    "/{event_id}",
    response=EventOut,
    auth=token_with_permission("relations.change_event"),
    summary="Change an event",
)
def event_update(
    request: HttpRequest,
    payload: EventPatch,
    event_id: int = id_path("event"),
):
    """Only the fields sent change; `actors` and `citations`, when sent, are replaced."""
    event = get_object_or_404(Event, pk=event_id)
    services.event_update(
        user=request.auth, event=event, data=payload.model_dump(exclude_unset=True)
    )
    return _event(event_id)
