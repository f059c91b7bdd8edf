"""A saved change never answers 500 because the temperature recompute after it failed: the
change stays, the failure is logged, kept for a retry and told to the curator."""

from __future__ import annotations

import json
import logging

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.urls import reverse

from api.tokens import api_token_create
from relations.models import Event, EventCategory, TemperaturePoint, TemperatureRecomputeFailure
from relations.services import records, rollup
from tests import factories


class BrokenRollup(Exception):
    pass


@pytest.fixture
def failing_recompute(monkeypatch):
    """The rollup fails, as on a lock timeout or a bug in the model; `calls` counts tries."""
    calls = []

    def fail(*, relationship):
        calls.append(relationship.pk)
        raise BrokenRollup("statement timeout")

    monkeypatch.setattr(rollup, "temperature_recompute", fail)
    return calls


def event_data(relationship, article) -> dict:
    return {
        "relationship": relationship.slug,
        "title": "Summit in Dushanbe",
        "occurred_on": "2012-10-05",
        "category": "057",
        "citations": [{"article": article.pk}],
    }


@pytest.fixture
def relationship(db):
    return factories.RelationshipFactory()


@pytest.fixture
def article(db):
    return factories.ArticleFactory()


def test_failed_recompute_keeps_the_saved_event_and_stores_the_failure(
    relationship, article, failing_recompute, django_capture_on_commit_callbacks, caplog
):
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        event = records.event_create(user=None, data=event_data(relationship, article))
    assert Event.objects.filter(pk=event.pk).exists()
    failure = TemperatureRecomputeFailure.objects.get(relationship=relationship)
    assert "BrokenRollup: statement timeout" in failure.error
    assert failure.attempts == 1
    assert len(failing_recompute) == rollup.ATTEMPTS_PER_RUN
    assert "left out of date" in caplog.text


def test_another_failure_counts_an_attempt(
    relationship, article, failing_recompute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = records.event_create(user=None, data=event_data(relationship, article))
    with django_capture_on_commit_callbacks(execute=True):
        records.event_update(user=None, event=event, data={"title": "Summit, day two"})
    assert TemperatureRecomputeFailure.objects.get(relationship=relationship).attempts == 2


def test_a_successful_recompute_clears_the_failure(
    relationship, article, monkeypatch, failing_recompute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        records.event_create(user=None, data=event_data(relationship, article))
    monkeypatch.undo()
    done, failing = rollup.temperature_recompute_failed()
    assert (done, failing) == (1, 0)
    assert not TemperatureRecomputeFailure.objects.exists()
    assert TemperaturePoint.objects.filter(relationship=relationship).exists()


def test_the_command_retries_failures_and_says_when_they_still_fail(
    relationship, article, failing_recompute, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=True):
        records.event_create(user=None, data=event_data(relationship, article))
    with pytest.raises(CommandError, match="1 still failing"):
        call_command("recompute_temperature", "--failed", verbosity=0)
    monkeypatch.undo()
    call_command("recompute_temperature", "--failed", verbosity=0)
    assert not TemperatureRecomputeFailure.objects.exists()


def test_one_failing_relationship_does_not_stop_the_others(
    relationship, monkeypatch, django_capture_on_commit_callbacks
):
    healthy = factories.RelationshipFactory()
    real = rollup.temperature_recompute

    def fail_one(*, relationship):
        if relationship.pk == healthy.pk:
            return real(relationship=relationship)
        raise BrokenRollup("only this one")

    monkeypatch.setattr(rollup, "temperature_recompute", fail_one)
    with django_capture_on_commit_callbacks(execute=True):
        rollup.temperature_recompute_on_commit(everything=True)
    assert list(TemperatureRecomputeFailure.objects.values_list("relationship", flat=True)) == [
        relationship.pk
    ]


def test_curators_can_retry_from_the_admin(
    admin_client, relationship, article, failing_recompute, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        records.event_create(user=None, data=event_data(relationship, article))
    failure = TemperatureRecomputeFailure.objects.get()
    url = reverse("admin:relations_temperaturerecomputefailure_changelist")
    listed = admin_client.get(url)
    assert "statement timeout" in listed.content.decode()
    response = admin_client.post(
        url, {"action": "retry_selected", "_selected_action": [failure.pk]}, follow=True
    )
    assert "1 still failing" in response.content.decode()


# --- through the doors, with real commits: the recompute runs inside the request ------------

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@transactional
def test_admin_save_with_a_failing_recompute_redirects_and_warns(
    admin_client, relationship, article, failing_recompute
):
    data = {
        "relationship": relationship.pk,
        "title": "Summit in Sochi",
        "occurred_on": "2004-06-04",
        "occurred_on_precision": "day",
        "date_basis": "stated",
        "category": EventCategory.objects.get(code="057").pk,
        "confidence": "0.9",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-article": str(article.pk),
    }
    response = admin_client.post(reverse("admin:relations_event_add"), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[0][1] == 302
    assert Event.objects.filter(title="Summit in Sochi").exists()
    assert failing_recompute  # it ran, after commit, inside the request
    shown = [str(message) for message in response.context["messages"]]
    assert any("could not be recomputed" in message for message in shown), shown
    assert TemperatureRecomputeFailure.objects.filter(relationship=relationship).exists()


@transactional
def test_api_write_with_a_failing_recompute_answers_201_with_a_warning(
    client, relationship, article, failing_recompute, django_user_model
):
    user = django_user_model.objects.create_user(username="curator")
    user.user_permissions.add(Permission.objects.get(codename="add_event"))
    _, key = api_token_create(user=user, name="tests")
    response = client.post(
        "/api/events",
        json.dumps(event_data(relationship, article)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Summit in Dushanbe"
    assert response["Warning"].startswith('199 bilateral "Saved. The temperature of')
    assert "could not be recomputed" in response["Warning"]
    assert Event.objects.filter(pk=response.json()["id"]).exists()
    assert TemperatureRecomputeFailure.objects.filter(relationship=relationship).exists()
