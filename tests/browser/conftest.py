"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's
live_server, one browser per module. Screenshots land in artifacts/screenshots/ on every run."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM must be allowed
# to run there too.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
PLOTLY_JS = ROOT / "static" / "vendor" / "plotly.min.js"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    """One Chromium for the whole module."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: `make chromium` installs Debian's Chromium")
    if not PLOTLY_JS.exists():
        pytest.skip(
            f"{PLOTLY_JS.relative_to(ROOT)} is absent: `make {PLOTLY_JS.relative_to(ROOT)}`"
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django's connection handler is context-local, and once Playwright's loop runs the tests
    # see fresh connection objects: hand them the database's serialized contents, which
    # serialized_rollback reloads after each flush (the seeded category table, for one).
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()
    # The last test's flush emptied the seeded tables: put them back for the modules after.
    with django_db_blocker.unblock():
        for alias, contents in serialized.items():
            connections[alias].creation.deserialize_db_from_string(contents)


class Page:
    """A browser tab that records console errors and failed requests."""

    def __init__(self, browser, viewport):
        self.context = browser.new_context(viewport=viewport)
        self.tab = self.context.new_page()
        self.errors: list[str] = []
        self.tab.on(
            "console", lambda message: message.type == "error" and self.errors.append(message.text)
        )
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.tab.on(
            "response",
            lambda response: (
                response.status >= 400 and self.errors.append(f"{response.status} {response.url}")
            ),
        )

    def open(self, url: str, *, charts: bool = True):
        self.tab.goto(url)
        if charts:
            self.tab.wait_for_selector("body[data-charts-ready]", timeout=15_000)
        return self.tab

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.tab.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def desktop(browser):
    page = Page(browser, DESKTOP)
    yield page
    page.context.close()


@pytest.fixture
def phone(browser):
    page = Page(browser, PHONE)
    yield page
    page.context.close()
