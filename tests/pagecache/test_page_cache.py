"""The anonymous page cache: who is served from it, what purges it, and the HTTP caching headers."""

import datetime
import gzip
import json
import zoneinfo
from unittest import mock

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from wagtail.models import PageViewRestriction

from home.models import PortalSettings
from pagecache import cache as page_cache
from tests.engagement import browser
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.pages import default_home
from tests.helpers import soup

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def section():
    return NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")


@pytest.fixture
def article(section):
    return NewsPageFactory(parent=section, title="Tiền Giang đẩy mạnh chuyển đổi số", slug="chuyen-doi-so")


def state(response):
    return response.get("X-Page-Cache")


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


# Served from the cache --------------------------------------------------------------------------------


def test_an_anonymous_reader_gets_the_stored_page_the_second_time(client, article):
    first = client.get(article.url)
    second = client.get(article.url)
    assert (state(first), state(second)) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Tiền Giang đẩy mạnh chuyển đổi số" in second.content.decode()
    assert set(second["Cache-Control"].split(", ")) == {"public", "max-age=0", "must-revalidate"}
    assert second["ETag"] == first["ETag"]
    assert second["Last-Modified"]


# Served early, with every header of the normal path ------------------------------------------------------

# Differ from one response to the next whichever way it is answered.
VOLATILE = {"Date", "X-Request-ID", "X-Page-Cache", "Expires"}


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True
)
def test_a_hit_carries_the_same_security_headers_as_a_freshly_rendered_page(client, article):
    miss = client.get(article.url, secure=True, headers={"X-Request-ID": "doc-1"})
    hit = client.get(article.url, secure=True, headers={"X-Request-ID": "doc-2"})
    assert (state(miss), state(hit)) == ("miss", "hit")
    assert {name: value for name, value in hit.items() if name not in VOLATILE} == {
        name: value for name, value in miss.items() if name not in VOLATILE
    }
    assert (miss["X-Request-ID"], hit["X-Request-ID"]) == ("doc-1", "doc-2")
    assert hit["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert hit["Content-Security-Policy"].startswith("default-src 'self'")
    assert "script-src 'self';" in hit["Content-Security-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]


def test_a_hit_costs_no_query_and_runs_no_session_or_csrf_work(client, article, django_assert_num_queries):
    client.get(article.url)
    with django_assert_num_queries(0):
        hit = client.get(article.url)
    assert state(hit) == "hit"
    assert not hit.cookies  # no CSRF or session cookie is set by a page from the cache


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_still_redirected_to_https_before_the_cache_answers(client, article):
    assert state(client.get(article.url, secure=True)) == "miss"
    assert state(client.get(article.url, secure=True)) == "hit"
    redirect = client.get(article.url)
    assert redirect.status_code == 301
    assert redirect["Location"] == "https://testserver" + article.url


def test_the_query_string_is_part_of_the_key_in_any_order(client, section, article):
    assert state(client.get(section.url, {"page": 1, "tag": "so-hoa"})) == "miss"
    assert state(client.get(section.url + "?tag=so-hoa&page=1&utm_source=zalo")) == "hit"
    assert state(client.get(section.url, {"page": 2})) == "miss"


def stored_pages():
    from django.core.cache import caches

    from pagecache.cache import ENTRY_PREFIX

    backend = caches["default"]
    if hasattr(backend, "keys"):  # django-redis: the keys under this cache's prefix
        return len(backend.keys(ENTRY_PREFIX + "*"))
    return sum(ENTRY_PREFIX in key for key in backend._cache)


def test_query_parameters_the_page_does_not_read_store_nothing(client, section, article):
    """Issue 19: 300 requests of /van-ban/?zz<i>=1 made 300 stored copies of one page."""
    assert state(client.get(section.url)) == "miss"
    before = stored_pages()
    for i in range(300):
        response = client.get(f"{section.url}?zz{i}=1")
        assert response.status_code == 200
        assert state(response) == "bypass"
    assert stored_pages() == before
    # A parameter the page reads is still kept: the listing's second page, the same page with a tag.
    assert state(client.get(section.url, {"page": 2, "zz": 1})) == "bypass"
    assert state(client.get(section.url, {"page": 2})) == "miss"
    assert state(client.get(section.url, {"page": 2})) == "hit"
    assert stored_pages() == before + 1


def test_each_language_has_its_own_copy(client, article):
    assert client.get("/").headers["Content-Language"] == "vi"
    english = client.get("/en/")
    assert english.status_code == 200
    assert english.headers["Content-Language"] == "en"
    assert state(client.get("/en/")) == "hit"
    assert client.get("/").headers["Content-Language"] == "vi"


def test_a_conditional_get_gets_a_304(client, article):
    first = client.get(article.url)
    etag = first["ETag"]
    not_modified = client.get(article.url, headers={"If-None-Match": etag})
    assert not_modified.status_code == 304
    assert not not_modified.content
    since = client.get(article.url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    assert client.get(article.url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_first_response_already_answers_a_conditional_get(client, article):
    # A reader whose browser kept the page from before a restart of the cache.
    etag = Client().get(article.url)["ETag"]
    client.get(article.url)  # stored again: same markup, same ETag
    assert client.get(article.url, headers={"If-None-Match": etag}).status_code == 304


def test_browsers_that_accept_gzip_get_the_page_compressed(client, article):
    plain = client.get(article.url)
    compressed = client.get(article.url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert state(compressed) == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3
    assert compressed["ETag"] != plain["ETag"]
    again = client.get(article.url, headers={"Accept-Encoding": "gzip", "If-None-Match": compressed["ETag"]})
    assert again.status_code == 304


def test_head_requests_are_answered_from_the_cache_without_a_body(client, article):
    client.get(article.url)
    response = client.head(article.url)
    assert state(response) == "hit"
    assert response.content == b""


def test_sitemap_and_feed_are_cached_and_purged(client, section, article):
    for address in ("/sitemap.xml", "/rss.xml"):
        assert state(client.get(address)) == "miss"
        assert state(client.get(address)) == "hit"
    NewsPageFactory(parent=section, title="Bài mới về dịch vụ công", slug="bai-moi")
    for address in ("/sitemap.xml", "/rss.xml"):
        response = client.get(address)
        assert state(response) == "miss"
        assert "bai-moi" in response.content.decode()


def test_the_cache_off_serves_every_request_fresh(client, article):
    with override_settings(PAGE_CACHE_ENABLED=False):
        client.get(article.url)
        response = client.get(article.url)
    assert state(response) is None


# Purged on publish, unpublish, move, delete ------------------------------------------------------------


def test_publishing_purges_the_page_and_the_listing_that_shows_it(client, section, article):
    client.get(article.url)
    client.get(section.url)
    client.get("/")
    publish_title(article, "Tiền Giang hoàn thành chuyển đổi số")

    for address in (article.url, section.url):
        response = client.get(address)
        assert state(response) == "miss", address
        assert "Tiền Giang hoàn thành chuyển đổi số" in response.content.decode(), address
        assert "đẩy mạnh" not in response.content.decode(), address


def test_a_new_article_appears_in_its_cached_listing(client, section, article):
    client.get(section.url)
    NewsPageFactory(parent=section, title="Hội thảo an toàn thông tin mạng", slug="hoi-thao")
    assert "Hội thảo an toàn thông tin mạng" in client.get(section.url).content.decode()


def test_publishing_an_article_leaves_unrelated_pages_cached(client, section, article):
    other_section = NewsIndexPageFactory(title="Thông báo", slug="thong-bao")
    documents = LegalDocumentIndexPageFactory()
    document = LegalDocumentPageFactory(parent=documents, title="Quyết định 12/2021/QĐ-UBND")
    client.get(other_section.url)
    client.get(document.url)
    publish_title(article, "Tiêu đề mới của bài viết")
    assert state(client.get(other_section.url)) == "hit"
    assert state(client.get(document.url)) == "hit"


def test_unpublishing_removes_the_page_and_its_listing_entry(client, section, article):
    client.get(article.url)
    client.get(section.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert "Tiền Giang đẩy mạnh chuyển đổi số" not in client.get(section.url).content.decode()


def test_moving_purges_the_old_address_and_both_listings(client, section, article):
    other_section = NewsIndexPageFactory(title="Thông báo", slug="thong-bao")
    old_url = article.url
    client.get(old_url)
    client.get(section.url)
    client.get(other_section.url)
    article.move(other_section, pos="last-child")
    article.refresh_from_db()

    moved = client.get(old_url)  # Wagtail's automatic redirect, not the stored article
    assert (moved.status_code, moved["Location"]) == (301, article.url)
    assert "Tiền Giang đẩy mạnh chuyển đổi số" not in client.get(section.url).content.decode()
    assert "Tiền Giang đẩy mạnh chuyển đổi số" in client.get(other_section.url).content.decode()
    assert client.get(article.url).status_code == 200


def test_deleting_purges_the_page_and_its_listing(client, section, article):
    url = article.url
    client.get(url)
    client.get(section.url)
    article.delete()
    assert client.get(url).status_code == 404
    assert "Tiền Giang đẩy mạnh chuyển đổi số" not in client.get(section.url).content.decode()


def test_an_article_published_in_a_sub_section_reaches_the_parent_section_listing(client, section):
    sub_section = NewsIndexPageFactory(parent=section, title="Chuyển đổi số", slug="chuyen-doi-so-muc")
    NewsPageFactory(parent=sub_section, title="Bài đầu tiên của chuyên mục", slug="bai-dau-tien")
    client.get(section.url)
    assert state(client.get(section.url)) == "hit"
    NewsPageFactory(parent=sub_section, title="Hội nghị chuyển đổi số cấp xã", slug="hoi-nghi")
    assert "Hội nghị chuyển đổi số cấp xã" in client.get(section.url).content.decode()


def test_deleting_one_of_the_newest_documents_purges_every_sidebar(client, article):
    register = LegalDocumentIndexPageFactory()
    document = LegalDocumentPageFactory(
        parent=register, number="98/2026/QĐ-UBND", title="Quyết định 98/2026/QĐ-UBND"
    )
    assert "98/2026/QĐ-UBND" in client.get(article.url).content.decode()  # “Văn bản mới” box
    assert state(client.get(article.url)) == "hit"
    document.delete()
    assert "98/2026/QĐ-UBND" not in client.get(article.url).content.decode()


def test_a_new_legal_document_reaches_the_register_and_every_sidebar(client, article):
    register = LegalDocumentIndexPageFactory()
    client.get(register.url)
    client.get(article.url)
    LegalDocumentPageFactory(parent=register, number="99/2026/QĐ-UBND", title="Quyết định 99/2026/QĐ-UBND")
    assert "99/2026/QĐ-UBND" in client.get(register.url).content.decode()
    assert "99/2026/QĐ-UBND" in client.get(article.url).content.decode()  # “Văn bản mới” box


def test_changing_the_site_settings_purges_every_page(client, article):
    client.get(article.url)
    portal = PortalSettings.for_site(default_home().get_site())
    portal.department_name = "Sở Khoa học và Công nghệ"
    portal.save()
    response = client.get(article.url)
    assert state(response) == "miss"
    assert "Sở Khoa học và Công nghệ" in response.content.decode()


# Never cached ---------------------------------------------------------------------------------------


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai-1")


def test_logged_in_users_are_never_served_from_or_stored_in_the_cache(client, article, editor):
    client.force_login(editor)
    response = client.get(article.url)
    assert state(response) == "bypass"
    assert "private" in response["Cache-Control"]
    assert state(client.get(article.url)) == "bypass"

    anonymous = Client()
    assert state(anonymous.get(article.url)) == "miss"  # what the editor saw was not stored
    assert state(anonymous.get(article.url)) == "hit"
    assert state(client.get(article.url)) == "bypass"  # nor do they get the stored copy


def test_previews_never_reach_the_cache(client, article, editor):
    Client().get(article.url)
    article.title = "Bản nháp chưa duyệt"
    article.save_revision()
    client.force_login(editor)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[article.pk]))
    assert "Bản nháp chưa duyệt" in preview.content.decode()
    assert state(preview) is None

    response = Client().get(article.url)
    assert state(response) == "hit"
    assert "Bản nháp chưa duyệt" not in response.content.decode()


def test_restricted_pages_are_never_stored(article):
    restriction = PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    reader = Client()
    first = reader.get(article.url)
    assert "Tiền Giang đẩy mạnh chuyển đổi số" not in first.content.decode()  # the password form
    assert state(reader.get(article.url)) != "hit"

    form_url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, article.pk])
    reader.post(form_url, {"password": "mat-khau-1", "return_url": article.url})
    unlocked = reader.get(article.url)
    assert "Tiền Giang đẩy mạnh chuyển đổi số" in unlocked.content.decode()
    assert state(unlocked) == "bypass"
    assert "Tiền Giang đẩy mạnh chuyển đổi số" not in Client().get(article.url).content.decode()


def test_restricting_a_cached_page_purges_it(client, article):
    client.get(article.url)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302  # to the login page, not the stored article


def test_site_searches_are_never_cached(client):
    client.get("/search/?q=chuyển+đổi+số")
    assert state(client.get("/search/?q=chuyển+đổi+số")) != "hit"


@pytest.fixture
def register():
    register = LegalDocumentIndexPageFactory()
    LegalDocumentPageFactory(parent=register, number="39/2021/QĐ-UBND", summary="Quy chế chuyển đổi số")
    return register


def results(response):
    return [cell.get_text(strip=True) for cell in soup(response).select(".documents-table__number")]


def test_a_repeated_register_search_is_served_from_the_cache_without_a_query(
    client, register, django_assert_num_queries
):
    address = register.url + "?q=chuyen+doi+so&year=2021&page=1"
    first = client.get(address)
    with django_assert_num_queries(0):
        second = client.get(address)
    assert (state(first), state(second)) == ("miss", "hit")
    assert results(second) == ["39/2021/QĐ-UBND"]
    # Each query, filter and page number has its own copy.
    assert state(client.get(register.url + "?q=chuyen+doi+so&year=2020")) == "miss"


def test_a_published_document_shows_up_in_a_cached_register_search(client, register):
    address = register.url + "?q=chuyen+doi+so"
    client.get(address)
    assert state(client.get(address)) == "hit"
    LegalDocumentPageFactory(parent=register, number="7/2026/QĐ-UBND", summary="Chuyển đổi số cấp xã")
    response = client.get(address)
    assert state(response) == "miss"
    assert sorted(results(response)) == ["39/2021/QĐ-UBND", "7/2026/QĐ-UBND"]


def test_an_unpublished_document_leaves_the_cached_register_search(client, register):
    address = register.url + "?q=chuyen+doi+so"
    client.get(address)
    register.get_children().first().specific.unpublish()
    response = client.get(address)
    assert state(response) == "miss"
    assert results(response) == []


def test_a_changed_vocabulary_or_promotion_purges_the_cached_register_searches(client, register):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    address = register.url + "?q=chuyen+doi+so"
    client.get(address)
    document = register.get_children().first().specific
    document.document_type.name = "Quy chế mới"
    document.document_type.save()
    assert state(client.get(address)) == "miss"
    assert state(client.get(address)) == "hit"
    SearchPromotion.objects.create(query=Query.get("chuyen doi so"), page=default_home(), sort_order=0)
    assert state(client.get(address)) == "miss"


def test_pages_that_set_a_cookie_are_not_stored(client, article):
    client.get(article.url, {"rated": "4"})
    assert state(client.get(article.url, {"rated": "4"})) != "hit"


# Live numbers on cached pages ---------------------------------------------------------------------------


def test_a_rating_posts_from_a_cached_page_with_csrf_enforced(article):
    Client().get(article.url)  # stored by another reader
    reader = Client(enforce_csrf_checks=True)
    page = reader.get(article.url, **browser())
    assert state(page) == "hit"
    assert "csrftoken" not in reader.cookies  # a stored page hands out no token...
    api = page.content.decode().split('data-rating-url="')[1].split('"')[0]

    live = reader.get(api, **browser(Accept="application/json"))
    token = reader.cookies["csrftoken"].value  # ...the script's first call does
    assert live.json()["count"] == 0
    posted = reader.post(
        api,
        json.dumps({"score": 5}),
        content_type="application/json",
        **browser(**{"X-CSRFToken": token, "Accept": "application/json"}),
    )
    assert posted.status_code == 201, posted.content  # created
    assert reader.get(api, **browser(Accept="application/json")).json()["count"] == 1

    forged = Client(enforce_csrf_checks=True).post(
        api, json.dumps({"score": 1}), content_type="application/json", **browser(ip="203.0.113.99")
    )
    assert forged.status_code == 403


def test_a_cached_page_counts_nothing_itself_and_carries_the_beacon(client, article):
    """The beacon the page sends once loaded counts the view (tests/visits/test_beacon.py)."""
    loads = [client.get(article.url, **browser()) for _ in range(3)]
    assert [state(load) for load in loads] == ["miss", "hit", "hit"]
    assert client.get(reverse("visits_stats")).json()["total"] == 0
    assert soup(loads[-1]).select_one("script#visit-beacon")["data-page"] == str(article.pk)


def test_a_stored_page_that_this_release_cannot_read_is_rendered_again(client, article, caplog):
    """A page kept by an older release in another shape is a miss, never a 500."""
    from pagecache import cache as page_cache

    client.get(article.url)
    key = page_cache.entry_key("testserver", "vi", article.url, "")
    backend = page_cache.backend()
    stored = backend.get(key)
    assert stored is not None

    class Unreadable:
        def __reduce__(self):
            return (int, ("not a number",))  # raises ValueError when read back

    backend.set(key, {"tags": stored["tags"], "template": Unreadable()}, 60)
    page_cache.forget_local()  # the new release's processes remember no page of their own yet
    response = client.get(article.url)
    assert response.status_code == 200
    assert state(response) == "miss"
    assert state(client.get(article.url)) == "hit"
    assert "unreadable stored page" in caplog.text


def test_ten_thousand_distinct_addresses_keep_the_process_memory_bounded(settings):
    """5,000 addresses with a parameter nobody reads and 5,000 with one the view reads (``page``): the
    first store nothing, the second are kept within the cache's own bound (maxmemory: docs/deployment.md),
    and what the process remembers beside them stays under its limits."""
    from types import SimpleNamespace

    from django.core.cache import caches
    from django.http import HttpResponse
    from django.test import RequestFactory

    from pagecache import cache as page_cache
    from pagecache.middleware import PageCacheMiddleware

    def view(request):  # a listed view (the RSS feed) that reads its page number
        request.resolver_match = SimpleNamespace(url_name="rss")
        return HttpResponse(f"<p>page {request.GET.get('page', '1')}</p>".encode() * 40)

    middleware = PageCacheMiddleware(view)
    factory = RequestFactory()
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "flood"},
    }
    page_cache.forget_local()
    for i in range(5_000):
        assert middleware(factory.get(f"/rss.xml?zz{i}=1")).status_code == 200
    assert stored_pages() == 0
    for i in range(5_000):
        assert middleware(factory.get(f"/rss.xml?page={i}"))["X-Page-Cache"] == "miss"
    assert stored_pages() <= caches["default"]._max_entries
    assert len(page_cache._tag_hints) <= page_cache._MAX_HINTS
    page_cache.forget_local()


