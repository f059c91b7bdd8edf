"""Bulk actions on the changelists and the services behind them; each shows in history."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pghistory.models import Events

from articles.models import Article
from relations.models import Actor, ActorAlias, Agreement, Event, Observation
from relations.services.actors_merge import actors_merge
from relations.services.bulk import articles_review_set, records_precision_set
from tests import factories


def run_action(admin_client, model_name: str, action: str, rows, app_label="relations", **form):
    url = reverse(f"admin:{app_label}_{model_name}_changelist")
    data = {"action": action, "_selected_action": [row.pk for row in rows], **form}
    return admin_client.post(url, data, follow=True)


def actions_of(model, pk) -> list[str]:
    events = Events.objects.filter(pgh_obj_model=model._meta.label, pgh_obj_id=str(pk))
    return [event.pgh_context.get("action") for event in events if event.pgh_context]


# Precision -----------------------------------------------------------------------------------


def test_set_precision_asks_then_truncates_each_date(admin_client, record):
    event = record["event"]  # 4 June 2004
    first = run_action(admin_client, "event", "set_precision", [event])
    assert first.templates[0].name == "admin/bulk_choose.html"
    assert str(event) in first.content.decode()

    done = run_action(admin_client, "event", "set_precision", [event], precision="month", apply="1")
    assert "Precision set to month on 1 row(s)." in done.content.decode()
    event.refresh_from_db()
    assert (event.occurred_on, event.occurred_on_precision) == (datetime.date(2004, 6, 1), "month")
    assert "set date precision to month" in actions_of(Event, event.pk)


def test_set_precision_on_observations(admin_client, record):
    observation = record["observation"]
    run_action(
        admin_client, "observation", "set_precision", [observation], precision="year", apply="1"
    )
    observation.refresh_from_db()
    assert observation.period_precision == "year"
    assert observation.period_start.month == observation.period_start.day == 1


def test_set_precision_refuses_an_unknown_precision(record):
    with pytest.raises(ValidationError, match="Unknown precision"):
        records_precision_set(records=[record["event"]], precision="week")


# Attach an actor -----------------------------------------------------------------------------


def test_attach_an_actor_to_events_and_agreements(admin_client, record):
    putin = factories.ActorFactory(name="Vladimir Putin", slug="putin")
    other = factories.EventFactory(relationship=record["relationship"])
    other.actors.add(putin)
    done = run_action(
        admin_client,
        "event",
        "attach_actor",
        [record["event"], other],
        actor=putin.pk,
        apply="1",
    )
    assert "Vladimir Putin attached to 1 row(s)" in done.content.decode()
    assert set(record["event"].actors.all()) == {record["actor"], putin}

    run_action(
        admin_client, "agreement", "attach_actor", [record["agreement"]], actor=putin.pk, apply="1"
    )
    assert putin in record["agreement"].parties.all()


# Merge actors --------------------------------------------------------------------------------


def test_merge_moves_everything_and_keeps_the_name_as_an_alias(admin_client, record):
    keep = record["actor"]
    twin = factories.ActorFactory(
        name="E. Rakhmon", slug="e-rakhmon", aliases=("E. Rakhmon", "Rahmonov Emomali")
    )
    factories.ActorRoleFactory(actor=twin, title="Chairman")
    event = factories.EventFactory(relationship=record["relationship"])
    event.actors.add(twin)
    record["event"].actors.add(twin)  # already has `keep`: one link stays
    record["agreement"].parties.add(twin)
    claim = factories.ObservationFactory(relationship=record["relationship"], claimed_by=twin)

    asked = run_action(admin_client, "actor", "merge_actors", [keep, twin])
    assert 'type="radio"' in asked.content.decode()
    done = run_action(admin_client, "actor", "merge_actors", [keep, twin], keep=keep.pk, apply="1")
    assert "E. Rakhmon merged into Emomali Rahmon" in done.content.decode()

    assert not Actor.objects.filter(pk=twin.pk).exists()
    names = set(keep.aliases.values_list("name", flat=True))
    assert {"E. Rakhmon", "Rahmonov Emomali", "Rahmonov"} <= names
    assert set(keep.roles.values_list("title", flat=True)) == {"President", "Chairman"}
    assert list(event.actors.all()) == [keep]
    assert list(record["event"].actors.all()) == [keep]
    assert list(record["agreement"].parties.all()) == [keep]
    assert Observation.objects.get(pk=claim.pk).claimed_by == keep
    merge_label = f"merge actor E. Rakhmon ({twin.pk}) into Emomali Rahmon ({keep.pk})"
    assert merge_label in actions_of(Actor, twin.pk)


def test_merge_needs_exactly_two_actors(admin_client, record):
    response = run_action(admin_client, "actor", "merge_actors", [record["actor"]])
    assert "Select exactly two actors to merge." in response.content.decode()


def test_an_actor_is_not_merged_into_itself(record):
    with pytest.raises(ValidationError, match="two different actors"):
        actors_merge(keep=record["actor"], merged=record["actor"])


def test_a_merge_can_be_undone_from_history(record):
    from relations.services.revert import changes_revert

    keep = record["actor"]
    twin = factories.ActorFactory(name="E. Rakhmon", slug="e-rakhmon", aliases=("E. Rakhmon",))
    twin_id = twin.pk
    actors_merge(keep=keep, merged=twin)
    history = Actor._meta.get_field("history").related_model
    deletion = history.objects.get(pgh_obj_id=twin_id, pgh_label="delete")
    changes_revert(change_ids=[f"relations.ActorHistory:{deletion.pgh_id}"])
    assert Actor.objects.get(pk=twin_id).name == "E. Rakhmon"
    assert ActorAlias.objects.filter(actor=keep, name="E. Rakhmon").exists()  # moved, not deleted


# Review --------------------------------------------------------------------------------------


def test_rejecting_with_facts_deletes_only_the_facts_resting_on_those_articles(
    admin_client, record
):
    article = record["article"]
    other_source = factories.ArticleFactory()
    factories.CitationFactory(article=other_source, agreement=record["agreement"])
    response = run_action(
        admin_client,
        "article",
        "reject_selected_with_facts",
        [article],
        app_label="articles",
    )
    assert "1 article marked rejected. 2 fact(s) citing only them deleted" in (
        response.content.decode()
    )
    assert Article.objects.get(pk=article.pk).review_status == "rejected"
    assert Agreement.objects.filter(pk=record["agreement"].pk).exists()  # a second source
    assert not Event.objects.filter(pk=record["event"].pk).exists()
    assert not Observation.objects.filter(pk=record["observation"].pk).exists()


def test_approving_reports_the_facts_that_follow(admin_client, record):
    article = record["article"]
    Article.objects.filter(pk=article.pk).update(review_status="pending")
    response = run_action(
        admin_client, "article", "approve_selected", [article], app_label="articles"
    )
    assert "1 article marked approved. 3 fact(s) cite them." in response.content.decode()
    assert "approved: 1 article(s)" in actions_of(Article, article.pk)


def test_only_a_rejection_takes_facts_with_it(record):
    with pytest.raises(ValidationError, match="Only rejected articles"):
        articles_review_set(articles=[record["article"]], status="approved", delete_facts=True)
