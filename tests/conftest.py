import shutil

import pytest

from django.conf import settings
from django.core.cache import caches


def _clear_caches():
    from home import memo
    from pagecache.cache import forget_local
    from visits.box import forget_recent_stats
    from visits.counter import forget_database_totals

    forget_database_totals()  # the visit counter's per-process copy of the database totals
    forget_recent_stats()  # and of the figures shown to loads that are not counted
    memo.forget()  # what each process remembers of the site (home/memo.py)
    forget_local()  # and of the pages it served (pagecache/cache.py)
    for alias in settings.CACHES:
        cache = caches[alias]
        if hasattr(cache, "delete_pattern"):
            # django-redis: delete only this run's keys (the prefix is per process), never FLUSHDB.
            cache.delete_pattern("*")
        else:
            cache.clear()


@pytest.fixture(autouse=True)
def clean_caches():
    _clear_caches()
    yield
    _clear_caches()


@pytest.fixture(scope="session", autouse=True)
def clean_media():
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
