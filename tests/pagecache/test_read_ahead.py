"""A rendered page reads its template fragments together with the tags' versions, in one round trip
before routing, once the process has rendered the address before (pagecache.cache, home/redis_cache.py);
what it shows is the same, and a change still shows at once."""

import datetime
import zoneinfo

import pytest
import time_machine

from home import redis_cache
from pagecache import cache as page_cache
from tests.engagement import needs_redis
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.helpers import sent_to_redis

pytestmark = [pytest.mark.django_db, needs_redis]
# Frozen: the visit statistics box shows when its figures were read, the same in both renders.
NOW = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def article():
    section = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
    return NewsPageFactory(parent=section, title="Tiền Giang đẩy mạnh chuyển đổi số", slug="chuyen-doi-so")


def fragments_read(trip):
    return [key for _name, arguments in trip for key in arguments if redis_cache.FRAGMENT_PREFIX in key]


def test_the_second_render_reads_every_fragment_with_the_versions_in_one_round_trip(client, article):
    with time_machine.travel(NOW, tick=False):
        with sent_to_redis() as first_trips:
            first = client.get(article.url)
        with sent_to_redis() as second_trips:
            second = client.get(article.url)
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    # First: each fragment read alone (a GET, then the SET of its render).
    asked = [trip for trip in first_trips if [name for name, _ in trip] == ["GET"] and fragments_read(trip)]
    assert len(asked) >= 3
    # Then: all of them in the one round trip that reads the tags' versions, before routing.
    reading = [trip for trip in second_trips if fragments_read(trip)]
    assert len(reading) == 1
    [(name, keys)] = reading[0]
    assert name == "MGET"
    assert any(key.endswith(page_cache.TAG_PREFIX + page_cache.CHANGES_TAG) for key in keys)
    assert set(fragments_read(reading[0])) >= {key for trip in asked for key in fragments_read(trip)}
    assert len(second_trips) <= len(first_trips) - len(asked)


def test_a_publish_shows_at_once_though_the_old_fragments_were_read_ahead(client, article):
    client.get(article.url)
    assert "Tiền Giang đẩy mạnh chuyển đổi số" in client.get(article.url).content.decode()
    article.title = "Tiền Giang hoàn thành chuyển đổi số"
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "Tiền Giang hoàn thành chuyển đổi số" in html
    assert "đẩy mạnh" not in html


def test_what_was_read_ahead_is_forgotten_when_the_request_ends(article):
    key = redis_cache.FRAGMENT_PREFIX + "test.0"
    backend = page_cache.backend()
    redis_cache.start_request()
    redis_cache.read_ahead([key], {})  # not in the cache when the request read it
    backend.set(key, "stored since")
    assert backend.get(key) == "stored since"  # a fragment stored by the request is read again
    redis_cache.end_request()
    redis_cache.start_request()
    redis_cache.read_ahead([key], {})
    assert backend.get(key) is None  # within the request: as read ahead
    redis_cache.end_request()
    assert backend.get(key) == "stored since"  # outside: from the cache


def test_the_addresses_remembered_per_process_are_bounded(client, article, monkeypatch):
    monkeypatch.setattr(page_cache, "_MAX_RENDER_HINTS", 3)
    for query in range(5):
        client.get(f"{article.url}?q={query}")
    assert 0 < len(page_cache._render_hints) <= 3
