"""Actors with their aliases and dated roles."""

import datetime

from django.db.models import Q
from ninja import Field

from api.params import ListFilters, SearchText, filter_field
from api.schemas import OutSchema, page_of
from relations.schemas.common import ActorKindName, CountryCode, CountryOut, Precision, Timestamps
from relations.selectors.records.actors import actor_named_like


class ActorFilters(ListFilters):
    q: SearchText | None = Field(
        None,
        description="Part of the name or of any alias, case and accents aside.",
        examples=["rahmon"],
    )
    kind: filter_field(ActorKindName, "kind", "What the actor is.", "person") = None
    country: CountryCode | None = Field(
        None, description="ISO code of the actor's country.", examples=["RU"]
    )

    def filter_q(self, value: str) -> Q:
        return actor_named_like(value)

    def filter_country(self, value: str) -> Q:
        return Q(country__code=value.upper())


class ActorRoleOut(OutSchema):
    title: str = Field(description="The position.", examples=["President of Tajikistan"])
    country: str | None = Field(description="ISO code of the country it was held in.")
    started_on: datetime.date | None = Field(description="When it began (first day known).")
    started_on_precision: Precision | None = Field(description="How much of that date is known.")
    ended_on: datetime.date | None = Field(description="When it ended; null while held.")
    ended_on_precision: Precision | None = Field(description="How much of that date is known.")

    @staticmethod
    def resolve_country(obj) -> str | None:
        return obj.country.code if obj.country_id else None


class ActorOut(Timestamps):
    id: int = Field(description="The actor's id (accepted by `party` and `actor` filters).")
    slug: str = Field(description="Stable slug.", examples=["emomali-rahmon"])
    name: str = Field(description="The spelling the record displays.")
    kind: ActorKindName = Field(description="What the actor is.", examples=["person"])
    country: CountryOut | None = Field(description="The actor's country, where it has one.")
    description: str = Field(description="Who or what this is.")
    aliases: list[str] = Field(
        description="Every spelling sources use (transliterations, short forms).",
        examples=[["Rahmonov", "Rakhmon", "Emomali"]],
    )
    roles: list[ActorRoleOut] = Field(description="Dated positions, earliest first.")

    @staticmethod
    def resolve_aliases(obj) -> list[str]:
        return [alias.name for alias in obj.aliases.all()]


ActorPage = page_of(ActorOut, "ActorPage")
