"""django-axes on Wagtail's login: wrong passwords lock the account out from that address, even the right
password is refused until the cool-off ends or an administrator resets it; the page is in Vietnamese."""

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-1"


@pytest.fixture(autouse=True)
def production_backends(settings):
    """The production authentication backends, django-axes' first (settings/test.py leaves it out)."""
    settings.AUTHENTICATION_BACKENDS = settings.AXES_BACKENDS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("bientap", "bt@example.vn", PASSWORD)


def login(client, password, username="bientap", address="203.0.113.5"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def is_signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_limit_of_wrong_passwords_locks_out_even_the_right_one(client, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    get_user_model().objects.create_superuser("bientap", "bt@example.vn", PASSWORD)
    for _attempt in range(4):
        response = login(client, "sai-mat-khau")
        assert response.status_code == 200  # the form again, with Wagtail's error
    response = login(client, "sai-mat-khau")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tạm khóa đăng nhập" in page
    assert "5 lần đăng nhập sai" in page
    assert "30 phút" in page
    response = login(client, PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_reset_lets_the_user_in_again(client, editor):
    for _attempt in range(5):
        login(client, "sai-mat-khau")
    assert login(client, PASSWORD).status_code == 429
    call_command("axes_reset_username", "bientap", verbosity=0)
    response = login(client, PASSWORD)
    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_lockout_ends_after_the_cool_off(client, editor, time_machine):
    time_machine.move_to("2026-11-28 08:00:00+07:00", tick=False)
    for _attempt in range(5):
        login(client, "sai-mat-khau")
    assert login(client, PASSWORD).status_code == 429
    time_machine.move_to("2026-11-28 08:31:00+07:00", tick=False)
    assert login(client, PASSWORD).status_code == 302


def test_another_address_is_not_locked_out(client, editor):
    for _attempt in range(5):
        login(client, "sai-mat-khau")
    assert login(client, PASSWORD, address="198.51.100.7").status_code == 302


def test_a_success_clears_earlier_failures(client, editor):
    for _attempt in range(4):
        login(client, "sai-mat-khau")
    assert login(client, PASSWORD).status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    for _attempt in range(4):
        assert login(client, "sai-mat-khau").status_code == 200
    assert login(client, PASSWORD).status_code == 302


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_a_trusted_proxy_the_readers_address_counts(client, editor):
    for _attempt in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "bientap", "password": "sai"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    other_reader = client.post(
        reverse("wagtailadmin_login"),
        {"username": "bientap", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert other_reader.status_code == 302


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_client_that_rotates_x_forwarded_for_from_an_untrusted_address_stays_locked_out(client, editor):
    for attempt in range(20):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "bientap", "password": "sai"},
            REMOTE_ADDR="203.0.113.66",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}",
            HTTP_X_REAL_IP=f"192.0.2.{attempt + 1}",
        )
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "bientap", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.66",
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert not is_signed_in(client)


def test_with_no_trusted_proxy_x_forwarded_for_is_ignored_even_from_localhost(client, editor, settings):
    assert settings.TRUSTED_PROXIES == []
    for attempt in range(5):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "bientap", "password": "sai"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt + 1}",
        )
    assert login(client, PASSWORD, address="127.0.0.1").status_code == 429


def test_password_validators_refuse_weak_passwords():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["123456789012", "password1", "ngắn"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Đồng-hồ-cát-2026")


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
