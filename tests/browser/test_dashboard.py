"""The dashboard in a real browser: charts draw, markers hover and click through, the range
control narrows the axis, and the table view and CSV carry the chart's numbers."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from relations.models import Actor, Agreement, Event, Metric, Relationship

pytestmark = [
    pytest.mark.browser,
    # Live server: the data must be committed; the rollback restores the seeded categories.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The seed articles' full texts, beside the repository on the team's machines only.
SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TRACE = "(name, meta) => document.getElementById(name).data.find((t) => t.meta === meta)"


def plotted(tab, chart: str, meta: str) -> dict:
    """The x and y a chart's trace holds, read from the graph div plotly.js drew."""
    return tab.evaluate(
        f"([name, meta]) => {{ const t = ({TRACE})(name, meta); return {{x: t.x, y: t.y}}; }}",
        [f"plot-{chart}", meta],
    )


def csv_rows(tab, url: str) -> list[list[str]]:
    """Download a CSV as the page's link would (same origin)."""
    response = tab.request.get(tab.evaluate("(path) => new URL(path, location).href", url))
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.text())))


def table_rows(tab, chart: str, index: int = 1) -> list[list[str]]:
    """Open a chart's table view and read its cells."""
    table = tab.locator(f'table[data-table="{chart}-{index}"]')
    table.locator("xpath=ancestor::details").locator("summary").click()
    return table.evaluate(
        "(t) => [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent))"
    )


def test_dashboard_draws_every_chart_without_errors(desktop, phone, live_server, demo_record):
    relationship = Relationship.objects.order_by("name").first()
    measured = Metric.objects.filter(observations__relationship=relationship).distinct().count()
    tab = desktop.open(live_server.url + "/")
    drawn = tab.locator(".js-plotly-plot").count()
    assert drawn == tab.locator(".js-chart").count() == 1 + measured + 1
    events = plotted(tab, "timeline", "events")
    assert len(events["x"]) == Event.objects.filter(relationship=relationship).count()
    assert tab.locator("h1").inner_text() == relationship.name
    desktop.screenshot("dashboard", full_page=False)
    desktop.screenshot("dashboard-full")
    phone.open(live_server.url + "/")
    assert phone.tab.locator(".js-plotly-plot").count() == drawn
    phone.screenshot("dashboard-phone")
    assert desktop.errors == [] and phone.errors == []


def test_hovering_a_marker_shows_its_source_and_clicking_opens_its_event(
    desktop, live_server, demo_record
):
    tab = desktop.open(live_server.url + "/")
    markers = tab.locator("#plot-timeline .subplot.xy2 .scatterlayer .trace path.point")
    assert markers.count() > 0
    # The heaviest marker in view: the biggest box.
    boxes = [markers.nth(index).bounding_box() for index in range(markers.count())]
    box = max((box for box in boxes if box), key=lambda box: box["width"])
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.mouse.move(x, y)
    hover = tab.locator("#plot-timeline .hoverlayer .hovertext")
    hover.first.wait_for(timeout=5_000)
    text = hover.first.text_content()
    assert "Score" in text and "Source:" in text
    title = text.split("Source: ", 1)[1].split(" — ", 1)[0]
    assert Article.objects.filter(title__startswith=title[:30]).exists()
    desktop.screenshot("dashboard-hover", full_page=False)
    tab.mouse.click(x, y)
    tab.wait_for_url("**/events/*/", timeout=10_000)
    assert tab.locator("h1").inner_text()
    assert tab.locator(".citation").count() >= 1
    desktop.screenshot("event")
    assert desktop.errors == []


def test_range_control_narrows_the_time_axis(desktop, live_server, demo_record):
    relationship = Relationship.objects.order_by("name").first()
    tab = desktop.open(live_server.url + "/")
    axis = "() => document.getElementById('plot-timeline').layout.xaxis.range"
    start, end = tab.evaluate(axis)
    assert start.startswith(relationship.period_start.isoformat())
    assert end.startswith(relationship.period_end.isoformat())
    tab.fill('form[data-range-for="plot-timeline"] input[name="start"]', "2011-01")
    tab.fill('form[data-range-for="plot-timeline"] input[name="end"]', "2013-06")
    tab.locator('form[data-range-for="plot-timeline"] input[name="end"]').dispatch_event("change")
    tab.wait_for_function(f"({axis})()[0].startsWith('2011-01-01')")
    start, end = tab.evaluate(axis)
    assert start.startswith("2011-01-01") and end.startswith("2013-06-30")
    desktop.screenshot("dashboard-range", full_page=False)
    tab.get_by_role("button", name="All data").click()
    tab.wait_for_function(f"({axis})()[0] < '2011'")
    assert desktop.errors == []


