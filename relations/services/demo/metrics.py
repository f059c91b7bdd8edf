"""Metrics (metrics.yaml) and the observed figures of each (observations.yaml)."""

from __future__ import annotations

from django.db import models

from relations.models import Metric, Observation
from relations.services.demo.citations import citations
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    file_entries,
    flag,
    number,
    reference,
    reported_date,
    text,
    texts,
)


def load_metrics(loader: Loader) -> None:
    required, optional = ("name", "unit"), ("description", "direction")
    for slug, entry, where in file_entries(
        loader.directory, "metrics", "metric", required=required, optional=(*optional, "cues")
    ):
        values = texts(entry, where, (*required, *optional))
        cues = entry.get("cues") or []
        if not isinstance(cues, list) or not all(isinstance(cue, str) for cue in cues):
            raise where.error("cues: expected a list of words")
        values["cues"] = cues
        loader.metrics[slug] = loader.write(Metric, {"slug": slug}, values, where)


def load_observations(loader: Loader) -> None:
    """Observations matched on metric, relationship, period, claimant, qualifier and unit."""
    seen: dict[tuple, str] = {}
    for key, entry, where in file_entries(
        loader.directory,
        "observations",
        "observation",
        required=("metric", "relationship", "value", "unit", "period", "citations"),
        optional=("qualifier", "by_some_accounts", "claimed_by", "note"),
    ):
        period_start, precision = reported_date(entry["period"], where, "period")
        lookup = {
            "metric": reference(loader.metrics, entry["metric"], where, "metric"),
            "relationship": reference(
                loader.relationships, entry["relationship"], where, "relationship"
            ),
            "period_start": period_start,
            "claimed_by": reference(
                loader.actors, entry.get("claimed_by"), where, "actor", optional=True
            ),
            "qualifier": text(entry, "qualifier", where) or Observation.Qualifier.EXACT,
            "unit": text(entry, "unit", where),
        }
        natural_key = tuple(
            value.pk if isinstance(value, models.Model) else value for value in lookup.values()
        )
        if natural_key in seen:
            raise where.error(
                f"same metric, relationship, period, claimant, qualifier and unit as "
                f"observation '{seen[natural_key]}'"
            )
        seen[natural_key] = key
        values = {
            "value": number(entry["value"], where, "value"),
            "period_precision": precision,
            "by_some_accounts": flag(entry, "by_some_accounts", where),
            "note": text(entry, "note", where),
        }
        loader.write(
            Observation,
            lookup,
            values,
            where,
            citations=citations(loader, entry["citations"], where),
        )
