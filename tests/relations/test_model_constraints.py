"""Every rule a row must obey is a named database constraint: the database refuses bad rows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from relations.models import ActorAlias, Citation, Relationship
from tests import factories

pytestmark = pytest.mark.django_db


def assert_refused(constraint: str, create):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        create()


def test_agreement_cannot_expire_before_it_is_signed():
    assert_refused(
        "agreement_expires_after_signature",
        lambda: factories.AgreementFactory(
            signed_on=datetime.date(2012, 10, 5), expires_on=datetime.date(2012, 1, 1)
        ),
    )


def test_agreement_with_open_end_or_unknown_signature_is_accepted():
    factories.AgreementFactory(signed_on=datetime.date(2012, 10, 5), expires_on=None)
    factories.AgreementFactory(signed_on=None, expires_on=datetime.date(2042, 1, 1))


def test_agreement_cannot_take_effect_before_it_is_signed():
    assert_refused(
        "agreement_effective_after_signature",
        lambda: factories.AgreementFactory(
            signed_on=datetime.date(2013, 5, 14), effective_on=datetime.date(2013, 5, 13)
        ),
    )


def test_effective_date_is_compared_at_its_precision():
    # "In force from 2013" may follow a signature on 14 May 2013; "from April 2013" may not.
    factories.AgreementFactory(
        signed_on=datetime.date(2013, 5, 14),
        effective_on=datetime.date(2013, 1, 1),
        effective_on_precision="year",
    )
    factories.AgreementFactory(
        signed_on=datetime.date(2013, 5, 14),
        effective_on=datetime.date(2013, 5, 1),
        effective_on_precision="month",
    )
    factories.AgreementFactory(
        signed_on=datetime.date(2013, 1, 1),
        signed_on_precision="year",
        effective_on=datetime.date(2013, 1, 2),
    )
    assert_refused(
        "agreement_effective_after_signature",
        lambda: factories.AgreementFactory(
            signed_on=datetime.date(2013, 5, 14),
            effective_on=datetime.date(2013, 4, 1),
            effective_on_precision="month",
        ),
    )
    assert_refused(
        "agreement_effective_after_signature",
        lambda: factories.AgreementFactory(
            signed_on=datetime.date(2013, 1, 1),
            signed_on_precision="year",
            effective_on=datetime.date(2012, 12, 31),
        ),
    )


def test_effective_date_before_signature_reaches_full_clean_as_a_validation_error():
    agreement = factories.AgreementFactory.build(
        relationship=factories.RelationshipFactory(),
        signed_on=datetime.date(2013, 5, 14),
        effective_on=datetime.date(2012, 1, 1),
        effective_on_precision="year",
    )
    with pytest.raises(ValidationError, match="cannot take effect before it is signed"):
        agreement.full_clean()


def test_agreement_with_unknown_signature_or_start_is_accepted():
    factories.AgreementFactory(signed_on=None, effective_on=datetime.date(2004, 1, 1))
    factories.AgreementFactory(signed_on=datetime.date(2004, 6, 4), effective_on=None)


def test_event_score_override_must_lie_between_minus_ten_and_ten():
    assert_refused(
        "event_score_override_in_range",
        lambda: factories.EventFactory(score_override=11, score_override_reason="too warm"),
    )


def test_event_score_override_needs_a_reason():
    assert_refused(
        "event_score_override_has_reason", lambda: factories.EventFactory(score_override=5)
    )


def test_event_category_score_must_lie_in_range():
    assert_refused(
        "eventcategory_score_in_range", lambda: factories.EventCategoryFactory(default_score=-11)
    )


def test_precision_must_be_day_month_or_year():
    assert_refused(
        "event_occurred_on_precision_valid",
        lambda: factories.EventFactory(occurred_on_precision="hour"),
    )
    assert_refused(
        "observation_period_precision_valid",
        lambda: factories.ObservationFactory(period_precision="era"),
    )


def test_alias_is_unique_whatever_its_case_accents_or_spacing():
    actor = factories.ActorFactory()
    factories.ActorAliasFactory(actor=actor, name="Emomali Rahmon")
    for spelling in ["emomali rahmon", "ÉMOMALI  RAHMON", " Emomali Rahmon "]:
        assert_refused(
            "actoralias_normalized_unique", lambda s=spelling: factories.ActorAliasFactory(name=s)
        )


def test_alias_uniqueness_reaches_full_clean_as_a_validation_error():
    factories.ActorAliasFactory(name="Rakhmon")
    alias = ActorAlias(actor=factories.ActorFactory(), name="rakhmón")
    with pytest.raises(ValidationError, match="already names an actor"):
        alias.full_clean()


def test_one_relationship_per_pair_whatever_the_order():
    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    factories.RelationshipFactory(slug="ru-tj", country_a=russia, country_b=tajikistan)
    assert_refused(
        "relationship_pair_unique",
        lambda: factories.RelationshipFactory(slug="tj-ru", country_a=tajikistan, country_b=russia),
    )


def test_reverse_pair_reaches_full_clean_as_a_validation_error():
    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.CountryFactory(code="TJ", name="Tajikistan")
    factories.RelationshipFactory(slug="ru-tj", country_a=russia, country_b=tajikistan)
    reverse = Relationship(slug="tj-ru", name="T–R", country_a=tajikistan, country_b=russia)
    with pytest.raises(ValidationError, match="already exists"):
        reverse.full_clean()


def test_a_country_cannot_relate_to_itself():
    russia = factories.CountryFactory(code="RU", name="Russia")
    assert_refused(
        "relationship_two_countries",
        lambda: factories.RelationshipFactory(country_a=russia, country_b=russia),
    )


def test_country_code_is_iso_alpha2():
    assert_refused(
        "country_code_iso_alpha2", lambda: factories.CountryFactory(code="ru", name="Russia")
    )


def test_citation_supports_exactly_one_thing():
    article = factories.ArticleFactory()
    assert_refused("citation_cites_one_thing", lambda: Citation.objects.create(article=article))
    assert_refused(
        "citation_cites_one_thing",
        lambda: factories.CitationFactory(
            article=article, event=factories.EventFactory(), agreement=factories.AgreementFactory()
        ),
    )


def test_citation_span_needs_start_before_end():
    event = factories.EventFactory()
    assert_refused(
        "citation_span_ordered",
        lambda: factories.CitationFactory(event=event, span_start=10, span_end=10),
    )
    assert_refused(
        "citation_span_ordered", lambda: factories.CitationFactory(event=event, span_start=10)
    )
    factories.CitationFactory(event=event, span_start=10, span_end=42)


def test_event_score_is_the_override_else_the_category_default():
    event = factories.EventFactory(
        category=factories.EventCategoryFactory(code="057", default_score=8)
    )
    assert event.score == 8
    event.score_override = -2
    event.score_override_reason = "signed under protest"
    event.save()
    assert event.score == -2
