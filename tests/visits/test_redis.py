"""Counting in Redis, writing through to the database, and carrying on when Redis is unreachable."""

import datetime
import threading
import time
import zoneinfo
from io import StringIO
from unittest import mock

import pytest
import redis
import time_machine

from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.db.models import Sum
from django.test import override_settings

from tests.engagement import beacon, browser, needs_redis
from tests.factories import NewsPageFactory, StandardPageFactory
from tests.helpers import soup
from visits import counter
from visits.models import DailyVisits, FlushedBatch, PageDailyVisits

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=HCM)
UNREACHABLE = "redis://127.0.0.1:1/0"
UNREACHABLE_CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": UNREACHABLE,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            "IGNORE_EXCEPTIONS": True,
        },
    },
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
}

pytestmark = pytest.mark.django_db


def database_total():
    return DailyVisits.objects.aggregate(total=Sum("views", default=0))["total"]


def pending():
    client = counter.redis_client()
    return {key.decode(): int(value) for key, value in client.hgetall(counter.KEYS.days).items()}


# A beacon's script call ---------------------------------------------------------------------------


@needs_redis
def test_a_beacon_after_redis_forgot_its_scripts_still_counts_in_redis(client):
    """After a restart or a SCRIPT FLUSH, Redis no longer knows the beacon's script: it is loaded again."""
    page = StandardPageFactory()
    with time_machine.travel(TODAY, tick=False):
        assert beacon(client, page=page.pk, path=page.url, ip="198.51.100.1").json()["counted"] is True
        counter.redis_client().script_flush()
        body = beacon(client, page=page.pk, path=page.url, ip="198.51.100.2").json()
    assert (body["counted"], body["today"]) == (True, 2)
    assert pending() == {"2026-03-18": 2}
    assert database_total() == 0  # not the database fallback


@needs_redis
def test_a_beacon_on_a_connection_redis_closed_is_sent_again_on_a_fresh_one(client):
    """Redis closed the pooled connection (idle timeout, a restart): the beacon is sent once more, still
    counted in Redis, and Redis is not taken for down."""
    page = StandardPageFactory()
    redis_client = counter.redis_client()
    with time_machine.travel(TODAY, tick=False):
        beacon(client, page=page.pk, path=page.url, ip="198.51.100.1")
        pooled = list(redis_client.connection_pool._available_connections)
        assert pooled
        for connection_ in pooled:
            host, port = connection_._sock.getsockname()[:2]
            redis.Redis.from_url(counter.settings.REDIS_URL).client_kill(f"{host}:{port}")
        body = beacon(client, page=page.pk, path=page.url, ip="198.51.100.2").json()
    assert (body["counted"], body["today"]) == (True, 2)
    assert pending() == {"2026-03-18": 2}
    assert database_total() == 0
    assert counter.redis_client() is redis_client  # not marked down


# Write-through ----------------------------------------------------------------------------------


@needs_redis
def test_views_wait_in_redis_and_are_written_through_once(client):
    page = StandardPageFactory()
    with time_machine.travel(TODAY, tick=False):
        for _ in range(5):
            assert beacon(client, page=page.pk, path=page.url).json()["counted"] is True
        assert DailyVisits.objects.count() == 0  # not in the database yet...
        assert pending() == {"2026-03-18": 5}
        assert counter.current_stats()["total"] == 5  # ...but already in the numbers shown

        assert counter.flush() == 5
        assert DailyVisits.objects.get().views == 5
        assert PageDailyVisits.objects.get(page=page).views == 5
        assert pending() == {}
        assert counter.current_stats()["total"] == 5  # not counted twice
        assert counter.flush() == 0  # nothing left

        beacon(client, page=page.pk, path=page.url)
        assert counter.current_stats()["total"] == 6
        out = StringIO()
        call_command("flush_visit_counters", stdout=out)
        assert "Wrote 1 page view" in out.getvalue()
        assert DailyVisits.objects.get().views == 6


@needs_redis
def test_the_database_totals_are_read_once_per_flush_not_once_per_beacon(django_assert_num_queries):
    DailyVisits.objects.create(day=TODAY.date() - datetime.timedelta(days=40), views=100)
    with time_machine.travel(TODAY, tick=False):
        assert counter.record_view("a")["total"] == 101  # reads the database totals
        with django_assert_num_queries(0):  # the next beacons only talk to Redis
            assert counter.record_view("b")["total"] == 102
            assert counter.current_stats()["total"] == 102
        assert counter.flush() == 2  # the counts move to the database: a new generation
        with django_assert_num_queries(1):
            assert counter.record_view("c")["total"] == 103  # neither lost nor counted twice
        with django_assert_num_queries(0):
            assert counter.current_stats() == {**counter.current_stats(), "today": 3, "total": 103}


