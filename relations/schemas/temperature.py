"""A relationship's stored temperature, by month, quarter or year."""

import datetime

from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from api.params import Day
from api.schemas import OutputFormat, OutSchema, named_enum
from relations.schemas.common import Precision
from relations.temperature import BANDS

Granularity = named_enum(
    "Granularity", ("month", "quarter", "year"), "Points per month, quarter or year."
)
BandName = named_enum(
    "TemperatureBand", (band.name for band in BANDS), "The named band of a temperature."
)


class TemperatureFilters(Schema):
    start: Day | None = Field(
        None,
        alias="from",
        description="First day of the range (any day of its month counts the whole month).",
        examples=["2004-01-01"],
    )
    end: Day | None = Field(
        None, alias="to", description="Last day of the range.", examples=["2017-12-31"]
    )
    granularity: Granularity = Field(
        "month",
        description="Points per month, quarter or year (the mean of the stored months).",
        examples=["quarter"],
    )
    direction: str | None = Field(
        None,
        description="The acting side's ISO code: `RU` is Russia's acts toward the other side "
        "(mutual acts included). Leave out for all events.",
        examples=["RU"],
    )
    format: OutputFormat | None = Field(
        None, description="`csv` for CSV (as does `Accept: text/csv`).", examples=["csv"]
    )

    @field_validator("end")
    @classmethod
    def _end_not_before_start(
        cls, end: datetime.date | None, info: ValidationInfo
    ) -> datetime.date | None:
        start = info.data.get("start")
        if start is not None and end is not None and end < start:
            raise ValueError("must not be before `from`")
        return end


class ContributionOut(OutSchema):
    event_id: int = Field(description="The contributing event's id.")
    title: str = Field(description="Its title.")
    occurred_on: datetime.date = Field(description="When it happened (first day known).")
    occurred_on_precision: Precision = Field(description="How much of the date is known.")
    share: float = Field(description="Its share of the period's pull away from neutral (0–1).")


class TemperaturePointOut(OutSchema):
    period_start: datetime.date = Field(description="First day of the month, quarter or year.")
    period_end: datetime.date = Field(description="Its last day.")
    months: int = Field(description="Stored months averaged into this point.")
    value: float = Field(description="0 (hostile) to 100 (warm); 50 is neutral.", examples=[58.2])
    low: float = Field(description="Lower edge of the uncertainty band.")
    high: float = Field(description="Upper edge of the uncertainty band.")
    band: BandName = Field(description="Named band of the value.", examples=["warm"])
    band_label: str = Field(description="The band as shown on the dashboard.")
    event_count: int = Field(description="Events that shaped the busiest month of the period.")
    change: float | None = Field(description="Change from the previous point in the range.")
    turning_point: bool = Field(description="A month in it moved five points or more.")
    contributions: list[ContributionOut] = Field(description="Top contributing events.")


class TemperatureOut(OutSchema):
    relationship: str = Field(description="The relationship's slug.", examples=["ru-tj"])
    granularity: Granularity = Field(description="month, quarter or year.")
    items: list[TemperaturePointOut] = Field(description="The points, oldest first.")
