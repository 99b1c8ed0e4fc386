"""Page views counted by the page's own request (VISITS_COUNTED_BY = "page", the default), rendered or
served from the page cache, with the box's figures filled in on every load."""

import datetime
import gzip

import pytest
from bs4 import BeautifulSoup

from django.test import Client
from django.urls import reverse

from pagecache.live import MARK
from tests.engagement import BROWSER, beacon, browser, needs_redis
from tests.factories import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory, default_home
from tests.helpers import soup
from visits import counter
from visits.models import DailyVisits, PageDailyVisits

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    """On, as in production (the test settings turn it off for the other tests)."""
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def article():
    return NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-tuc"), title="Chuyển đổi số", slug="cds")


def figure(response, key):
    document = BeautifulSoup(response, "html.parser") if isinstance(response, bytes) else soup(response)
    return document.select_one(f'[data-stat="{key}"]').get_text()


def stored_page_views():
    counter.flush()
    return dict(PageDailyVisits.objects.values_list("page_id", "views"))


def test_the_default_is_to_count_in_the_page(settings):
    assert settings.VISITS_COUNTED_BY == "page"


def test_each_load_counts_once_rendered_or_cached_and_its_figures_include_it(client, article):
    loads = [client.get(article.url, **browser()) for _ in range(3)]
    assert [load["X-Page-Cache"] for load in loads] == ["miss", "hit", "hit"]
    assert [figure(load, "today") for load in loads] == ["1", "2", "3"]
    assert [figure(load, "online") for load in loads] == ["1", "1", "1"]  # one reader
    assert stored_page_views() == {article.pk: 3}
    assert counter.current_stats()["total"] == 3


def test_no_page_carries_a_beacon_or_leaves_a_mark_unfilled(client, article, django_user_model):
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("bientap", "b@example.vn", "x"))
    responses = [
        client.get(article.url, **browser()),
        client.get(article.url, **browser()),  # from the cache
        client.get("/khong-co-trang-nay/", **browser()),  # the 404 page shows the box, counts nothing
        client.get(reverse("search") + "?query=chuyen+doi", **browser()),
        editor.get(article.url, headers={"User-Agent": BROWSER}),
    ]
    for response in responses:
        assert not MARK.search(response.content), response.request["PATH_INFO"]
        assert soup(response).select("#visit-beacon") == []
        assert figure(response, "total").isdigit()
    # The two article loads, the search page and the editor's load; not the 404.
    assert counter.current_stats()["total"] == 4


def test_a_cached_page_shows_figures_that_moved_since_it_was_stored(client, article):
    other = StandardPageFactory(slug="gioi-thieu")
    client.get(article.url, **browser())
    for ip in ("203.0.113.20", "203.0.113.21"):
        client.get(other.url, **browser(ip=ip))
    hit = client.get(article.url, **browser())
    assert hit["X-Page-Cache"] == "hit"
    assert (figure(hit, "today"), figure(hit, "online")) == ("4", "3")


@pytest.mark.parametrize(
    "agent, headers",
    [
        ("Googlebot/2.1 (+http://www.google.com/bot.html)", {}),
        ("", {}),
        (BROWSER, {"Sec-Purpose": "prefetch;prerender"}),
        (BROWSER, {"Purpose": "prefetch"}),
        (BROWSER, {"X-Moz": "prefetch"}),
    ],
    ids=["bot", "no-agent", "prerender", "prefetch", "firefox-prefetch"],
)
def test_bots_and_speculative_loads_are_not_counted_but_see_the_figures(client, article, agent, headers):
    for _ in range(2):  # rendered, then from the cache
        response = client.get(article.url, **browser(agent=agent, **headers))
        assert response.status_code == 200
        assert figure(response, "total") == "0"
    assert counter.current_stats()["total"] == 0


def test_head_requests_are_not_page_views(client, article):
    client.head(article.url, **browser())
    client.head(article.url, **browser())
    assert counter.current_stats()["total"] == 0


def test_a_reader_over_the_rate_limit_still_gets_the_page_but_is_not_counted(client, article, settings):
    settings.VISITS_RATE_LIMIT = "2/60"
    loads = [client.get(article.url, **browser()) for _ in range(4)]
    assert [load.status_code for load in loads] == [200] * 4
    assert [figure(load, "today") for load in loads] == ["1", "2", "2", "2"]
    assert client.get(article.url, **browser(ip="203.0.113.99")).status_code == 200
    assert counter.current_stats()["total"] == 3


def test_the_admin_preview_shows_figures_in_place_and_counts_nothing(article):
    DailyVisits.objects.create(day=datetime.date(2020, 1, 1), views=7)
    response = article.make_preview_request()
    assert response.status_code == 200
    assert not MARK.search(response.content)
    assert figure(response, "total") == "7"
    assert counter.current_stats()["total"] == 7


