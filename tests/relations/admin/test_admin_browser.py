"""The admin in a real browser at 1,400 px: lists keep their key columns in view with titles on
a line or two, and a change is undone from its history with one click."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from relations.models import Event, EventCategory
from tests import factories
from tests.browser.conftest import Page, browser  # noqa: F401  (the module's browser fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDE = {"width": 1400, "height": 900}
NARROW = {"width": 1280, "height": 800}
PASSWORD = "curator-password-1"
TITLE = "Russia and Tajikistan sign the agreement extending the lease of the 201st military base"


@pytest.fixture
def curator(db):
    return get_user_model().objects.create_superuser("curator", "c@example.org", PASSWORD)


def logged_in(browser, live_server, viewport) -> Page:  # noqa: F811
    page = Page(browser, viewport)
    tab = page.tab
    tab.goto(live_server.url + reverse("admin:login"))
    tab.fill("#id_username", "curator")
    tab.fill("#id_password", PASSWORD)
    tab.click("input[type=submit]")
    tab.wait_for_url(live_server.url + reverse("admin:index"))
    return page


def record_with_events(count: int):
    relationship = factories.RelationshipFactory(name="Russia – Tajikistan")
    article = factories.ArticleFactory(title="Putin and Rahmon agree on the base's lease")
    categories = list(EventCategory.objects.filter(code__in=["057", "042", "163"]))
    for index in range(count):
        event = factories.EventFactory(
            relationship=relationship,
            title=f"{TITLE} ({index})",
            occurred_on=datetime.date(2012, 10, 5) + datetime.timedelta(days=index),
            category=categories[index % len(categories)],
        )
        factories.CitationFactory(event=event, article=article)


def real_errors(page: Page) -> list[str]:
    """Errors but the console's echo of a failed load (the admin has no favicon): a failed
    request is listed on its own, with its address, by the response listener."""
    return [error for error in page.errors if not error.startswith("Failed to load resource")]


KEY_COLUMNS = ("occurred", "title", "category", "effective_score", "citation_count")


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1400", "1280"])
def test_event_list_keeps_its_key_columns_in_view(browser, live_server, curator, viewport):  # noqa: F811
    record_with_events(12)
    page = logged_in(browser, live_server, viewport)
    try:
        tab = page.tab
        tab.goto(live_server.url + reverse("admin:relations_event_changelist"))
        page.screenshot(f"admin-event-list-{viewport['width']}", full_page=False)
        # In view: inside the list's scrolling box, which clips what overflows it.
        clip = tab.locator("#changelist .results").bounding_box()
        right = min(clip["x"] + clip["width"], viewport["width"])
        for column in KEY_COLUMNS:
            box = tab.locator(f"#result_list th.column-{column}").bounding_box()
            assert box is not None, column
            assert box["x"] >= clip["x"] and box["x"] + box["width"] <= right + 1, column
        # A title runs on at most two lines (its link's line boxes), not one word per line.
        lines = tab.eval_on_selector_all(
            "#result_list .field-title a", "links => links.map(a => a.getClientRects().length)"
        )
        assert lines and max(lines) <= 2, lines
        assert not real_errors(page), page.errors
    finally:
        page.context.close()


def test_a_change_is_undone_from_its_history_with_one_click(browser, live_server, curator):  # noqa: F811
    record_with_events(1)
    event = Event.objects.get()
    page = logged_in(browser, live_server, WIDE)
    try:
        tab = page.tab
        change = live_server.url + reverse("admin:relations_event_change", args=[event.pk])
        tab.goto(change)
        tab.fill("#id_title", "Renamed by mistake")
        tab.click("input[name=_save]")
        tab.wait_for_url("**/relations/event/")
        assert Event.objects.get().title == "Renamed by mistake"

        tab.goto(live_server.url + reverse("admin:relations_event_history", args=[event.pk]))
        row = tab.locator("tr.history-update", has_text="Renamed by mistake").first
        assert "admin" in row.inner_text()
        page.screenshot("admin-event-history", full_page=False)
        row.locator("button", has_text="Undo").click()
        tab.wait_for_load_state()
        page.screenshot("admin-event-history-undone", full_page=False)
        assert "Undone relations.EventHistory:" in tab.locator(".messagelist").inner_text()
        assert Event.objects.get().title == event.title
        assert tab.locator("tr.history-update").count() == 2  # the change and its undoing
        assert not real_errors(page), page.errors
    finally:
        page.context.close()
