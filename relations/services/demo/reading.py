"""Reading the demo files: YAML entries, their fields and values, checked with the place named."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from articles.models import DatePrecision

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class DemoDataError(Exception):
    """Bad data in the demo record; the message names the file and the entry."""


@dataclass(frozen=True)
class Where:
    """An entry's place in the files, for error messages."""

    file: str
    kind: str = ""
    key: str = ""
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.file}: {self.kind} '{self.key}'" if self.kind else self.file
        return f"{text}, {self.detail}" if self.detail else text

    def part(self, detail: str) -> Where:
        """A part of this entry: one of its aliases, roles or citations."""
        return Where(self.file, self.kind, self.key, detail)

    def error(self, problem: str) -> DemoDataError:
        return DemoDataError(f"{self}: {problem}")


# --- files and entries -------------------------------------------------------------------------


def read_file(directory: Path, name: str) -> tuple[Where, dict]:
    """The top-level mapping of `name`.yaml; empty when the file is absent or empty."""
    path = directory / f"{name}.yaml"
    where = Where(display_path(path))
    if not path.exists():
        return where, {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise where.error(f"not valid YAML: {error}") from None
    if data is None:
        return where, {}
    if not isinstance(data, dict):
        raise where.error("expected a mapping of entries at the top level")
    return where, data


def entries(file: Where, kind: str, data: Any) -> list[tuple[str, dict, Where]]:
    """The (key, fields, place) of each entry in a mapping of `kind` entries."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise file.error(f"expected a mapping of {kind} entries")
    found = []
    for key, entry in data.items():
        where = Where(file.file, kind, str(key))
        if not isinstance(entry, dict):
            raise where.error("expected a mapping of fields")
        found.append((str(key), entry, where))
    return found


def file_entries(
    directory: Path, name: str, kind: str, *, required: tuple[str, ...], optional: tuple[str, ...]
) -> Iterator[tuple[str, dict, Where]]:
    """The entries of `name`.yaml, each checked for its fields as the caller reaches it."""
    file, data = read_file(directory, name)
    for key, entry, where in entries(file, kind, data):
        check_fields(entry, where, required=required, optional=optional)
        yield key, entry, where


def items(value: list, where: Where, noun: str, expected: str) -> Iterator[tuple[dict, Where]]:
    """The mappings of a list such as an entry's roles or citations, each with its place."""
    for index, item in enumerate(value, start=1):
        item_where = where.part(f"{noun} {index}")
        if not isinstance(item, dict):
            raise item_where.error(expected)
        yield item, item_where


def check_fields(
    entry: dict, where: Where, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> None:
    """Reject a field the file format does not know, then a required field left empty."""
    unknown = sorted(set(entry) - set(required) - set(optional))
    if unknown:
        raise where.error(f"unknown field '{unknown[0]}'")
    missing = [name for name in required if entry.get(name) in (None, "")]
    if missing:
        raise where.error(f"missing field '{missing[0]}'")


def reference(table: dict, value: Any, where: Where, noun: str, *, optional: bool = False):
    """The row a slug (or code) names among those loaded so far."""
    if value in (None, "") and optional:
        return None
    if not isinstance(value, str) or value not in table:
        raise where.error(f"unknown {noun} '{value}'")
    return table[value]


def references(table: dict, values: Any, where: Where, noun: str) -> list:
    """The rows a list of slugs names."""
    if values is None:
        return []
    if not isinstance(values, list):
        raise where.error(f"expected a list of {noun} slugs")
    return [reference(table, value, where, noun) for value in values]


def display_path(path: Path) -> str:
    """The path relative to the project when it lies inside it: relations/demo/events.yaml."""
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)


# --- values ------------------------------------------------------------------------------------


def text(entry: dict, name: str, where: Where) -> str:
    """A text field, stripped; '' when absent."""
    value = entry.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise where.error(f"'{name}' should be text, got {value!r} (quote it)")
    return value.strip()


def texts(entry: dict, where: Where, names: tuple[str, ...]) -> dict[str, str]:
    """Each of the text fields `names`, as `text` reads it."""
    return {name: text(entry, name, where) for name in names}


def flag(entry: dict, name: str, where: Where) -> bool:
    """A yes/no field; False when absent."""
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise where.error(f"'{name}' should be true or false, got {value!r}")
    return value


def text_list(value: Any, where: Where, name: str) -> list[str]:
    """A list of texts, each stripped; [] when absent."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise where.error(f"'{name}' should be a list of text")
    return [item.strip() for item in value]


def number(value: Any, where: Where, name: str) -> Decimal:
    """A figure written as a YAML number or as text (underscores allowed: 300_000_000)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise where.error(f"'{name}' should be a number, got {value!r}")
    try:
        return Decimal(str(value).replace("_", ""))
    except InvalidOperation:
        raise where.error(f"'{name}' should be a number, got {value!r}") from None


def day(value: Any, where: Where, name: str) -> datetime.date | None:
    """A full date, or None when absent."""
    if value is None:
        return None
    date, precision = reported_date(value, where, name)
    if precision != DatePrecision.DAY:
        raise where.error(f"'{name}' should be a full date such as 2004-06-04")
    return date


def reported_date(
    value: Any, where: Where, name: str, *, optional: bool = False
) -> tuple[datetime.date | None, str]:
    """2004-06-04 -> day, '2004-06' -> month, 2004 -> year; the date is the interval's start."""
    if value is None or value == "":
        if optional:
            return None, DatePrecision.DAY
        raise where.error(f"missing field '{name}'")
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value, DatePrecision.DAY
    written = str(value).strip()
    try:
        if match := _DAY.match(written):
            return datetime.date(*map(int, match.groups())), DatePrecision.DAY
        if match := _MONTH.match(written):
            year, month = map(int, match.groups())
            return datetime.date(year, month, 1), DatePrecision.MONTH
        if match := _YEAR.match(written):
            return datetime.date(int(written), 1, 1), DatePrecision.YEAR
    except ValueError:
        pass
    raise where.error(
        f"'{name}' should be a date written 2004-06-04, 2004-06 or 2004, got {value!r}"
    )


def optional_reported_dates(entry: dict, where: Where, names: tuple[str, ...]) -> dict:
    """Each optional date field with its `<name>_precision`, as model field values."""
    values = {}
    for name in names:
        value, precision = reported_date(entry.get(name), where, name, optional=True)
        values[name] = value
        values[f"{name}_precision"] = precision
    return values
