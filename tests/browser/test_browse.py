"""Every page in a real browser, at 390 px and at desktop width: nothing scrolls sideways,
axe-core finds no serious or critical violation, charts draw, and the browse pages work from
the keyboard with the back button."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from articles.models import Article
from relations.models import Actor, Agreement, Country, Event, EventCategory, Metric
from relations.services.rollup import temperature_recompute
from tests import factories

pytestmark = [
    pytest.mark.browser,
    # Live server: the data must be committed; the rollback restores the seeded categories.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING_IMPACTS = ("serious", "critical")
AXE = Axe()


@pytest.fixture
def second_relationship(demo_record):
    """Russia–Kyrgyzstan, made by factories: the demo record holds only ru-tj's articles."""
    relationship = factories.RelationshipFactory(
        slug="ru-kg",
        name="Russia–Kyrgyzstan",
        country_a=Country.objects.get(code="RU"),
        country_b=Country.objects.get(code="KG"),
    )
    for day, code in [(datetime.date(2009, 2, 3), "057"), (datetime.date(2012, 9, 20), "12")]:
        factories.EventFactory(
            relationship=relationship,
            occurred_on=day,
            category=EventCategory.objects.get(code=code),
        )
    temperature_recompute(relationship=relationship)
    return relationship


def pages() -> list[tuple[str, bool]]:
    """(url, draws charts) for every page kind: lists, a filtered list, compare, dashboard,
    each detail page."""
    article = Article.objects.filter(review_status="approved").first()
    metric = Metric.objects.filter(observations__isnull=False).first()
    return [
        (reverse("relations:relationships"), True),
        (reverse("relations:agreements"), False),
        (reverse("relations:events"), False),
        (reverse("relations:events") + "?relationship=ru-tj&root=05&sort=-score", False),
        (reverse("relations:actors"), False),
        (reverse("relations:articles"), False),
        (reverse("relations:metrics"), False),
        (reverse("relations:compare") + "?r=ru-tj&r=ru-kg", True),
        (reverse("relations:home"), True),
        (Event.objects.first().get_absolute_url(), False),
        (Agreement.objects.first().get_absolute_url(), False),
        (Actor.objects.filter(events__isnull=False).first().get_absolute_url(), False),
        (reverse("relations:article", args=[article.slug]), False),
        (metric.get_absolute_url(), True),
    ]


def sideways_overflow(tab) -> int:
    """How many pixels the page scrolls sideways (0 when it does not)."""
    return tab.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def blocking_violations(tab) -> list[str]:
    results = AXE.run(tab)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_every_page_fits_the_screen_and_passes_axe(
    request, live_server, second_relationship, width
):
    page = request.getfixturevalue(width)
    problems = {}
    for url, charts in pages():
        tab = page.open(live_server.url + url, charts=charts)
        overflow = sideways_overflow(tab)
        violations = blocking_violations(tab)
        if overflow > 0 or violations:
            problems[url] = {"overflow": overflow, "violations": violations}
        assert tab.locator("details.cite").count() >= 1, url
    page.screenshot(f"browse-{width}-last")
    assert problems == {}, "\n".join(f"{url}: {found}" for url, found in problems.items())
    assert page.errors == []


def test_phone_folds_the_facets_and_tables_scroll_in_their_own_box(phone, live_server, demo_record):
    tab = phone.open(live_server.url + reverse("relations:events"), charts=False)
    assert tab.locator("details.facets").get_attribute("open") is None
    tab.locator("details.facets > summary").click()
    assert tab.locator(".facet").first.is_visible()
    scroll = tab.locator(".browse .table-scroll")
    assert scroll.evaluate("(box) => getComputedStyle(box).overflowX") == "auto"
    assert sideways_overflow(tab) == 0
    phone.screenshot("browse-events-phone")


def test_facets_search_and_sort_from_the_keyboard_and_back_again(desktop, live_server, demo_record):
    tab = desktop.open(live_server.url + reverse("relations:events"), charts=False)
    total = int(tab.locator(".browse__count strong").inner_text())
    # A facet value: focus it and press Enter.
    first_year = tab.locator("#facet-year ~ ul a").first
    year = first_year.inner_text()
    first_year.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**/events/?year={year}")
    narrowed = int(tab.locator(".browse__count strong").inner_text())
    assert 0 < narrowed <= total
    # Search, typed and submitted with Enter, keeps the facet.
    tab.locator("#browse-q").focus()
    tab.keyboard.type("base")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**q=base**")
    assert f"year={year}" in tab.url
    # A column header sorts.
    tab.get_by_role("link", name="Score").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**sort=score**")
    # Back, back: the same states again.
    tab.go_back()
    tab.wait_for_url("**q=base**")
    assert "sort=" not in tab.url
    tab.go_back()
    tab.wait_for_url(f"**/events/?year={year}")
    assert int(tab.locator(".browse__count strong").inner_text()) == narrowed
    desktop.screenshot("browse-events-desktop")
    assert desktop.errors == []


def test_charts_download_images_named_after_chart_relationship_and_range(
    desktop, live_server, second_relationship
):
    tab = desktop.open(live_server.url + reverse("relations:compare") + "?r=ru-tj&r=ru-kg")
    filename = tab.evaluate(
        "() => document.getElementById('plot-compare-temperature')"
        "._context.toImageButtonOptions.filename"
    )
    assert filename.startswith("compare-temperature-ru-tj-vs-ru-kg-")
    tab.locator("#cite-compare-temperature > summary").click()
    citation = tab.locator("#cite-compare-temperature [data-cite]").inner_text()
    assert "Russia–Tajikistan and Russia–Kyrgyzstan" in citation and "version" in citation
    assert "/compare/?r=ru-tj&r=ru-kg" in citation
    desktop.screenshot("compare")
    tab = desktop.open(live_server.url + reverse("relations:relationship", args=["ru-tj"]))
    filename = tab.evaluate(
        "() => document.getElementById('plot-timeline')._context.toImageButtonOptions.filename"
    )
    assert filename.startswith("timeline-ru-tj-")
    assert desktop.errors == []
