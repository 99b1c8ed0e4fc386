"""The two sign-in screens a session must reach first are in Vietnamese too: the lockout page after
too many wrong passwords (django-axes) and the page asking for the two-factor code."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from tests.home.admin_text import english_on_page

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-1"


def sign_in(client, password=PASSWORD):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": "bientap", "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_the_lockout_page_is_in_vietnamese(client, settings):
    settings.AUTHENTICATION_BACKENDS = settings.AXES_BACKENDS  # django-axes, as in production
    get_user_model().objects.create_user("bientap", "bt@example.vn", PASSWORD)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, "sai-mat-khau")
    assert response.status_code == 429
    with translation.override("vi"):
        assert english_on_page(response.content.decode()) == []


def test_the_two_factor_code_page_is_in_vietnamese(client):
    user = get_user_model().objects.create_superuser("bientap", "bt@example.vn", PASSWORD)
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    sign_in(client)
    response = client.get(reverse("security_two_factor_verify"))
    assert response.status_code == 200
    assert "Nhập mã đăng nhập" in response.content.decode()
    with translation.override("vi"):
        assert english_on_page(response.content.decode()) == []
