"""Candidates: what extraction proposes, kept apart from the record until a curator decides."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.extraction.result import (
    ActorMention,
    AgreementMention,
    ArticleExtraction,
    EventMention,
    Figure,
)
from relations.models import Candidate
from relations.services.ingestion import candidates_propose
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = "Putin met Rakhmonov in Sochi on June 4. Tajikistan owes Russia $300 million."


def _extraction(text=TEXT, **items) -> ArticleExtraction:
    return ArticleExtraction(
        title="Talks",
        source="IWPR",
        url="",
        text=text,
        published_on=datetime.date(2004, 6, 10),
        date_precision="day",
        date_confidence=0.9,
        language="en",
        countries=("RU", "TJ"),
        **items,
    )


def _candidate(article, **fields) -> Candidate:
    values = {
        "article": article,
        "kind": "event",
        "proposal": {"category": "042"},
        "fingerprint": "a" * 64,
        **fields,
    }
    return Candidate(**values)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"kind": "rumour"}, "candidate_kind_valid"),
        ({"status": "maybe", "reviewed_at": timezone.now()}, "candidate_status_valid"),
        ({"fingerprint": "not a digest"}, "candidate_fingerprint_sha256"),
        ({"span_start": 10, "span_end": 5}, "candidate_span_ordered"),
        ({"confidence": Decimal("1.5")}, "candidate_confidence_in_range"),
        ({"status": "rejected"}, "candidate_reviewed_when_decided"),
        ({"reviewed_at": timezone.now()}, "candidate_reviewed_when_decided"),
        ({"status": "accepted", "reviewed_at": timezone.now()}, "candidate_accepted_has_result"),
    ],
)
def test_the_database_keeps_candidates_consistent(fields, constraint):
    article = factories.ArticleFactory()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        _candidate(article, **fields).save()


def test_a_candidate_matches_and_becomes_only_an_item_of_its_kind():
    article = factories.ArticleFactory()
    agreement = factories.AgreementFactory()
    with pytest.raises(IntegrityError, match="candidate_matches_its_kind"), transaction.atomic():
        _candidate(article, kind="event", matched_agreement=agreement).save()
    with pytest.raises(IntegrityError, match="candidate_result_its_kind"), transaction.atomic():
        _candidate(
            article,
            kind="event",
            status="accepted",
            reviewed_at=timezone.now(),
            accepted_agreement=agreement,
        ).save()
    accepted = _candidate(
        article,
        kind="agreement",
        status="merged",
        reviewed_at=timezone.now(),
        matched_agreement=agreement,
        accepted_agreement=agreement,
    )
    accepted.save()
    assert accepted.matched == accepted.accepted == agreement


def test_an_article_proposes_each_item_once():
    article = factories.ArticleFactory()
    _candidate(article).save()
    with pytest.raises(IntegrityError, match="candidate_one_per_item"), transaction.atomic():
        _candidate(article).save()


def test_proposing_saves_each_item_with_its_sentence_and_match():
    relationship = factories.RelationshipFactory(
        country_a=factories.CountryFactory(code="RU"), country_b=factories.CountryFactory(code="TJ")
    )
    article = factories.ArticleFactory(text=TEXT)
    known = factories.EventFactory(relationship=relationship)
    rakhmon = factories.ActorFactory()
    split = TEXT.index("Tajikistan owes")
    first, second = (0, split - 1), (split, len(TEXT))
    extraction = _extraction(
        actors=(
            ActorMention("Putin", 7, "Vladimir Putin", (first,)),  # known exactly: no review
            ActorMention("Rakhmonov", rakhmon.pk, "Emomali Rahmon", (first,), score=0.9),
            ActorMention("Sochi Mayor", None, "Sochi Mayor", (first,), score=0.5),
        ),
        figures=(
            Figure("debt", Decimal("300000000"), "USD", "exact", None, None, second),
        ),
        agreements=(
            AgreementMention("Debt deal", "signed", None, None, None, None, ("RU",), None, second),
        ),
        events=(
            EventMention(
                datetime.date(2004, 6, 4), "day", None, None, "042", 1.9, known.pk, first,
                confidence=0.7,
            ),
        ),
    )  # fmt: skip

    candidates_propose(article=article, extraction=extraction)
    candidates_propose(article=article, extraction=extraction)  # again: nothing new

    saved = list(Candidate.objects.order_by("kind", "id"))
    opening, debt = TEXT[slice(*first)], TEXT[slice(*second)]
    assert [(c.kind, c.quote) for c in saved] == [
        ("actor", opening),
        ("actor", opening),
        ("agreement", debt),
        ("event", opening),
        ("observation", debt),
    ]
    assert {c.status for c in saved} == {"pending"}
    assert {c.relationship_id for c in saved} == {relationship.pk}
    actors = {c.proposal["name"]: c for c in saved if c.kind == "actor"}
    assert actors["Rakhmonov"].matched_actor == rakhmon
    assert actors["Sochi Mayor"].matched_actor is None
    event = next(c for c in saved if c.kind == "event")
    assert (event.matched_event, event.confidence, event.span_start) == (
        known,
        Decimal("0.70"),
        0,
    )
    assert event.proposal["category"] == "042"
