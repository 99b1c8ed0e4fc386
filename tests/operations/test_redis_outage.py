"""Redis unreachable from the first request: every kind of page still answers 200, request after request
(issue 19: after the first failed ``get_many`` every page not yet cached answered 500 for the life of the
worker)."""

import pytest

from django.core.cache import caches
from django.test import override_settings

from home.redis_cache import RedisCache
from tests.engagement import browser
from tests.factories import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.pages import default_home
from visits import counter

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:1/0"
_OPTIONS = {
    "CLIENT_CLASS": "django_redis.client.DefaultClient",
    "SOCKET_CONNECT_TIMEOUT": 0.5,
    "SOCKET_TIMEOUT": 0.5,
    "IGNORE_EXCEPTIONS": True,
}
# As settings/base.py builds them from REDIS_URL, pointed at a port where nothing listens.
PRODUCTION_CACHES_REDIS_DOWN = {
    "default": {"BACKEND": "home.redis_cache.RedisCache", "LOCATION": CLOSED_PORT, "OPTIONS": _OPTIONS},
    "renditions": {"BACKEND": "home.redis_cache.RedisCache", "LOCATION": CLOSED_PORT, "OPTIONS": _OPTIONS},
}


def test_a_failed_get_many_returns_a_fresh_dict_each_time():
    backend = RedisCache(CLOSED_PORT, {"OPTIONS": _OPTIONS})
    first = backend.get_many(["a"])
    first["pagecache:tag:news"] = 1  # what the page cache did with it
    assert backend.get_many(["b"]) == {}


@pytest.fixture
def site():
    home = default_home()
    news = NewsIndexPageFactory(title="Tin tức", slug="tin-tuc")
    reports = InspectionReportIndexPageFactory(slug="thanh-tra")
    register = LegalDocumentIndexPageFactory()
    return {
        "home": home.url,
        "listing": news.url,
        "article": NewsPageFactory(parent=news, title="Chuyển đổi số năm 2026").url,
        "inspection report": InspectionReportPageFactory(parent=reports).url,
        "register": register.url,
        "register search": register.url + "?q=quy+ch%E1%BA%BF",
        "legal document": LegalDocumentPageFactory(parent=register).url,
        "site search": "/search/?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i",
        "api": "/api/v2/legal-documents/",
        "suggestions": "/api/v2/legal-documents/suggest/?q=quy",
        "feed": "/rss.xml",
        "sitemap": "/sitemap.xml",
    }


@override_settings(
    REDIS_URL=CLOSED_PORT,
    CACHES=PRODUCTION_CACHES_REDIS_DOWN,
    PAGE_CACHE_ENABLED=True,
    PAGE_CACHE_ALIAS="default",
)
def test_with_redis_down_from_the_first_request_every_kind_of_page_answers_200(client, site):
    counter.reset_redis_state()
    try:
        for round_number in range(3):
            for kind, url in site.items():
                response = client.get(url, **browser())
                assert response.status_code == 200, (round_number, kind, url)
            counter.reset_redis_state()  # the counter tries Redis again, as after its retry delay
    finally:
        counter.reset_redis_state()
        for alias in PRODUCTION_CACHES_REDIS_DOWN:
            caches[alias].close()
