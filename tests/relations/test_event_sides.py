"""An event's sides: who acted toward whom, read by the directed temperature."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relations.services.records import event_create
from tests import factories

pytestmark = pytest.mark.django_db


def test_initiator_and_target_must_differ():
    pair = factories.RelationshipFactory()
    with pytest.raises(IntegrityError, match="event_sides_differ"), transaction.atomic():
        factories.EventFactory(relationship=pair, initiator=pair.country_a, target=pair.country_a)


def test_a_mutual_act_names_no_single_side():
    pair = factories.RelationshipFactory()
    refused = pytest.raises(IntegrityError, match="event_mutual_has_no_single_side")
    with refused, transaction.atomic():
        factories.EventFactory(relationship=pair, mutual=True, initiator=pair.country_a)


def test_the_service_takes_sides_as_country_codes(admin_user):
    pair = factories.RelationshipFactory()
    article = factories.ArticleFactory()
    category = factories.EventCategoryFactory()
    event = event_create(
        user=admin_user,
        data={
            "relationship": pair.slug,
            "title": "A demand",
            "occurred_on": "2004-06-04",
            "category": category.code,
            "initiator": pair.country_b.code,
            "target": pair.country_a.code,
            "citations": [{"article": article.pk}],
        },
    )
    assert (event.initiator, event.target) == (pair.country_b, pair.country_a)


def test_a_side_outside_the_relationship_is_refused_by_field(admin_user):
    pair = factories.RelationshipFactory()
    stranger = factories.CountryFactory()
    with pytest.raises(ValidationError) as refused:
        event_create(
            user=admin_user,
            data={
                "relationship": pair.slug,
                "title": "A demand",
                "occurred_on": "2004-06-04",
                "category": factories.EventCategoryFactory().code,
                "initiator": stranger.code,
                "citations": [{"article": factories.ArticleFactory().pk}],
            },
        )
    assert "initiator" in refused.value.message_dict
