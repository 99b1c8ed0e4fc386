"""Days, Monday-first weeks and months of the statistics, in Asia/Ho_Chi_Minh whatever the server's zone."""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

PERIOD_KEYS = ("today", "this_week", "last_week", "this_month", "last_month", "total")


@lru_cache(maxsize=4)
def _zone(name):
    return ZoneInfo(name)


def statistics_zone():
    return _zone(getattr(settings, "VISITS_TIME_ZONE", "Asia/Ho_Chi_Minh"))


def local_now(now=None):
    return timezone.localtime(now or timezone.now(), statistics_zone())


def local_today(now=None):
    return local_now(now).date()


@dataclass(frozen=True)
class Periods:
    """The date ranges (both ends included) that the statistics box shows, for one day."""

    today: datetime.date

    @property
    def week_start(self):
        return self.today - datetime.timedelta(days=self.today.weekday())  # Monday

    @property
    def last_week(self):
        start = self.week_start - datetime.timedelta(days=7)
        return start, start + datetime.timedelta(days=6)

    @property
    def month_start(self):
        return self.today.replace(day=1)

    @property
    def last_month(self):
        end = self.month_start - datetime.timedelta(days=1)
        return end.replace(day=1), end

    def ranges(self):
        """{period key: (first day, last day)}; "total" has no bounds."""
        return _ranges(self)

    def add(self, totals, day, views):
        """Add ``views`` counted on ``day`` to every period of ``totals`` that contains the day."""
        for key, (first, last) in self.ranges().items():
            if first is None or first <= day <= last:
                totals[key] = totals.get(key, 0) + views
        return totals


@lru_cache(maxsize=8)
def _ranges(periods):
    """Periods.ranges(), worked out once per day (every counted page view asks for them)."""
    return MappingProxyType(
        {
            "today": (periods.today, periods.today),
            "this_week": (periods.week_start, periods.today),
            "last_week": periods.last_week,
            "this_month": (periods.month_start, periods.today),
            "last_month": periods.last_month,
            "total": (None, None),
        }
    )
