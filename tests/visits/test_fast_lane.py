"""The beacon's fast lane: the same answers as through the whole middleware stack, one Redis round trip,
no database query, no flush inside a request, and exact counts while flushes run beside it."""

import datetime
import threading
import zoneinfo
from contextlib import contextmanager
from unittest import mock

import pytest
import time_machine

from django.conf import settings
from django.db import OperationalError, connection, connections
from django.db.models import Sum
from django.test import Client, override_settings

from tests.engagement import beacon, needs_redis
from tests.factories import NewsPageFactory, StandardPageFactory
from tests.helpers import sent_to_redis
from visits import counter
from visits.middleware import BeaconMiddleware
from visits.models import DailyVisits, PageDailyVisits

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
TODAY = datetime.datetime(2026, 3, 18, 10, 0, 15, tzinfo=HCM)
FAST_LANE = "visits.middleware.BeaconMiddleware"
# What changes from one response to the next whichever way it was answered.
VOLATILE_HEADERS = {"X-Request-ID", "Date", "Expires"}

pytestmark = pytest.mark.django_db


@contextmanager
def whole_stack():
    """A client whose requests take the whole middleware stack (a client loads it on its first request)."""
    with override_settings(MIDDLEWARE=[name for name in settings.MIDDLEWARE if name != FAST_LANE]):
        slow = Client()
        with mock.patch.object(BeaconMiddleware, "__call__", side_effect=AssertionError("fast lane taken")):
            yield slow


def answer(response):
    headers = {name: value for name, value in response.items() if name not in VOLATILE_HEADERS}
    # The only difference: on the whole stack the two-factor middleware asks who the user is, which reads
    # the session and adds "Vary: Cookie". The beacon reads no session, and its answer is never stored.
    vary = [field for field in headers.get("Vary", "").split(", ") if field and field != "Cookie"]
    headers["Vary"] = ", ".join(vary)
    body = response.json()
    body.pop("retry_after", None)
    return response.status_code, headers, set(body), body.get("error")


@pytest.fixture
def page():
    return StandardPageFactory(title="Giới thiệu chung", slug="gioi-thieu")


BEACONS = {
    "counted": {"page": "page", "path": "/gioi-thieu/"},
    "bot": {"page": "page", "path": "/gioi-thieu/", "agent": "Googlebot/2.1"},
    "bad path": {"page": "page", "path": "gioi-thieu"},
    "bad page": {"page": "mười", "path": "/gioi-thieu/"},
    "foreign": {"page": "page", "path": "/gioi-thieu/", "Sec-Fetch-Site": "cross-site"},
}


@pytest.mark.parametrize("case", list(BEACONS))
def test_the_fast_lane_answers_exactly_as_the_whole_stack_does(client, page, case):
    kwargs = dict(BEACONS[case])
    if kwargs["page"] == "page":
        kwargs["page"] = page.pk
    with time_machine.travel(TODAY, tick=False):
        fast = answer(beacon(client, ip="203.0.113.1", **kwargs))
        with whole_stack() as slow_client:
            slow = answer(beacon(slow_client, ip="203.0.113.2", **kwargs))
    assert fast == slow
    status, headers, _, error = fast
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in headers["Cache-Control"]
    if status != 200:
        assert error  # a message for the reader, in the site's language (next test)


