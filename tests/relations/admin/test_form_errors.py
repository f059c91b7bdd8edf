"""Bad input in the admin is a form error: the database's constraints reach the curators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relations.models import Actor, ActorAlias, Agreement, Event, EventCategory, Relationship
from tests.factories import ActorFactory
from tests.relations.admin.conftest import (
    actor_post_data,
    assert_form_error,
    citation_rows,
    event_post_data,
    form_errors,
)


def test_agreement_expiring_before_signature_is_a_form_error(admin_client, record):
    before = Agreement.objects.count()
    response = admin_client.post(
        reverse("admin:relations_agreement_add"),
        {
            "relationship": record["relationship"].pk,
            "title": "Base treaty",
            "slug": "base-treaty",
            "kind": "treaty",
            "status": "signed",
            "signed_on": "2012-10-05",
            "signed_on_precision": "day",
            "effective_on_precision": "day",
            "expires_on": "2011-10-05",
            "expires_on_precision": "day",
            **citation_rows({"article": record["article"].pk}),
        },
    )
    assert_form_error(response, "An agreement cannot expire before it is signed.")
    assert Agreement.objects.count() == before


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        (
            "admin:relations_eventcategory_add",
            {"code": "0991", "name": "Too warm", "default_score": "11", "codebook_version": "t"},
            "A score runs from -10 (conflict) to +10 (cooperation).",
        ),
        (
            "admin:relations_eventcategory_add",
            {"code": "5A", "name": "Letters", "default_score": "1", "codebook_version": "t"},
            "A CAMEO code is two to four digits.",
        ),
    ],
)
def test_event_category_out_of_range_is_a_form_error(admin_client, db, url_name, data, message):
    before = EventCategory.objects.count()
    response = admin_client.post(reverse(url_name), data)
    assert_form_error(response, message)
    assert EventCategory.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"score_override": "5"}, "Say why the category&#x27;s score is overridden."),
        (
            {"score_override": "11", "score_override_reason": "Very warm"},
            "A score runs from -10 (conflict) to +10 (cooperation).",
        ),
        ({"confidence": "1.5"}, "Confidence runs from 0 to 1."),
        (
            {"date_basis": "context", "note": ""},
            "Say in the note how a date the text does not state was set.",
        ),
    ],
)
def test_event_constraint_violations_are_form_errors(admin_client, record, overrides, message):
    before = Event.objects.count()
    response = admin_client.post(
        reverse("admin:relations_event_add"), event_post_data(record, **overrides)
    )
    assert_form_error(response, message)
    assert Event.objects.count() == before


@pytest.mark.parametrize("spelling", ["rahmónov", "RAHMONOV", "  Rahmonov "])
def test_duplicate_alias_in_any_spelling_is_a_form_error(admin_client, record, spelling):
    other = ActorFactory(name="Someone else")
    before = ActorAlias.objects.count()
    response = admin_client.post(
        reverse("admin:relations_actoralias_add"),
        {"actor": other.pk, "name": spelling, "note": ""},
    )
    assert_form_error(response, "already names")
    holder = reverse("admin:relations_actor_change", args=[record["actor"].pk])
    assert f'<a href="{holder}">Emomali Rahmon</a>' in form_errors(response)
    assert ActorAlias.objects.count() == before


def test_duplicate_alias_in_the_actor_inline_is_a_form_error(admin_client, record):
    before = (Actor.objects.count(), ActorAlias.objects.count())
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "Imomali Rakhmonov")
    )
    assert_form_error(response, "“Imomali Rakhmonov” already names")
    assert "Emomali Rahmon</a>" in form_errors(response)
    assert (Actor.objects.count(), ActorAlias.objects.count()) == before


def test_two_rows_of_one_spelling_in_the_actor_inline_are_a_form_error(admin_client, db):
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "IGOR IVANOV")
    )
    assert_form_error(response, "Another row here has this spelling already")
    assert not Actor.objects.exists()


def test_actor_with_distinct_aliases_is_saved(admin_client, db):
    response = admin_client.post(
        reverse("admin:relations_actor_add"), actor_post_data("Igor Ivanov", "Igor Ivanow")
    )
    assert response.status_code == 302
    actor = Actor.objects.get(slug="igor-ivanov")
    assert sorted(actor.aliases.values_list("normalized", flat=True)) == [
        "igor ivanov",
        "igor ivanow",
    ]


def test_relationship_pair_in_reverse_order_is_a_form_error(admin_client, record):
    existing = record["relationship"]
    response = admin_client.post(
        reverse("admin:relations_relationship_add"),
        {
            "slug": "xb-xa",
            "name": "Reversed",
            "country_a": existing.country_b_id,
            "country_b": existing.country_a_id,
        },
    )
    assert_form_error(response, "A relationship between these two countries already exists.")
    assert Relationship.objects.count() == 1
