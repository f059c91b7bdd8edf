"""The review queue in admin: candidates by article, each beside its highlighted sentence."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils.http import urlencode

from articles.services import content_hash
from relations.models import Candidate, Citation, Event, EventCategory
from tests import factories
from tests.relations.admin.conftest import citation_rows
from tests.relations.test_review import SIGNING, TEXT, make_candidate


@pytest.fixture
def queue(db):
    relationship = factories.RelationshipFactory(slug="ru-tj")
    article = factories.ArticleFactory(
        title="Base deal",
        text=TEXT,
        content_hash=content_hash(TEXT),
        published_on=datetime.date(2004, 10, 17),
    )
    putin = factories.ActorFactory(name="Vladimir Putin", aliases=("Vladimir Putin",))
    event = make_candidate(article, "event", {"date": "2004-10-16", "category": "057"}, SIGNING)
    figure = make_candidate(
        article,
        "observation",
        {"value": 242000000},
        "Russia wrote off 242 million dollars of debt.",
    )
    return {
        "relationship": relationship,
        "article": article,
        "putin": putin,
        "event": event,
        "figure": figure,
    }


def review_url(article) -> str:
    return reverse("admin:relations_candidate_review", args=[article.pk])


def decide(admin_client, candidate, **data):
    url = reverse("admin:relations_candidate_decide", args=[candidate.pk])
    return admin_client.post(url, data)


def test_the_review_page_shows_each_candidate_beside_its_highlighted_sentence(admin_client, queue):
    response = admin_client.get(review_url(queue["article"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="sentence-{queue["event"].pk}"' in content
    assert '<mark class="review__sentence"' in content and SIGNING in content
    assert f'id="candidate-{queue["figure"].pk}"' in content
    assert f"?candidate={queue['event'].pk}" in content  # edit, then accept
    assert "2 pending of 2" in content


def test_accepting_from_the_review_page_creates_the_event(admin_client, queue):
    response = decide(admin_client, queue["event"], decision="accept")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#candidate-{queue['event'].pk}")
    queue["event"].refresh_from_db()
    assert queue["event"].status == "accepted"
    assert queue["event"].reviewed_by.username == "admin"
    assert queue["event"].accepted_event.citations.get().quote == SIGNING


def test_a_proposal_that_cannot_stand_is_reported_not_a_500(admin_client, queue):
    response = decide(admin_client, queue["figure"], decision="accept")
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("metric" in message for message in messages)
    queue["figure"].refresh_from_db()
    assert queue["figure"].status == "pending"


def test_merging_and_rejecting_from_the_review_page(admin_client, queue):
    existing = factories.EventFactory(relationship=queue["relationship"])
    decide(admin_client, queue["event"], decision="merge", into=str(existing.pk))
    queue["event"].refresh_from_db()
    assert queue["event"].status == "merged" and queue["event"].accepted_event == existing
    decide(admin_client, queue["figure"], decision="reject", reason="")
    queue["figure"].refresh_from_db()
    assert queue["figure"].status == "pending"
    decide(admin_client, queue["figure"], decision="reject", reason="Not a figure of the pair.")
    queue["figure"].refresh_from_db()
    assert queue["figure"].status == "rejected"
    for bad in ({"decision": "merge", "into": "x"}, {"decision": "fly"}):
        assert decide(admin_client, queue["event"], **bad).status_code == 302


def test_edit_then_accept_opens_the_ordinary_form_and_accepts_on_save(admin_client, queue):
    candidate = queue["event"]
    url = reverse("admin:relations_event_add") + f"?candidate={candidate.pk}"
    response = admin_client.get(url)
    form = response.context["adminform"].form
    assert str(form.initial["occurred_on"]) == "2004-10-16"
    assert form.initial["actors"] == [queue["putin"].pk]
    start, end = candidate.span_start, candidate.span_end
    data = {
        "relationship": queue["relationship"].pk,
        "title": "Base agreement signed",
        "occurred_on": "2004-10-16",
        "occurred_on_precision": "day",
        "date_basis": "stated",
        "category": EventCategory.objects.get(code="057").pk,
        "confidence": "1",
        "_save": "Save",
        **citation_rows({"article": queue["article"].pk, "span_start": start, "span_end": end}),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#candidate-{candidate.pk}")
    candidate.refresh_from_db()
    event = Event.objects.get(title="Base agreement signed")
    assert candidate.status == "accepted" and candidate.accepted_event == event
    assert candidate.citation == Citation.objects.get(event=event)


def test_bulk_accept_and_reject(admin_client, queue):
    url = reverse("admin:relations_candidate_changelist")
    both = [queue["event"].pk, queue["figure"].pk]
    admin_client.post(url, {"action": "accept_selected", ACTION_CHECKBOX_NAME: both})
    statuses = dict(Candidate.objects.values_list("pk", "status"))
    assert statuses == {queue["event"].pk: "accepted", queue["figure"].pk: "pending"}
    asked = admin_client.post(url, {"action": "reject_selected", ACTION_CHECKBOX_NAME: both})
    assert asked.status_code == 200 and "reason" in asked.content.decode()
    admin_client.post(
        url, {"action": "reject_selected", ACTION_CHECKBOX_NAME: both, "reason": "Duplicate."}
    )
    statuses = dict(Candidate.objects.values_list("pk", "status"))
    assert statuses == {queue["event"].pk: "accepted", queue["figure"].pk: "rejected"}


def test_the_queue_lists_candidates_in_constant_queries(
    admin_client, queue, django_assert_max_num_queries
):
    for n in range(30):
        make_candidate(queue["article"], "event", {"n": n}, "The lease runs until 2042.")
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:relations_candidate_changelist"))
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 32
    with django_assert_max_num_queries(12):
        assert admin_client.get(review_url(queue["article"])).status_code == 200


def test_picking_a_sentence_with_a_pending_candidate_uses_it_and_accepts_it(admin_client, queue):
    candidate = queue["event"]
    query = {
        "article": queue["article"].pk,
        "span_start": candidate.span_start + 4,
        "span_end": candidate.span_start + 9,
    }
    url = reverse("admin:relations_event_add")
    form = admin_client.get(url, query).context["adminform"].form
    assert str(form.initial["occurred_on"]) == "2004-10-16"  # the candidate's date
    assert form.initial["category"] == EventCategory.objects.get(code="057").pk
    data = {
        "relationship": queue["relationship"].pk,
        "title": "Signed",
        "occurred_on": "2004-10-16",
        "occurred_on_precision": "day",
        "date_basis": "stated",
        "category": EventCategory.objects.get(code="057").pk,
        "confidence": "1",
        "_addanother_article": "Save and add another from this article",
        **citation_rows(
            {
                "article": queue["article"].pk,
                "span_start": candidate.span_start,
                "span_end": candidate.span_end,
            }
        ),
    }
    response = admin_client.post(f"{url}?{urlencode(query)}", data)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "accepted" and candidate.accepted_event.title == "Signed"
