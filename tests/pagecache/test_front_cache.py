"""The front cache (nginx, deploy/nginx/): what the portal lets it keep, and what a change purges there."""

import datetime
import gzip
import http.server
import socket
import threading
import zoneinfo

import pytest
import time_machine

from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import Client, RequestFactory

from wagtail.models import PageViewRestriction

from pagecache import cache as page_cache
from pagecache import front
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from tests.factories.pages import default_home

pytestmark = pytest.mark.django_db

PURGE_LISTENER = "http://127.0.0.1:9"  # nothing listens there (the discard port): tests replace the sender


@pytest.fixture
def front_cache(settings, monkeypatch):
    """A front cache of 60 s; the addresses it is asked to purge, gathered instead of sent."""
    settings.FRONTEND_CACHE_URL = PURGE_LISTENER
    settings.FRONT_CACHE_SECONDS = 60
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "pagecache.front.NginxBackend", "LOCATION": PURGE_LISTENER}
    }
    settings.WAGTAILFRONTENDCACHE_LANGUAGES = []
    purged = []
    monkeypatch.setattr(front.NginxBackend, "purge_batch", lambda backend, urls: purged.extend(urls))
    return purged


@pytest.fixture
def section():
    return NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")


@pytest.fixture
def article(section):
    return NewsPageFactory(parent=section, title="Tiền Giang đẩy mạnh chuyển đổi số", slug="chuyen-doi-so")


def directives(response):
    return set(filter(None, (part.strip() for part in response.get("Cache-Control", "").split(","))))


def shared(response):
    return {"public", "s-maxage=60"} <= directives(response) and "private" not in directives(response)


# What the front cache may keep ----------------------------------------------------------------------


def test_an_anonymous_page_is_shared_for_a_minute_and_revalidated_by_browsers(front_cache, article):
    response = Client().get(article.url)
    assert response.status_code == 200
    assert directives(response) == {"public", "max-age=0", "s-maxage=60"}
    # The session was looked at to find nobody: every reader without one gets this very page.
    assert "cookie" not in response.get("Vary", "").lower()
    assert not response.cookies


def test_a_shared_page_is_sent_gzipped_so_that_nginx_keeps_one_copy(front_cache, article):
    response = Client().get(article.url, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Tiền Giang đẩy mạnh chuyển đổi số" in gzip.decompress(response.content).decode()
    assert "Accept-Encoding" in response["Vary"]


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "messages"])
def test_a_reader_with_a_session_csrf_or_message_cookie_gets_a_private_page(front_cache, article, cookie):
    reader = Client()
    reader.cookies[cookie] = "abc"
    response = reader.get(article.url)
    assert response.status_code == 200
    assert "private" in directives(response)
    assert not shared(response)


def test_an_editor_gets_private_pages(front_cache, article):
    editor = get_user_model().objects.create_superuser("bientap", "bientap@example.gov.vn", "mat-khau-dai-1")
    client = Client()
    client.force_login(editor)
    response = client.get(article.url)
    assert "private" in directives(response)


def test_a_restricted_page_and_its_password_form_are_never_shared(front_cache, article):
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-1"
    )
    reader = Client()
    form = reader.get(article.url)
    assert "private" in directives(form) and "no-store" in directives(form)
    reader.post(
        f"/_util/authenticate_with_password/{PageViewRestriction.objects.get().pk}/{article.pk}/",
        {"password": "mat-khau-1", "return_url": article.url},
    )
    page = reader.get(article.url)
    assert "Tiền Giang đẩy mạnh chuyển đổi số" in page.content.decode()
    assert "private" in directives(page)


def test_a_preview_is_never_shared(front_cache, article):
    editor = get_user_model().objects.create_superuser("bientap", "bientap@example.gov.vn", "mat-khau-dai-1")
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert response.status_code == 200
    assert "private" in directives(response)


def test_a_page_carrying_a_csrf_token_is_never_shared(front_cache):
    def form(request):
        return HttpResponse(
            f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}">'
        )

    request = RequestFactory().get("/lien-he/")
    response = front.FrontCacheHeadersMiddleware(CsrfViewMiddleware(form))(request)
    assert response.cookies  # the token's cookie
    assert "private" in directives(response)


@pytest.mark.parametrize(
    "query", ["?q=chuyen+doi+so", "?zz=1", "?rated=5"], ids=["search", "unread", "rating"]
)
def test_queries_that_are_personal_or_read_by_nobody_are_never_shared(front_cache, section, query):
    response = Client().get(section.url + query)
    assert response.status_code == 200
    assert "private" in directives(response)


def test_a_register_search_is_shared_and_purged_by_a_new_document(
    front_cache, django_capture_on_commit_callbacks
):
    register = LegalDocumentIndexPageFactory()
    LegalDocumentPageFactory(parent=register, summary="Quy chế chuyển đổi số")
    address = register.url + "?q=chuyen+doi+so&page=2"
    assert shared(Client().get(address))
    with django_capture_on_commit_callbacks(execute=True):
        LegalDocumentPageFactory(parent=register, summary="Chuyển đổi số cấp xã")
    assert front.drain(5)
    assert address in {url.split("testserver", 1)[1] for url in front_cache}


def test_a_listing_page_number_is_shared(front_cache, section):
    for number in range(12):
        NewsPageFactory(parent=section, title=f"Tin số {number}")
    response = Client().get(section.url + "?page=2")
    assert shared(response)


