"""What counts as a page view, and which day, week and month it counts in (Asia/Ho_Chi_Minh, Monday
first), on the database counter (no Redis)."""

import datetime
import threading
import zoneinfo

import pytest
import time_machine

from django.db import connection, connections
from django.test import override_settings

from visits import counter
from visits.models import DailyVisits, OnlineReader, PageDailyVisits
from visits.periods import Periods

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
# 2026-05-31 is a Sunday and the last day of a month; 2026-06-01 a Monday and the first day of one.
SUNDAY_2359 = datetime.datetime(2026, 5, 31, 23, 59, tzinfo=HCM)
MONDAY_0000 = datetime.datetime(2026, 6, 1, 0, 0, tzinfo=HCM)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("database_counter")]


@pytest.fixture
def database_counter(settings):
    settings.REDIS_URL = ""  # the counter without Redis, whatever the environment


def stats_without_online():
    stats = counter.current_stats()
    stats.pop("online")
    return stats


def test_a_view_counts_once_in_every_period_that_contains_today():
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, tzinfo=HCM), tick=False):  # a Wednesday
        counter.record_view("reader-a", page_id=None)
        assert counter.current_stats() == {
            "online": 1,
            "today": 1,
            "this_week": 1,
            "last_week": 0,
            "this_month": 1,
            "last_month": 0,
            "total": 1,
        }


def test_sunday_2359_and_monday_0000_fall_in_different_weeks_and_months():
    with time_machine.travel(SUNDAY_2359, tick=False):
        counter.record_view("reader-a")
        counter.record_view("reader-b")
        assert stats_without_online() == {
            "today": 2,
            "this_week": 2,
            "last_week": 0,
            "this_month": 2,
            "last_month": 0,
            "total": 2,
        }
    with time_machine.travel(MONDAY_0000, tick=False):
        # One minute later: a new day, a new week and a new month; Sunday is now last week's.
        assert stats_without_online() == {
            "today": 0,
            "this_week": 0,
            "last_week": 2,
            "this_month": 0,
            "last_month": 2,
            "total": 2,
        }
        counter.record_view("reader-c")
        assert stats_without_online() == {
            "today": 1,
            "this_week": 1,
            "last_week": 2,
            "this_month": 1,
            "last_month": 2,
            "total": 3,
        }
    assert dict(DailyVisits.objects.values_list("day", "views")) == {
        datetime.date(2026, 5, 31): 2,
        datetime.date(2026, 6, 1): 1,
    }


def test_days_follow_vietnam_time_not_utc():
    # 2026-03-18 17:30 UTC is already 00:30 on the 19th in Hồ Chí Minh City.
    with time_machine.travel(datetime.datetime(2026, 3, 18, 17, 30, tzinfo=datetime.UTC), tick=False):
        counter.record_view("reader-a")
    assert DailyVisits.objects.get().day == datetime.date(2026, 3, 19)


@pytest.mark.parametrize(
    ("today", "week", "last_week", "month", "last_month"),
    [
        # Sunday: the week began six days earlier, on Monday.
        (
            "2026-05-31",
            "2026-05-25",
            ("2026-05-18", "2026-05-24"),
            "2026-05-01",
            ("2026-04-01", "2026-04-30"),
        ),
        # Monday: the week begins today.
        (
            "2026-06-01",
            "2026-06-01",
            ("2026-05-25", "2026-05-31"),
            "2026-06-01",
            ("2026-05-01", "2026-05-31"),
        ),
        # A week across two months, and the short February of 2028 (a leap year) before March.
        (
            "2028-03-01",
            "2028-02-28",
            ("2028-02-21", "2028-02-27"),
            "2028-03-01",
            ("2028-02-01", "2028-02-29"),
        ),
        # New Year: last week and last month are in the year before.
        (
            "2027-01-01",
            "2026-12-28",
            ("2026-12-21", "2026-12-27"),
            "2027-01-01",
            ("2026-12-01", "2026-12-31"),
        ),
    ],
)
def test_period_bounds(today, week, last_week, month, last_month):
    day = datetime.date.fromisoformat
    ranges = Periods(day(today)).ranges()
    assert ranges["today"] == (day(today), day(today))
    assert ranges["this_week"] == (day(week), day(today))
    assert ranges["last_week"] == (day(last_week[0]), day(last_week[1]))
    assert ranges["this_month"] == (day(month), day(today))
    assert ranges["last_month"] == (day(last_month[0]), day(last_month[1]))


def test_page_views_are_counted_per_page_and_day(django_user_model):
    from tests.factories import StandardPageFactory

    page = StandardPageFactory()
    with time_machine.travel(datetime.datetime(2026, 3, 18, 10, 0, tzinfo=HCM), tick=False):
        counter.record_view("reader-a", page.pk)
        counter.record_view("reader-b", page.pk)
        counter.record_view("reader-b", None)
    row = PageDailyVisits.objects.get()
    assert (row.page_id, row.day, row.views) == (page.pk, datetime.date(2026, 3, 18), 2)
    assert DailyVisits.objects.get().views == 3


def test_online_counts_distinct_readers_of_the_last_five_minutes():
    start = datetime.datetime(2026, 3, 18, 10, 0, tzinfo=HCM)
    with time_machine.travel(start, tick=False):
        counter.record_view("reader-a")
        counter.record_view("reader-a")
        counter.record_view("reader-b")
        assert counter.current_stats()["online"] == 2
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        counter.record_view("reader-c")
        assert counter.current_stats()["online"] == 3
    with time_machine.travel(start + datetime.timedelta(minutes=5, seconds=1), tick=False):
        assert counter.current_stats()["online"] == 1  # only reader-c is still "online"
        counter.prune()
        assert list(OnlineReader.objects.values_list("reader", flat=True)) == ["reader-c"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_concurrent_views_are_all_counted_in_the_database():
    """N concurrent page views raise the total by exactly N: no update is lost."""
    threads, per_thread = 16, 25
    barrier = threading.Barrier(threads)
    errors = []

    def load(number):
        try:
            barrier.wait()
            for view in range(per_thread):
                counter.record_view(f"reader-{number}-{view % 3}")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    with override_settings(REDIS_URL=""):
        workers = [threading.Thread(target=load, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert counter.current_stats()["total"] == threads * per_thread
    assert DailyVisits.objects.get().views == threads * per_thread


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("value", [0, 7, 999, 1000, 12345, 1234567, 10**12])
def test_the_boxs_fast_number_format_writes_what_the_slow_one_does(language, value):
    from django.utils import translation

    from home.formatting import format_counts, format_number

    with translation.override(language):
        assert format_counts([value]) == [format_number(value)]
