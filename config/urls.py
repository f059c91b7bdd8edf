"""URL configuration: the dashboard, the API with every app's routers, and the admin."""

from django.contrib import admin
from django.urls import include, path

from api.auth import read_auth
from api.history import router as history_router
from api.site import api
from api.sync import router as sync_router
from articles.api import router as articles_router
from relations.api import ROUTERS
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

handler500 = "api.errors.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("relations.urls")),
]
