"""The beacon that counts a page load, its no-JavaScript image, the live numbers, and the box on pages."""

import datetime
import json
import zoneinfo

import pytest
import time_machine

from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse

from tests.engagement import BROWSER, beacon, browser
from tests.factories import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
    default_home,
)
from tests.helpers import soup
from visits import counter
from visits.models import DailyVisits, PageDailyVisits

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
STATS_KEYS = {"online", "today", "this_week", "last_week", "this_month", "last_month", "total"}

pytestmark = pytest.mark.django_db


def total():
    return counter.current_stats()["total"]


def stored_page_views():
    """{page id: views} in the database, after writing through what Redis holds (if it is used)."""
    counter.flush()
    return dict(PageDailyVisits.objects.values_list("page_id", "views"))


@pytest.fixture
def page():
    return StandardPageFactory(title="Giới thiệu chung", slug="gioi-thieu")


# The beacon -------------------------------------------------------------------------------------


def test_a_page_load_is_counted_and_answered_with_the_live_numbers(client, page):
    response = beacon(client, page=page.pk, path=page.url)
    assert response.status_code == 200
    body = response.json()
    assert body["counted"] is True
    assert set(body) == STATS_KEYS | {"counted"}
    assert body["total"] == body["today"] == body["online"] == 1
    assert stored_page_views() == {page.pk: 1}
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]


def test_every_load_counts_even_by_the_same_reader(client, page):
    for _ in range(3):
        assert beacon(client, page=page.pk, path=page.url).json()["counted"] is True
    stats = counter.current_stats()
    assert (stats["total"], stats["online"]) == (3, 1)


def test_a_form_encoded_beacon_counts_too(client, page):
    response = client.post(reverse("visits_hit"), {"page": page.pk, "path": page.url}, **browser())
    assert response.json()["counted"] is True


def test_the_no_javascript_image_counts_and_is_never_cached(client, page):
    response = client.get(reverse("visits_hit_pixel"), {"page": page.pk, "path": page.url}, **browser())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"GIF89a")
    assert total() == 1


def test_views_of_pages_that_are_not_wagtail_pages_count_for_the_site(client):
    assert beacon(client, page=None, path="/search/").json()["counted"] is True
    assert (total(), stored_page_views()) == (1, {})


def test_an_unpublished_or_unknown_page_counts_for_the_site_only(client, page):
    page.unpublish()
    assert beacon(client, page=page.pk, path=page.url_path).json()["counted"] is True
    assert beacon(client, page=987654, path="/khong-co/").json()["counted"] is True
    assert (total(), stored_page_views()) == (2, {})


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "none"},  # typed into the address bar
        {"Origin": "https://evil.example"},
        {"Referer": "https://evil.example/trang.html"},
        {},  # nothing says where it comes from
    ],
    ids=["cross-site", "same-site", "typed", "foreign-origin", "foreign-referer", "no-headers"],
)
def test_requests_from_other_sites_are_refused(client, page, headers):
    response = client.post(
        reverse("visits_hit"),
        {"page": page.pk, "path": page.url},
        content_type="application/json",
        headers={"User-Agent": BROWSER, **headers},
    )
    assert response.status_code == 403
    assert "error" in response.json()
    assert total() == 0


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "http://testserver"}, {"Referer": "http://testserver/gioi-thieu/"}],
    ids=["origin", "referer"],
)
def test_older_browsers_are_recognised_by_origin_or_referer(client, page, headers):
    response = client.post(
        reverse("visits_hit"),
        {"page": page.pk, "path": page.url},
        content_type="application/json",
        headers={"User-Agent": BROWSER, **headers},
    )
    assert response.json()["counted"] is True


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "curl/8.5.0",
        "python-requests/2.32.3",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0",
    ],
    ids=["no-agent", "googlebot", "bingbot", "facebook", "curl", "python", "headless"],
)
def test_bots_are_not_counted(client, page, agent):
    response = beacon(client, page=page.pk, path=page.url, agent=agent)
    assert response.status_code == 200
    assert response.json()["counted"] is False
    assert total() == 0


def test_a_phone_called_cubot_is_not_a_bot(client, page):
    agent = "Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36"
    assert beacon(client, page=page.pk, path=page.url, agent=agent).json()["counted"] is True


@pytest.mark.parametrize(
    ("path", "referer"),
    [
        ("/admin/pages/3/edit/preview/", None),  # the preview's own address
        ("/gioi-thieu/", "http://testserver/admin/pages/3/edit/"),  # sent from inside the admin
        ("/static/css/portal.css", None),
        ("/media/images/anh.jpg", None),
        ("/documents/12/quyet-dinh.pdf", None),
        ("/api/stats/visits/", None),
    ],
    ids=["admin-path", "admin-referer", "static", "media", "document", "api"],
)
def test_admin_previews_and_assets_are_not_counted(client, page, path, referer):
    headers = {"Referer": referer} if referer else {}
    response = beacon(client, page=page.pk, path=path, **headers)
    assert response.json()["counted"] is False
    assert total() == 0


