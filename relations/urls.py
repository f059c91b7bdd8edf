"""The analyst pages. Names are part of the agreed interface: models' get_absolute_url use them.

Every page is cached by the record's version, with ETag and 304 (relations.browse.pages).
"""

from django.urls import path

from relations import views
from relations.browse.compare import compare
from relations.browse.lists import LISTS
from relations.browse.pages import cached_page
from relations.browse.views import browse_view

app_name = "relations"

urlpatterns = [
    path("", cached_page(views.home), name="home"),
    path("search/", views.search, name="search"),
    path("compare/", cached_page(compare), name="compare"),
    *(path(f"{name}/", cached_page(browse_view(name)), name=name) for name in LISTS),
    path("relationships/<slug:slug>/", cached_page(views.relationship_detail), name="relationship"),
    path(
        "relationships/<slug:slug>/events/",
        cached_page(views.relationship_events),
        name="relationship_events",
    ),
    path(
        "relationships/<slug:slug>/turning-points/<str:month>/",
        views.turning_point,
        name="turning_point",
    ),
    path(
        "relationships/<slug:slug>/charts/<slug:name>.csv",
        views.chart_csv,
        name="chart_csv",
    ),
    path("events/<int:pk>/", cached_page(views.event_detail), name="event"),
    path("agreements/<slug:slug>/", cached_page(views.agreement_detail), name="agreement"),
    path("actors/<slug:slug>/", cached_page(views.actor_detail), name="actor"),
    path("articles/<slug:slug>/", cached_page(views.article_detail), name="article"),
    path("metrics/<slug:slug>/", cached_page(views.metric_detail), name="metric"),
    path("metrics/<slug:slug>/chart.csv", views.metric_csv, name="metric_csv"),
]
