"""The dashboard's directions and turning points, and a turning point's panel."""

import datetime

import pytest
from django.urls import reverse

from relations.models import EventCategory, TemperaturePoint, TurningPoint
from relations.services.rollup import temperature_recompute
from tests import factories
from tests.relations.test_views import DASHBOARD_QUERIES, DETAIL_QUERIES, figures, read_csv, trace

D = datetime.date
pytestmark = pytest.mark.django_db


def category(code: str) -> EventCategory:
    return EventCategory.objects.get(code=code)


@pytest.fixture
def sided():
    """Alpha–Beta: Beta's demands in March 2004, Alpha's aid and a joint signing in June."""
    alpha = factories.CountryFactory(code="AA", name="Alpha")
    beta = factories.CountryFactory(code="BB", name="Beta")
    relationship = factories.RelationshipFactory(
        slug="aa-bb",
        name="Alpha–Beta",
        country_a=alpha,
        country_b=beta,
        period_start=D(2004, 1, 1),
        period_end=D(2005, 12, 31),
    )
    wire = factories.SourceFactory(name="Daily Wire", slug="daily-wire")
    article = factories.ArticleFactory(
        slug="summit", title="Summit brings a deal", source=wire, published_on=D(2004, 6, 5)
    )
    events = {
        "demand": {
            "title": "Beta demands rent for the base",
            "occurred_on": D(2004, 3, 10),
            "category": category("10"),
            "initiator": beta,
            "target": alpha,
        },
        "refusal": {
            "title": "Beta refuses overflight",
            "occurred_on": D(2004, 3, 12),
            "category": category("120"),
            "initiator": beta,
        },
        "aid": {
            "title": "Alpha forgives Beta's debt",
            "occurred_on": D(2004, 6, 4),
            "category": category("06"),
            "initiator": alpha,
            "target": beta,
        },
        "signing": {
            "title": "Alpha and Beta sign the base treaty",
            "occurred_on": D(2004, 6, 4),
            "category": category("057"),
            "mutual": True,
        },
        "remark": {
            "title": "A commentator praises the thaw",
            "occurred_on": D(2004, 6, 20),
            "category": category("02"),
        },
    }
    made = {}
    for key, values in events.items():
        made[key] = factories.EventFactory(relationship=relationship, **values)
    factories.CitationFactory(
        article=article, event=made["aid"], quote="Alpha wrote off the whole debt."
    )
    factories.CitationFactory(
        article=article, event=made["signing"], quote="The two presidents signed the treaty."
    )
    temperature_recompute(relationship=relationship)
    return relationship


def dashboard(client, **query):
    return client.get(reverse("relations:relationship", args=["aa-bb"]), query)


def stored_values(relationship, direction):
    return [
        round(value, 1)
        for value in TemperaturePoint.objects.filter(relationship=relationship, direction=direction)
        .order_by("month")
        .values_list("value", flat=True)
    ]


def test_the_timeline_marks_each_turning_point_with_a_link_to_its_panel(client, sided):
    response = dashboard(client)
    marks = trace(figures(response)["timeline"], "turning-points")
    june = TurningPoint.objects.get(relationship=sided, month=D(2004, 6, 1))
    url = reverse("relations:turning_point", args=["aa-bb", "2004-06"])
    assert june.get_absolute_url() == url
    months = list(TurningPoint.objects.filter(relationship=sided).values_list("month", flat=True))
    assert marks["x"] == [month.isoformat() for month in months]
    assert url in marks["customdata"]
    assert "Alpha and Beta sign the base treaty" in " ".join(marks["hovertext"])


def test_the_dashboard_lists_the_turning_points_as_a_short_history(client, sided):
    page = dashboard(client).content.decode()
    history = page.split('id="turning-points"', 1)[1].split("</section>", 1)[0]
    assert "June 2004: warmer" in history and "March 2004: colder" in history
    assert "“Alpha and Beta sign the base treaty”" in history
    assert reverse("relations:turning_point", args=["aa-bb", "2004-06"]) in history
    assert history.index("March 2004") < history.index("June 2004")


def test_all_events_is_the_default_view_with_its_band(client, sided):
    response = dashboard(client)
    figure = figures(response)["timeline"]
    assert trace(figure, "temperature")["y"] == stored_values(sided, "")
    assert trace(figure, "band-high")
    assert not [item for item in figure["data"] if item["meta"].startswith("line-")]
    page = response.content.decode()
    assert 'data-direction="all" aria-current="true"' in page


