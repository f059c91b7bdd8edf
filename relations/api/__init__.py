"""The record's API routers, mounted under /api/ by config/urls.py: one per resource."""

from articles.models import Article, Source
from relations import models
from relations.api.actors import router as actors_router
from relations.api.agreements import router as agreements_router
from relations.api.candidates import router as candidates_router
from relations.api.events import router as events_router
from relations.api.metrics import metrics_router, observations_router
from relations.api.relationships import router as relationships_router

# (prefix, router), in the order the documentation lists them.
ROUTERS = [
    ("relationships", relationships_router),
    ("agreements", agreements_router),
    ("events", events_router),
    ("actors", actors_router),
    ("metrics", metrics_router),
    ("observations", observations_router),
    ("candidates", candidates_router),
]


_EVIDENCE = (models.Citation, Article, Source)
# prefix -> the tables its representations read: their Last-Modified moves only with these
# (api.caching.register_resource_family); the articles' sources come with the articles.
RESOURCE_TABLES = {
    "relationships": (
        models.Relationship,
        models.Country,
        models.Agreement,
        models.Event,
        models.Observation,
        models.TemperaturePoint,
    ),
    "agreements": (
        models.Agreement,
        models.Actor,
        models.Relationship,
        *_EVIDENCE,
    ),
    "events": (
        models.Event,
        models.EventCategory,
        models.Actor,
        models.Country,
        models.Relationship,
        *_EVIDENCE,
    ),
    "actors": (models.Actor, models.ActorAlias, models.ActorRole, models.Country),
    "metrics": (models.Metric, models.Observation),
    "observations": (
        models.Observation,
        models.Metric,
        models.Relationship,
        models.Actor,
        *_EVIDENCE,
    ),
}
