"""Pieces every resource's schemas share: reported dates, codes, text bounds, filters."""

import datetime
from typing import Annotated

from ninja import Field
from pydantic import AfterValidator, StringConstraints

from api.params import Slug, filter_field, no_nul
from api.schemas import OutSchema, Precision, named_enum, named_type
from relations.models import ActorKind, Relationship
from relations.selectors.actors import actors_matching

__all__ = ["Precision"]

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
IdOrSlug = named_type(
    "IdOrSlug",
    int | Annotated[str, StringConstraints(max_length=200), AfterValidator(no_nul)],
    {
        "anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 200}],
        "description": "A record's id, or its slug (or natural key: a CAMEO code, an ISO code).",
    },
)
ActorKindName = named_enum("ActorKind", ActorKind.values, "What an actor is.")
RelationshipFilter = filter_field(Slug, "relationship__slug", "Slug of the relationship.", "ru-tj")


# Every list in a write body is bounded, so one request cannot hold a worker for long.
MAX_LIST_ITEMS = 100


def text_up_to(max_length: int | None = None):
    """Text of at most `max_length` characters, without NUL characters."""
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(no_nul)]


def precision_field(name: str) -> Precision:
    """The precision of the date field `name` in a write payload: day unless given."""
    return Field(
        "day",
        description=f"How much of `{name}` the source gave: day, month or year.",
        examples=["month"],
    )


class CountryOut(OutSchema):
    code: str = Field(description="ISO 3166-1 alpha-2 code.", examples=["TJ"])
    name: str = Field(description="The country's name.", examples=["Tajikistan"])


class ActorRef(OutSchema):
    id: int = Field(description="The actor's id.", examples=[7])
    slug: str = Field(description="The actor's stable slug.", examples=["emomali-rahmon"])
    name: str = Field(description="The spelling the record displays.", examples=["Emomali Rahmon"])
    kind: ActorKindName = Field(description="What the actor is.", examples=["person"])


class Timestamps(OutSchema):
    created: datetime.datetime = Field(description="When the row was added (UTC).")
    updated: datetime.datetime = Field(
        description="When the row last changed (UTC): what `updated_since` compares."
    )


def names_relationship(slug: str) -> bool:
    return Relationship.objects.filter(slug=slug).exists()


def names_actor(value: str) -> bool:
    """Whether `value` names an actor: an id, a slug, a country code or any alias."""
    return actors_matching(value).exists()
