from unittest import mock

from django.db import OperationalError
from django.test import TestCase
from django.urls import reverse


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
        self.assertEqual(body["status"], "error")
        self.assertEqual(body["database"]["status"], "error")

    def test_a_cache_outage_is_reported_without_failing_the_check(self):
        with mock.patch("home.views.cache") as broken_cache:
            broken_cache.set.side_effect = ConnectionError("redis down")
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["cache"]["status"], "error")

    def test_refuses_writes(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)