def test_a_stored_page_does_not_outlive_the_day_in_vietnam(client, section):
    """A register search or a document kept from yesterday would show yesterday's validity: a page stored
    at 23:59 in Asia/Ho_Chi_Minh is kept one minute, at noon the whole PAGE_CACHE_SECONDS."""
    hcm = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    backend = page_cache.backend()
    for moment, kept in ((datetime.datetime(2026, 12, 7, 23, 59, tzinfo=hcm), 60), (NOON, 3600)):
        with (
            time_machine.travel(moment, tick=False),
            override_settings(PAGE_CACHE_SECONDS=3600),
            mock.patch.object(type(backend), "set", autospec=True, side_effect=type(backend).set) as stored,
        ):
            client.get(NewsPageFactory(parent=section, title=f"Tin lúc {moment:%H:%M}").url)
        entries = [call for call in stored.call_args_list if call.args[1].startswith(page_cache.ENTRY_PREFIX)]
        timeouts = [call.args[3] for call in entries]
        assert timeouts == [kept]


NOON = datetime.datetime(2026, 12, 7, 12, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


def test_a_publish_between_routing_and_the_serve_hook_is_not_stored(client, article, monkeypatch):
    """As for the front cache: the old page rendered with the new versions would stay until the next
    purge; the change counter, read before routing, keeps it out."""
    from pagecache import front

    original = front.remember_versions

    def publish_then_remember(request, page):
        page_cache.bump(f"page:{page.pk}")
        original(request, page)

    monkeypatch.setattr(front, "remember_versions", publish_then_remember)
    assert state(client.get(article.url)) == "bypass"
    monkeypatch.setattr(front, "remember_versions", original)
    assert state(client.get(article.url)) == "miss"
    assert state(client.get(article.url)) == "hit"