def test_figures_are_written_the_way_each_language_writes_numbers(client):
    DailyVisits.objects.create(day=datetime.date(2020, 1, 1), views=12345)
    default_home()
    for _ in range(2):  # rendered, then from the cache
        assert figure(client.get("/", **browser(agent="Googlebot")), "total") == "12.345"
        assert figure(client.get("/en/", **browser(agent="Googlebot")), "total") == "12,345"


def test_the_compressed_copy_carries_the_same_live_figures(client, article):
    client.get(article.url, **browser())
    plain = client.get(article.url, **browser())
    compressed = client.get(article.url, **browser(**{"Accept-Encoding": "gzip"}))
    assert compressed["X-Page-Cache"] == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    page = gzip.decompress(compressed.content)
    assert int(compressed["Content-Length"]) == len(compressed.content)
    assert figure(page, "today") == "3"
    # Apart from the figures that moved by this load, the same page, compressed as well as it would be whole.
    assert page.replace(b'">3</dd>', b'">2</dd>') == plain.content
    assert len(compressed.content) < len(gzip.compress(page)) * 1.1


def test_a_reload_gets_the_figures_its_own_view_moved_and_an_unchanged_copy_gets_a_304(client, article):
    client.get(article.url, **browser())
    first = client.get(article.url, **browser())
    assert first["X-Page-Cache"] == "hit"
    conditions = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    reload = client.get(article.url, **browser(**conditions))
    assert reload.status_code == 200  # not the reader's old copy: their own load moved the figures
    assert figure(reload, "today") == "3"
    assert reload["ETag"] != first["ETag"]
    # A crawler (not counted) revalidating a copy whose figures have not moved since: a 304.
    crawler = client.get(article.url, **browser(agent="Googlebot"))
    again = client.get(article.url, **browser(agent="Googlebot", **{"If-None-Match": crawler["ETag"]}))
    assert again.status_code == 304
    assert counter.current_stats()["total"] == 3


def test_a_beacon_reads_the_figures_without_counting_the_load_twice(client, article):
    client.get(article.url, **browser())
    answer = beacon(client, page=article.pk, path=article.url).json()
    assert answer["counted"] is False
    assert answer["total"] == 1


def test_pages_rendered_without_the_page_cache_count_too(client, article, settings):
    settings.PAGE_CACHE_ENABLED = False
    loads = [client.get(article.url, **browser()) for _ in range(2)]
    assert [figure(load, "today") for load in loads] == ["1", "2"]


@needs_redis
def test_a_counted_hit_is_one_redis_round_trip_and_no_query(
    client, article, django_assert_num_queries, settings
):
    """As in production, views go in batches: a hit reads its tags' versions and nothing else."""
    from django_redis import get_redis_connection

    from visits import batching

    settings.VISITS_BATCH_SECONDS = 60  # the batch thread does not send during the test: drained below
    settings.VISITS_BATCH_FRESH_SECONDS = 60
    client.get(article.url, **browser())
    client.get(article.url, **browser())  # the salt, the totals and the page are now in this process's memory
    connection = get_redis_connection("default")
    calls = []
    original = connection.execute_command

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    connection.execute_command = counting
    try:
        with django_assert_num_queries(0):
            hit = client.get(article.url, **browser())
    finally:
        del connection.execute_command
    assert hit["X-Page-Cache"] == "hit"
    assert figure(hit, "today") == "3"
    assert calls == ["MGET"]  # the tags' current versions; the view waits for the batch
    batching.batcher.drain()
    assert stored_page_views() == {article.pk: 3}


def test_a_copy_stored_for_one_way_of_counting_is_never_served_for_the_other(client, article, settings):
    client.get(article.url, **browser())
    assert client.get(article.url, **browser())["X-Page-Cache"] == "hit"
    settings.VISITS_COUNTED_BY = "beacon"  # e.g. an upstream cache configured since
    settings.PAGE_CACHE_VARIANT = "beacon|"
    response = client.get(article.url, **browser())
    assert response["X-Page-Cache"] == "miss"
    assert soup(response).select_one("script#visit-beacon")
    assert counter.current_stats()["total"] == 2  # the page's own request no longer counts


@needs_redis
def test_an_address_that_shows_another_page_now_counts_its_views_for_that_page(client):
    """A cached page's count goes with its lookup, for the page the address showed at its last load."""
    index = NewsIndexPageFactory(slug="tin-tuc")
    before = NewsPageFactory(parent=index, title="Bài cũ", slug="bai-viet")
    client.get(before.url, **browser())
    client.get(before.url, **browser())
    before.delete()
    after = NewsPageFactory(parent=index, title="Bài mới", slug="bai-viet")
    response = client.get(after.url, **browser())
    assert "Bài mới" in response.content.decode()
    client.get(after.url, **browser())
    assert stored_page_views() == {after.pk: 2}  # the deleted page's views count for the site only
    assert counter.current_stats()["total"] == 4
