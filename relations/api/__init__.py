"""The record's API routers, mounted under /api/ by config/urls.py: one per resource."""

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
