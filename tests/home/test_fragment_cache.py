"""The template fragment cache (home/fragment_cache.py): Redis, with each process keeping the fragments
it used last, so that a page render does not ask Redis for each of them."""

import pytest

from django.core.cache import caches

from tests.engagement import BROWSER, needs_redis
from tests.factories import NewsIndexPageFactory, NewsPageFactory

pytestmark = [needs_redis, pytest.mark.django_db]


@pytest.fixture
def fragments():
    return caches["template_fragments"]


@pytest.fixture
def redis_calls(fragments, monkeypatch):
    """The commands the fragment cache sends to Redis."""
    calls = []
    client = fragments.client.get_client(write=False)
    original = client.execute_command

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(client, "execute_command", counting)
    return calls


def test_a_fragment_is_kept_in_the_process_after_it_was_stored_or_read(fragments, redis_calls):
    fragments.set("template.cache.box.1", "<p>Tin mới</p>", 60)
    assert fragments.get("template.cache.box.1") == "<p>Tin mới</p>"
    assert redis_calls == ["SET"]
    fragments.forget_local()  # another process: it reads Redis once, then its own memory
    assert [fragments.get("template.cache.box.1") for _ in range(3)] == ["<p>Tin mới</p>"] * 3
    assert redis_calls == ["SET", "GET"]
    assert fragments.get("template.cache.other") is None  # a miss still asks Redis
    assert redis_calls == ["SET", "GET", "GET"]


def test_a_kept_fragment_lives_no_longer_than_its_timeout_nor_local_seconds(fragments, monkeypatch):
    import home.fragment_cache as module

    now = [1000.0]
    monkeypatch.setattr(module.time, "monotonic", lambda: now[0])
    fragments.set("template.cache.short", "a", 5)
    fragments.set("template.cache.long", "b", 3600)
    fragments.client.get_client().delete(fragments.make_key("template.cache.short"))
    now[0] += 6
    assert fragments.get("template.cache.short") is None  # gone from Redis, and no longer kept
    now[0] += fragments.local_seconds
    fragments.client.get_client().set(fragments.make_key("template.cache.long"), fragments.client.encode("c"))
    assert fragments.get("template.cache.long") == "c"  # read again from Redis


def test_the_process_keeps_at_most_local_entries(fragments, monkeypatch):
    monkeypatch.setattr(fragments, "local_entries", 2)
    for number in range(3):
        fragments.set(f"template.cache.n{number}", str(number), 60)
    assert len(fragments._local) == 2
    assert str(fragments.make_key("template.cache.n0")) not in fragments._local


def test_clearing_the_cache_clears_the_process_memory_too(fragments):
    fragments.set("template.cache.box", "x", 60)
    fragments.delete_pattern("*")
    assert fragments.get("template.cache.box") is None


def test_an_article_rendered_twice_asks_redis_for_no_fragment_and_shows_an_edit(client, redis_calls):
    article = NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-tuc"), title="Chuyển đổi số", slug="cds")
    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    before = len(redis_calls)
    assert before > 0  # the first render stored its fragments
    client.get(article.url, HTTP_USER_AGENT=BROWSER)
    assert len(redis_calls) == before  # the second used the process's copies
    article.title = "Chuyển đổi số năm 2026"
    article.save_revision().publish()
    response = client.get(article.url, HTTP_USER_AGENT=BROWSER)
    assert "Chuyển đổi số năm 2026" in response.content.decode()
