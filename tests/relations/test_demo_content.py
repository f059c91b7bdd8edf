"""What the curated Russia–Tajikistan demo record holds: the seed articles' facts."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Article
from relations.models import (
    Actor,
    ActorRole,
    Agreement,
    Event,
    Metric,
    Observation,
    Relationship,
)


@pytest.fixture(scope="module")
def record(django_db_setup, django_db_blocker):
    """The record, loaded once for this module's read-only tests and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        yield
        transaction.set_rollback(True)


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("record")]


def test_the_record_holds_the_five_articles_and_their_pair():
    assert Article.objects.count() >= 5
    assert set(Article.objects.values_list("review_status", flat=True)) == {"approved"}
    relationship = Relationship.objects.get(slug="ru-tj")
    assert {relationship.country_a.code, relationship.country_b.code} == {"RU", "TJ"}
    # The record opens with the cool spell of 2003: the border agreement's lapse, the SU-25s.
    assert relationship.period_start == datetime.date(2003, 1, 1)
    first_event = Event.objects.filter(relationship=relationship).order_by("occurred_on").first()
    assert first_event.occurred_on >= relationship.period_start
    assert relationship.period_end == datetime.date(2017, 12, 31)


def test_the_record_counts_actors_agreements_observations_and_events():
    assert Actor.objects.count() >= 25
    assert Agreement.objects.count() >= 10
    assert Observation.objects.count() >= 15
    assert Event.objects.count() >= 20


def test_the_two_undated_articles_carry_a_date_note_and_their_precision():
    sochi = Article.objects.get(slug="iwpr-sochi-summit-2004")
    assert (sochi.published_on, sochi.published_on_precision) == (
        datetime.date(2004, 6, 1),
        "month",
    )
    assert "2004" in sochi.date_note
    base_deal = Article.objects.get(slug="rferl-base-deal-2012")
    # Nothing in the text proves the day it appeared, only the month.
    assert (base_deal.published_on, base_deal.published_on_precision) == (
        datetime.date(2012, 10, 1),
        "month",
    )
    assert "2042" in base_deal.date_note and "1952" in base_deal.date_note


def test_the_dated_articles_keep_the_dates_their_texts_give():
    dates = dict(Article.objects.values_list("slug", "published_on"))
    assert dates["rferl-relations-new-low-2004"] == datetime.date(2004, 3, 15)
    assert dates["mt-rejects-base-offers-2012"] == datetime.date(2012, 4, 17)
    assert dates["rferl-border-security-2017"] == datetime.date(2017, 2, 27)


def test_the_base_lease_extension_runs_to_2042_and_extends_the_1993_deal():
    extension = Agreement.objects.get(slug="base-agreement-2012")
    assert extension.signed_on == datetime.date(2012, 10, 5)
    assert (extension.expires_on.year, extension.expires_on_precision) == (2042, "year")
    assert extension.extends.slug == "base-agreement-1993"
    assert extension.extends.expires_on.year == 2014
    assert set(extension.parties.values_list("slug", flat=True)) == {"russia", "tajikistan"}


def test_the_border_guard_agreement_lapsed_in_2003():
    lapsed = Agreement.objects.get(slug="border-guard-agreement-1993")
    assert lapsed.status == Agreement.Status.LAPSED
    assert lapsed.expires_on.year == 2003


def test_the_debt_is_300_million_dollars_as_russia_claimed_it():
    debts = Observation.objects.filter(metric__slug="debt", unit="USD")
    assert {debt.value for debt in debts} == {Decimal(300_000_000)}
    assert debts.filter(claimed_by__slug="russia", qualifier="claimed").exists()


def test_about_7000_russian_troops_in_2012_and_2017():
    troops = Observation.objects.filter(metric__slug="troops", value=7000, qualifier="approximate")
    assert {row.period_start.year for row in troops} == {2012, 2017}


