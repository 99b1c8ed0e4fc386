"""What a reader does, in Chromium, with the keyboard where a keyboard user would."""

import os
import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from ratings import services as ratings
from ratings.models import Rating
from tests.e2e import content
from tests.e2e.conftest import PHONE, READER_AGENT, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page):
    content.news()
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Bỏ qua, tới nội dung chính")
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main-content")
    # The next Tab continues from the content, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main-content').contains(document.activeElement)")


def test_contrast_and_text_size_persist_to_the_next_page_and_can_be_undone(page):
    data = content.news()
    page.goto("/")
    html = page.locator("html")
    contrast = page.get_by_role("button", name="Tương phản")
    expect(contrast).to_have_attribute("aria-pressed", "false")
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")

    contrast.click()
    page.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    page.get_by_role("button", name="A+ Tăng cỡ chữ").click()
    expect(html).to_have_class(re.compile(r"\bhigh-contrast\b"))
    expect(html).to_have_attribute("data-text-size", "2")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"

    page.get_by_role("link", name=data.article.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(data.article.title)
    expect(html).to_have_class(re.compile(r"\bhigh-contrast\b"))
    expect(html).to_have_attribute("data-text-size", "2")
    expect(page.get_by_role("button", name="Tương phản")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > normal_size

    page.get_by_role("button", name="Tương phản").click()
    page.get_by_role("button", name="A Cỡ chữ mặc định").click()
    page.reload()
    expect(html).not_to_have_class(re.compile(r"\bhigh-contrast\b"))
    expect(html).not_to_have_attribute("data-text-size", re.compile(".*"))
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == normal_size


def test_slideshow_turns_by_itself_until_paused_and_is_operated_by_keyboard(page):
    content.news(with_slides=True)
    page.clock.install()
    page.goto("/")
    slides = page.locator(".slideshow__slide")
    expect(slides).to_have_count(3)
    expect(slides.nth(0)).to_be_visible()
    expect(slides.nth(1)).to_be_hidden()

    page.clock.run_for(6_500)
    expect(slides.nth(1)).to_be_visible()
    expect(slides.nth(0)).to_be_hidden()

    pause = page.locator("[data-slideshow-rotation]")
    expect(pause).to_have_text(re.compile("Dừng trình chiếu"))
    pause.focus()
    page.keyboard.press("Enter")
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(pause).to_have_text(re.compile("Tiếp tục trình chiếu"))
    # Focus leaves the slideshow; the photos stay where the reader stopped them.
    page.evaluate("document.activeElement.blur()")
    page.clock.run_for(20_000)
    expect(slides.nth(1)).to_be_visible()

    page.locator("[data-slideshow-next]").focus()
    page.keyboard.press("Enter")
    expect(slides.nth(2)).to_be_visible()
    page.keyboard.press("Enter")
    expect(slides.nth(0)).to_be_visible()
    page.locator("[data-slideshow-previous]").focus()
    page.keyboard.press("Space")
    expect(slides.nth(2)).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(slides.nth(0)).to_be_visible()
    page.keyboard.press("ArrowLeft")
    expect(slides.nth(2)).to_be_visible()
    expect(slides.nth(2).get_by_role("img")).to_have_attribute("alt", "Ảnh: Ngày sách")


def test_article_opens_from_the_home_page_and_prints_without_the_site_chrome(page):
    data = content.news()
    page.goto("/")
    page.get_by_role("link", name=data.article.title).first.click()
    expect(page).to_have_url(re.compile(r"/tin-tuc/ho-so-truc-tuyen/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(data.article.title)
    expect(page.get_by_role("img", name=data.article.featured_image_alt)).to_be_visible()
    expect(page.get_by_text("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 92%")).to_be_visible()

    page.evaluate("window.print = () => { window.printRequested = true; }")
    print_button = page.get_by_role("button", name="In bài viết")
    print_button.click()
    assert page.evaluate("window.printRequested === true")

    page.emulate_media(media="print")
    # The department's name stays as a letterhead; the reader tools, search, menu, breadcrumbs,
    # sidebar and article tools do not print.
    for chrome in [".toolbar", ".search-box", ".main-nav", ".breadcrumbs", ".sidebar", ".article-tools"]:
        expect(page.locator(chrome).first).to_be_hidden()
    expect(page.locator(".branding__name")).to_be_visible()
    expect(print_button).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 92%")).to_be_visible()
    # The photo prints at most 9 cm high (a third of an A4 page), in its proportions.
    photo = page.get_by_role("img", name=data.article.featured_image_alt).bounding_box()
    assert photo["height"] <= 9 / 2.54 * 96 + 1
    assert abs(photo["width"] / photo["height"] - 16 / 9) < 0.05
    screenshot(page, "article-print")


def test_language_switcher_goes_to_english_and_back(page):
    content.english_home()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".skip-link")).to_have_text("Skip to main content")
    expect(page.get_by_role("button", name="High contrast")).to_be_visible()
    page.locator(".language-switcher").get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".skip-link")).to_have_text("Bỏ qua, tới nội dung chính")
    assert not page.url.rstrip("/").endswith("/en")