def test_its_messages_are_in_vietnamese_whatever_the_browser_asks_for(client, page):
    response = beacon(client, page="mười", path="/gioi-thieu/", **{"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.json() == {"error": "Số hiệu trang không phải là một số."}
    assert response["Content-Language"] == "vi"


@override_settings(VISITS_RATE_LIMIT="2/60")
def test_the_rate_limit_answers_the_same_through_the_fast_lane(client, page):
    with time_machine.travel(TODAY, tick=False):
        for _ in range(2):
            assert beacon(client, page=page.pk, path=page.url).status_code == 200
        fast = beacon(client, page=page.pk, path=page.url)
        with whole_stack() as slow_client:
            slow = beacon(slow_client, page=page.pk, path=page.url)
    assert fast.status_code == slow.status_code == 429
    assert fast["Retry-After"] == slow["Retry-After"] == "45"
    assert (
        fast.json()
        == slow.json()
        == {"error": "Có quá nhiều lượt xem từ kết nối của bạn.", "retry_after": 45}
    )


def test_hosts_that_are_not_allowed_are_refused_before_anything_is_counted(client, page):
    response = beacon(client, page=page.pk, path=page.url, Host="evil.example")
    assert response.status_code == 400
    assert counter.current_stats()["total"] == 0


def test_other_methods_still_get_a_405(client):
    assert client.get("/api/stats/hit").status_code == 405
    assert client.put("/api/stats/hit").status_code == 405


# Redis: one round trip, no query, no flush ---------------------------------------------------------


@needs_redis
def test_a_beacon_is_one_redis_round_trip_and_no_database_query(client, page, django_assert_num_queries):
    DailyVisits.objects.create(day=TODAY.date() - datetime.timedelta(days=3), views=7)
    with time_machine.travel(TODAY, tick=False):
        beacon(client, page=page.pk, path=page.url)  # the day's salt and the database totals, once
        with sent_to_redis() as sent, django_assert_num_queries(0):
            for reader in range(5):
                body = beacon(client, page=page.pk, path=page.url, ip=f"198.51.100.{reader}").json()
                assert body["counted"] is True
            # An unknown page: checked when written through, not here.
            assert beacon(client, page=987654, path="/khong-co/").json()["counted"] is True
            assert (
                beacon(client, page=page.pk, path=page.url, agent="Googlebot/2.1").json()["counted"] is False
            )
    assert [[name for name, _arguments in trip] for trip in sent] == [["EVALSHA"]] * 7
    assert body["total"] == 7 + 6
    assert body["online"] == 6


@needs_redis
def test_a_beacon_during_a_flush_is_still_one_round_trip_and_counts_the_batch(client, page):
    """A batch taken by a flush and not yet in the database is part of the figures, from the same call."""
    redis = counter.redis_client()
    with time_machine.travel(TODAY, tick=False):
        for reader in range(3):
            beacon(client, page=page.pk, path=page.url, ip=f"198.51.100.{reader}")
        keys = [counter.KEYS.days, counter.KEYS.pages, counter.KEYS.flushing]
        batch = [counter.KEYS.batch_days("b1"), counter.KEYS.batch_pages("b1")]
        redis.register_script(counter.FLUSH_SCRIPT)(keys=keys + batch, args=["b1"])  # taken, not written
        with sent_to_redis() as sent:
            body = beacon(client, page=page.pk, path=page.url, ip="198.51.100.9").json()
    assert [[name for name, _arguments in trip] for trip in sent] == [["EVALSHA"]]
    assert (body["today"], body["total"]) == (4, 4)
    assert counter.flush() == 4  # the batch left behind and the new view, each written once
    assert DailyVisits.objects.get().views == 4


@needs_redis
def test_no_beacon_ever_flushes_even_long_after_the_last_flush(client, page):
    with mock.patch.object(counter, "flush", side_effect=AssertionError("flush inside a request")) as flush:
        for minutes in range(0, 10, 2):
            with time_machine.travel(TODAY + datetime.timedelta(minutes=minutes), tick=False):
                assert beacon(client, page=page.pk, path=page.url).status_code == 200
    flush.assert_not_called()
    assert counter.flush() == 5


@needs_redis
def test_views_of_pages_that_are_no_longer_public_are_written_for_the_site_only(client):
    kept, unpublished, private = (NewsPageFactory() for _ in range(3))
    with time_machine.travel(TODAY, tick=False):
        for page in (kept, unpublished, private):
            assert beacon(client, page=page.pk, path=f"/tin-{page.pk}/").json()["counted"] is True
        unpublished.unpublish()
        private.view_restrictions.create(restriction_type="password", password="mat-khau")  # noqa: S106
        assert counter.flush() == 3
    assert DailyVisits.objects.get().views == 3
    assert dict(PageDailyVisits.objects.values_list("page_id", "views")) == {kept.pk: 1}


@needs_redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_beacons_and_flushes_count_exactly():
    page = NewsPageFactory()
    threads, per_thread = 8, 50
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()
    errors = []

    def load(number):
        try:
            barrier.wait()
            for view in range(per_thread):
                retry_after, stats = counter.count_beacon(f"reader-{number}-{view}", page.pk, rate="1000/60")
                assert retry_after is None and stats["total"] >= 1
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
    assert DailyVisits.objects.aggregate(total=Sum("views"))["total"] == threads * per_thread
    assert PageDailyVisits.objects.get(page=page).views == threads * per_thread
    assert counter.current_stats()["total"] == threads * per_thread


def test_a_database_outage_during_a_beacon_is_the_503_answer(page):
    """With Redis away the beacon counts in the database; if that is down too, the reader's script gets
    the outage answer (503, Retry-After), not a 500."""
    outage = OperationalError("connection to server at 127.0.0.1 failed: Connection refused")
    client = Client(raise_request_exception=False)
    with mock.patch("visits.views.count_beacon", side_effect=outage):
        response = beacon(client, page=page.pk, path=page.url)
    assert response.status_code == 503
    assert response["Retry-After"]
