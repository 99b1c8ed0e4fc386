"""`make run` serves the demo as a visitor would see it: the portal's own error pages, and absolute
addresses (feeds, sitemap, hreflang, e-mails) on the host and port it serves."""

import os
import shutil
import subprocess  # nosec B404 - runs make and this project's own Python, no shell
import sys

import pytest

from django.conf import settings
from django.core.management.base import CommandError
from django.test import TestCase

from wagtail.models import Site

from home.management.commands.load_demo import Command as LoadDemo

MAKE = shutil.which("make")


def make_dry_run(*variables):
    result = subprocess.run(  # noqa: S603 # nosec B603 - fixed arguments
        [MAKE, "-n", "run", *variables],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


@pytest.mark.skipif(MAKE is None, reason="make is not installed")
@pytest.mark.parametrize(
    ("variables", "address"), [((), "127.0.0.1:8000"), (("PORT=8080",), "127.0.0.1:8080")]
)
def test_make_run_serves_without_debug_and_tells_the_demo_its_address(variables, address):
    commands = make_dry_run(*variables)
    assert f"manage.py load_demo --address {address}" in commands
    assert f"DEBUG=0 WAGTAILADMIN_BASE_URL=http://{address} " in commands
    assert f"manage.py runserver {address}" in commands


@pytest.mark.parametrize(("debug", "expected"), [("0", "False"), ("1", "True"), (None, "True")])
def test_the_development_settings_follow_the_debug_variable(debug, expected):
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "settings.dev"
    if debug is not None:
        env["DEBUG"] = debug
    result = subprocess.run(  # nosec B603 - this interpreter, fixed code
        [sys.executable, "-c", "import django; from django.conf import settings; print(settings.DEBUG)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


class DemoAddressTests(TestCase):
    def test_the_site_takes_the_served_address_and_the_feed_follows(self):
        site = Site.objects.get(is_default_site=True)
        LoadDemo()._serve_at(site, "127.0.0.1:8080")
        site.refresh_from_db()
        self.assertEqual((site.hostname, site.port), ("127.0.0.1", 8080))
        self.assertEqual(site.root_url, "http://127.0.0.1:8080")
        feed = self.client.get("/rss.xml").content.decode()
        self.assertIn("<link>http://127.0.0.1:8080/</link>", feed)
        self.assertNotIn("http://localhost/", feed)

    def test_a_malformed_address_is_refused(self):
        site = Site.objects.get(is_default_site=True)
        with self.assertRaises(CommandError):
            LoadDemo()._serve_at(site, "127.0.0.1")
