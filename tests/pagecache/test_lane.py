"""The page cache's WSGI lane (pagecache/lane.py): hits answered before Django's request handling, with
exactly the answer the whole stack gives."""

import io

import pytest

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings

from pagecache import cache as page_cache
from pagecache.lane import PageCacheLane
from tests.engagement import BROWSER
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]
CRAWLER = "Googlebot/2.1 (+http://www.google.com/bot.html)"


@pytest.fixture
def article():
    return NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-tuc"), title="Chuyển đổi số", slug="cds")


def environ(path, agent=CRAWLER, **headers):
    base = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.10",
        "HTTP_HOST": "testserver",
        "HTTP_USER_AGENT": agent,
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    for name, value in headers.items():
        base["HTTP_" + name.upper().replace("-", "_")] = value
    return base


def call(application, env):
    started = []
    result = application(env, lambda status, headers, exc_info=None: started.append((status, headers)))
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    status, headers = started[0]
    return status, dict(headers), body


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """As Django's test client does: a request must not close the test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def django_app():
    return WSGIHandler()


@pytest.fixture
def lane(django_app):
    return PageCacheLane(django_app)


def test_a_hit_is_answered_as_the_whole_stack_answers_it(article, django_app, lane):
    call(django_app, environ(article.url))  # stored
    for encoding in ("", "gzip, deflate"):
        whole = call(django_app, environ(article.url, **{"Accept-Encoding": encoding}))
        fast = call(lane, environ(article.url, **{"Accept-Encoding": encoding}))
        assert whole[1]["X-Page-Cache"] == fast[1]["X-Page-Cache"] == "hit"
        assert fast[0] == whole[0] == "200 OK"
        assert fast[1].keys() == whole[1].keys()
        for name in whole[1]:
            if name != "X-Request-ID":
                assert fast[1][name] == whole[1][name], name
        assert fast[1]["X-Request-ID"] != whole[1]["X-Request-ID"]
        assert fast[2] == whole[2]


def test_a_hit_skips_djangos_request_handling(article, lane):
    started = []

    def receiver(**kwargs):
        started.append(kwargs)

    request_started.connect(receiver)
    try:
        assert call(lane, environ(article.url))[1]["X-Page-Cache"] == "miss"
        assert len(started) == 1
        assert call(lane, environ(article.url))[1]["X-Page-Cache"] == "hit"
        assert len(started) == 1
    finally:
        request_started.disconnect(receiver)


def test_a_miss_is_looked_up_once(article, lane, monkeypatch):
    lookups = []
    original = page_cache.lookup

    def counting(key):
        lookups.append(key)
        return original(key)

    monkeypatch.setattr(page_cache, "lookup", counting)
    status, headers, _ = call(lane, environ(article.url, agent=BROWSER))
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "miss")
    assert len(lookups) == 1


def test_revalidation_gets_a_304_from_the_lane(article, lane):
    call(lane, environ(article.url))
    etag = call(lane, environ(article.url))[1]["ETag"]
    status, headers, body = call(lane, environ(article.url, **{"If-None-Match": etag}))
    assert (status, body) == ("304 Not Modified", b"")
    assert headers["ETag"] == etag


@pytest.mark.parametrize(
    "headers",
    [{"Cookie": "sessionid=abc"}, {"Cookie": "messages=xyz"}],
    ids=["session", "messages"],
)
def test_readers_with_a_session_or_a_message_go_through_django(article, lane, headers):
    call(lane, environ(article.url))
    assert call(lane, environ(article.url))[1]["X-Page-Cache"] == "hit"
    assert call(lane, environ(article.url, **headers))[1].get("X-Page-Cache") == "bypass"


def test_plain_http_is_redirected_by_django_before_the_lane_answers(article):
    with override_settings(SECURE_SSL_REDIRECT=True):
        lane = PageCacheLane(WSGIHandler())  # Django's security middleware reads the setting once
        secure = {"wsgi.url_scheme": "https", "SERVER_PORT": "443"}
        call(lane, {**environ(article.url), **secure})
        assert call(lane, {**environ(article.url), **secure})[1]["X-Page-Cache"] == "hit"
        status, headers, _ = call(lane, environ(article.url))
    assert status.startswith("301")
    assert headers["Location"] == "https://testserver" + article.url


def test_a_failure_in_the_lane_leaves_the_request_to_django(article, lane, monkeypatch, caplog):
    call(lane, environ(article.url))

    def broken(self, environ):
        raise RuntimeError("the lane is broken")

    monkeypatch.setattr(PageCacheLane, "_hit", broken)
    status, headers, body = call(lane, environ(article.url))
    assert (status, headers["X-Page-Cache"]) == ("200 OK", "hit")  # from Django's own page cache
    assert "Chuyển đổi số" in body.decode()
    assert "answering through Django instead" in caplog.text