@pytest.mark.parametrize(
    "body",
    [
        {"page": 1, "path": "gioi-thieu"},
        {"page": 1, "path": "//evil.example/"},
        {"page": 1, "path": None},
        {"page": 1},
        {"page": "mot", "path": "/"},
        {"page": -3, "path": "/"},
        {"page": True, "path": "/"},
        {"page": 1, "path": "/" + "a" * 2001},
        [1, "/"],
    ],
    ids=["relative", "other-host", "null-path", "no-path", "word", "negative", "boolean", "too-long", "list"],
)
def test_malformed_beacons_get_a_400_with_a_message(client, body):
    response = client.post(reverse("visits_hit"), body, content_type="application/json", **browser())
    assert response.status_code == 400
    assert response.json()["error"]
    assert total() == 0


def test_a_beacon_that_is_not_json_gets_a_400(client):
    response = client.post(reverse("visits_hit"), "{page: 1", content_type="application/json", **browser())
    assert response.status_code == 400
    assert response.json()["error"] == "Dữ liệu gửi lên không đúng định dạng JSON."


def test_only_post_counts(client):
    assert client.get(reverse("visits_hit"), **browser()).status_code == 405
    assert client.head(reverse("visits_hit_pixel"), **browser()).status_code == 405


@override_settings(VISITS_RATE_LIMIT="3/60")
def test_a_reader_who_sends_too_many_is_told_when_to_retry(client, page):
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, 15, tzinfo=HCM), tick=False):
        for _ in range(3):
            assert beacon(client, page=page.pk, path=page.url).status_code == 200
        response = beacon(client, page=page.pk, path=page.url)
        assert response.status_code == 429
        assert response["Retry-After"] == "45"  # the rest of the minute
        assert response.json()["retry_after"] == 45
        # Another reader is not affected.
        assert beacon(client, page=page.pk, path=page.url, ip="198.51.100.7").status_code == 200
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 1, 0, tzinfo=HCM), tick=False):
        assert beacon(client, page=page.pk, path=page.url).status_code == 200
    assert total() == 5


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_readers_are_told_apart_by_x_forwarded_for(client, page):
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.2"):
        beacon(client, page=page.pk, path=page.url, ip="127.0.0.1", **{"X-Forwarded-For": address})
    assert counter.current_stats()["online"] == 2


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_x_forwarded_for_from_an_untrusted_address_does_not_make_new_readers(client, page):
    for number in range(30):
        forged = {"X-Forwarded-For": f"198.51.100.{number + 1}", "X-Real-IP": f"192.0.2.{number + 1}"}
        beacon(client, page=page.pk, path=page.url, ip="203.0.113.66", **forged)
    assert counter.current_stats()["online"] == 1


def test_rotating_the_user_agent_from_one_address_cannot_inflate_the_online_count(client, page, settings):
    settings.VISITS_RATE_LIMIT = "20/60"
    most = settings.VISITS_READERS_PER_ADDRESS
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, 0, tzinfo=HCM), tick=False):
        answers = [
            beacon(client, page=page.pk, path=page.url, ip="203.0.113.66", agent=f"{BROWSER} build/{number}")
            for number in range(200)
        ]
        stats = counter.current_stats()
        assert 1 < stats["online"] <= most
        # The rate limit holds for the address too: at most its few readers' worth of views.
        assert stats["total"] <= 20 * most
        assert sum(answer.status_code == 429 for answer in answers) >= 200 - 20 * most
        # Another address is another reader.
        beacon(client, page=page.pk, path=page.url, ip="198.51.100.7")
        assert counter.current_stats()["online"] == stats["online"] + 1


def test_turned_off_nothing_is_counted_or_shown(client, page, settings):
    settings.VISITS_ENABLED = False
    assert beacon(client, page=page.pk, path=page.url).json() == {"counted": False}
    document = soup(client.get(page.url))
    assert document.select("[data-visit-stats]") == []
    assert document.select("#visit-beacon") == []
    assert total() == 0


# The live numbers ------------------------------------------------------------------------------


def test_the_statistics_api_returns_exactly_the_seven_numbers(client, page):
    beacon(client, page=page.pk, path=page.url)
    response = client.get(reverse("visits_stats"))
    assert response.status_code == 200
    assert response.json() == {
        "online": 1,
        "today": 1,
        "this_week": 1,
        "last_week": 0,
        "this_month": 1,
        "last_month": 0,
        "total": 1,
    }
    assert "no-cache" in response["Cache-Control"]


# The box and the beacon on pages ---------------------------------------------------------------