def test_an_untranslated_document_in_english_is_shown_in_vietnamese_with_a_notice(page):
    content.english_home()
    data = content.register()
    page.goto(data.decision.url)
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/\?untranslated=1$"))
    expect(page.locator(".translation-notice")).to_contain_text("has not been translated")
    page.goto(f"/en{data.decision.url}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_have_attribute("lang", "vi")
    expect(page.locator("main .translation-notice")).to_have_attribute("lang", "en")
    expect(page.locator("main .translation-notice")).to_contain_text("available in Vietnamese only")
    expect(page.locator(".skip-link")).to_have_text("Skip to main content")


def test_search_the_register_without_diacritics_open_the_document_and_download_its_file(page):
    data = content.register()
    page.goto("/van-ban/")
    expect(page.locator(".documents-table tbody tr")).to_have_count(3)
    page.locator("#filter-q").fill("quy che truyen so lieu")
    page.locator("#filter-q").press("Enter")
    rows = page.locator(".documents-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("39/2021/QĐ-UBND")
    expect(page.locator("#filter-q")).to_have_value("quy che truyen so lieu")

    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(data.decision.summary)
    # The page says what the file is and how big before the reader downloads it.
    link = page.get_by_role("link", name="Bản ký số")
    expect(link.locator("xpath=following-sibling::span[1]")).to_have_text(
        re.compile(rf"^\(PDF, {len(content.PDF)}\s")
    )
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == os.path.basename(data.pdf.file.name)
    assert download.suggested_filename.startswith("quyet-dinh-39-2021")
    assert download.suggested_filename.endswith(".pdf")
    assert os.path.getsize(download.path()) == len(content.PDF)
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == content.PDF


def test_filter_the_register_by_type_and_year(new_context):
    content.register()
    # On a phone, where the filters stack above the table.
    page = new_context(viewport=PHONE).new_page()
    page.goto("/van-ban/")
    page.locator("#filter-type").select_option(label="Luật (1)")
    page.locator("#filter-year").select_option("2015")
    page.locator("form.filters button[type=submit]").click()
    rows = page.locator(".documents-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("86/2015/QH13")
    expect(page.locator(".result-count")).to_have_text("1 văn bản")
    expect(page.locator("#filter-type option:checked")).to_have_text("Luật (1)")

    page.get_by_role("link", name="Bỏ lọc").click()
    expect(rows).to_have_count(3)
    page.locator("#filter-type").select_option(label="Quyết định (2)")
    page.locator("#filter-year").select_option("2024")
    page.locator("form.filters button[type=submit]").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("12/2024/QĐ-UBND")


def test_reader_rates_an_article_by_keyboard_then_by_mouse_and_the_rating_persists(new_context):
    data = content.news()
    page = new_context(user_agent=READER_AGENT).new_page()
    # Another reader's 2 stars, so that the average visibly moves.
    ratings.save_rating(data.article.pk, ratings.new_reader_token(), 2)
    page.goto(data.article.url)
    box = page.locator("#rating")
    expect(box.get_by_role("heading", level=2)).to_have_text("Đánh giá bài viết (2,0/5 · 1 lượt)")
    stars = box.get_by_role("radio")
    expect(stars).to_have_count(5)

    # Keyboard: from the button, Shift+Tab goes back into the stars (the last one while none is chosen),
    # an arrow key chooses 4, Tab returns to the button.
    send = box.get_by_role("button", name="Gửi đánh giá")
    send.focus()
    page.keyboard.press("Shift+Tab")
    expect(stars.nth(4)).to_be_focused()
    # The radio itself is visually hidden: its star shows the focus.
    star_label = box.locator("label.rating__star").nth(4)
    assert star_label.evaluate("(el) => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("radio", name="4 trên 5 sao: Tốt")).to_be_checked()
    expect(stars.nth(3)).to_be_focused()
    page.keyboard.press("Tab")
    expect(send).to_be_focused()
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.keyboard.press("Enter")
    csrf_cookie = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    assert posted.value.headers.get("x-csrftoken") == csrf_cookie
    status = box.get_by_role("status")
    expect(status).to_have_text("Cảm ơn bạn đã đánh giá.")
    expect(box.get_by_role("heading", level=2)).to_have_text("Đánh giá bài viết (3,0/5 · 2 lượt)")

    # Mouse: a click on the fifth star, then on the button, changes the reader's rating (not a third one).
    box.locator("label.rating__star").nth(4).click()
    expect(page.get_by_role("radio", name="5 trên 5 sao: Rất tốt")).to_be_checked()
    send.click()
    expect(box.get_by_role("heading", level=2)).to_have_text("Đánh giá bài viết (3,5/5 · 2 lượt)")
    assert sorted(Rating.objects.values_list("score", flat=True)) == [2, 5]

    # After a reload the page shows the new average and the reader's own five stars.
    page.reload()
    expect(box.get_by_role("heading", level=2)).to_have_text("Đánh giá bài viết (3,5/5 · 2 lượt)")
    expect(page.get_by_role("radio", name="5 trên 5 sao: Rất tốt")).to_be_checked()

    # A POST without the CSRF token is refused and changes nothing.
    refused = page.evaluate(
        """async (url) => {
            const response = await fetch(url, {method: "POST", headers: {"Content-Type": "application/json"},
                                               body: JSON.stringify({score: 1})});
            return response.status;
        }""",
        box.get_attribute("data-rating-url"),
    )
    assert refused == 403
    assert sorted(Rating.objects.values_list("score", flat=True)) == [2, 5]


def test_a_page_view_is_counted_once_by_its_beacon_and_the_box_shows_its_answer(new_context):
    """A page may come from the front cache, which the server never sees, so the page's script counts the
    view: one POST to the beacon per load, whose answer fills the box; a reload counts again."""
    data = content.news()
    context = new_context(user_agent=READER_AGENT)
    # A reader's browser: the script does not count automated ones (navigator.webdriver).
    context.add_init_script("Object.defineProperty(navigator, 'webdriver', {get: () => false})")
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append((request.resource_type, request.method, request.url)))
    page.goto(data.article.url)
    page.wait_for_load_state("networkidle")
    hit_url = urljoin(page.url, page.locator("#visit-beacon").get_attribute("data-hit-url"))
    calls = [(method, url) for kind, method, url in asked if kind in ("document", "fetch", "xhr", "ping")]
    assert calls == [("GET", page.url), ("POST", hit_url)]
    today = page.locator('[data-visit-stats] [data-stat="today"]')
    expect(today).to_have_text("1")
    page.reload()
    expect(today).to_have_text("2")
    page.goto("/")
    expect(today).to_have_text("3")
