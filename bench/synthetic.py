"""Pieces of synthetic record the benches build in their own throw-away databases."""

from __future__ import annotations

import datetime
import random

PRECISIONS = ("day", "month", "year")


def synthetic_relationship(
    *, slug: str, name: str, countries: tuple[tuple[str, str], tuple[str, str]], **fields
):
    """A relationship between two bench countries (code, name), made if absent."""
    from relations.models import Country, Relationship

    country_a, country_b = (
        Country.objects.get_or_create(code=code, defaults={"name": country_name})[0]
        for code, country_name in countries
    )
    return Relationship.objects.create(
        slug=slug, name=name, country_a=country_a, country_b=country_b, **fields
    )


def synthetic_event(
    rng: random.Random,
    relationship,
    number: int,
    *,
    categories: list,
    first: datetime.date,
    span_days: int,
    weights: tuple[int, int, int],
    **fields,
):
    """An unsaved event on a random day within `span_days` of `first`, cut to its precision."""
    from relations.models import Event

    precision = rng.choices(PRECISIONS, weights=weights)[0]
    day = first + datetime.timedelta(days=rng.randrange(span_days))
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return Event(
        relationship=relationship,
        title=f"Synthetic event {number}",
        occurred_on=day,
        occurred_on_precision=precision,
        category=rng.choice(categories),
        **fields,
    )
