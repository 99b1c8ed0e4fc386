from unittest import mock

from django.db import OperationalError
from django.test import TestCase, override_settings
from django.urls import reverse

from tests.operations.test_redis_outage import CLOSED_PORT, PRODUCTION_CACHES_REDIS_DOWN


class HealthEndpointTests(TestCase):
    url = reverse("health")

    def test_reports_database_and_cache_when_healthy(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(body["database"]["status"], "ok")
        self.assertEqual(body["cache"]["status"], "ok")
        self.assertIn("no-cache", response["Cache-Control"])

    def test_answers_503_when_the_database_is_unreachable(self):
        with mock.patch(
            "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
            side_effect=OperationalError("connection refused"),
        ):
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["status"], "failed")
        self.assertEqual(body["database"]["status"], "error")

    def test_a_cache_outage_is_degraded_not_failed(self):
        with mock.patch("home.views.cache") as broken_cache:
            broken_cache.set.side_effect = ConnectionError("redis down")
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)  # still in rotation: pages are served without Redis
        self.assertEqual(response.json()["status"], "degraded")
        self.assertEqual(response.json()["cache"]["status"], "error")

    @override_settings(REDIS_URL=CLOSED_PORT, CACHES=PRODUCTION_CACHES_REDIS_DOWN)
    def test_redis_unreachable_is_degraded(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "degraded")

    def test_database_and_cache_down_is_failed(self):
        with (
            mock.patch("home.views.cache") as broken_cache,
            mock.patch(
                "django.db.backends.base.base.BaseDatabaseWrapper.cursor",
                side_effect=OperationalError("connection refused"),
            ),
        ):
            broken_cache.set.side_effect = ConnectionError("redis down")
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "failed")

    def test_refuses_writes(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)