def test_table_views_and_csv_carry_the_charts_numbers(desktop, live_server, demo_record):
    relationship = Relationship.objects.order_by("name").first()
    tab = desktop.open(live_server.url + "/")

    line = plotted(tab, "timeline", "temperature")
    table = table_rows(tab, "timeline", 1)
    rows = csv_rows(tab, reverse("relations:chart_csv", args=[relationship.slug, "temperature"]))
    assert [row[0] for row in table] == [row[0] for row in rows[1:]] == line["x"]
    assert [float(row[1]) for row in table] == [float(row[1]) for row in rows[1:]] == line["y"]

    events = plotted(tab, "timeline", "events")
    table = table_rows(tab, "timeline", 2)
    rows = csv_rows(tab, reverse("relations:chart_csv", args=[relationship.slug, "events"]))
    assert [row[0] for row in table] == [row[0] for row in rows[1:]] == events["x"]
    assert [float(row[4]) for row in table] == [float(row[4]) for row in rows[1:]] == events["y"]

    for chart in tab.eval_on_selector_all(
        ".js-chart[data-chart^='metric-']", "(nodes) => nodes.map((n) => n.dataset.chart)"
    ):
        drawn = plotted(tab, chart, "reported")
        claimed = plotted(tab, chart, "claimed")
        values = drawn["y"] + claimed["y"]
        table = table_rows(tab, chart)
        rows = csv_rows(tab, reverse("relations:chart_csv", args=[relationship.slug, chart]))
        assert [float(row[2]) for row in table] == [float(row[2]) for row in rows[1:]] == values
        assert [row[0] for row in rows[1:]] == drawn["x"] + claimed["x"]

    bars = tab.evaluate(
        f"() => {{ const t = ({TRACE})('plot-agreements', 'agreements'); return t.base; }}"
    )
    table = table_rows(tab, "agreements")
    rows = csv_rows(tab, reverse("relations:chart_csv", args=[relationship.slug, "agreements"]))
    assert [row[3] for row in table] == [row[3] for row in rows[1:]] == bars
    assert desktop.errors == []


def test_detail_pages_render_without_errors(desktop, phone, live_server, demo_record):
    if SEEDS_DIR.is_dir():  # the full texts, so the article page shows its cited sentences
        call_command("load_demo", texts=str(SEEDS_DIR), verbosity=0)
    agreement = Agreement.objects.exclude(extends=None).first() or Agreement.objects.first()
    actor = max(Actor.objects.prefetch_related("aliases"), key=lambda a: len(a.aliases.all()))
    article = Article.objects.exclude(text="").first() or Article.objects.first()
    metric = max(
        Metric.objects.prefetch_related("observations"), key=lambda m: len(m.observations.all())
    )
    pages = {
        "agreement": (agreement.get_absolute_url(), False),
        "actor": (actor.get_absolute_url(), False),
        "article": (reverse("relations:article", args=[article.slug]), False),
        "metric": (metric.get_absolute_url(), True),
        "search": (reverse("relations:search") + "?q=rakhmon", False),
    }
    for name, (url, charts) in pages.items():
        tab = desktop.open(live_server.url + url, charts=charts)
        assert tab.locator("h1").count() == 1, name
        desktop.screenshot(name)
    assert desktop.tab.locator("[data-results='actors'] a").count() >= 1
    if article.text:
        tab = desktop.open(live_server.url + pages["article"][0], charts=False)
        assert tab.locator("mark.cited").count() >= 1
    phone.open(live_server.url + pages["agreement"][0], charts=False)
    phone.screenshot("agreement-phone")
    assert desktop.errors == [] and phone.errors == []
