"""Relationships between pairs of countries."""

import datetime

from ninja import Field

from api.params import ListParams
from api.schemas import Page
from relations.schemas.common import CountryCode, CountryOut, Timestamps


class RelationshipFilters(ListParams):
    country: CountryCode | None = Field(
        None, description="ISO code of a country the relationship joins.", examples=["TJ"]
    )


class RelationshipOut(Timestamps):
    id: int = Field(description="The relationship's id.")
    slug: str = Field(description="Its stable slug, used in every filter.", examples=["ru-tj"])
    name: str = Field(description="Its display name.", examples=["Russia–Tajikistan"])
    country_a: CountryOut = Field(description="One side.")
    country_b: CountryOut = Field(description="The other side.")
    description: str = Field(description="What the record covers.")
    period_start: datetime.date | None = Field(description="Start of the period shown by default.")
    period_end: datetime.date | None = Field(description="End of the period shown by default.")


class RelationshipDetailOut(RelationshipOut):
    agreement_count: int = Field(description="Agreements in the record.")
    event_count: int = Field(description="Events in the record.")
    observation_count: int = Field(description="Observations in the record.")


class RelationshipPage(Page):
    items: list[RelationshipOut] = Field(description="The rows of this page, in order.")
