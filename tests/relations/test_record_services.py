"""Write services: agreements, observations and events with their citations."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.dates import OUT_OF_BOUNDS
from relations.models import Agreement, Citation, Event, Observation
from relations.services.records import (
    agreement_create,
    agreement_update,
    event_create,
    event_update,
    observation_create,
    observation_update,
)
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "First sentence of the dispatch. The base lease was extended to 2042. Last one."
SPAN = (TEXT.index("The base"), TEXT.index("2042.") + 5)


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="writer", password="x" * 12)


@pytest.fixture
def relationship():
    return factories.RelationshipFactory(slug="aa-bb")


@pytest.fixture
def article():
    return factories.ArticleFactory(text=TEXT)


def _citation(article, **extra):
    return {"article": article.pk, "span_start": SPAN[0], "span_end": SPAN[1], **extra}


def _agreement_data(relationship, article, /, **extra):
    return {
        "relationship": relationship.slug,
        "title": "Base agreement",
        "slug": "base-agreement",
        "kind": "lease",
        "status": "signed",
        "signed_on": datetime.date(2012, 10, 5),
        "citations": [_citation(article, note="Reports the extension.")],
        **extra,
    }


def _refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as raised:
        call(**kwargs)
    return raised.value.message_dict


# Agreements


def test_agreement_create_stores_fields_parties_and_citations(user, relationship, article):
    parties = factories.ActorFactory.create_batch(2)

    agreement = agreement_create(
        user=user,
        data=_agreement_data(
            relationship, article, parties=[actor.pk for actor in parties], provisions=["Rent"]
        ),
    )

    agreement.refresh_from_db()
    assert agreement.relationship == relationship
    assert agreement.kind == "lease"
    assert agreement.provisions == ["Rent"]
    assert set(agreement.parties.all()) == set(parties)
    (citation,) = agreement.citations.all()
    assert citation.article == article
    assert citation.quote == "The base lease was extended to 2042."
    assert citation.note == "Reports the extension."


def test_agreement_create_accepts_the_relationship_id_and_dates_as_text(
    user, relationship, article
):
    data = _agreement_data(relationship, article, relationship=relationship.pk)
    data["signed_on"] = "2012-10-05"
    agreement = agreement_create(user=user, data=data)
    assert agreement.relationship_id == relationship.pk
    assert agreement.signed_on == datetime.date(2012, 10, 5)


def test_agreement_create_leaves_a_history_entry_for_the_user(user, relationship, article):
    agreement = agreement_create(user=user, data=_agreement_data(relationship, article))
    entry = LogEntry.objects.get(object_id=str(agreement.pk))
    assert entry.user == user
    assert entry.is_addition()


def test_agreement_create_names_an_unknown_relationship(user, relationship, article):
    errors = _refused(
        agreement_create, user=user, data=_agreement_data(relationship, article, relationship="zz")
    )
    assert list(errors) == ["relationship"]
    assert "zz" in errors["relationship"][0]
    assert not Agreement.objects.exists()


def test_agreement_create_requires_a_citation(user, relationship, article):
    for citations in ([], None):
        data = _agreement_data(relationship, article, citations=citations)
        assert "citations" in _refused(agreement_create, user=user, data=data)
    data = _agreement_data(relationship, article)
    del data["citations"]
    assert "citations" in _refused(agreement_create, user=user, data=data)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("citation", "words"),
    [
        ({"article": 999_999}, "999999"),
        ({"span_start": 5}, "both"),
        ({"span_start": 10, "span_end": 10}, "end after"),
        ({"span_start": 0, "span_end": len(TEXT) + 1}, "past the end"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_agreement_create_refuses_a_bad_citation(user, relationship, article, citation, words):
    bad = {"article": article.pk, "span_start": None, "span_end": None, **citation}
    data = _agreement_data(relationship, article, citations=[_citation(article), bad])

    errors = _refused(agreement_create, user=user, data=data)

    assert list(errors) == ["citations"]
    assert "Citation 2" in errors["citations"][0]
    assert words in errors["citations"][0]
    assert not Agreement.objects.exists()
    assert not Citation.objects.exists()


def test_citation_span_is_kept_without_a_quote_when_no_text_is_held(user, relationship):
    bare = factories.ArticleFactory(text="")
    data = _agreement_data(
        relationship, bare, citations=[{"article": bare.pk, "span_start": 3, "span_end": 9}]
    )
    (citation,) = agreement_create(user=user, data=data).citations.all()
    assert (citation.span_start, citation.span_end, citation.quote) == (3, 9, "")


def test_agreement_create_reports_every_bad_field_at_once(user, relationship, article):
    data = _agreement_data(
        relationship,
        article,
        kind="handshake",
        parties=[999_999],
        expires_on=datetime.date(2001, 1, 1),
        colour="red",
    )

    errors = _refused(agreement_create, user=user, data=data)

    # A rule across fields is reported under each field it reads.
    assert {"kind", "parties", "colour", "expires_on", "signed_on"} <= set(errors)
    assert any("expire" in message for message in errors["expires_on"])
    assert not Agreement.objects.exists()


def test_agreement_create_refuses_a_taken_slug(user, relationship, article):
    factories.AgreementFactory(slug="base-agreement")
    errors = _refused(agreement_create, user=user, data=_agreement_data(relationship, article))
    assert list(errors) == ["slug"]


def test_agreement_update_changes_only_the_given_fields(user, relationship, article):
    agreement = agreement_create(user=user, data=_agreement_data(relationship, article))
    citation_ids = set(agreement.citations.values_list("pk", flat=True))

    agreement_update(user=user, agreement=agreement, data={"status": "in_force"})

    agreement.refresh_from_db()
    assert agreement.status == "in_force"
    assert agreement.title == "Base agreement"
    assert set(agreement.citations.values_list("pk", flat=True)) == citation_ids


def test_agreement_update_replaces_parties_and_citations_when_given(user, relationship, article):
    old, new = factories.ActorFactory.create_batch(2)
    agreement = agreement_create(
        user=user, data=_agreement_data(relationship, article, parties=[old.pk])
    )
    other = factories.ArticleFactory()

    agreement_update(
        user=user,
        agreement=agreement,
        data={"parties": [new.slug], "citations": [{"article": other.pk, "note": "n"}]},
    )

    assert list(agreement.parties.all()) == [new]
    assert list(agreement.citations.values_list("article", flat=True)) == [other.pk]


def test_agreement_update_refusal_writes_nothing(user, relationship, article):
    agreement = agreement_create(user=user, data=_agreement_data(relationship, article))

    errors = _refused(
        agreement_update,
        user=user,
        agreement=agreement,
        data={"title": "Renamed", "status": "nonsense", "citations": []},
    )

    assert set(errors) == {"status", "citations"}
    stored = Agreement.objects.get(pk=agreement.pk)
    assert (stored.title, stored.status) == ("Base agreement", "signed")
    assert agreement.title == "Base agreement"  # the caller's object is restored too
    assert stored.citations.count() == 1


def test_agreement_cannot_extend_itself(user, relationship, article):
    agreement = agreement_create(user=user, data=_agreement_data(relationship, article))
    errors = _refused(
        agreement_update, user=user, agreement=agreement, data={"extends": agreement.pk}
    )
    assert any("itself" in message for message in errors["extends"])


# Observations


def _observation_data(relationship, article, /, **extra):
    return {
        "metric": "debt",
        "relationship": relationship.slug,
        "value": "300000000",
        "period_start": "2004-01-01",
        "period_precision": "year",
        "citations": [{"article": article.pk}],
        **extra,
    }


def test_observation_create_takes_the_metrics_unit_by_default(user, relationship, article):
    metric = factories.MetricFactory(slug="debt", unit="USD")

    observation = observation_create(user=user, data=_observation_data(relationship, article))

    observation.refresh_from_db()
    assert observation.metric == metric
    assert observation.unit == "USD"
    assert observation.value == Decimal("300000000")
    assert observation.citations.count() == 1


def test_observation_create_names_bad_fields(user, relationship, article):
    errors = _refused(
        observation_create,
        user=user,
        data=_observation_data(relationship, article, metric="no-such-metric", value="lots"),
    )
    assert {"metric", "value"} <= set(errors)
    assert not Observation.objects.exists()


def test_observation_update_changes_the_value(user, article):
    observation = factories.ObservationFactory()
    factories.CitationFactory(observation=observation, article=article)

    observation_update(user=user, observation=observation, data={"value": Decimal("1.5")})

    assert Observation.objects.get(pk=observation.pk).value == Decimal("1.5")


# Events


def _event_data(relationship, article, /, **extra):
    return {
        "relationship": relationship.slug,
        "title": "Presidents meet",
        "occurred_on": "2012-10-05",
        "category": "057",
        "citations": [_citation(article)],
        **extra,
    }


def test_event_create_resolves_the_category_by_code_and_sets_actors(user, relationship, article):
    actors = factories.ActorFactory.create_batch(2)

    event = event_create(
        user=user,
        data=_event_data(relationship, article, actors=[actor.pk for actor in actors]),
    )

    event.refresh_from_db()
    assert event.category.code == "057"
    assert set(event.actors.all()) == set(actors)
    assert event.citations.get().quote.startswith("The base lease")


def test_event_create_names_an_unknown_category(user, relationship, article):
    errors = _refused(
        event_create, user=user, data=_event_data(relationship, article, category="999")
    )
    assert list(errors) == ["category"]
    assert not Event.objects.exists()


def test_event_score_override_needs_a_reason(user, relationship, article):
    errors = _refused(
        event_create, user=user, data=_event_data(relationship, article, score_override="5")
    )
    assert any("why" in message.lower() for message in errors["score_override_reason"])
    assert not Event.objects.exists()


def test_event_confidence_out_of_range_is_refused(user, relationship, article):
    errors = _refused(
        event_create, user=user, data=_event_data(relationship, article, confidence="1.5")
    )
    assert "confidence" in errors or "__all__" in errors
    assert not Event.objects.exists()


def test_event_update_moves_the_event(user, relationship, article):
    event = factories.EventFactory(relationship=relationship)
    other = factories.RelationshipFactory(
        country_a__code="YA",
        country_a__name="Country YA",
        country_b__code="YB",
        country_b__name="Country YB",
    )

    event_update(user=user, event=event, data={"relationship": other.slug, "title": "Moved"})

    stored = Event.objects.get(pk=event.pk)
    assert (stored.relationship, stored.title) == (other, "Moved")


def test_event_writes_schedule_no_recompute_until_commit(
    user, relationship, article, django_capture_on_commit_callbacks, monkeypatch
):
    from relations.services import rollup

    recomputed = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: recomputed.append(relationship)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        event = event_create(user=user, data=_event_data(relationship, article))
        event_update(user=user, event=event, data={"title": "Renamed"})
    assert recomputed == []
    assert len(callbacks) == 1  # one transaction, one relationship: recomputed once
    callbacks[0]()
    assert recomputed == [relationship]


def test_a_rolled_back_write_leaves_later_writes_their_recompute(
    user, relationship, article, django_capture_on_commit_callbacks, monkeypatch
):
    from relations.services import rollup

    recomputed = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: recomputed.append(relationship)
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            event_create(user=user, data=_event_data(relationship, article))
            raise RuntimeError("rolled back")
        event_create(user=user, data=_event_data(relationship, article))
    assert len(callbacks) == 1
    assert recomputed == [relationship]


def test_a_refused_event_write_schedules_no_recompute(
    user, relationship, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _refused(event_create, user=user, data=_event_data(relationship, article, category="999"))
    assert callbacks == []


def test_event_writes_recompute_the_temperature_after_commit(
    user, relationship, article, django_capture_on_commit_callbacks, monkeypatch
):
    from relations.services import rollup

    recomputed = []
    monkeypatch.setattr(
        rollup, "temperature_recompute", lambda *, relationship: recomputed.append(relationship)
    )
    other = factories.RelationshipFactory(
        country_a__code="YA",
        country_a__name="Country YA",
        country_b__code="YB",
        country_b__name="Country YB",
    )

    with django_capture_on_commit_callbacks(execute=True):
        event = event_create(user=user, data=_event_data(relationship, article))
    assert recomputed == [relationship]

    recomputed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_update(user=user, event=event, data={"relationship": other.pk})
    assert sorted(r.pk for r in recomputed) == sorted([relationship.pk, other.pk])


def test_event_recompute_really_runs_with_the_rollup(
    user, relationship, article, django_capture_on_commit_callbacks
):
    from relations.models import TemperaturePoint

    with django_capture_on_commit_callbacks(execute=True):
        event_create(user=user, data=_event_data(relationship, article))
    assert TemperaturePoint.objects.filter(relationship=relationship).exists()


# Reported dates: stored as the first day of their interval; absurd event dates refused


def test_agreement_create_stores_each_date_as_the_first_day_of_its_interval(
    user, relationship, article
):
    data = _agreement_data(
        relationship,
        article,
        signed_on="2004-06-17",
        signed_on_precision="year",
        effective_on=datetime.date(2004, 10, 16),
        effective_on_precision="month",
        expires_on=datetime.date(2014, 10, 16),
    )

    agreement = agreement_create(user=user, data=data)

    agreement.refresh_from_db()
    assert agreement.signed_on == datetime.date(2004, 1, 1)
    assert agreement.effective_on == datetime.date(2004, 10, 1)
    assert agreement.expires_on == datetime.date(2014, 10, 16)  # day precision: kept as given


def test_agreement_update_truncates_when_only_the_precision_changes(user, article):
    agreement = factories.AgreementFactory(signed_on=datetime.date(2012, 10, 5))
    factories.CitationFactory(agreement=agreement, article=article)

    agreement_update(
        user=user, agreement=agreement, data={"signed_on_precision": "month", "kind": "lease"}
    )

    assert Agreement.objects.get(pk=agreement.pk).signed_on == datetime.date(2012, 10, 1)


def test_observation_create_and_update_truncate_the_period_start(user, relationship, article):
    factories.MetricFactory(slug="debt", unit="USD")
    observation = observation_create(
        user=user, data=_observation_data(relationship, article, period_start="2004-06-17")
    )
    assert Observation.objects.get(pk=observation.pk).period_start == datetime.date(2004, 1, 1)

    observation_update(
        user=user,
        observation=observation,
        data={"period_start": "2005-03-20", "period_precision": "month"},
    )
    assert Observation.objects.get(pk=observation.pk).period_start == datetime.date(2005, 3, 1)


def test_event_create_and_update_truncate_the_occurred_on_date(user, relationship, article):
    event = event_create(
        user=user,
        data=_event_data(relationship, article, occurred_on_precision="month"),
    )
    assert Event.objects.get(pk=event.pk).occurred_on == datetime.date(2012, 10, 1)

    event_update(
        user=user, event=event, data={"occurred_on": "2013-07-09", "occurred_on_precision": "year"}
    )
    assert Event.objects.get(pk=event.pk).occurred_on == datetime.date(2013, 1, 1)


@pytest.mark.parametrize("occurred_on", ["0001-01-01", "1899-12-31", "2101-01-01"])
def test_event_create_refuses_dates_before_1900_or_after_2100(
    user, relationship, article, occurred_on
):
    errors = _refused(
        event_create, user=user, data=_event_data(relationship, article, occurred_on=occurred_on)
    )

    assert errors == {"occurred_on": [OUT_OF_BOUNDS]}
    assert "before 1900 or after 2100" in errors["occurred_on"][0]
    assert not Event.objects.exists()


@pytest.mark.parametrize("occurred_on", ["1900-01-01", "2100-12-31"])
def test_event_create_accepts_the_bounds_themselves(user, relationship, article, occurred_on):
    event = event_create(
        user=user, data=_event_data(relationship, article, occurred_on=occurred_on)
    )
    assert event.occurred_on == datetime.date.fromisoformat(occurred_on)


def test_event_update_refuses_an_absurd_date_and_keeps_the_stored_one(user, article):
    event = factories.EventFactory()
    factories.CitationFactory(event=event, article=article)

    errors = _refused(event_update, user=user, event=event, data={"occurred_on": "0001-01-01"})

    assert list(errors) == ["occurred_on"]
    assert Event.objects.get(pk=event.pk).occurred_on == datetime.date(2004, 6, 4)


def test_event_create_names_a_date_given_as_a_number(user, relationship, article):
    errors = _refused(
        event_create, user=user, data=_event_data(relationship, article, occurred_on=20121005)
    )
    assert list(errors) == ["occurred_on"]