def test_one_direction_alone_draws_its_line_and_band_beside_all_events(client, sided):
    response = dashboard(client, direction="BB")
    figure = figures(response)["timeline"]
    line = trace(figure, "temperature")
    assert line["name"] == "Beta toward Alpha"
    assert line["y"] == stored_values(sided, "BB")
    assert trace(figure, "band-high")
    assert trace(figure, "line-all")["y"] == stored_values(sided, "")
    # Beta's demands make its March colder than Alpha's.
    march = line["x"].index("2004-03-01")
    assert line["y"][march] < stored_values(sided, "AA")[march]
    assert 'data-direction="BB" aria-current="true"' in response.content.decode()


def test_both_directions_at_once_draw_two_lines_and_all_events(client, sided):
    figure = figures(dashboard(client, direction="each"))["timeline"]
    assert trace(figure, "temperature")["name"] == "Alpha toward Beta"
    assert trace(figure, "temperature")["y"] == stored_values(sided, "AA")
    assert trace(figure, "line-BB")["y"] == stored_values(sided, "BB")
    assert trace(figure, "line-all")["y"] == stored_values(sided, "")
    assert not [item for item in figure["data"] if item["meta"].startswith("band")]
    assert figure["layout"]["showlegend"] is True


@pytest.mark.parametrize("value", ["ZZ", "each-side", "<script>", "a" * 500])
def test_an_unknown_direction_shows_all_events(client, sided, value):
    response = dashboard(client, direction=value)
    assert response.status_code == 200
    assert trace(figures(response)["timeline"], "temperature")["y"] == stored_values(sided, "")


def test_the_dashboard_with_directions_and_turning_points_keeps_its_query_bound(
    client, sided, django_assert_max_num_queries
):
    for day in range(1, 29):
        event = factories.EventFactory(
            relationship=sided,
            occurred_on=D(2005, 2, day),
            category=category("17"),
            initiator=sided.country_a,
        )
        factories.CitationFactory(event=event)
    temperature_recompute(relationship=sided)
    assert TurningPoint.objects.filter(relationship=sided).count() >= 3
    for direction in ("", "AA", "each"):
        with django_assert_max_num_queries(DASHBOARD_QUERIES):
            assert dashboard(client, direction=direction).status_code == 200


def test_the_directions_and_turning_points_csv_hold_the_drawn_numbers(client, sided):
    rows = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "directions"])))
    assert rows[0] == ["month", "all_events", "aa_toward_bb", "bb_toward_aa"]
    assert [float(row[1]) for row in rows[1:]] == stored_values(sided, "")
    assert [float(row[3]) for row in rows[1:]] == stored_values(sided, "BB")
    turns = read_csv(client.get(reverse("relations:chart_csv", args=["aa-bb", "turning-points"])))
    assert turns[0] == ["month", "from", "to", "change", "moved_most_by", "share"]
    june = next(row for row in turns if row[0] == "2004-06-01")
    assert june[4] == "Alpha and Beta sign the base treaty"


def test_a_turning_point_panel_shows_the_move_its_events_their_shares_and_sources(
    client, sided, django_assert_max_num_queries
):
    june = TurningPoint.objects.get(relationship=sided, month=D(2004, 6, 1))
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(june.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert f"June 2004: warmer by {june.change:.1f} points" in page
    movers = response.context["panel"].movers
    assert [mover.event.title for mover in movers][:2] == [
        "Alpha and Beta sign the base treaty",
        "Alpha forgives Beta's debt",
    ]
    assert f"{round(movers[0].share * 100)}%" in page
    # Each event's source and sentence.
    assert "Summit brings a deal" in page and "Daily Wire" in page
    assert "The two presidents signed the treaty." in page
    assert "Alpha wrote off the whole debt." in page
    # How each side's acts moved that month.
    assert "Alpha toward Beta" in page and "Beta toward Alpha" in page
    # Its neighbours among the turning points.
    march = reverse("relations:turning_point", args=["aa-bb", "2004-03"])
    assert f'href="{march}" rel="prev"' in page


@pytest.mark.parametrize("month", ["2004-05", "2004-13", "june", "99999-01", "2004-06-01"])
def test_a_month_that_is_not_a_turning_point_is_404(client, sided, month):
    url = reverse("relations:turning_point", args=["aa-bb", month])
    assert client.get(url).status_code == 404


def test_a_turning_point_of_an_unknown_relationship_is_404(client, sided):
    url = reverse("relations:turning_point", args=["nope", "2004-06"])
    assert client.get(url).status_code == 404
