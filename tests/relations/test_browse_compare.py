"""/compare/: two to four relationships on one time axis, their shared metrics side by side,
a table view and CSV for each chart, and a clear 4xx for what cannot be compared."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse

from relations.models import EventCategory
from relations.services.rollup import temperature_recompute
from tests import factories

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """ru-tj and a second relationship made by factories, sharing the debt metric only."""
    russia = factories.CountryFactory(code="RU", name="Russia")
    tajikistan = factories.RelationshipFactory(
        slug="ru-tj",
        name="Russia–Tajikistan",
        country_a=russia,
        country_b=factories.CountryFactory(code="TJ", name="Tajikistan"),
    )
    kyrgyzstan = factories.RelationshipFactory(
        slug="ru-kg",
        name="Russia–Kyrgyzstan",
        country_a=russia,
        country_b=factories.CountryFactory(code="KG", name="Kyrgyzstan"),
    )
    warm, cold = EventCategory.objects.get(code="057"), EventCategory.objects.get(code="12")
    factories.EventFactory(relationship=tajikistan, occurred_on=D(2004, 10, 16), category=warm)
    factories.EventFactory(relationship=tajikistan, occurred_on=D(2011, 11, 8), category=cold)
    factories.EventFactory(relationship=kyrgyzstan, occurred_on=D(2009, 2, 3), category=warm)
    debt = factories.MetricFactory(slug="debt", name="Debt owed", unit="USD")
    factories.ObservationFactory(metric=debt, relationship=tajikistan, period_start=D(2004, 1, 1))
    factories.ObservationFactory(metric=debt, relationship=kyrgyzstan, period_start=D(2009, 1, 1))
    factories.ObservationFactory(
        metric=factories.MetricFactory(slug="troops", name="Troops", unit="persons"),
        relationship=tajikistan,
    )
    for relationship in (tajikistan, kyrgyzstan):
        temperature_recompute(relationship=relationship)
    return tajikistan, kyrgyzstan


def figures(response) -> dict[str, dict]:
    found = re.findall(
        r'<script type="application/json" id="figure-([\w-]+)">(.*?)</script>',
        response.content.decode(),
        flags=re.S,
    )
    return {name: json.loads(text) for name, text in found}


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_compare_draws_both_temperatures_on_one_axis_with_their_bands(
    client, pair, django_assert_max_num_queries
):
    tajikistan, kyrgyzstan = pair
    with django_assert_max_num_queries(10):
        response = client.get(reverse("relations:compare") + "?r=ru-tj&r=ru-kg")
    assert response.status_code == 200
    figure = figures(response)["compare-temperature"]
    metas = [trace["meta"] for trace in figure["data"]]
    for slug in ("ru-tj", "ru-kg"):
        assert {f"band-low-{slug}", f"band-high-{slug}", f"temperature-{slug}"} <= set(metas)
    line = next(trace for trace in figure["data"] if trace["meta"] == "temperature-ru-kg")
    assert len(line["x"]) == kyrgyzstan.temperature_points.filter(direction="").count()
    assert "xaxis2" not in figure["layout"]  # one time axis


def test_compare_shows_only_the_metrics_both_measure(client, pair):
    response = client.get(reverse("relations:compare") + "?r=ru-tj&r=ru-kg")
    drawn = figures(response)
    assert "compare-metric-debt" in drawn and "compare-metric-troops" not in drawn
    assert {trace["name"] for trace in drawn["compare-metric-debt"]["data"]} == {
        "Russia–Tajikistan",
        "Russia–Kyrgyzstan",
    }


def test_compare_table_view_and_csv_carry_the_same_numbers(client, pair):
    tajikistan, _kyrgyzstan = pair
    response = client.get(reverse("relations:compare") + "?r=ru-tj&r=ru-kg")
    (block, *_metrics) = response.context["blocks"]
    table = block.tables[0].table
    assert table.columns[:4] == ("month", "ru-tj_temperature", "ru-tj_low", "ru-tj_high")
    rows = read_csv(
        client.get(reverse("relations:compare") + "?r=ru-tj&r=ru-kg&chart=temperature&format=csv")
    )
    assert rows[0] == list(table.columns)
    assert rows[1:] == table.cells()
    assert (
        len([row for row in rows[1:] if row[1]])
        == tajikistan.temperature_points.filter(direction="").count()
    )
    debt = read_csv(
        client.get(reverse("relations:compare") + "?r=ru-tj&r=ru-kg&chart=metric-debt&format=csv")
    )
    assert [row[1] for row in debt[1:]] == ["ru-tj", "ru-kg"]


def test_compare_names_its_image_downloads_and_citation(client, pair):
    page = client.get(reverse("relations:compare") + "?r=ru-tj&r=ru-kg").content.decode()
    assert 'data-filename="compare-temperature-ru-tj-vs-ru-kg-' in page
    assert "Russia–Tajikistan and Russia–Kyrgyzstan" in page


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?r=ru-tj", 400, "Compare 2 to 4"),
        ("?r=ru-tj&r=ru-tj", 400, "repeated"),
        ("?r=a&r=b&r=c&r=d&r=e", 400, "Compare 2 to 4"),
        ("?r=ru-tj&r=no%20such", 400, "slug"),
        ("?r=ru-tj&r=xx-yy", 404, "No relationship is called xx-yy"),
        ("?r=ru-tj&r=ru-kg&format=csv&chart=nonsense", 400, "The charts here are"),
    ],
)
def test_bad_relationships_get_a_clear_4xx(client, pair, query, status, message):
    response = client.get(reverse("relations:compare") + query)
    assert response.status_code == status
    assert message in response.content.decode()


def test_compare_without_relationships_offers_a_choice(client, pair):
    response = client.get(reverse("relations:compare"))
    assert response.status_code == 200
    assert 'name="r" value="ru-kg"' in response.content.decode()
