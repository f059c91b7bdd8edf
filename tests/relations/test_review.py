"""Review of candidates: accept, accept as a citation of the matched item, merge, reject."""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from articles.services import content_hash
from relations.models import (
    Actor,
    Agreement,
    Candidate,
    Citation,
    Event,
    EventCategory,
    Observation,
    TemperaturePoint,
)
from relations.selectors.proposals import candidate_proposal, title_from
from relations.services.review import (
    candidate_accept,
    candidate_merge,
    candidate_reject,
)
from tests import factories

TEXT = (
    "Dushanbe, 16 October 2004. Vladimir Putin and Emomali Rahmonov signed an agreement on the "
    "base in Dushanbe. Russia wrote off 242 million dollars of debt.\n\nThe lease runs until 2042."
)


def sentence(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def make_candidate(article, kind: str, proposal: dict, text: str, **fields) -> Candidate:
    start, end = sentence(text)
    fingerprint = hashlib.sha256(json.dumps([kind, proposal], sort_keys=True).encode()).hexdigest()
    return Candidate.objects.create(
        article=article,
        kind=kind,
        proposal=proposal,
        fingerprint=fingerprint,
        span_start=start,
        span_end=end,
        quote=text,
        confidence=Decimal("0.8"),
        **fields,
    )


@pytest.fixture
def setting(db):
    relationship = factories.RelationshipFactory(slug="ru-tj")
    article = factories.ArticleFactory(
        text=TEXT, content_hash=content_hash(TEXT), published_on=datetime.date(2004, 10, 17)
    )
    putin = factories.ActorFactory(name="Vladimir Putin", aliases=("Vladimir Putin", "Putin"))
    rahmon = factories.ActorFactory(name="Emomali Rahmon", aliases=("Rahmonov",))
    curator = get_user_model().objects.create_user("curator", is_staff=True)
    return {
        "relationship": relationship,
        "article": article,
        "putin": putin,
        "rahmon": rahmon,
        "curator": curator,
    }


SIGNING = "Vladimir Putin and Emomali Rahmonov signed an agreement on the base in Dushanbe."


def test_accepting_an_event_creates_it_with_its_citation_and_recomputes_the_temperature(
    setting, django_capture_on_commit_callbacks
):
    candidate = make_candidate(
        setting["article"],
        "event",
        {"date": "2004-10-16", "precision": "day", "category": "057", "initiator": "xx"},
        SIGNING,
        relationship=setting["relationship"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        decided = candidate_accept(candidate=candidate, user=setting["curator"])
    event = decided.accepted_event
    assert decided.status == Candidate.Status.ACCEPTED
    assert decided.reviewed_by == setting["curator"] and decided.reviewed_at is not None
    assert event.occurred_on == datetime.date(2004, 10, 16)
    assert event.date_basis == Event.DateBasis.STATED
    assert event.category.code == "057"
    assert event.title == SIGNING.rstrip(".")
    assert set(event.actors.all()) == {setting["putin"], setting["rahmon"]}
    citation = Citation.objects.get(event=event)
    assert citation.quote == SIGNING and decided.citation == citation
    assert TemperaturePoint.objects.filter(relationship=setting["relationship"]).exists()


def test_a_matched_event_gains_a_citation_not_a_twin(setting):
    existing = factories.EventFactory(
        relationship=setting["relationship"], category=EventCategory.objects.get(code="057")
    )
    candidate = make_candidate(
        setting["article"], "event", {"category": "057"}, SIGNING, matched_event=existing
    )
    decided = candidate_accept(candidate=candidate, user=setting["curator"])
    assert decided.status == Candidate.Status.MERGED
    assert decided.accepted_event == existing
    assert Event.objects.count() == 1
    assert existing.citations.get().quote == SIGNING


def test_accepting_with_edits_uses_the_curators_values(setting):
    candidate = make_candidate(
        setting["article"],
        "agreement",
        {"title": "Agreement on the base", "action": "signed", "date": "2004-10-16"},
        SIGNING,
    )
    decided = candidate_accept(
        candidate=candidate,
        user=setting["curator"],
        data={"kind": "lease", "expires_on": "2042-01-01", "expires_on_precision": "year"},
    )
    agreement = decided.accepted_agreement
    assert agreement.kind == "lease" and agreement.status == "signed"
    assert agreement.relationship == setting["relationship"]
    assert agreement.expires_on.year == 2042
    assert set(agreement.parties.all()) == {setting["putin"], setting["rahmon"]}
    twin = make_candidate(
        setting["article"],
        "agreement",
        {"title": "Agreement on the base"},
        "The lease runs until 2042.",
    )
    assert candidate_accept(candidate=twin, user=None).accepted_agreement.slug == (
        "agreement-on-the-base-2"
    )


def test_a_figure_takes_its_metrics_unit_and_the_stated_year(setting):
    metric = factories.MetricFactory(slug="debt", unit="USD")
    text = "Russia wrote off 242 million dollars of debt."
    candidate = make_candidate(
        setting["article"],
        "observation",
        {"metric": "debt", "value": 242000000, "qualifier": "exact", "period": "2004"},
        text,
    )
    observation = candidate_accept(
        candidate=candidate, user=setting["curator"]
    ).accepted_observation
    assert observation.metric == metric and observation.unit == "USD"
    assert observation.value == 242_000_000
    assert (observation.period_start, observation.period_precision) == (
        datetime.date(2004, 1, 1),
        "year",
    )


def test_a_proposal_that_cannot_stand_is_refused_and_stays_pending(setting):
    candidate = make_candidate(
        setting["article"], "observation", {"value": 3}, "The lease runs until 2042."
    )
    with pytest.raises(ValidationError) as refused:
        candidate_accept(candidate=candidate, user=setting["curator"])
    assert "metric" in refused.value.message_dict
    candidate.refresh_from_db()
    assert candidate.status == Candidate.Status.PENDING
    assert Observation.objects.count() == 0


def test_an_actor_candidate_becomes_an_actor_with_its_spelling(setting):
    candidate = make_candidate(
        setting["article"], "actor", {"name": "Sergei Ivanov", "actor": None}, SIGNING
    )
    actor = candidate_accept(candidate=candidate, user=setting["curator"]).accepted_actor
    assert actor.name == "Sergei Ivanov" and actor.slug == "sergei-ivanov"
    assert list(actor.aliases.values_list("name", flat=True)) == ["Sergei Ivanov"]


def test_merging_an_actor_keeps_the_spelling_as_an_alias(setting):
    candidate = make_candidate(setting["article"], "actor", {"name": "Rakhmonov"}, SIGNING)
    decided = candidate_merge(candidate=candidate, into=setting["rahmon"], user=setting["curator"])
    assert decided.status == Candidate.Status.MERGED
    assert "Rakhmonov" in set(setting["rahmon"].aliases.values_list("name", flat=True))
    other = make_candidate(
        setting["article"], "actor", {"name": "Putin"}, "The lease runs until 2042."
    )
    with pytest.raises(ValidationError, match="already names another actor"):
        candidate_merge(candidate=other, into=setting["rahmon"], user=setting["curator"])


def test_merging_into_an_item_of_another_kind_is_refused(setting):
    candidate = make_candidate(setting["article"], "event", {}, SIGNING)
    agreement = factories.AgreementFactory(relationship=setting["relationship"])
    with pytest.raises(ValidationError, match="only into an item of its kind"):
        candidate_merge(candidate=candidate, into=agreement, user=setting["curator"])


def test_rejecting_needs_a_reason_and_decides_once(setting):
    candidate = make_candidate(setting["article"], "event", {}, SIGNING)
    with pytest.raises(ValidationError):
        candidate_reject(candidate=candidate, user=setting["curator"], reason="  ")
    decided = candidate_reject(candidate=candidate, user=setting["curator"], reason="Not an event.")
    assert (decided.status, decided.review_note) == ("rejected", "Not an event.")
    with pytest.raises(ValidationError, match="already reviewed"):
        candidate_accept(candidate=candidate, user=setting["curator"])
    assert (
        Event.objects.count() == 0 and Agreement.objects.count() == 0 and Actor.objects.count() == 2
    )


def test_a_candidate_and_a_picked_sentence_propose_through_the_same_proposal(setting):
    from relations.selectors.proposals import sentence_proposal

    start, end = sentence(SIGNING)
    candidate = make_candidate(setting["article"], "event", {}, SIGNING)
    picked = sentence_proposal(
        article=setting["article"], start=start + 3, end=start + 9, kind="event"
    )
    proposed = candidate_proposal(candidate)
    assert proposed.citation == picked.citation
    assert proposed.data["actors"] == picked.data["actors"]
    assert proposed.data["occurred_on"] == picked.data["occurred_on"]
    assert title_from("word " * 40).endswith("…") and len(title_from("word " * 40)) <= 121
