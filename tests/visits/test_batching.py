"""Page views sent to Redis in batches by each process (visits/batching.py), as in production."""

import threading

import pytest

from django.db import connection

from tests.engagement import browser, needs_redis
from tests.factories import NewsIndexPageFactory, NewsPageFactory
from tests.helpers import soup
from visits import batching, counter
from visits.models import DailyVisits, PageDailyVisits

pytestmark = [pytest.mark.django_db, needs_redis]


@pytest.fixture(autouse=True)
def batches(settings):
    settings.VISITS_BATCH_SECONDS = 60  # the thread never sends during a test: the tests drain
    settings.VISITS_BATCH_FRESH_SECONDS = 60
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def article():
    return NewsPageFactory(parent=NewsIndexPageFactory(slug="tin-tuc"), title="Chuyển đổi số", slug="cds")


def today_figure(response):
    return soup(response).select_one('[data-stat="today"]').get_text()


def stored():
    batching.batcher.drain()
    counter.flush()
    return (
        sum(DailyVisits.objects.values_list("views", flat=True)),
        dict(PageDailyVisits.objects.values_list("page_id", "views")),
    )


def test_the_first_view_is_sent_at_once_the_next_ones_wait_for_the_batch(client, article):
    loads = [client.get(article.url, **browser()) for _ in range(4)]
    assert [today_figure(load) for load in loads] == ["1", "2", "3", "4"]
    assert counter.current_stats()["total"] == 1  # only the first is in Redis yet...
    assert len(batching.batcher.queue) == 3
    assert stored() == (4, {article.pk: 4})  # ...and every one once the batch is sent
    assert counter.current_stats()["total"] == 4


def test_a_stale_answer_sends_the_view_in_the_readers_request(client, article, settings):
    client.get(article.url, **browser())
    client.get(article.url, **browser())
    settings.VISITS_BATCH_FRESH_SECONDS = 0  # the last answer is now too old to show
    response = client.get(article.url, **browser(ip="203.0.113.77"))
    assert today_figure(response) == "3"
    assert batching.batcher.queue == []
    assert counter.current_stats()["online"] == 2


def test_the_rate_limit_holds_inside_a_batch(client, article, settings):
    settings.VISITS_RATE_LIMIT = "2/60"
    for _ in range(5):
        assert client.get(article.url, **browser()).status_code == 200
    client.get(article.url, **browser(ip="203.0.113.50"))
    assert stored() == (3, {article.pk: 3})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_views_in_batches_are_all_counted_once(article):
    from django.db import connections

    client_redis = counter.redis_client()
    errors = []

    def reader(number):
        try:
            for _ in range(25):
                batching.batcher.count(client_redis, f"reader-{number}", article.pk, "0/60")
                if number % 3 == 0:
                    batching.batcher.send(client_redis)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reader, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert stored() == (200, {article.pk: 200})


def test_with_redis_down_a_batch_goes_to_the_database(article, monkeypatch):
    batching.batcher.count(counter.redis_client(), "reader-a", article.pk, "0/60")
    batching.batcher.count(counter.redis_client(), "reader-b", article.pk, "0/60")
    monkeypatch.setattr(counter, "redis_client", lambda: None)
    batching.batcher.drain()
    assert DailyVisits.objects.get().views == 1  # the queued view; the first went to Redis at once
    assert PageDailyVisits.objects.get(page=article).views == 1
