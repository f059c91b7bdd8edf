"""Fixtures and form helpers for the admin's tests."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from api.models import Deletion
from api.record_version import record_version
from articles.services import content_hash
from relations.models import (
    Candidate,
    Event,
    EventCategory,
    Ingestion,
    TemperatureRecomputeFailure,
)
from relations.services.tallies import relationship_tallies_refresh
from tests import factories

ARTICLE_TEXT = "The two presidents met in Sochi. They agreed on a base.\nDebt was discussed."


def management_form(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def citation_rows(*rows: dict, initial: int = 0) -> dict[str, str]:
    data = management_form("citations", len(rows), initial)
    for index, row in enumerate(rows):
        for field, value in row.items():
            data[f"citations-{index}-{field}"] = "" if value is None else str(value)
    return data


def form_errors(response) -> str:
    """All error text of an admin change form response, for assertions."""
    context = response.context
    errors = [str(context["adminform"].form.errors)]
    errors += [str(error) for error in context["errors"]]
    for inline in context["inline_admin_formsets"]:
        errors.append(str(inline.formset.non_form_errors()))
        errors += [str(form.errors) for form in inline.formset.forms]
    return " ".join(errors)


def assert_form_error(response, message: str) -> None:
    """The admin answered with the form again, naming `message` among its errors."""
    assert response.status_code == 200
    assert message in form_errors(response)


def event_post_data(record, **overrides) -> dict:
    data = {
        "relationship": record["relationship"].pk,
        "title": "Summit in Sochi",
        "occurred_on": "2004-06-04",
        "occurred_on_precision": "day",
        "date_basis": "stated",  # the select's initial choice, as a browser posts it
        "category": EventCategory.objects.get(code="057").pk,
        "confidence": "0.9",
        "score_override": "",
        "score_override_reason": "",
        **citation_rows({"article": record["article"].pk, "span_start": 0, "span_end": 32}),
    }
    data.update(overrides)
    return data


def change_post_data(event: Event, **overrides) -> dict:
    data = {
        "relationship": event.relationship_id,
        "title": event.title,
        "summary": "Edited.",
        "occurred_on": event.occurred_on.isoformat(),
        "occurred_on_precision": event.occurred_on_precision,
        "date_basis": event.date_basis,
        "note": event.note,
        "category": event.category_id,
        "confidence": str(event.confidence),
        "score_override": "",
        "score_override_reason": "",
    }
    rows = [
        {"id": citation.pk, "event": event.pk, "article": citation.article_id}
        for citation in event.citations.all()
    ]
    data |= citation_rows(*rows, initial=len(rows))
    data.update(overrides)
    return data


@pytest.fixture
def record(db):
    """One of everything, cited, as a curator's database holds it."""
    relationship = factories.RelationshipFactory(slug="xa-xb", name="Country XA – Country XB")
    actor = factories.ActorFactory(
        name="Emomali Rahmon",
        slug="emomali-rahmon",
        aliases=("Emomali Rahmon", "Rahmonov", "Imomali Rakhmonov"),
    )
    factories.ActorRoleFactory(actor=actor, title="President")
    article = factories.ArticleFactory(text=ARTICLE_TEXT, content_hash=content_hash(ARTICLE_TEXT))
    agreement = factories.AgreementFactory(relationship=relationship)
    agreement.parties.add(actor)
    factories.CitationFactory(article=article, agreement=agreement, span_start=0, span_end=32)
    observation = factories.ObservationFactory(relationship=relationship, claimed_by=actor)
    factories.CitationFactory(article=article, observation=observation)
    event = factories.EventFactory(
        relationship=relationship, category=EventCategory.objects.get(code="057")
    )
    event.actors.add(actor)
    factories.CitationFactory(article=article, event=event, span_start=33, span_end=55)
    factories.TemperaturePointFactory(
        relationship=relationship,
        month=datetime.date(2004, 6, 1),
        value=62.0,
        low=55.0,
        high=69.0,
        event_count=1,
    )
    Deletion.objects.create(kind="event", object_id=999_999, deleted_at=timezone.now())
    Candidate.objects.create(
        article=article,
        kind="event",
        proposal={"category": "057"},
        fingerprint="0" * 64,
        span_start=0,
        span_end=32,
        quote=ARTICLE_TEXT[:32],
    )
    factories.TurningPointFactory(relationship=relationship)
    Ingestion.objects.create(origin="news.txt", content=ARTICLE_TEXT, article=article)
    TemperatureRecomputeFailure.objects.create(
        relationship=relationship,
        error="OperationalError: canceling statement due to lock timeout",
        first_failed_at=timezone.now(),
        last_failed_at=timezone.now(),
    )
    relationship_tallies_refresh(record_version=record_version())
    return {
        "relationship": relationship,
        "actor": actor,
        "article": article,
        "agreement": agreement,
        "observation": observation,
        "event": event,
    }


def actor_post_data(*aliases: str) -> dict:
    data = {"name": "Igor Ivanov", "slug": "igor-ivanov", "kind": "person", "description": ""}
    data |= management_form("aliases", len(aliases)) | management_form("roles", 0)
    for index, name in enumerate(aliases):
        data[f"aliases-{index}-name"] = name
    return data
