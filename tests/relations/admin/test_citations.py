"""Cited rows in the admin: a new row needs a citation, quotes come from the article's text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relations.models import Citation, Event, Observation
from tests.factories import EventFactory, MetricFactory
from tests.relations.admin.conftest import (
    assert_form_error,
    change_post_data,
    citation_rows,
    event_post_data,
    form_errors,
)


@pytest.mark.parametrize("rows", [(), ({"article": ""},)], ids=["no-row", "blank-row"])
def test_new_event_without_a_citation_is_refused(admin_client, record, rows):
    before = Event.objects.count()
    data = event_post_data(record) | citation_rows(*rows)
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Cite at least one article" in errors or "This field is required." in errors
    assert Event.objects.count() == before


def test_new_observation_without_a_citation_is_refused(admin_client, record):
    before = Observation.objects.count()
    response = admin_client.post(
        reverse("admin:relations_observation_add"),
        {
            "metric": MetricFactory().pk,
            "relationship": record["relationship"].pk,
            "value": "300000000",
            "unit": "USD",
            "period_start": "2004-01-01",
            "period_precision": "year",
            "qualifier": "exact",
            **citation_rows(),
        },
    )
    assert_form_error(response, "Cite at least one article")
    assert Observation.objects.count() == before


def test_new_event_with_a_citation_is_saved_with_the_quoted_sentence(admin_client, record):
    response = admin_client.post(reverse("admin:relations_event_add"), event_post_data(record))
    assert response.status_code == 302
    event = Event.objects.get(title="Summit in Sochi")
    citation = event.citations.get()
    assert (citation.span_start, citation.span_end) == (0, 32)
    assert citation.quote == "The two presidents met in Sochi."


def test_citation_span_beyond_the_text_is_a_form_error(admin_client, record):
    data = event_post_data(record) | citation_rows(
        {"article": record["article"].pk, "span_start": 10, "span_end": 5000}
    )
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert_form_error(response, "the span must end within it")


def test_citation_span_ending_before_it_starts_is_a_form_error(admin_client, record):
    data = event_post_data(record) | citation_rows(
        {"article": record["article"].pk, "span_start": 10, "span_end": 5}
    )
    response = admin_client.post(reverse("admin:relations_event_add"), data)
    assert_form_error(response, "A quoted span needs a start before its end.")
    assert not Event.objects.filter(title="Summit in Sochi").exists()


def test_citation_quote_is_taken_from_the_text_not_the_form(admin_client, record):
    data = event_post_data(record) | {"citations-0-quote": "Words nobody wrote."}
    admin_client.post(reverse("admin:relations_event_add"), data)
    citation = Citation.objects.get(event__title="Summit in Sochi")
    assert citation.quote == "The two presidents met in Sochi."


def test_existing_event_is_editable(admin_client, record):
    event = record["event"]
    response = admin_client.post(
        reverse("admin:relations_event_change", args=[event.pk]), change_post_data(event)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Edited."
    assert event.citations.count() == 1


def test_existing_uncited_event_stays_editable(admin_client, record):
    event = EventFactory(relationship=record["relationship"], title="Stored before the rule")
    response = admin_client.post(
        reverse("admin:relations_event_change", args=[event.pk]), change_post_data(event)
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.summary == "Edited."


def test_deleting_the_last_citation_of_an_event_is_refused(admin_client, record):
    event = record["event"]
    data = change_post_data(event) | {"citations-0-DELETE": "on"}
    response = admin_client.post(reverse("admin:relations_event_change", args=[event.pk]), data)
    assert_form_error(response, "Cite at least one article")
    assert event.citations.count() == 1