@needs_redis
def test_a_flush_that_died_before_writing_is_finished_by_the_next():
    with time_machine.travel(TODAY, tick=False):
        for reader in ("a", "b", "c"):
            counter.record_view(reader)
        with (
            mock.patch.object(counter, "_write_batch", side_effect=RuntimeError("process killed")),
            pytest.raises(RuntimeError),
        ):
            counter.flush()
        # The batch was set aside but never written: still shown, and written by the next flush.
        assert DailyVisits.objects.count() == 0
        assert counter.current_stats()["total"] == 3
        counter.record_view("d")
        assert counter.flush() == 4
        assert DailyVisits.objects.get().views == 4
        assert counter.current_stats()["total"] == 4


@needs_redis
def test_a_batch_written_but_not_cleaned_up_is_never_written_twice():
    with time_machine.travel(TODAY, tick=False):
        counter.record_view("a")
        counter.record_view("b")
        real_client = counter.redis_client()
        with mock.patch.object(type(real_client), "delete", side_effect=redis.ConnectionError("gone")):
            assert counter.flush() == 2
        counter.reset_redis_state()
        assert DailyVisits.objects.get().views == 2
        assert FlushedBatch.objects.count() == 1
        assert counter.flush() == 0  # the leftover batch is recognised and only deleted
        assert DailyVisits.objects.get().views == 2
        assert counter.redis_client().smembers(counter.KEYS.flushing) == set()


@needs_redis
def test_views_of_a_page_deleted_before_the_flush_still_count_for_the_site():
    page = NewsPageFactory()
    with time_machine.travel(TODAY, tick=False):
        counter.record_view("a", page.pk)
        page.delete()
        assert counter.flush() == 1
    assert DailyVisits.objects.get().views == 1
    assert PageDailyVisits.objects.count() == 0


@needs_redis
def test_online_readers_are_kept_in_a_sorted_set_for_five_minutes():
    with time_machine.travel(TODAY, tick=False):
        counter.record_view("a")
        counter.record_view("a")
        counter.record_view("b")
        assert counter.current_stats()["online"] == 2
    with time_machine.travel(TODAY + datetime.timedelta(minutes=5, seconds=1), tick=False):
        assert counter.current_stats()["online"] == 0
        counter.record_view("c")
        assert counter.current_stats()["online"] == 1


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_views_and_flushes_lose_nothing_and_count_nothing_twice():
    threads, per_thread = 12, 40
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()
    errors = []

    def load(number):
        try:
            barrier.wait()
            for view in range(per_thread):
                counter.record_view(f"reader-{number}-{view}")
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    def flush_all_the_time():
        try:
            barrier.wait()
            while not stop.is_set():
                counter.flush()
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=load, args=(n,)) for n in range(threads)]
    flusher = threading.Thread(target=flush_all_the_time)
    for worker in [*workers, flusher]:
        worker.start()
    for worker in workers:
        worker.join()
    stop.set()
    flusher.join()
    counter.flush()
    assert errors == []
    assert database_total() == threads * per_thread
    assert counter.current_stats()["total"] == threads * per_thread


# Flushing without cron ------------------------------------------------------------------------


@needs_redis
def test_a_counting_process_flushes_periodically_and_at_exit(settings):
    settings.VISITS_FLUSH_AT_EXIT = True
    settings.VISITS_FLUSH_INTERVAL = 30
    counter._state["started_pid"] = None
    with (
        mock.patch.object(counter.atexit, "register") as register,
        mock.patch.object(counter.threading, "Thread") as thread,
    ):
        counter.record_view("a")
        counter.record_view("b")  # started once per process
    register.assert_called_once_with(counter.flush_at_exit)
    thread.assert_called_once()
    assert thread.call_args.kwargs["args"] == (30,)
    thread.return_value.start.assert_called_once()
    counter._state["started_pid"] = None

    counter.flush_at_exit()  # what runs when the process stops
    assert database_total() == 2


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_redis_restart_loses_no_view_counted_two_seconds_before_it():
    """With the production interval, the flush thread has every view in the database within 2 s, so
    Redis losing everything (a restart without persistence) loses none counted earlier: exact totals."""
    from settings import base

    stop = threading.Event()
    flusher = threading.Thread(target=counter._flush_periodically, args=(base.VISITS_FLUSH_INTERVAL, stop))
    flusher.start()
    try:
        for round_number in range(3):
            for reader in range(7):
                counter.record_view(f"reader-{round_number}-{reader}")
            time.sleep(2.05)
            client = counter.redis_client()
            lost = client.keys(counter.KEYS.days.rsplit(":", 2)[0] + ":*")
            client.delete(*lost)  # the restart: Redis comes back empty
            assert database_total() == 7 * (round_number + 1)
    finally:
        stop.set()
        flusher.join()


