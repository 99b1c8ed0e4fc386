"""WCAG 2.0/2.1 A and AA, checked by axe-core in Chromium on every kind of public page, in normal and
high-contrast mode, at desktop and phone widths; screenshots of each go to artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import content
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, screenshot

# The contrast button in either language (the English fallback page has the English header).
CONTRAST_BUTTON = re.compile("Tương phản|High contrast")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def build_site():
    news = content.news(with_slides=True)
    documents = content.register()
    reports = content.inspection()
    content.english_home()
    return {
        "home": "/",
        "news-index": news.section.url,
        "article": news.article.url,
        "inspection-report": reports.report.url,
        "legal-register": documents.index.url,
        "legal-document": documents.decision.url,
        "search": "/search/?query=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91",
        "404": "/trang-khong-ton-tai/",
        # A Vietnamese-only document under /en/: English frame, notice, content marked lang="vi".
        "legal-document-en": f"/en{documents.decision.url}",
    }


def check(page, name, mode):
    violations = axe_violations(page)
    assert violations == [], f"{name} ({mode}, {page.viewport_size['width']} px):\n" + "\n".join(violations)
    assert page.locator("img:not([alt])").count() == 0, f"{name}: an image has no alt attribute"


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "news-index",
        "article",
        "inspection-report",
        "legal-register",
        "legal-document",
        "search",
        "404",
        "legal-document-en",
    ],
)
def test_page_has_no_wcag_violation_in_normal_and_high_contrast_mode(new_context, name):
    url = build_site()[name]
    # Reduced motion: the slideshow stays on its first photo, so screenshots are stable.
    page = new_context(viewport=DESKTOP, reduced_motion="reduce").new_page()
    response = page.goto(url)
    assert response.status == (404 if name == "404" else 200)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    if name == "search":
        expect(page.locator(".search-results li").first).to_be_visible()

    check(page, name, "normal")
    screenshot(page, name)

    page.get_by_role("button", name=CONTRAST_BUTTON).click()
    expect(page.locator("html")).to_have_class("js high-contrast")
    check(page, name, "high contrast")
    screenshot(page, f"{name}-high-contrast")

    page.get_by_role("button", name=CONTRAST_BUTTON).click()
    page.set_viewport_size(PHONE)
    page.reload()
    check(page, name, "normal")
    screenshot(page, name)


def test_header_controls_are_all_reached_by_tab_with_a_visible_focus(page):
    content.news()
    page.goto("/")
    expected = page.evaluate(
        """() => Array.from(document.querySelectorAll(
            ".skip-link, .site-header a[href], .site-header button, .site-header input"
        )).filter((el) => el.offsetParent !== null || el.classList.contains("skip-link"))
          .map((el) => el.outerHTML)"""
    )
    assert len(expected) >= 10
    reached = []
    for _ in range(len(expected) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {
                    html: el.outerHTML,
                    inHeader: el.classList.contains("skip-link") || !!el.closest(".site-header"),
                    focusVisible: el.matches(":focus-visible"),
                    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
                };
            }"""
        )
        if not focused["inHeader"]:
            break
        assert focused["focusVisible"] and focused["outline"], f"no visible focus on {focused['html']}"
        reached.append(focused["html"])
    assert reached == expected
