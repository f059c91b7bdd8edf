"""The API's shapes for the record: filters, list items, details and write payloads.

Dates come with their precision (day, month or year) because sources often give only a month
or a year; a stored date is the first day of what the source said.

One module per resource (relationships, temperature, actors, agreements, metrics and
observations, events), with the pieces they share in `common` and `citations`.
"""

from relations.schemas.actors import ActorFilters, ActorKindName, ActorOut, ActorPage, ActorRoleOut
from relations.schemas.agreements import (
    AgreementDetailOut,
    AgreementFilters,
    AgreementIn,
    AgreementKindName,
    AgreementOrdering,
    AgreementOut,
    AgreementPage,
    AgreementRef,
    AgreementStatusName,
)
from relations.schemas.citations import CitationIn, CitationOut
from relations.schemas.common import (
    ActorRef,
    CountryCode,
    CountryOut,
    IdOrSlug,
    Precision,
    Timestamps,
)
from relations.schemas.events import CategoryCode, EventFilters, EventIn, EventOut, EventPage, Score
from relations.schemas.metrics import (
    MetricFilters,
    MetricOut,
    MetricPage,
    ObservationFilters,
    ObservationIn,
    ObservationListFilters,
    ObservationOut,
    ObservationPage,
    QualifierName,
)
from relations.schemas.relationships import (
    RelationshipDetailOut,
    RelationshipFilters,
    RelationshipOut,
    RelationshipPage,
)
from relations.schemas.temperature import (
    ContributionOut,
    TemperatureFilters,
    TemperatureOut,
    TemperaturePointOut,
)

__all__ = [
    "ActorFilters",
    "ActorKindName",
    "ActorOut",
    "ActorPage",
    "ActorRef",
    "ActorRoleOut",
    "AgreementDetailOut",
    "AgreementFilters",
    "AgreementIn",
    "AgreementKindName",
    "AgreementOrdering",
    "AgreementOut",
    "AgreementPage",
    "AgreementRef",
    "AgreementStatusName",
    "CategoryCode",
    "CitationIn",
    "CitationOut",
    "ContributionOut",
    "CountryCode",
    "CountryOut",
    "EventFilters",
    "EventIn",
    "EventOut",
    "EventPage",
    "IdOrSlug",
    "MetricFilters",
    "MetricOut",
    "MetricPage",
    "ObservationFilters",
    "ObservationIn",
    "ObservationListFilters",
    "ObservationOut",
    "ObservationPage",
    "Precision",
    "QualifierName",
    "RelationshipDetailOut",
    "RelationshipFilters",
    "RelationshipOut",
    "RelationshipPage",
    "Score",
    "TemperatureFilters",
    "TemperatureOut",
    "TemperaturePointOut",
    "Timestamps",
]