@needs_redis
def test_the_counters_use_their_own_redis_when_one_is_configured(settings):
    """VISITS_REDIS_URL: the counters' alias is used, not the cache's (here the cache's is unreachable)."""
    visits = {**settings.CACHES["default"], "BACKEND": "home.redis_cache.RedisCache"}
    settings.CACHES = {**UNREACHABLE_CACHES, "visits": visits}
    counter.reset_redis_state()
    counter.record_view("reader")
    assert DailyVisits.objects.count() == 0  # counted in the counters' Redis, not in the database
    assert sum(pending().values()) == 1
    assert counter.flush() == 1
    assert database_total() == 1


# Redis unavailable ------------------------------------------------------------------------------


@override_settings(REDIS_URL=UNREACHABLE, CACHES=UNREACHABLE_CACHES)
def test_with_redis_unreachable_pages_serve_with_the_figures_of_the_database(client):
    page = StandardPageFactory(title="Liên hệ")
    for _ in range(3):
        assert beacon(client, page=page.pk, path=page.url).json()["counted"] is True
    response = client.get(page.url, **browser())
    assert response.status_code == 200
    assert soup(response).select_one('[data-stat="total"]').get_text() == "3"
    assert DailyVisits.objects.get().views == 3
    assert PageDailyVisits.objects.get(page=page).views == 3
    assert client.get("/api/stats/visits/").json()["total"] == 3


@override_settings(REDIS_URL=UNREACHABLE, CACHES=UNREACHABLE_CACHES)
def test_with_redis_unreachable_beacons_are_counted_in_the_database(client):
    page = StandardPageFactory(title="Liên hệ")
    assert "Thống kê truy cập" in client.get(page.url).content.decode()
    for _ in range(3):
        assert beacon(client, page=page.pk, path=page.url).json()["counted"] is True
    assert DailyVisits.objects.get().views == 3
    assert PageDailyVisits.objects.get(page=page).views == 3


@override_settings(REDIS_URL=UNREACHABLE, CACHES=UNREACHABLE_CACHES)
def test_after_a_failure_redis_is_left_alone_for_a_few_seconds():
    from django_redis import get_redis_connection

    with mock.patch("django_redis.get_redis_connection", wraps=get_redis_connection) as connect:
        counter.record_view("a")
        counter.record_view("b")
        counter.current_stats()
    assert connect.call_count == 1  # no two-second timeout on every page view while Redis is down
    assert DailyVisits.objects.get().views == 2


@override_settings(REDIS_URL=UNREACHABLE, CACHES=UNREACHABLE_CACHES)
def test_the_flush_command_fails_loudly_when_redis_is_unreachable():
    with pytest.raises(CommandError, match="Redis is unreachable"):
        call_command("flush_visit_counters", stdout=StringIO())


@needs_redis
def test_when_redis_goes_down_and_comes_back_no_view_is_lost():
    unreachable = redis.Redis.from_url(UNREACHABLE, socket_connect_timeout=0.5)
    with time_machine.travel(TODAY, tick=False):
        counter.record_view("a")
        counter.record_view("b")  # in Redis
        with mock.patch.object(counter, "redis_client", return_value=unreachable):
            counter.record_view("c")  # Redis is down: straight to the database
            assert DailyVisits.objects.get().views == 1
            assert counter.current_stats()["total"] == 1  # what the database knows meanwhile
        counter.reset_redis_state()
        assert counter.current_stats()["total"] == 3  # Redis is back with its two views
        counter.flush()
        assert DailyVisits.objects.get().views == 3
        assert counter.current_stats()["total"] == 3
