"""Events with their CAMEO category, actors and citations (events.yaml)."""

from __future__ import annotations

from relations.models import Event
from relations.services.demo.citations import citations
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    file_entries,
    flag,
    number,
    reference,
    references,
    reported_date,
    text,
    texts,
)


def load_events(loader: Loader) -> None:
    """Events matched on relationship and title (the file's key only names the entry)."""
    titles: dict[tuple[str, str], str] = {}
    for key, entry, where in file_entries(
        loader.directory,
        "events",
        "event",
        required=("relationship", "title", "occurred_on", "category", "citations"),
        optional=(
            "summary", "location", "actors", "score_override", "score_override_reason",
            "confidence", "date_basis", "note", "initiator", "target", "mutual",
        ),
    ):  # fmt: skip
        relationship = reference(loader.relationships, entry["relationship"], where, "relationship")
        title = text(entry, "title", where)
        if (relationship.slug, title) in titles:
            raise where.error(
                f"title '{title}' is also the title of event '{titles[relationship.slug, title]}'"
            )
        titles[relationship.slug, title] = key
        category = entry["category"]
        if not isinstance(category, str):
            raise where.error(
                f'category {category!r} should be a quoted code such as "057" '
                "(unquoted, YAML reads it as a number)"
            )
        if category not in loader.categories:
            raise where.error(f"unknown category '{category}'")
        occurred_on, precision = reported_date(entry["occurred_on"], where, "occurred_on")
        override = entry.get("score_override")
        values = {
            **texts(entry, where, ("summary", "location", "score_override_reason", "note")),
            "occurred_on": occurred_on,
            "occurred_on_precision": precision,
            "category": loader.categories[category],
            "score_override": (
                None if override is None else number(override, where, "score_override")
            ),
            "confidence": number(entry.get("confidence", 1), where, "confidence"),
            "date_basis": text(entry, "date_basis", where) or Event.DateBasis.STATED,
            # The sides: country codes of the relationship, or `mutual: true` for a joint act.
            "initiator": reference(
                loader.countries, entry.get("initiator"), where, "country", optional=True
            ),
            "target": reference(
                loader.countries, entry.get("target"), where, "country", optional=True
            ),
            "mutual": flag(entry, "mutual", where),
        }
        actors = references(loader.actors, entry.get("actors"), where, "actor")
        loader.write(
            Event,
            {"relationship": relationship, "title": title},
            values,
            where,
            many={"actors": actors},
            citations=citations(loader, entry["citations"], where),
        )
