"""The analyst pages. Names are part of the agreed interface: models' get_absolute_url use them."""

from django.urls import path

from relations import views

app_name = "relations"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("relationships/<slug:slug>/", views.relationship_detail, name="relationship"),
    path(
        "relationships/<slug:slug>/events/",
        views.relationship_events,
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
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor"),
    path("articles/<slug:slug>/", views.article_detail, name="article"),
    path("metrics/<slug:slug>/", views.metric_detail, name="metric"),
    path("metrics/<slug:slug>/chart.csv", views.metric_csv, name="metric_csv"),
]
