"""URL configuration: the dashboard, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

from config.api import api

admin.site.site_header = "Bilateral curation"
admin.site.site_title = "Bilateral"
admin.site.index_title = "The record"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("relations.urls")),
]
