"""Browser fixtures for the end-to-end tests: Debian's Chromium driven by Playwright's sync API.

One browser per session and a fresh context (cookies, localStorage) per test. The tests run against
pytest-django's live server, so they use the transactional database; ``serialized_rollback`` restores
the rows the migrations created (site, home page, locales) before each test, since every transactional
test ends by emptying the tables.
"""

import os
from importlib.resources import files
from pathlib import Path

import pytest

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(settings.BASE_DIR) / "artifacts" / "screenshots"
# Headless Chromium names itself "HeadlessChrome", which the portal rightly takes for a bot (no rating,
# no visit counted); a test standing for a person uses the desktop browser's own user agent.
READER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _chromium_or_skip():
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        pytest.fail(
            f"{CHROMIUM} is missing and CI is set: the end-to-end tests must run in CI "
            "(.ci/run installs Debian's chromium package).",
            pytrace=False,
        )
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests.")


def _serialized_contents():
    from django.db import connections

    return {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}


def _restore_serialized_contents(saved):
    from django.db import connections

    for alias, contents in saved.items():
        if contents is not None and not hasattr(connections[alias], "_test_serialized_contents"):
            connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="package")
def browser(django_db_setup, django_db_blocker):
    """Chromium, for the tests of this package (they run one after another, so one browser in all)."""
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    # Once Playwright runs, Django's per-context connection registry hands this thread new connection
    # objects, without the copy of the migrated rows that ``serialized_rollback`` restores before each
    # test; the copy taken when the test database was made is handed over to them.
    saved = _serialized_contents()

    # Playwright's sync API keeps an asyncio loop registered as running on the main thread, and Django
    # refuses ORM calls while a loop runs there. The tests' own ORM calls (building content, the test
    # database's flush) are synchronous and on that thread, so Django is told it is safe, for as long as
    # the browser is open and no longer.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            _restore_serialized_contents(saved)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, live_server):
    """Open a browser context on the live server: ``new_context(viewport=PHONE)``. Closed after the test."""
    contexts = []

    def make(**options):
        options.setdefault("viewport", DESKTOP)
        options.setdefault("locale", "vi-VN")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def admin_url(path=""):
    """An address in Wagtail's admin, wherever the settings put the admin: ``admin_url("pages/3/edit/")``."""
    from django.urls import reverse

    return reverse("wagtailadmin_home") + path.lstrip("/")


_AXE_SOURCE = None


def axe_violations(page):
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now, one line per node."""
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        _AXE_SOURCE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol: an inline <script> tag would be refused by the public
        # pages' Content-Security-Policy (no 'unsafe-inline').
        page.evaluate(_AXE_SOURCE + "\n;true")
    violations = page.evaluate(
        """async (tags) => {
            const options = {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]};
            const results = await axe.run(document, options);
            return results.violations.flatMap((v) => v.nodes.map((n) => {
                const summary = n.failureSummary.replace(/\\s+/g, " ");
                return `${v.id} (${v.impact}): ${v.help} at ${n.target.join(" ")}: ${summary}`;
            }));
        }""",
        AXE_TAGS,
    )
    return violations


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    path = SCREENSHOTS / f"{name}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
