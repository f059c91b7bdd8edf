"""The API over the curated demo record: what a reader of the Russia–Tajikistan story asks."""

import pytest
from django.core.management import call_command

from relations.models import Agreement
from tests.api.conftest import get_csv, get_json

pytestmark = pytest.mark.django_db


def slugs(body) -> list[str]:
    return [item["slug"] for item in body["items"]]


def test_in_force_on_follows_the_base_extension_and_the_lapsed_border_agreement(api, demo_record):
    in_2020 = slugs(get_json(api, "/api/agreements?in_force_on=2020-01-01&relationship=ru-tj"))
    in_2004 = slugs(get_json(api, "/api/agreements?in_force_on=2004-01-01"))
    in_2002 = slugs(get_json(api, "/api/agreements?in_force_on=2002-06-01"))

    assert "base-agreement-2012" in in_2020  # the 2012 extension, running to 2042
    assert "base-agreement-1993" not in in_2020  # ran out in 2014, extended
    assert "border-guard-agreement-1993" not in in_2004  # lapsed in 2003, not renewed
    assert "border-guard-agreement-1993" in in_2002
    assert "base-agreement-1993" in in_2004
    assert "base-agreement-2012" not in in_2004


def test_agreements_by_country_code_and_people_by_any_spelling(api, demo_record):
    tajik = get_json(api, "/api/agreements?party=TJ&limit=500")
    by_name = get_json(api, "/api/agreements?party=tajikistan&limit=500")

    assert (
        tajik["count"] == Agreement.objects.filter(parties__country__code="TJ").distinct().count()
    )
    assert tajik["count"] > 0
    assert slugs(by_name) == slugs(tajik)
    assert get_json(api, "/api/agreements?party=KZ")["count"] == 0

    # Agreements name states as parties; the president is an actor of the events.
    for spelling in ("Rahmonov", "emomali", "RAHMON", "Imomali Rakhmon"):
        events = get_json(api, f"/api/events?actor={spelling}&limit=500")
        assert events["count"] > 0, spelling
        assert all(
            "emomali-rahmon" in [actor["slug"] for actor in item["actors"]]
            for item in events["items"]
        )
    actors = get_json(api, "/api/actors?q=rahmonov")
    assert "emomali-rahmon" in [item["slug"] for item in actors["items"]]


def test_detail_quotes_the_sentence_from_the_stored_text(api, db, seeds_dir):
    call_command("load_demo", texts=str(seeds_dir), verbosity=0)
    agreement = Agreement.objects.get(slug="base-agreement-2012")

    body = get_json(api, f"/api/agreements/{agreement.pk}")

    assert body["extends"]["slug"] == "base-agreement-1993"
    assert body["expires_on"] == "2042-01-01" and body["expires_on_precision"] == "year"
    quotes = [citation["quote"] for citation in body["citations"]]
    assert any("2042" in quote for quote in quotes)
    assert all(citation["published_on_precision"] for citation in body["citations"])
    original = get_json(api, f"/api/agreements/{body['extends']['id']}")
    # The 2004 Sochi land grant, only proposed, would have prolonged it too.
    assert [ref["slug"] for ref in original["extensions"]] == [
        "sochi-2004-base-land",
        "base-agreement-2012",
    ]


def test_every_demo_list_reads_and_exports_in_few_queries(
    api, demo_record, django_assert_max_num_queries
):
    from relations.services.rollup import temperature_recompute_all

    temperature_recompute_all()  # the loader's on-commit recompute never runs inside a test
    for url, most in [
        ("/api/agreements?limit=500", 6),
        ("/api/events?limit=500", 6),
        ("/api/actors?limit=500", 6),
        ("/api/observations?limit=500", 6),
        ("/api/articles?limit=500", 5),
        ("/api/metrics?limit=500", 4),
        ("/api/relationships", 4),
        ("/api/relationships/ru-tj/temperature?granularity=year", 6),
    ]:
        with django_assert_max_num_queries(most):
            body = get_json(api, url)
        assert body.get("count", len(body["items"])) > 0, url
        with django_assert_max_num_queries(most):
            _, rows = get_csv(api, url + "&format=csv" if "?" in url else url + "?format=csv")
        assert len(rows) == len(body["items"]) + 1, url
