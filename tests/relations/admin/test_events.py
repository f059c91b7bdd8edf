"""Events in the admin: the effective score, and the temperature recompute after each change."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from relations.models import Event, EventCategory, TemperaturePoint
from relations.services import rollup
from tests.factories import CountryFactory, EventFactory, RelationshipFactory
from tests.relations.admin.conftest import (
    change_post_data,
    event_post_data,
)


def test_event_list_shows_the_effective_score(admin_client, record):
    EventFactory(
        relationship=record["relationship"],
        title="Overridden",
        category=EventCategory.objects.get(code="057"),
        score_override=Decimal("-3.0"),
        score_override_reason="A sour summit.",
    )
    response = admin_client.get(reverse("admin:relations_event_changelist"))
    content = response.content.decode()
    assert "+8.0" in content  # 057 Sign formal agreement
    assert "-3.0 (override)" in content
    ordered = admin_client.get(reverse("admin:relations_event_changelist"), {"o": "5"})
    scores = [event.effective_score for event in ordered.context["cl"].result_list]
    assert scores == sorted(scores)


def test_saving_an_event_recomputes_its_relationship_after_commit(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):

    calls = []
    real = rollup.temperature_recompute

    def spy(*, relationship):
        calls.append(relationship.pk)
        return real(relationship=relationship)

    monkeypatch.setattr(rollup, "temperature_recompute", spy)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("admin:relations_event_add"), event_post_data(record))
    assert response.status_code == 302
    assert calls == [record["relationship"].pk]
    assert TemperaturePoint.objects.filter(relationship=record["relationship"]).exists()


def test_deleting_an_event_recomputes_its_relationship_after_commit(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):

    calls = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: calls.append(relationship.pk)
    )
    event = record["event"]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:relations_event_delete", args=[event.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    assert calls == [record["relationship"].pk]


def test_moving_an_event_recomputes_both_relationships(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):

    calls = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: calls.append(relationship.pk)
    )
    event, old = record["event"], record["relationship"]
    # A fresh code: a fixed one may meet a code the factories reached by sequence.
    new = RelationshipFactory(country_a=CountryFactory(), country_b=old.country_b)
    url = reverse("admin:relations_event_change", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, change_post_data(event, relationship=new.pk))
    assert response.status_code == 302
    assert sorted(calls) == sorted([old.pk, new.pk])


def test_bulk_deleting_events_recomputes_each_relationship_once(
    admin_client, record, monkeypatch, django_capture_on_commit_callbacks
):

    calls = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: calls.append(relationship.pk)
    )
    events = [record["event"], *EventFactory.create_batch(2, relationship=record["relationship"])]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:relations_event_changelist"),
            {
                "action": "delete_selected",
                "post": "yes",
                "_selected_action": [event.pk for event in events],
            },
        )
    assert response.status_code == 302
    assert not Event.objects.exists()
    assert calls == [record["relationship"].pk]


def test_changing_a_category_recomputes_every_relationship_after_commit(
    admin_client, db, monkeypatch, django_capture_on_commit_callbacks
):

    calls = []
    monkeypatch.setattr(rollup, "temperature_recompute_all", lambda: calls.append("all"))
    category = EventCategory.objects.get(code="057")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:relations_eventcategory_change", args=[category.pk]),
            {
                "code": "057",
                "name": category.name,
                "parent": category.parent_id,
                "default_score": "7.5",
                "codebook_version": "curated",
                "description": "",
                "change_reason": "Curated table: a signing weighs less than the codebook says.",
            },
        )
    assert response.status_code == 302
    assert calls == ["all"]
