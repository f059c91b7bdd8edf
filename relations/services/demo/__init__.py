"""Load the curated demo record (relations/demo/*.yaml) into the database, idempotently.

The files, each a mapping keyed by slug (or, for observations and events, by a name of ours):
sources.yaml, countries.yaml (`countries:` code -> name, `relationships:` slug -> pair),
articles.yaml, actors.yaml (with aliases and dated roles), metrics.yaml, agreements.yaml,
observations.yaml and events.yaml. Entries refer to each other by slug; the comment at the
top of each file documents its fields.

Rows are matched on their natural keys and updated in place, so a second run changes
nothing: slugs for sources, articles, actors, agreements and metrics; the code for countries;
(metric, relationship, period, claimed_by, qualifier, unit) for observations; relationship
and title for events (Event has no slug or key column, so the file's key only names the entry
in messages). Aliases, roles, parties, event actors and citations are replaced to match the
file. Every row is written through the services the API and the admin use
(relations/services/records.py and reference.py, articles/services.py), and only with the
fields that differ, so the `updated` timestamps and the record version of an unchanged record
stay put; the services schedule the temperature's recompute after commit when events (or a
relationship's period) change. A rerun over an older copy lists, entry by entry, what it
created, changed or deleted, and the agreements, observations and events of the files'
relationships that no file lists any more (deleted with `prune`).

Citations give an `anchor`, a short verbatim phrase of the supporting sentence. When the
article's full text is held (stored by an earlier `texts` load, or read now from the `texts`
folder) the citation stores that sentence's span and text as its quote; otherwise the quote
is the anchor itself, the only words of the article the record keeps.

The package: `reading` (files, fields and values, checked), `loader` (one load's state, its
writes through the services, DemoLoadResult), then one module per kind: `sources` (sources, articles), `places`
(countries, relationships), `actors`, `metrics` (metrics, observations), `agreements`,
`events` and `citations`.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from api.audit import LOADER_DOOR, enter_door
from relations.models import Agreement, Event, Observation
from relations.services.demo.actors import load_actors
from relations.services.demo.agreements import load_agreements
from relations.services.demo.events import load_events
from relations.services.demo.loader import DemoLoadResult, Loader
from relations.services.demo.metrics import load_metrics, load_observations
from relations.services.demo.places import load_countries
from relations.services.demo.reading import DemoDataError
from relations.services.demo.sources import load_articles, load_sources
from relations.services.records import record_delete

DEMO_DIRECTORY = Path(__file__).resolve().parents[2] / "demo"

# Each kind after the kinds its entries refer to.
LOADS = (
    load_sources,
    load_countries,
    load_articles,
    load_actors,
    load_metrics,
    load_agreements,
    load_observations,
    load_events,
)
# Kinds whose rows the files list exhaustively for each relationship they define.
LISTED = (Agreement, Observation, Event)


def demo_load(*, directory: Path, texts: Path | None = None, prune: bool = False) -> DemoLoadResult:
    """Load the record in `directory` in one transaction; with `texts`, store full texts too.

    Raises DemoDataError, naming the file and entry, on bad data; nothing is then written.
    With `prune`, deletes the agreements, observations and events of the files' relationships
    that the files no longer list; without it, only reports them.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DemoDataError(f"{directory}: no such directory of demo files")
    if texts is not None and not Path(texts).is_dir():
        raise DemoDataError(f"{texts}: no such directory of article texts")
    loader = Loader(directory=directory, texts=Path(texts) if texts is not None else None)
    with enter_door(LOADER_DOOR), transaction.atomic():
        for load in LOADS:
            load(loader)
        _stale(loader, prune=prune)
    return loader.result


def _stale(loader: Loader, *, prune: bool) -> None:
    """Report (or, pruning, delete) the listed kinds' rows that no file lists any more."""
    relationships = list(loader.relationships.values())
    for model in LISTED:
        loaded = {pk for kind, pk in loader.loaded if kind is model}
        rows = model.objects.filter(relationship__in=relationships).exclude(pk__in=loaded)
        for row in rows.order_by("pk"):
            label = f"{model._meta.verbose_name} {row.pk} '{row}'"
            if prune:
                record_delete(record=row)
                loader.result.deleted[model._meta.model_name] += 1
                loader.result.changes.append(f"{label}: deleted, as no file lists it")
            else:
                loader.result.stale.append(label)
