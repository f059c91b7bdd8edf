"""Relationships between pairs of countries."""

import datetime

from django.db.models import Q
from ninja import Field

from api.params import ListFilters
from api.schemas import page_of
from relations.schemas.common import CountryCode, CountryOut, Timestamps
from relations.selectors.records.relationships import relationship_country


class RelationshipFilters(ListFilters):
    country: CountryCode | None = Field(
        None, description="ISO code of a country the relationship joins.", examples=["TJ"]
    )

    def filter_country(self, value: str) -> Q:
        return relationship_country(value)


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


RelationshipPage = page_of(RelationshipOut, "RelationshipPage")