def test_the_core_metrics_exist_with_units():
    units = dict(Metric.objects.values_list("slug", "unit"))
    for slug in ("debt", "remittances", "remittances-gdp-share", "troops", "migrants"):
        assert units.get(slug), slug


def test_each_metric_holds_one_kind_of_figure_in_its_own_unit():
    for metric in Metric.objects.all():
        units = set(metric.observations.values_list("unit", flat=True))
        assert units <= {metric.unit}, (metric.slug, units)


def test_migrants_in_russia_are_a_headcount_and_departures_a_yearly_flow():
    in_russia = Observation.objects.get(metric__slug="migrants")
    assert (in_russia.unit, in_russia.period_start.year) == ("persons", 2012)
    assert in_russia.qualifier == "at_least"
    departures = Metric.objects.get(slug="migrant-departures")
    assert departures.name == "Tajik labour migrants leaving each year"
    (flow,) = departures.observations.all()
    assert (flow.unit, flow.period_start.year, flow.value) == (
        "persons per year",
        2004,
        Decimal(1_000_000),
    )


def test_the_round_2004_debt_figure_is_approximate():
    debt = Observation.objects.get(metric__slug="debt", period_start=datetime.date(2004, 6, 1))
    assert debt.qualifier == "approximate"


def test_the_2012_base_agreement_extends_and_supersedes_the_1993_one():
    agreement = Agreement.objects.get(slug="base-agreement-2012")
    assert agreement.extends.slug == agreement.supersedes.slug == "base-agreement-1993"
    assert agreement.supersedes.status == "superseded"


def test_every_superseded_agreement_names_its_successor():
    orphans = Agreement.objects.filter(status="superseded", superseded_by__isnull=True)
    assert list(orphans) == []


def test_the_undated_border_withdrawal_agreement_is_only_signed():
    agreement = Agreement.objects.get(slug="border-troop-withdrawal-agreement")
    assert agreement.status == "signed"
    assert (agreement.signed_on, agreement.effective_on, agreement.expires_on) == (None,) * 3
    assert "unreported" in agreement.summary


def test_every_agreement_observation_and_event_cites_an_article():
    assert list(Agreement.objects.filter(citations__isnull=True)) == []
    assert list(Observation.objects.filter(citations__isnull=True)) == []
    assert list(Event.objects.filter(citations__isnull=True)) == []


def test_every_event_has_actors_and_overrides_give_a_reason():
    assert list(Event.objects.filter(actors__isnull=True)) == []
    overridden = Event.objects.filter(score_override__isnull=False)
    assert overridden.exists()
    assert all(event.score_override_reason for event in overridden)


def test_the_sochi_summit_is_an_event_of_4_june_2004_in_sochi():
    summit = Event.objects.get(title__startswith="Putin and Rahmonov hold summit talks")
    assert summit.occurred_on == datetime.date(2004, 6, 4)
    assert summit.location.startswith("Sochi")
    assert summit.category.code == "046"
    assert {"vladimir-putin", "emomali-rahmon"} <= set(summit.actors.values_list("slug", flat=True))


def test_rahmon_is_president_of_tajikistan_from_november_1994():
    role = ActorRole.objects.get(actor__slug="emomali-rahmon", title="President of Tajikistan")
    assert (role.started_on, role.started_on_precision) == (datetime.date(1994, 11, 1), "month")
    assert role.ended_on is None


def test_the_moscow_times_article_keeps_its_exact_headline():
    article = Article.objects.get(slug="mt-rejects-base-offers-2012")
    assert article.title == "Tajikistan Rejects Foreign Base Offers in Deference to Russia"


def test_remittances_of_2004_are_a_lower_bound_given_by_some_accounts():
    remittances = Observation.objects.get(metric__slug="remittances", period_start__year=2004)
    assert (remittances.qualifier, remittances.by_some_accounts) == ("at_least", True)
    assert remittances.value == Decimal(300_000_000)


