"""The curators' forms: dates as people write them, provisions by line, ranked autocomplete,
searches and filters, and a category's weight changed only with a reason."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pghistory.models import Events

from relations.models import Agreement, EventCategory, Observation
from relations.services.records import agreement_create
from tests import factories
from tests.relations.admin.conftest import assert_form_error, citation_rows


def agreement_post_data(record, **overrides) -> dict:
    data = {
        "relationship": record["relationship"].pk,
        "title": "Base treaty",
        "slug": "base-treaty",
        "kind": "treaty",
        "status": "signed",
        "signed_on": "2013-05-14",
        "signed_on_precision": "day",
        "effective_on": "",
        "effective_on_precision": "day",
        "expires_on": "",
        "expires_on_precision": "day",
        "summary": "",
        "provisions": "",
        **citation_rows({"article": record["article"].pk}),
    }
    return data | overrides


# Dates as people write them ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "chosen", "stored", "precision"),
    [
        ("2012", "day", datetime.date(2012, 1, 1), "year"),
        ("2013-05", "day", datetime.date(2013, 5, 1), "month"),
        ("2013-05-14", "day", datetime.date(2013, 5, 14), "day"),
        ("2013-05-14", "year", datetime.date(2013, 1, 1), "year"),
        ("2013-05", "year", datetime.date(2013, 1, 1), "year"),
    ],
)
def test_a_date_is_stored_as_the_first_day_of_the_period_typed(
    admin_client, record, typed, chosen, stored, precision
):
    response = admin_client.post(
        reverse("admin:relations_agreement_add"),
        agreement_post_data(record, signed_on=typed, signed_on_precision=chosen),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(slug="base-treaty")
    assert (agreement.signed_on, agreement.signed_on_precision) == (stored, precision)


def test_a_stored_date_is_shown_as_it_was_typed(admin_client, record):
    event = record["event"]
    event.occurred_on, event.occurred_on_precision = datetime.date(2013, 5, 1), "month"
    event.save()
    response = admin_client.get(reverse("admin:relations_event_change", args=[event.pk]))
    assert 'name="occurred_on" value="2013-05"' in response.content.decode()


@pytest.mark.parametrize("typed", ["2013-13", "May 2013", "20133", "2013-05-32"])
def test_a_date_that_is_not_one_is_a_form_error(admin_client, record, typed):
    response = admin_client.post(
        reverse("admin:relations_agreement_add"), agreement_post_data(record, signed_on=typed)
    )
    assert_form_error(response, "is not a date: type 2012, 2013-05 or 2013-05-14")


def test_every_dated_admin_form_takes_a_year(admin_client, record):
    role = record["actor"].roles.get()
    url = reverse("admin:relations_actorrole_change", args=[role.pk])
    response = admin_client.post(
        url,
        {
            "actor": role.actor_id,
            "title": role.title,
            "started_on": "1994",
            "started_on_precision": "day",
            "ended_on": "",
            "ended_on_precision": "day",
        },
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert (role.started_on, role.started_on_precision) == (datetime.date(1994, 1, 1), "year")


def test_an_expiry_in_the_year_of_signature_is_not_before_it(admin_client, record):
    response = admin_client.post(
        reverse("admin:relations_agreement_add"),
        agreement_post_data(record, signed_on="2013-05-14", expires_on="2013"),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(slug="base-treaty")
    assert (agreement.expires_on, agreement.expires_on_precision) == (
        datetime.date(2013, 1, 1),
        "year",
    )


@pytest.mark.parametrize(
    ("expires_on", "precision", "allowed"),
    [
        (datetime.date(2013, 1, 1), "year", True),
        (datetime.date(2013, 5, 1), "month", True),
        (datetime.date(2013, 4, 1), "month", False),
        (datetime.date(2012, 1, 1), "year", False),
        (datetime.date(2013, 5, 13), "day", False),
    ],
)
def test_the_service_and_the_database_compare_periods(record, expires_on, precision, allowed):
    data = {
        "relationship": record["relationship"].pk,
        "title": "Lease",
        "slug": "lease",
        "kind": "lease",
        "status": "signed",
        "signed_on": "2013-05-14",
        "expires_on": expires_on.isoformat(),
        "expires_on_precision": precision,
        "citations": [{"article": record["article"].pk}],
    }
    if allowed:
        agreement_create(user=None, data=data)
        assert Agreement.objects.filter(slug="lease").exists()
    else:
        with pytest.raises(ValidationError, match="cannot expire before it is signed"):
            agreement_create(user=None, data=data)


# Provisions ----------------------------------------------------------------------------------


def test_provisions_are_one_per_line_and_keep_their_commas(admin_client, record):
    typed = "Work permits valid three years, not one\r\n\r\n  Russia keeps the base, rent-free \r\n"
    response = admin_client.post(
        reverse("admin:relations_agreement_add"), agreement_post_data(record, provisions=typed)
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(slug="base-treaty")
    assert agreement.provisions == [
        "Work permits valid three years, not one",
        "Russia keeps the base, rent-free",
    ]
    page = admin_client.get(reverse("admin:relations_agreement_change", args=[agreement.pk]))
    assert (
        "Work permits valid three years, not one\nRussia keeps the base, rent-free"
        in page.content.decode()
    )


# Autocomplete --------------------------------------------------------------------------------


def autocomplete(admin_client, term: str, app_label: str, model_name: str, field: str):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": app_label, "model_name": model_name, "field_name": field},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_autocomplete_offers_an_exact_name_before_longer_ones(admin_client, db):
    factories.ActorFactory(name="Armed Forces of Tajikistan", slug="armed-forces")
    factories.ActorFactory(name="Tajik Aluminium Company", slug="talco")
    factories.ActorFactory(name="Tajikistan", slug="tajikistan", aliases=("Tajikistan", "Tajik"))
    texts = autocomplete(admin_client, "Tajik", "relations", "event", "actors")
    assert texts == ["Tajikistan", "Tajik Aluminium Company", "Armed Forces of Tajikistan"]


def test_autocomplete_ranks_an_alias_prefix_before_a_word_inside_a_name(admin_client, db):
    factories.ActorFactory(name="Office of the President Rahmon", slug="office")
    factories.ActorFactory(name="Emomali Rahmon", slug="rahmon", aliases=("Rahmonov",))
    texts = autocomplete(admin_client, "rahmo", "relations", "event", "actors")
    assert texts == ["Emomali Rahmon", "Office of the President Rahmon"]


def test_autocomplete_ranks_countries_agreements_and_categories(admin_client, record):
    factories.CountryFactory(name="Republic of Tajikistan", code="XT")
    factories.CountryFactory(name="Tajikistan", code="TJ")
    texts = autocomplete(admin_client, "tajik", "relations", "relationship", "country_a")
    assert texts[:2] == ["Tajikistan (TJ)", "Republic of Tajikistan (XT)"]

    factories.AgreementFactory(title="Extension of the base lease", slug="extension")
    factories.AgreementFactory(title="Base lease", slug="base-lease")
    texts = autocomplete(admin_client, "base lease", "relations", "agreement", "extends")
    assert texts == ["Base lease", "Extension of the base lease"]

    texts = autocomplete(admin_client, "05", "relations", "event", "category")
    assert texts[0].startswith("05 ")


# Search and filters --------------------------------------------------------------------------


def changelist_titles(admin_client, model_name: str, **params) -> list[str]:
    response = admin_client.get(reverse(f"admin:relations_{model_name}_changelist"), params)
    assert response.status_code == 200
    return [str(row) for row in response.context["cl"].result_list]


def test_events_are_found_by_an_actors_alias_an_article_or_a_category(admin_client, record):
    other = factories.EventFactory(relationship=record["relationship"], title="Unrelated")
    event = record["event"]
    for term in ("rahmónov", "Imomali Rakhmonov", record["article"].title, "formal agreement"):
        titles = changelist_titles(admin_client, "event", q=term)
        assert titles == [str(event)], term
    assert str(other) not in changelist_titles(admin_client, "event", q="Rahmonov")


def test_events_filter_by_actor_article_category_and_precision(admin_client, record):
    event = record["event"]
    other = factories.EventFactory(
        relationship=record["relationship"],
        occurred_on_precision="year",
        category=EventCategory.objects.get(code="04"),
    )
    other.actors.add(factories.ActorFactory())
    factories.CitationFactory(event=other)
    assert changelist_titles(admin_client, "event", actors__id__exact=record["actor"].pk) == [
        str(event)
    ]
    assert changelist_titles(
        admin_client, "event", citations__article__id__exact=record["article"].pk
    ) == [str(event)]
    assert changelist_titles(admin_client, "event", category__id__exact=event.category_id) == [
        str(event)
    ]
    assert len(changelist_titles(admin_client, "event", occurred_on_precision__exact="year")) == 1


def test_observations_are_found_by_metric_and_value(admin_client, record):
    observation = record["observation"]
    observation.value = Decimal("1200.5")
    observation.save()
    factories.ObservationFactory(relationship=record["relationship"], value=Decimal("7"))
    assert changelist_titles(admin_client, "observation", q="1,200.5") == [
        str(Observation.objects.get(pk=observation.pk))
    ]
    metric_titles = changelist_titles(admin_client, "observation", q=observation.metric.slug)
    assert str(Observation.objects.get(pk=observation.pk)) in metric_titles
    assert changelist_titles(admin_client, "observation", q="1e400") == []


# Categories ----------------------------------------------------------------------------------


def test_the_category_list_is_read_only(admin_client, db):
    response = admin_client.get(reverse("admin:relations_eventcategory_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].formset is None
    assert 'name="form-0-default_score"' not in response.content.decode()


def category_post_data(category: EventCategory, **overrides) -> dict:
    data = {
        "code": category.code,
        "name": category.name,
        "description": category.description,
        "parent": category.parent_id or "",
        "default_score": str(category.default_score),
        "codebook_version": category.codebook_version,
        "change_reason": "",
    }
    return data | overrides


def test_a_weight_change_needs_a_reason_kept_in_history(admin_client, db):
    category = EventCategory.objects.get(code="057")
    url = reverse("admin:relations_eventcategory_change", args=[category.pk])
    response = admin_client.post(url, category_post_data(category, default_score="7.5"))
    assert_form_error(response, "Say why the score changes")
    category.refresh_from_db()
    assert category.default_score == Decimal("8.0")

    reason = "Signings in this record are mostly renewals."
    response = admin_client.post(
        url, category_post_data(category, default_score="7.5", change_reason=reason)
    )
    assert response.status_code == 302
    # The newest update: a migration's cue words came before it.
    change = (
        Events.objects.filter(
            pgh_obj_model="relations.EventCategory",
            pgh_obj_id=str(category.pk),
            pgh_label="update",
        )
        .order_by("pgh_created_at")
        .last()
    )
    assert change.pgh_context["reason"] == reason
    assert change.pgh_diff["default_score"] == [8.0, 7.5]


def test_a_category_edit_without_a_weight_change_needs_no_reason(admin_client, db):
    category = EventCategory.objects.get(code="057")
    url = reverse("admin:relations_eventcategory_change", args=[category.pk])
    response = admin_client.post(url, category_post_data(category, description="Signing."))
    assert response.status_code == 302


def test_an_untouched_date_is_not_a_change(record):
    from django.forms import modelform_factory

    from articles.forms import ReportedDatesForm

    event = record["event"]
    form_class = modelform_factory(
        type(event), form=ReportedDatesForm, fields=("occurred_on", "occurred_on_precision")
    )
    form = form_class({"occurred_on": "2004-06-04", "occurred_on_precision": "day"}, instance=event)
    assert form.is_valid(), form.errors
    assert form.changed_data == []
    form = form_class({"occurred_on": "2004", "occurred_on_precision": "day"}, instance=event)
    assert form.is_valid(), form.errors
    assert form.changed_data == ["occurred_on"]
    assert form.cleaned_data["occurred_on_precision"] == "year"
