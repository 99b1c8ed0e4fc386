"""A database outage answers the 503 page (in Vietnamese, no traceback, logged once per minute) and the
site recovers on the next request; a Redis outage is logged once per minute, not per cache call."""

import logging
import sys
from unittest import mock

import pytest

from django.db import InterfaceError, OperationalError
from django.test import RequestFactory, override_settings
from django.utils import translation

from home.views import server_error
from operations import faults
from tests.engagement import beacon, browser
from tests.factories import StandardPageFactory
from tests.visits.test_redis import UNREACHABLE, UNREACHABLE_CACHES
from visits import counter
from visits.models import DailyVisits

pytestmark = pytest.mark.django_db

CURSOR = "django.db.backends.base.base.BaseDatabaseWrapper.cursor"


class Collect(logging.Handler):
    """A handler configured like the console one: with the portal's outage filters."""

    def __init__(self):
        super().__init__()
        self.records = []
        self.addFilter(faults.ThrottledWarningFilter())
        self.addFilter(faults.DatabaseOutageLogFilter())

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def collected():
    faults.reset()
    counter.reset_redis_state()
    handler = Collect()
    logging.getLogger().addHandler(handler)
    yield handler.records
    logging.getLogger().removeHandler(handler)
    faults.reset()
    counter.reset_redis_state()


def test_a_database_outage_answers_the_503_page_and_the_next_request_recovers(client, collected):
    page = StandardPageFactory(title="Giới thiệu chung")
    assert client.get(page.url).status_code == 200
    for error in (OperationalError("server closed the connection unexpectedly"), InterfaceError("closed")):
        with mock.patch(CURSOR, side_effect=error):
            response = client.get(page.url)
            assert response.status_code == 503
        html = response.content.decode()
        assert "Cổng thông tin tạm thời gián đoạn" in html
        assert "Xin vui lòng thử lại sau ít phút" in html
        assert '<html lang="vi">' in html
        assert "Traceback" not in html and "OperationalError" not in html and "server closed" not in html
        assert response["Retry-After"] == "30"
        assert "no-store" in response["Cache-Control"]
    # Back up: the same client, the same process.
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Giới thiệu chung" in response.content.decode()

    outage_logs = [r for r in collected if r.name == "operations.faults"]
    assert len(outage_logs) == 1  # two failed requests, one warning
    assert outage_logs[0].levelno == logging.WARNING
    assert "Database unavailable" in outage_logs[0].getMessage()
    assert not [r for r in collected if r.name == "django.request"]  # no traceback, no "Service Unavailable"


def test_the_english_site_gets_the_503_page_in_english(client):
    with mock.patch(CURSOR, side_effect=OperationalError("connection refused")):
        response = client.get("/en/")
    assert response.status_code == 503
    assert "The portal is briefly unavailable" in response.content.decode()


def test_a_database_outage_outside_a_view_gets_the_503_page_from_the_error_handler():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("could not connect to server")
    except OperationalError:
        with translation.override("vi"):
            response = server_error(request)
    assert response.status_code == 503
    assert "Cổng thông tin tạm thời gián đoạn" in response.content.decode()
    try:
        raise ValueError("a bug")
    except ValueError:
        assert sys.exc_info()[0] is ValueError
        response = server_error(request)
    assert response.status_code == 500


def test_outage_warnings_are_logged_once_per_period():
    faults.reset()
    assert faults.should_log("database", period=60, now=1000.0)
    assert not faults.should_log("database", period=60, now=1030.0)
    assert faults.should_log("redis", period=60, now=1030.0)  # each service on its own
    assert faults.should_log("database", period=60, now=1061.0)
    faults.reset()


@override_settings(REDIS_URL=UNREACHABLE, CACHES=UNREACHABLE_CACHES, DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS=True)
def test_with_redis_down_pages_serve_views_count_in_the_database_and_one_warning_is_logged(client, collected):
    page = StandardPageFactory(title="Liên hệ")
    for _ in range(3):
        response = client.get(page.url, **browser())
        assert response.status_code == 200
        assert "Liên hệ" in response.content.decode()
        hit = beacon(client, page=page.pk, path=page.url)  # what the page's script sends: it counts the view
        assert hit.status_code == 200
        assert hit.json()["counted"] is True
        counter.reset_redis_state()  # retry Redis on every view, as after the retry delay
    assert DailyVisits.objects.get().views == 3

    redis_logs = [r for r in collected if r.name.startswith("django_redis")]
    assert len(redis_logs) == 1  # many failed cache calls, one line
    assert redis_logs[0].levelno == logging.WARNING
    assert "Cache (Redis) unavailable, serving without it" in redis_logs[0].getMessage()
    assert redis_logs[0].exc_info is None
    counter_logs = [r for r in collected if r.name == "visits.counter"]
    assert len(counter_logs) == 1
    assert "counting in the database" in counter_logs[0].getMessage()


@override_settings(REDIS_URL=UNREACHABLE, CACHES=UNREACHABLE_CACHES)
def test_the_periodic_flush_with_redis_down_logs_the_outage_warning_not_a_traceback(collected):
    import threading

    stop = threading.Event()
    flusher = threading.Thread(target=counter._flush_periodically, args=(0.02, stop))
    flusher.start()
    stop.wait(0.3)
    stop.set()
    flusher.join()
    records = [r for r in collected if r.name == "visits.counter"]
    assert [r.levelno for r in records] == [logging.WARNING]
    assert records[0].exc_info is None
    assert "Redis unavailable" in records[0].getMessage()
