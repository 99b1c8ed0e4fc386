"""The figures the "Thống kê truy cập" box is rendered with: those of a few seconds ago, shared by every
render, so that a render costs no statistics query. The beacon's answer replaces them in the browser; a
reader without JavaScript sees them as of the render, with its time."""

import time

from django.core.cache import cache
from django.utils import timezone

from visits import counter

# Shared for a few seconds through the cache...
RECENT_KEY = "visits:box-figures"
RECENT_SECONDS = 10
# ...and kept in each process's memory for a second, so that they cost no round trip either.
RECENT_IN_PROCESS_SECONDS = 1.0
_recent = {"stats": None, "until": 0.0}


def recent_stats():
    """``(figures, when they were read)``."""
    now = time.monotonic()
    if _recent["stats"] is not None and _recent["until"] > now:
        return _recent["stats"]
    stats = cache.get(RECENT_KEY)
    if stats is None:
        stats = (counter.current_stats(), timezone.now())
        cache.set(RECENT_KEY, stats, RECENT_SECONDS)
    _recent.update(stats=stats, until=now + RECENT_IN_PROCESS_SECONDS)
    return stats


def forget_recent_stats():
    _recent.update(stats=None, until=0.0)
