"""Agreements with their parties, lineage and citations (agreements.yaml)."""

from __future__ import annotations

from relations.models import Agreement
from relations.services.demo.citations import citations
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    Where,
    check_fields,
    entries,
    optional_reported_dates,
    read_file,
    reference,
    references,
    text_list,
    texts,
)


def load_agreements(loader: Loader) -> None:
    """Each agreement after the ones it extends or supersedes, whatever the file's order."""
    file, data = read_file(loader.directory, "agreements")
    by_slug = {slug: (entry, where) for slug, entry, where in entries(file, "agreement", data)}
    for slug in _earlier_first(by_slug):
        entry, where = by_slug[slug]
        check_fields(
            entry,
            where,
            required=("relationship", "title", "kind", "status", "citations"),
            optional=(
                "parties", "signed_on", "effective_on", "expires_on", "extends",
                "supersedes", "summary", "provisions",
            ),
        )  # fmt: skip
        values = {
            "relationship": reference(
                loader.relationships, entry["relationship"], where, "relationship"
            ),
            **texts(entry, where, ("title", "kind", "status", "summary")),
            "extends": reference(
                loader.agreements, entry.get("extends"), where, "agreement", optional=True
            ),
            "supersedes": reference(
                loader.agreements, entry.get("supersedes"), where, "agreement", optional=True
            ),
            "provisions": text_list(entry.get("provisions"), where, "provisions"),
            **optional_reported_dates(entry, where, ("signed_on", "effective_on", "expires_on")),
        }
        parties = references(loader.actors, entry.get("parties"), where, "actor")
        loader.agreements[slug] = loader.write(
            Agreement,
            {"slug": slug},
            values,
            where,
            many={"parties": parties},
            citations=citations(loader, entry["citations"], where),
        )


def _earlier_first(by_slug: dict[str, tuple[dict, Where]]) -> list[str]:
    """Agreement slugs ordered so that each comes after the ones it extends or supersedes."""
    ordered: list[str] = []
    state: dict[str, str] = {}

    def visit(slug: str, chain: list[str]) -> None:
        if state.get(slug) == "done":
            return
        entry, where = by_slug[slug]
        if state.get(slug) == "visiting":
            raise where.error(f"extends or supersedes itself through {' -> '.join(chain)}")
        state[slug] = "visiting"
        for name in ("extends", "supersedes"):
            earlier = entry.get(name)
            if earlier in (None, ""):
                continue
            if not isinstance(earlier, str) or earlier not in by_slug:
                raise where.error(f"{name} unknown agreement '{earlier}'")
            visit(earlier, [*chain, earlier])
        state[slug] = "done"
        ordered.append(slug)

    for slug in by_slug:
        visit(slug, [slug])
    return ordered
