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
file. A row is saved, after `full_clean()`, only when a value differs, so the `updated`
timestamps and the record version of an unchanged record stay put.

Citations give an `anchor`, a short verbatim phrase of the supporting sentence. When the
article's full text is held (stored by an earlier `texts` load, or read now from the `texts`
folder) the citation stores that sentence's span and text as its quote; otherwise the quote
is the anchor itself, the only words of the article the record keeps.

The package: `reading` (files, fields and values, checked), `loader` (one load's state and
writes, DemoLoadResult), then one module per kind: `sources` (sources, articles), `places`
(countries, relationships), `actors`, `metrics` (metrics, observations), `agreements`,
`events` and `citations`.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from django.db import transaction

from relations.services.demo.actors import load_actors, normalize_name
from relations.services.demo.agreements import load_agreements
from relations.services.demo.citations import ANCHOR_MAX_LENGTH
from relations.services.demo.events import load_events
from relations.services.demo.loader import MODELS, DemoLoadResult, Loader
from relations.services.demo.metrics import load_metrics, load_observations
from relations.services.demo.places import load_countries
from relations.services.demo.reading import DemoDataError
from relations.services.demo.sources import load_articles, load_sources

__all__ = [
    "ANCHOR_MAX_LENGTH",
    "DEMO_DIRECTORY",
    "MODELS",
    "ROLLUP_MODULE",
    "DemoDataError",
    "DemoLoadResult",
    "demo_load",
    "normalize_name",
]

DEMO_DIRECTORY = Path(__file__).resolve().parents[2] / "demo"
ROLLUP_MODULE = "relations.services.rollup"

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


def demo_load(*, directory: Path, texts: Path | None = None) -> DemoLoadResult:
    """Load the record in `directory` in one transaction; with `texts`, store full texts too.

    Raises DemoDataError, naming the file and entry, on bad data; nothing is then written.
    After commit, recomputes every relationship's temperature when the rollup is installed.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DemoDataError(f"{directory}: no such directory of demo files")
    if texts is not None and not Path(texts).is_dir():
        raise DemoDataError(f"{texts}: no such directory of article texts")
    loader = Loader(directory=directory, texts=Path(texts) if texts is not None else None)
    with transaction.atomic():
        for load in LOADS:
            load(loader)
        loader.result.temperature_recompute_scheduled = _schedule_temperature_recompute()
    return loader.result


def _schedule_temperature_recompute() -> bool:
    """Recompute the stored temperature after commit, once the rollup module exists."""
    if importlib.util.find_spec(ROLLUP_MODULE) is None:
        return False
    rollup = importlib.import_module(ROLLUP_MODULE)
    transaction.on_commit(rollup.temperature_recompute_all)
    return True