def test_the_sergeants_pay_has_no_period_the_text_does_not_give():
    salary = Observation.objects.get(metric__slug="sergeant-salary-201st")
    assert (salary.value, salary.unit, salary.qualifier) == (Decimal(200), "USD", "at_least")
    assert "month" not in salary.metric.name.lower()
    assert "a month" not in Actor.objects.get(slug="safar-turaev").description


def test_round_figures_are_approximate_and_the_lease_term_exact_with_reasons():
    budget = Observation.objects.get(metric__slug="tajik-state-budget")
    assert budget.qualifier == "approximate" and "round" in budget.note
    term = Observation.objects.get(metric__slug="base-lease-term", qualifier="exact")
    assert term.value == 30 and "up to" in term.note


def test_undated_events_say_no_more_than_their_sources():
    precision = dict(Event.objects.values_list("title", "occurred_on_precision"))
    assert precision["Tajikistan amnesties the jailed Russian and Estonian pilots"] == "year"
    assert precision["Russia cracks down on Tajik migrant workers after the pilots' case"] == "year"
    assert precision["Russian deputy defence minister Antonov visits Tajikistan twice"] == "year"
    reckoned = Event.objects.exclude(date_basis=Event.DateBasis.STATED)
    assert reckoned.exists() and not reckoned.filter(note="").exists()


def test_the_military_aid_promise_is_a_term_of_the_base_deal_not_a_second_event():
    assert not Event.objects.filter(category__code="072").exists()
    assert not Agreement.objects.filter(slug="military-technical-assistance-2012").exists()
    base = Agreement.objects.get(slug="base-agreement-2012")
    assert any("modernises" in provision for provision in base.provisions)
    signing = Event.objects.get(category__code="057", occurred_on=datetime.date(2012, 10, 5))
    assert "tajik-armed-forces" in set(signing.actors.values_list("slug", flat=True))


def test_rahmons_april_2012_remarks_are_an_endorsement_and_an_appeal():
    codes = dict(Event.objects.values_list("title", "category__code"))
    assert codes["Rahmon turns down other countries' base offers in deference to Russia"] == "05"
    assert codes["Rahmon calls on Russia to respect its ally"] == "02"
    assert not Event.objects.filter(
        title__startswith="Rahmon turns down", score_override__isnull=False
    )


def test_the_sochi_land_grant_is_only_proposed_and_leads_to_the_base_leases():
    land = Agreement.objects.get(slug="sochi-2004-base-land")
    assert land.status == Agreement.Status.PROPOSED
    assert land.extends.slug == "base-agreement-1993"


def test_unsupported_claims_are_gone_from_the_record():
    khorog = Event.objects.get(title__startswith="Khorog residents protest")
    assert "depended" not in khorog.summary and "jobs" not in khorog.summary
    meeting = Event.objects.get(title__startswith="Rahmonov meets Russian Security Council")
    assert "credited" not in meeting.summary and "speculate" in meeting.summary
    assert "credited" not in Actor.objects.get(slug="igor-ivanov").description


def test_the_facts_the_record_missed_are_events_now():
    titles = set(Event.objects.values_list("title", flat=True))
    assert "Moscow lets more Tajik migrant workers earn money in Russia" in titles
    assert "Putin's aide announces preparations for an official Putin visit to Tajikistan" in titles
    address = Event.objects.get(title__startswith="Rahmon's annual address to parliament")
    assert (address.occurred_on, address.occurred_on_precision) == (
        datetime.date(2012, 4, 1),
        "month",
    )
    burton = Event.objects.get(actors__slug="dan-burton")
    assert burton.relationship.slug == "tj-us"
    assert (burton.occurred_on, burton.occurred_on_precision) == (
        datetime.date(2012, 7, 1),
        "month",
    )


def test_ranks_taken_from_outside_the_sources_say_so():
    for slug in ("anatoly-antonov", "igor-shuvalov"):
        assert "outside the five sources" in Actor.objects.get(slug=slug).description