def test_writes_and_the_beacon_are_never_shared(front_cache, article):
    response = Client().post(article.url, {"x": "1"})
    assert not shared(response)
    beacon = Client().get(f"/api/stats/hit.gif?page={article.pk}&path={article.url}")
    assert "private" in directives(beacon) and "no-store" in directives(beacon)


def test_without_a_front_cache_anonymous_pages_carry_no_shared_lifetime(article):
    response = Client().get(article.url)
    assert "s-maxage" not in response.get("Cache-Control", "")


# What a change purges -------------------------------------------------------------------------------


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


def test_publishing_purges_every_address_that_showed_the_page(
    front_cache, article, section, django_capture_on_commit_callbacks
):
    other = StandardPageFactory(parent=default_home(), title="Liên hệ", slug="lien-he")
    reader = Client()
    for address in (article.url, section.url, section.url + "?page=1", "/", "/rss.xml", other.url):
        assert shared(reader.get(address)), address
    with django_capture_on_commit_callbacks(execute=True):
        publish_title(article, "Tiêu đề mới")
    assert front.drain(5)  # sent from the purge thread
    paths = {url.split("testserver", 1)[1] for url in front_cache}
    assert {article.url, section.url, section.url + "?page=1", "/", "/rss.xml"} <= paths
    assert other.url not in paths  # a page that does not show the article stays cached


@pytest.mark.parametrize("change", ["unpublish", "move", "delete"])
def test_unpublishing_moving_or_deleting_purges_the_page(
    front_cache, article, change, django_capture_on_commit_callbacks
):
    assert shared(Client().get(article.url))
    address = article.url
    with django_capture_on_commit_callbacks(execute=True):
        if change == "unpublish":
            article.unpublish()
        elif change == "move":
            article.move(NewsIndexPageFactory(title="Thông báo", slug="thong-bao"), pos="last-child")
        else:
            article.delete()
    assert front.drain(5)
    assert address in {url.split("testserver", 1)[1] for url in front_cache}


def test_a_render_that_began_before_a_purge_of_its_tags_is_not_shared(front_cache, article):
    tag = f"page:{article.pk}"
    before = page_cache.current_versions({tag})
    page_cache.bump(tag)  # an editor publishes while the page renders
    assert not front.register("http://testserver" + article.url, before)
    assert front.register("http://testserver" + article.url, page_cache.current_versions({tag}))


def test_a_publish_between_routing_and_the_serve_hook_is_never_shared(front_cache, article, monkeypatch):
    """Routing reads the page before its tags' versions are read: a publish that falls in between leaves
    an old render with current versions, which the change counter catches."""
    original = front.remember_versions

    def publish_then_remember(request, page):
        page_cache.bump(f"page:{page.pk}")  # the editor's publish commits right after routing
        original(request, page)

    monkeypatch.setattr(front, "remember_versions", publish_then_remember)
    assert "private" in directives(Client().get(article.url))
    monkeypatch.setattr(front, "remember_versions", original)
    assert shared(Client().get(article.url))


# Sending the purges --------------------------------------------------------------------------------


class PurgeListener(http.server.ThreadingHTTPServer):
    def __init__(self):
        self.received = []
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_PURGE(self):  # noqa: N802 - the method's name
                received.append((self.headers["Host"], self.path))
                self.send_response(200 if len(received) % 2 else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


def test_the_backend_sends_each_address_with_its_host_then_again_a_moment_later():
    listener = PurgeListener()
    try:
        backend = front.NginxBackend(
            {"LOCATION": f"http://127.0.0.1:{listener.server_port}", "REPEAT_SECONDS": 0.2}
        )
        backend.purge_batch(["https://cong.example.gov.vn/tin-tuc/", "https://cong.example.gov.vn/?page=2"])
        assert front.drain(5)
    finally:
        listener.shutdown()
    expected = [("cong.example.gov.vn", "/tin-tuc/"), ("cong.example.gov.vn", "/?page=2")]
    assert listener.received == expected * 2


def test_publishing_neither_waits_for_nor_fails_with_a_hung_front_cache(
    settings, article, caplog, django_capture_on_commit_callbacks
):
    hung = socket.socket()  # takes connections, never answers
    hung.bind(("127.0.0.1", 0))
    hung.listen(8)
    location = f"http://127.0.0.1:{hung.getsockname()[1]}"
    settings.FRONTEND_CACHE_URL = location
    settings.FRONT_CACHE_SECONDS = 60
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "pagecache.front.NginxBackend",
            "LOCATION": location,
            "TIMEOUT": 0.3,
            "RETRY_SECONDS": 1,
        }
    }
    settings.WAGTAILFRONTENDCACHE_LANGUAGES = []
    Client().get(article.url)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            publish_title(article, "Tiêu đề mới")
        assert front._worker.pending  # published, while the purges still wait for nginx
        assert front.drain(10)  # retried, then given up: the page expires by its s-maxage
    finally:
        hung.close()
    assert "PURGE http://testserver/tin-tuc/chuyen-doi-so/ failed" in caplog.text
    assert "gave up purging" in caplog.text


def test_no_shared_copy_outlives_the_day_in_vietnam(front_cache, article):
    """Pages show what depends on the day (validity, "Văn bản mới"): a page shared at 23:59:30 in
    Asia/Ho_Chi_Minh may be kept 30 s, not a minute into the next day."""
    late = datetime.datetime(2026, 12, 7, 23, 59, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(late, tick=False):
        response = Client().get(article.url)
    assert directives(response) == {"public", "max-age=0", "s-maxage=30"}
