import pytest

from django.test import override_settings


@pytest.fixture
def page_cache_on():
    """On, as in production (the test settings turn it off for the other tests)."""
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield
