"""Ratings: one per reader and page, the average as readers see it, the plain form without JavaScript,
every refusal (400/403/404/405/429, never a 500), bots, previews, and the admin report."""

import datetime
import json
import threading
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.models import PageViewRestriction

from ratings import services
from ratings.models import Rating
from tests.engagement import BROWSER, browser
from tests.factories import (
    InspectionReportPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from tests.helpers import soup

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
JSON = {"content_type": "application/json", "HTTP_ACCEPT": "application/json"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return NewsPageFactory(
        parent=NewsIndexPageFactory(slug="tin-tuc"), title="Tiền Giang đẩy mạnh chuyển đổi số"
    )


def url(page_or_id):
    return reverse("ratings_api", args=[getattr(page_or_id, "pk", page_or_id)])


def rate(client, page, score, ip="203.0.113.10", **extra):
    return client.post(url(page), json.dumps({"score": score}), **JSON, **browser(ip), **extra)


def reader(ip="203.0.113.10"):
    """A browser of its own: its own cookies, so its own rating."""
    return Client(REMOTE_ADDR=ip)


# Create, change, average -----------------------------------------------------------------------


def test_first_rating_creates_and_rating_again_changes_it(client, article):
    response = rate(client, article, 4)
    assert response.status_code == 201
    body = response.json()
    assert (body["average"], body["count"], body["your_score"]) == (4.0, 1, 4)
    assert body["label"] == "Đánh giá bài viết (4,0/5 · 1 lượt)"
    assert body["message"] == "Cảm ơn bạn đã đánh giá."

    response = rate(client, article, 2)
    assert response.status_code == 200  # changed, not added
    assert (response.json()["average"], response.json()["count"]) == (2.0, 1)
    assert Rating.objects.get().score == 2


def test_the_cookie_is_random_long_lived_and_not_what_is_stored(client, article):
    response = rate(client, article, 5)
    cookie = response.cookies["cong_reader"]
    assert len(cookie.value) >= 32
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 365 * 24 * 60 * 60
    stored = Rating.objects.get().reader
    assert cookie.value not in stored and stored == services.reader_key(cookie.value)
    # Rating again with the cookie does not issue another one.
    assert "cong_reader" not in rate(client, article, 4).cookies


def test_the_average_of_several_readers_rounds_half_up_to_one_decimal(article):
    for number, score in enumerate([5, 4, 4, 4]):  # 4.25
        assert rate(reader(), article, score, ip=f"203.0.113.{number + 1}").status_code == 201
    response = Client().get(url(article))
    assert response.json()["average"] == 4.3
    assert response.json()["count"] == 4
    rate(reader(), article, 1, ip="203.0.113.9")  # 18 / 5 = 3.6
    assert Client().get(url(article)).json()["label"] == "Đánh giá bài viết (3,6/5 · 5 lượt)"


def test_english_uses_a_decimal_point():
    with translation.override("en"):
        assert services.summary_text(services.Summary(12, 52)) == "4.3/5 · 12 ratings"
        assert services.summary_text(services.Summary(1, 3)) == "3.0/5 · 1 rating"
        assert services.summary_text(services.Summary(0, 0)) == "no ratings yet"
    with translation.override("vi"):
        assert services.summary_text(services.Summary(1234, 5000)) == "4,1/5 · 1.234 lượt"


def test_get_returns_average_count_and_the_readers_own_score(client, article):
    response = client.get(url(article))
    assert response.status_code == 200
    assert response.json() == {
        "average": None,
        "count": 0,
        "your_score": None,
        "label": "Đánh giá bài viết (chưa có lượt đánh giá)",
        "summary": "chưa có lượt đánh giá",
    }
    assert "csrftoken" in response.cookies  # what the script sends back with its POST
    assert "Cookie" in response["Vary"]
    rate(client, article, 3)
    assert client.get(url(article)).json()["your_score"] == 3
    assert Client().get(url(article)).json()["your_score"] is None


@pytest.mark.parametrize("factory", [InspectionReportPageFactory, LegalDocumentPageFactory])
def test_reports_and_legal_documents_take_ratings_too(client, factory):
    page = (
        factory(parent=LegalDocumentIndexPageFactory()) if factory is LegalDocumentPageFactory else factory()
    )
    assert rate(client, page, 5).status_code == 201
    label = "Đánh giá văn bản" if factory is LegalDocumentPageFactory else "Đánh giá bài viết"
    assert client.get(url(page)).json()["label"] == f"{label} (5,0/5 · 1 lượt)"


def test_a_form_encoded_api_client_gets_json(client, article):
    response = client.post(url(article), {"score": "3"}, HTTP_ACCEPT="application/json", **browser())
    assert response.status_code == 201
    assert response.json()["your_score"] == 3


# The page --------------------------------------------------------------------------------------


def test_the_article_shows_the_average_and_five_accessible_stars(client, article):
    for number, score in enumerate([5, 4, 4]):
        rate(reader(), article, score, ip=f"203.0.113.{number + 1}")
    document = soup(client.get(article.url))
    box = document.select_one("article section.rating")
    assert box.h2.get_text(" ", strip=True) == "Đánh giá bài viết (4,3/5 · 3 lượt)"
    form = box.form
    assert (form["method"], form["action"]) == ("post", url(article))
    assert form.fieldset.legend.get_text(strip=True) == "Trang này hữu ích với bạn đến mức nào?"
    radios = form.select("input[type=radio][name=score]")
    assert [radio["value"] for radio in radios] == ["1", "2", "3", "4", "5"]
    names = [document.select_one(f"label[for='{radio['id']}']").get_text(" ", strip=True) for radio in radios]
    assert names[0] == "★ 1 trên 5 sao: Rất kém"
    assert names[4] == "★ 5 trên 5 sao: Rất tốt"
    assert form.select_one("button[type=submit]").get_text(strip=True) == "Gửi đánh giá"
    assert form.select_one("[role=status]") is not None
    assert document.select_one("script[src$='ratings/ratings.js']")
    # No CSRF token in the page: it stays cacheable (the token comes with the form's confirmation).
    assert not form.select("input[name=csrfmiddlewaretoken]")


def test_only_pages_that_take_ratings_show_the_box(client):
    page = StandardPageFactory()
    assert soup(client.get(page.url)).select("section.rating") == []


def test_without_javascript_the_form_posts_and_comes_back_with_thanks(article):
    browser_client = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.10")
    html = {"HTTP_ACCEPT": "text/html,application/xhtml+xml", "HTTP_USER_AGENT": BROWSER}
    # The page carries no token, so the first post asks to confirm, with a token of its own...
    response = browser_client.post(url(article), {"score": "4"}, **html)
    assert response.status_code == 403
    confirmation = soup(response)
    assert confirmation.h1.get_text(strip=True) == "Xác nhận đánh giá"
    form = confirmation.select_one("main form")
    assert form.select_one("input[name=score]")["value"] == "4"
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert Rating.objects.count() == 0
    # ...and confirming records it and goes back to the page.
    response = browser_client.post(url(article), {"score": "4", "csrfmiddlewaretoken": token}, **html)
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}?rated=4#rating"
    assert Rating.objects.get().score == 4
    page = soup(browser_client.get(response["Location"]))
    assert page.select_one(".rating [role=status]").get_text(strip=True) == "Cảm ơn bạn đã đánh giá."
    assert page.select_one(".rating input[value='4']").has_attr("checked")


def test_without_javascript_a_bad_score_gets_a_page_with_the_message(client, article):
    response = client.post(url(article), {"score": "9"}, HTTP_ACCEPT="text/html", **browser())
    assert response.status_code == 400
    document = soup(response)
    assert document.select_one("[role=alert]").get_text(strip=True) == "Vui lòng chọn số điểm từ 1 đến 5 sao."
    assert document.select_one("main a[href$='#rating']")


# CSRF ------------------------------------------------------------------------------------------


def test_the_script_needs_the_csrf_token_the_get_hands_out(article):
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.10")
    response = strict.post(url(article), json.dumps({"score": 5}), **JSON, headers={"User-Agent": BROWSER})
    assert response.status_code == 403
    assert response.json()["error"] == "Biểu mẫu đã hết hạn. Vui lòng tải lại trang rồi đánh giá lại."
    strict.get(url(article))
    token = strict.cookies["csrftoken"].value
    response = strict.post(
        url(article), json.dumps({"score": 5}), **JSON, headers={"User-Agent": BROWSER, "X-CSRFToken": token}
    )
    assert response.status_code == 201


def test_a_forged_cross_site_form_records_nothing(article):
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR="203.0.113.10")
    strict.get(url(article))  # the victim has a CSRF cookie, the attacker does not know its token
    response = strict.post(
        url(article),
        {"score": "1"},
        HTTP_ACCEPT="text/html",
        headers={"User-Agent": BROWSER, "Origin": "https://evil.example"},
    )
    assert response.status_code == 403
    assert Rating.objects.count() == 0


# Refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"score": 0}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": 6}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": -1}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": 4.5}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": True}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": "năm"}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": None}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({"score": [5]}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ({}, "Vui lòng chọn số điểm từ 1 đến 5 sao."),
        ([5], "Dữ liệu gửi lên không đúng định dạng JSON."),
        ("{score: 5", "Dữ liệu gửi lên không đúng định dạng JSON."),
        ({"score": 5, "padding": "x" * 2000}, "Yêu cầu gửi lên quá lớn."),
    ],
    ids=[
        "zero",
        "six",
        "negative",
        "fraction",
        "boolean",
        "word",
        "null",
        "list",
        "missing",
        "array",
        "broken",
        "large",
    ],
)
def test_a_bad_score_is_a_400_with_a_vietnamese_message(client, article, body, message):
    data = body if isinstance(body, str) else json.dumps(body)
    response = client.post(url(article), data, **JSON, **browser())
    assert response.status_code == 400
    assert response.json() == {"error": message}
    assert Rating.objects.count() == 0


@pytest.mark.parametrize("data", [{"score": ""}, {"score": "5.0"}, {"diem": "5"}, {}])
def test_a_bad_form_field_is_a_400(client, article, data):
    response = client.post(url(article), data, HTTP_ACCEPT="application/json", **browser())
    assert response.status_code == 400


def test_a_body_that_is_not_utf8_is_a_400(client, article):
    response = client.post(url(article), b'{"score": "\xff"}', **JSON, **browser())
    assert response.status_code == 400


def test_a_broken_multipart_body_is_a_400_not_a_500(client, article):
    response = client.post(
        url(article),
        b"--x\r\nContent-Disposition: form-data; name=score\r\n\r\n5",
        content_type="multipart/form-data",  # no boundary
        HTTP_ACCEPT="application/json",
        **browser(),
    )
    assert response.status_code == 400


def not_found_cases(article):
    unpublished = NewsPageFactory(parent=article.get_parent(), title="Bản nháp")
    unpublished.unpublish()
    private = NewsPageFactory(parent=article.get_parent(), title="Nội bộ")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="mat-khau")
    return {
        "unknown": (987654, "Trang này không tồn tại hoặc chưa được xuất bản."),
        "unpublished": (unpublished.pk, "Trang này không tồn tại hoặc chưa được xuất bản."),
        "private": (private.pk, "Trang này không tồn tại hoặc chưa được xuất bản."),
        "no ratings": (StandardPageFactory().pk, "Trang này không nhận đánh giá."),
        "section": (article.get_parent().pk, "Trang này không nhận đánh giá."),
    }


def test_unknown_unpublished_private_and_unrateable_pages_are_404s(client, article):
    for name, (page_id, message) in not_found_cases(article).items():
        for response in (client.get(url(page_id)), rate(client, page_id, 4)):
            assert response.status_code == 404, name
            assert response.json() == {"error": message}, name
    assert Rating.objects.count() == 0


def test_a_404_for_a_plain_form_is_a_page(client):
    response = client.post(url(987654), {"score": "4"}, HTTP_ACCEPT="text/html", **browser())
    assert response.status_code == 404
    assert (
        soup(response).select_one("[role=alert]").get_text(strip=True).startswith("Trang này không tồn tại")
    )


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_405s(client, article, method):
    response = getattr(client, method)(
        url(article), json.dumps({"score": 3}), content_type="application/json"
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"
    assert response.json()["error"]


def test_messages_follow_the_pages_language(client, article):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translated = article.copy_for_translation(english, copy_parents=True)
    translated.save_revision().publish()
    response = rate(client, translated, 9)
    assert response.json() == {"error": "Choose a score from 1 to 5 stars."}
    assert rate(client, translated, 5).json()["label"] == "Article rating (5.0/5 · 1 rating)"


# Rate limit, bots, previews --------------------------------------------------------------------


@override_settings(RATINGS_RATE_LIMIT="3/600")
def test_too_many_ratings_from_one_connection_get_a_429_with_retry_after(article):
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, 0, tzinfo=HCM), tick=False):
        for score in (5, 4, 3):
            assert rate(reader(), article, score).status_code in (200, 201)
        response = rate(reader(), article, 2)  # a new cookie does not escape the limit
        assert response.status_code == 429
        assert response["Retry-After"] == "600"
        assert response.json()["retry_after"] == 600
        assert response.json()["error"] == "Bạn đã gửi quá nhiều đánh giá. Vui lòng thử lại sau 600 giây."
        assert rate(reader(), article, 2, ip="198.51.100.20").status_code == 201  # another connection
        html = reader().post(url(article), {"score": "2"}, HTTP_ACCEPT="text/html", **browser())
        assert html.status_code == 429 and html["Retry-After"] == "600"
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 10, 0, tzinfo=HCM), tick=False):
        assert rate(reader(), article, 1).status_code == 201
    assert Rating.objects.count() == 5


@override_settings(RATINGS_RATE_LIMIT="3/600", TRUSTED_PROXIES=["10.0.0.0/8"])
def test_rotating_x_forwarded_for_and_the_browser_does_not_escape_the_rate_limit(article):
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, 0, tzinfo=HCM), tick=False):
        codes = [
            reader()
            .post(
                url(article),
                json.dumps({"score": 1 + number % 5}),
                **JSON,
                **browser(
                    "203.0.113.66",
                    agent=f"Mozilla/5.0 build/{number}",
                    **{"X-Forwarded-For": f"198.51.100.{number + 1}", "X-Real-IP": f"192.0.2.{number + 1}"},
                ),
            )
            .status_code
            for number in range(25)
        ]
    assert codes[:3] == [201, 201, 201]
    assert set(codes[3:]) == {429}
    assert Rating.objects.count() == 3


@override_settings(RATINGS_RATE_LIMIT="3/600", TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_a_trusted_proxy_each_reader_has_their_own_rate_limit(article):
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, 0, tzinfo=HCM), tick=False):
        for number in range(5):
            forwarded = {"HTTP_X_FORWARDED_FOR": f"198.51.100.{number + 1}"}
            assert rate(reader(), article, 4, ip="10.0.0.2", **forwarded).status_code == 201
    assert Rating.objects.count() == 5


@pytest.mark.parametrize(
    "agent",
    ["", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0"],
    ids=["no-agent", "googlebot", "curl"],
)
def test_bots_cannot_rate(client, article, agent):
    response = client.post(
        url(article),
        json.dumps({"score": 5}),
        **JSON,
        REMOTE_ADDR="203.0.113.10",
        headers={"User-Agent": agent},
    )
    assert response.status_code == 403
    assert response.json()["error"] == "Không ghi nhận đánh giá từ công cụ tự động."
    assert Rating.objects.count() == 0


def test_ratings_from_the_admin_preview_do_not_count(client, article):
    response = rate(client, article, 5, HTTP_REFERER="http://testserver/admin/pages/7/edit/preview/")
    assert response.status_code == 403
    assert response.json()["error"] == "Bản xem trước không nhận đánh giá."
    assert Rating.objects.count() == 0


def test_the_preview_shows_the_stars_disabled(article):
    document = soup(article.make_preview_request())
    box = document.select_one("section.rating")
    assert box.fieldset.has_attr("disabled")
    assert box.select_one("[role=status]").get_text(strip=True) == "Bản xem trước không nhận đánh giá."
    assert document.select_one("script[src$='ratings/ratings.js']") is None


# One rating per reader, also under concurrency ------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_ratings_by_one_reader_make_one_rating():
    page = NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-dong-thoi"))
    token = services.new_reader_token()
    threads = 12
    barrier = threading.Barrier(threads)
    created = []

    def submit(score):
        try:
            barrier.wait()
            created.append(services.save_rating(page.pk, token, score))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=submit, args=(n % 5 + 1,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert created.count(True) == 1 and len(created) == threads
    assert Rating.objects.filter(page=page).count() == 1


# Admin report ----------------------------------------------------------------------------------


def test_the_admin_report_lists_the_best_and_worst_rated_pages(client, article):
    good = NewsPageFactory(parent=article.get_parent(), title="Bài được khen")
    poor = NewsPageFactory(parent=article.get_parent(), title="Bài bị chê")
    lonely = NewsPageFactory(parent=article.get_parent(), title="Bài một lượt")
    for number in range(3):
        ip = f"203.0.113.{number + 1}"
        rate(reader(), good, 5, ip=ip)
        rate(reader(), poor, 1 + number % 2, ip=ip)
        rate(reader(), article, 3, ip=ip)
    rate(reader(), lonely, 5)
    admin = get_user_model().objects.create_superuser("quan-tri", "qt@example.com", "mat-khau-dai-123")
    client.force_login(admin)

    response = client.get(reverse("ratings_admin"))
    assert response.status_code == 200
    document = soup(response)
    best, worst = document.select("table.listing")
    assert [row.td.get_text(strip=True) for row in best.select("tbody tr")] == [
        "Bài được khen",
        article.title,
        "Bài bị chê",
    ]
    assert [row.td.get_text(strip=True) for row in worst.select("tbody tr")][0] == "Bài bị chê"
    assert "1,3/5" in worst.get_text()  # (1 + 2 + 1) / 3
    assert "Bài một lượt" not in response.content.decode()  # fewer than 3 ratings by default

    assert "Bài một lượt" in client.get(reverse("ratings_admin"), {"min": 1}).content.decode()

    export = client.get(reverse("ratings_admin"), {"export": "csv"})
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Số trang,Tiêu đề,Loại trang,Địa chỉ,Điểm trung bình,Lượt đánh giá"
    assert len(lines) == 5


def test_the_admin_report_needs_admin_access(client):
    response = client.get(reverse("ratings_admin"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# Cached pages ----------------------------------------------------------------------------------


@override_settings(PAGE_CACHE_ENABLED=True)
def test_a_rating_purges_the_cached_page_so_its_next_load_shows_the_new_average(client, article):
    def heading(response):
        return soup(response).select_one("#rating h2").get_text(" ", strip=True)

    reader_page = Client()
    assert reader_page.get(article.url)["X-Page-Cache"] == "miss"
    cached = reader_page.get(article.url)
    assert cached["X-Page-Cache"] == "hit"
    assert heading(cached) == "Đánh giá bài viết (chưa có lượt đánh giá)"
    assert rate(client, article, 4).status_code == 201
    fresh = reader_page.get(article.url)
    assert fresh["X-Page-Cache"] == "miss"
    assert heading(fresh) == "Đánh giá bài viết (4,0/5 · 1 lượt)"
    assert reader_page.get(article.url)["X-Page-Cache"] == "hit"  # and it is stored again


def test_the_admin_report_shows_every_rated_page_when_none_reaches_the_default_minimum(client, article):
    rate(reader(), article, 4)
    admin = get_user_model().objects.create_superuser("quan-tri", "qt@example.com", "mat-khau-dai-123")
    client.force_login(admin)

    document = soup(client.get(reverse("ratings_admin")))
    best, _worst = document.select("table.listing")
    assert [row.td.get_text(strip=True) for row in best.select("tbody tr")] == [article.title]
    assert "Chưa trang nào có đủ 3 lượt đánh giá" in document.get_text()
    assert document.select_one("#ratings-min option[selected]")["value"] == "1"

    # A minimum chosen on purpose is kept, even when it leaves the tables empty.
    chosen = soup(client.get(reverse("ratings_admin"), {"min": 3}))
    assert article.title not in chosen.get_text()
    assert "Chưa trang nào có đủ" not in chosen.get_text()
