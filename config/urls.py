"""URL configuration: the dashboard, the API with every app's routers, and the admin."""

from django.contrib import admin
from django.urls import include, path

from api.auth import read_auth
from api.caching import register_resource_family
from api.history import router as history_router
from api.site import api
from api.sync import router as sync_router
from articles.api import router as articles_router
from articles.models import Article, Source
from relations.api import RESOURCE_TABLES, ROUTERS
from relations.api import ingestion as ingestion_api

admin.site.site_header = "Bilateral curation"
admin.site.site_title = "Bilateral"
admin.site.index_title = "The record"

# In the order the API's documentation lists them.
for prefix, router in ROUTERS:
    api.add_router(prefix, router)
api.add_router("deletions", sync_router)
api.add_router("history", history_router)
# Articles' router takes the read authentication here: `articles` knows nothing of tokens.
# Ingestion adds POST /api/articles to it, and follows its jobs at /api/jobs/{id}.
ingestion_api.mount(articles_router)
api.add_router("articles", articles_router, auth=read_auth)
api.add_router("jobs", ingestion_api.router)
# Each family's Last-Modified counts the tables it reads (others' writes leave it alone).
for prefix, models in RESOURCE_TABLES.items():
    register_resource_family(prefix, *models)
register_resource_family("articles", Article, Source)

handler500 = "api.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("relations.urls")),
]
