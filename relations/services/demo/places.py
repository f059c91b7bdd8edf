"""Countries and the relationships between pairs of them (countries.yaml)."""

from __future__ import annotations

from typing import Any

from relations.models import Country, Relationship
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    Where,
    check_fields,
    day,
    entries,
    read_file,
    reference,
    texts,
)


def load_countries(loader: Loader) -> None:
    """The `countries:` (ISO code -> name) and the `relationships:` (slug -> pair) of the file."""
    file, data = read_file(loader.directory, "countries")
    check_fields(data, file, required=(), optional=("countries", "relationships"))
    for code, name, where in _country_entries(file, data.get("countries")):
        loader.countries[code] = loader.write(Country, {"code": code}, {"name": name}, where)
    for slug, entry, where in entries(file, "relationship", data.get("relationships")):
        check_fields(
            entry,
            where,
            required=("name", "country_a", "country_b"),
            optional=("description", "period_start", "period_end"),
        )
        values = {
            **texts(entry, where, ("name", "description")),
            "country_a": reference(loader.countries, entry["country_a"], where, "country"),
            "country_b": reference(loader.countries, entry["country_b"], where, "country"),
            "period_start": day(entry.get("period_start"), where, "period_start"),
            "period_end": day(entry.get("period_end"), where, "period_end"),
        }
        loader.relationships[slug] = loader.write(Relationship, {"slug": slug}, values, where)


def _country_entries(file: Where, data: Any) -> list[tuple[str, str, Where]]:
    if data is None:
        return []
    if not isinstance(data, dict):
        raise file.error("'countries' should map ISO codes to names")
    found = []
    for code, name in data.items():
        where = Where(file.file, "country", str(code))
        if not isinstance(name, str) or not name.strip():
            raise where.error("expected the country's name")
        found.append((str(code), name.strip(), where))
    return found
