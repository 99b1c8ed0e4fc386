"""The public pages' Content-Security-Policy (no 'unsafe-inline') breaks nothing in a real browser: Chromium
reports no violation on any kind of public page, their scripts run, and the admin works under its own
policy."""

import re

import pytest
from playwright.sync_api import expect

from django.conf import settings
from django.contrib.auth import get_user_model

from tests.e2e import content

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Installed before any page script: collects every securitypolicyviolation event of the page.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watched_page(new_context):
    context = new_context()
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    return page


def violations(page):
    reported = page.evaluate("window.__cspViolations")
    from_console = [text for text in page.console_errors if "Content Security Policy" in text]
    return reported + from_console


def test_public_pages_report_no_policy_violation(new_context, live_server):
    news = content.news(with_slides=True)
    documents = content.register()
    reports = content.inspection()
    urls = {
        "home": "/",
        "news-index": news.section.url,
        "article": news.article.url,
        "inspection-report": reports.report.url,
        "legal-register": documents.index.url + "?q=quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh",
        "legal-document": documents.decision.url,
        "search": "/search/?query=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
        "404": "/trang-khong-ton-tai/",
    }
    page = watched_page(new_context)
    for name, url in urls.items():
        response = page.goto(url)
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], name
        # The portal's own scripts ran: portal.js swaps the no-js class.
        assert "no-js" not in (page.locator("html").get_attribute("class") or ""), name

    # Interactive parts under the policy: the slideshow, the text-size preference and the rating box.
    page.goto("/")
    next_button = page.locator("[data-slideshow-next]")
    if next_button.count():
        next_button.first.click()
    page.goto(news.article.url)
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], "\n".join(violations(page))


def test_an_inline_script_would_be_blocked(new_context, live_server):
    """The policy is really enforced: a script injected into a public page does not run."""
    page = watched_page(new_context)
    page.goto("/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__injected = true"; document.body.append(s); }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__injected === true") is False
    assert any("script-src" in violation for violation in violations(page))


def test_the_admin_works_under_its_own_policy(new_context, live_server):
    get_user_model().objects.create_superuser("quantri", "qt@example.vn", "mat-khau-rat-dai-1")
    admin = "/" + settings.ADMIN_PATH
    page = watched_page(new_context)
    page.goto(f"{admin}login/")
    page.locator("#id_username").fill("quantri")
    page.locator("#id_password").fill("mat-khau-rat-dai-1")
    page.locator("#id_password").press("Enter")
    expect(page).to_have_url(re.compile(re.escape(admin) + "$"))
    page.goto(f"{admin}pages/")
    page.wait_for_load_state("networkidle")
    assert violations(page) == [], "\n".join(violations(page))
