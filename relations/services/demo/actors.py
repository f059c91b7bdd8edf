"""Actors with their aliases and dated roles (actors.yaml)."""

from __future__ import annotations

import unicodedata
from typing import Any

from relations.models import Actor, ActorAlias, ActorRole
from relations.services.demo.loader import Loader
from relations.services.demo.reading import (
    Where,
    check_fields,
    file_entries,
    items,
    optional_reported_dates,
    reference,
    text,
    texts,
)
from relations.services.reference import actor_aliases_prune, actor_aliases_set, actor_roles_set


def normalize_name(name: str) -> str:
    """Python twin of the SQL bilateral_normalize: lower-case, unaccented, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(
        character for character in decomposed if not unicodedata.combining(character)
    )
    return " ".join(stripped.lower().split())


def load_actors(loader: Loader) -> None:
    parsed = []
    owners: dict[str, tuple[str, str]] = {}  # normalised alias -> (actor slug, spelling)
    for slug, entry, where in file_entries(
        loader.directory,
        "actors",
        "actor",
        required=("name", "kind"),
        optional=("country", "description", "aliases", "roles"),
    ):
        name = text(entry, "name", where)
        aliases = _aliases(entry.get("aliases"), name, where)
        for alias_name in aliases:
            key = normalize_name(alias_name)
            if key in owners and owners[key][0] != slug:
                other_slug, other_name = owners[key]
                raise where.error(
                    f"alias '{alias_name}' matches alias '{other_name}' of actor "
                    f"'{other_slug}' (case and accents aside)"
                )
            if key in owners:
                raise where.error(f"alias '{alias_name}' is listed twice")
            owners[key] = (slug, alias_name)
        parsed.append((slug, entry, where, aliases))

    for slug, entry, where, _ in parsed:
        values = {
            **texts(entry, where, ("name", "kind", "description")),
            "country": reference(
                loader.countries, entry.get("country"), where, "country", optional=True
            ),
        }
        loader.actors[slug] = loader.write(Actor, {"slug": slug}, values, where)

    # Drop the aliases the file no longer lists before adding any, so that a spelling can
    # move from one actor to another without tripping the uniqueness constraint.
    for slug, _, where, aliases in parsed:
        dropped = actor_aliases_prune(actor=loader.actors[slug], keep=aliases)
        if dropped:
            loader.result.deleted[ActorAlias._meta.model_name] += dropped
            loader.result.changes.append(f"{where}: actor aliases {dropped} deleted")

    for slug, entry, where, aliases in parsed:
        actor = loader.actors[slug]
        with loader.children(ActorAlias, where, actor=actor):
            loader.call(actor_aliases_set, where, actor=actor, aliases=aliases)
        roles = _roles(loader, entry.get("roles"), where)
        with loader.children(ActorRole, where, actor=actor):
            loader.call(actor_roles_set, where, actor=actor, roles=roles)


def _aliases(value: Any, name: str, where: Where) -> dict[str, str]:
    """Spelling -> note; the display name is always one of them."""
    if value is None:
        value = []
    if not isinstance(value, list):
        raise where.error("'aliases' should be a list")
    aliases: dict[str, str] = {}
    seen: set[str] = set()
    for item in value:
        if isinstance(item, str):
            alias_name, note = item.strip(), ""
        elif isinstance(item, dict) and set(item) <= {"name", "note"}:
            alias_name = str(item.get("name") or "").strip()
            note = str(item.get("note") or "").strip()
        else:
            raise where.error(f"alias {item!r} should be a name or {{name, note}}")
        if not alias_name:
            raise where.error("an alias needs a name")
        key = normalize_name(alias_name)
        if key in seen:
            raise where.error(f"alias '{alias_name}' is listed twice (case and accents aside)")
        seen.add(key)
        aliases[alias_name] = note
    if normalize_name(name) not in seen:
        aliases = {name: "display name", **aliases}
    return aliases


def _roles(loader: Loader, value: Any, where: Where) -> list[dict]:
    """The field values of each dated role, in the file's order."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error("'roles' should be a list")
    roles = []
    for item, role_where in items(value, where, "role", "expected a mapping with a title"):
        check_fields(
            item,
            role_where,
            required=("title",),
            optional=("country", "started_on", "ended_on"),
        )
        dates = optional_reported_dates(item, role_where, ("started_on", "ended_on"))
        roles.append(
            {
                "title": text(item, "title", role_where),
                "country": reference(
                    loader.countries, item.get("country"), role_where, "country", optional=True
                ),
                **dates,
            }
        )
    return roles