def every_kind_of_page():
    return [
        default_home(),
        StandardPageFactory(),
        NewsIndexPageFactory(slug="tin-tuc"),
        NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-khac")),
        InspectionReportIndexPageFactory(slug="thanh-tra"),
        InspectionReportPageFactory(parent=InspectionReportIndexPageFactory(slug="thanh-tra-khac")),
        LegalDocumentIndexPageFactory(slug="van-ban"),
        LegalDocumentPageFactory(parent=LegalDocumentIndexPageFactory(slug="van-ban-khac")),
    ]


def test_every_page_shows_the_box_once_and_carries_the_beacon(client):
    DailyVisits.objects.create(day=datetime.date(2020, 1, 1), views=12345)
    labels = [
        "Đang truy cập",
        "Hôm nay",
        "Tuần hiện tại",
        "Tuần trước",
        "Tháng hiện tại",
        "Tháng trước",
        "Tổng lượt truy cập",
    ]
    for page in every_kind_of_page():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        document = soup(response)
        boxes = document.select("aside [data-visit-stats]")
        assert len(boxes) == 1, page.url
        box = boxes[0]
        assert box.find(["h2", "h3"]).get_text(strip=True) == "Thống kê truy cập"
        assert [dt.get_text(strip=True) for dt in box.select("dt")] == labels
        assert box.select_one('[data-stat="total"]').get_text() == "12.345"  # Vietnamese grouping
        assert box.select_one("a[href='/cach-tinh-so-lieu-truy-cap/']")
        script = document.select_one("script#visit-beacon")
        assert script["data-page"] == str(page.pk), page.url
        assert script["data-hit-url"] == "/api/stats/hit"
        noscript = document.select_one("noscript").decode_contents()
        assert "/api/stats/hit.gif?page=" in noscript
    # Rendering pages counts nothing: only the beacon does.
    assert total() == 12345


def test_a_page_that_does_not_exist_is_not_counted(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert soup(response).select("#visit-beacon") == []


def test_the_admin_preview_has_no_beacon(page):
    response = page.make_preview_request()
    assert response.status_code == 200
    assert b"visit-beacon" not in response.content


def test_the_note_on_what_is_counted(client):
    response = client.get(reverse("visits_about"))
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert "Không lưu địa chỉ IP" in text
    assert "5 phút" in text
    assert "thứ Hai" in text


def test_robots_keep_out_of_the_apis(client):
    assert "Disallow: /api/" in client.get("/robots.txt").content.decode()


# Pages served from a cache ---------------------------------------------------------------------

CACHED = [
    "django.middleware.cache.UpdateCacheMiddleware",
    *django_settings.MIDDLEWARE,
    "django.middleware.cache.FetchFromCacheMiddleware",
]


@override_settings(MIDDLEWARE=CACHED, CACHE_MIDDLEWARE_SECONDS=300)
def test_pages_served_from_a_cache_are_still_counted_and_show_live_numbers(client, page):
    first = client.get(page.url)
    assert first.status_code == 200
    # Change the page behind the cache's back: a cached copy still shows the old title.
    type(page).objects.filter(pk=page.pk).update(title="Tiêu đề mới")
    loads = [first]
    for _ in range(3):
        response = client.get(page.url)
        assert "Tiêu đề mới" not in response.content.decode(), "served from the cache"
        assert response.content == first.content
        loads.append(response)
    for response in loads:
        # What the browser does with each copy of the page: run its beacon.
        script = soup(response).select_one("script#visit-beacon")
        hit = client.post(
            script["data-hit-url"],
            json.dumps({"page": int(script["data-page"]), "path": page.url}),
            content_type="application/json",
            **browser(),
        )
        assert hit.json()["counted"] is True
    assert total() == 4
    assert stored_page_views() == {page.pk: 4}
    # The cached HTML still says 0; the numbers the script shows come from the API.
    assert soup(loads[-1]).select_one('[data-stat="total"]').get_text() == "0"
    assert client.get(reverse("visits_stats")).json()["total"] == 4


def test_without_javascript_the_box_says_when_its_figures_were_read(client, page):
    """A page from a cache shows the figures of its render: the box says when, Vietnam time, and the
    script hides the note once it has put in the beacon's figures."""
    with time_machine.travel(datetime.datetime(2026, 3, 18, 8, 5, 0, tzinfo=HCM), tick=False):
        beacon(client, page=page.pk, path=page.url)
        response = client.get(page.url)
    note = soup(response).select_one("[data-visit-stats] [data-visit-as-of]")
    assert note.get_text() == "Số liệu lúc 18/03/2026 08:05"
    assert soup(response).select_one('[data-stat="total"]').get_text() == "1"
    pixel = soup(response).select_one("noscript img.visit-pixel")
    assert pixel["src"].startswith(reverse("visits_hit_pixel"))
