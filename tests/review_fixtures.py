"""A small record with facts citing approved, pending and both kinds of articles."""

from __future__ import annotations

import datetime

import pytest

from articles.models import Article
from relations.models import EventCategory
from tests import factories


@pytest.fixture
def reviewed_record(db):
    relationship = factories.RelationshipFactory(slug="xa-xb", name="XA–XB")
    approved = factories.ArticleFactory(title="Approved wire", slug="approved-wire")
    pending = factories.ArticleFactory(
        title="Pending wire", slug="pending-wire", review_status=Article.ReviewStatus.PENDING
    )
    rejected = factories.ArticleFactory(
        title="Rejected wire", slug="rejected-wire", review_status=Article.ReviewStatus.REJECTED
    )
    category = EventCategory.objects.get(code="057")

    def event(title, *articles, day=4):
        row = factories.EventFactory(
            relationship=relationship,
            title=title,
            category=category,
            occurred_on=datetime.date(2004, 6, day),
        )
        for article in articles:
            factories.CitationFactory(article=article, event=row)
        return row

    record = {
        "relationship": relationship,
        "approved": approved,
        "pending": pending,
        "public_event": event("Summit reported", approved, day=4),
        "pending_event": event("Rumoured summit", pending, day=5),
        "rejected_event": event("Refuted summit", rejected, pending, day=6),
        "mixed_event": event("Summit, two reports", approved, pending, day=7),
        "pending_agreement": factories.AgreementFactory(
            relationship=relationship, title="Rumoured treaty", slug="rumoured-treaty"
        ),
        "pending_observation": factories.ObservationFactory(relationship=relationship),
    }
    factories.CitationFactory(article=pending, agreement=record["pending_agreement"])
    factories.CitationFactory(article=pending, observation=record["pending_observation"])
    return record
