"""ADMIN_PATH moves the admin: the old address is a plain 404, the new one has the login, the lockout,
the two-factor step and the admin's own security policy, and robots.txt does not advertise it."""

import importlib

import pytest

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse

import urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved_admin():
    with override_settings(ADMIN_PATH="quan-tri-7f3a/"):
        importlib.reload(urls)
        clear_url_caches()
        yield Client()
    importlib.reload(urls)
    clear_url_caches()


def test_the_admin_answers_at_the_configured_path_only(moved_admin):
    get_user_model().objects.create_superuser("quantri", "qt@example.vn", "mat-khau-rat-dai-1")
    assert reverse("wagtailadmin_login") == "/quan-tri-7f3a/login/"
    assert moved_admin.get("/admin/login/").status_code == 404
    login = moved_admin.get("/quan-tri-7f3a/login/")
    assert login.status_code == 200
    assert "'unsafe-inline'" in login["Content-Security-Policy"]  # the admin's policy follows the path
    response = moved_admin.post(
        "/quan-tri-7f3a/login/", {"username": "quantri", "password": "mat-khau-rat-dai-1"}
    )
    assert response.status_code == 302
    assert moved_admin.get("/quan-tri-7f3a/").status_code == 200


def test_robots_txt_does_not_reveal_a_custom_admin_path(moved_admin):
    robots = moved_admin.get("/robots.txt").content.decode()
    assert "quan-tri" not in robots
    assert "Disallow: /api/" in robots


def test_the_default_is_admin(client):
    assert reverse("wagtailadmin_home") == "/admin/"
    assert "Disallow: /admin/" in client.get("/robots.txt").content.decode()
