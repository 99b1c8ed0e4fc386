"""WCAG 2.0/2.1 A and AA, checked by axe-core in Chromium on every kind of public page, in normal and
high-contrast mode, at desktop and phone widths; screenshots of each go to artifacts/screenshots/. Every
control of the home page is reached by Tab with a visible focus, and the legal register reads on a phone."""

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


def assert_no_horizontal_overflow(page, name):
    """Nothing sticks out sideways: on a phone the reader scrolls down, never across the page."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name}: the page is {widths[0]} px wide in a {widths[1]} px window"


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
    assert_no_horizontal_overflow(page, name)
    screenshot(page, name)

    page.get_by_role("button", name=CONTRAST_BUTTON).click()
    expect(page.locator("html")).to_have_class("js high-contrast")
    check(page, name, "high contrast")
    assert_no_horizontal_overflow(page, name)
    screenshot(page, f"{name}-high-contrast")


CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]"
# Each control gets a number, so that it is recognised however its attributes change as it is used.
NUMBER_CONTROLS = f"""() => document.querySelectorAll("{CONTROLS}")
    .forEach((el, index) => {{ el.dataset.control = index; }})"""
FOCUSABLE = f"""() => Array.from(document.querySelectorAll("{CONTROLS}"))
    .filter((el) => el.tabIndex >= 0 && !el.disabled && !el.closest("[inert]")
        && el.checkVisibility({{visibilityProperty: true, opacityProperty: true}}))
    .map((el) => el.dataset.control)"""

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        control: el.dataset.control,
        html: el.outerHTML,
        shown: el.checkVisibility({visibilityProperty: true, opacityProperty: true})
            && box.width > 0 && box.height > 0,
        inView: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
        focusVisible: el.matches(":focus-visible"),
        indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== "none",
    };
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_every_control_of_the_home_page_is_reached_by_tab_with_a_visible_focus(new_context, viewport):
    content.news(with_slides=True)
    content.register()
    page = new_context(viewport=viewport).new_page()
    page.goto("/")
    page.evaluate(NUMBER_CONTROLS)
    menu = page.get_by_role("button", name="Danh mục")
    reached = []
    for _ in range(100):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (reached and focused["control"] == reached[0]):
            break  # past the last control: focus has left the page
        assert focused["shown"], f"focus on an element that cannot be seen: {focused['html']}"
        assert focused["inView"], f"focus on an element scrolled out of view: {focused['html']}"
        assert focused["focusVisible"] and focused["indicator"], f"no visible focus on {focused['html']}"
        reached.append(focused["control"])
        if viewport is PHONE and menu.evaluate("(el) => el === document.activeElement"):
            # On a phone the menu is folded behind this button: Enter opens it, its links come next.
            page.keyboard.press("Enter")
            expect(menu).to_have_attribute("aria-expanded", "true")
    # Every control that can be seen now (the phone's menu open) was reached, in order.
    expected = page.evaluate(FOCUSABLE)
    assert len(expected) >= 25
    missed = page.evaluate(
        "(numbers) => numbers.map((n) => document.querySelector(`[data-control='${n}']`).outerHTML)",
        [number for number in expected if number not in reached],
    )
    assert reached == expected, "not reached in order by Tab: " + "\n".join(missed)


def test_the_legal_register_reads_as_cards_on_a_phone(new_context):
    data = content.register()
    page = new_context(viewport=PHONE).new_page()
    page.goto(data.index.url)
    rows = page.get_by_role("row")
    expect(rows).to_have_count(4)  # the header row, for screen readers, and three documents
    expect(page.get_by_role("columnheader")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Every value of every document is inside the window, none cut off or behind a sideways scroll.
    cells = page.locator(".documents-table tbody td")
    expect(cells).to_have_count(12)
    for index in range(12):
        box = cells.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], cells.nth(index).inner_html()
    first = page.locator(".documents-table tbody tr").first
    expect(first.locator(".documents-table__date")).to_have_text("01/02/2024")
    assert (
        first.locator(".documents-table__date").evaluate("(el) => getComputedStyle(el, '::before').content")
        == '"Ngày ban hành: "'
    )
    expect(first.get_by_role("link")).to_be_visible()
    expect(first.locator(".status")).to_have_text("Còn hiệu lực")
    wrap = page.locator(".table-wrap").element_handle()
    assert page.evaluate("(el) => el.scrollWidth <= el.clientWidth", wrap)
