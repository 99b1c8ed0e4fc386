"""Optional TOTP two-factor sign-in: enrol with the QR code or secret, then a code is asked after the
password; a wrong code is refused; the user can turn it off; a superuser can remove a lost phone's
enrolment; TWO_FACTOR_REQUIRED makes every admin user enrol."""

import base64
from urllib.parse import parse_qs, urlparse

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from tests.helpers import soup

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-1"


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=0):06d}"


def other_code(device):
    return f"{(int(code_for(device)) + 1) % 1_000_000:06d}"


@pytest.fixture
def editor():
    return get_user_model().objects.create_superuser("bientap", "bt@example.vn", PASSWORD)


@pytest.fixture
def enrolled(editor):
    device = TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)
    return device


def allow_next_try(device):
    """Skip django-otp's wait after a wrong code (1 s after the first)."""
    device.refresh_from_db()
    device.throttle_reset()


def sign_in(client, username="bientap"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})


def test_enrolling_shows_a_qr_code_and_the_secret_and_needs_a_first_code(client, editor):
    client.force_login(editor)
    response = client.get(reverse("security_two_factor"))
    assert response.status_code == 200
    html = soup(response)
    assert html.select_one("[data-two-factor-qr]")["src"].startswith("data:image/svg+xml")
    secret = html.select_one("[data-two-factor-secret]").get_text().replace(" ", "")
    pending = TOTPDevice.objects.get(user=editor)
    assert not pending.confirmed
    assert base64.b32decode(secret) == pending.bin_key
    assert "Xác thực hai bước" in response.content.decode()
    assert "otpauth://totp/" in pending.config_url and "issuer=" in pending.config_url

    wrong = client.post(reverse("security_two_factor"), {"token": other_code(pending)})
    assert wrong.status_code == 200
    assert "Mã này không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.get(user=editor).confirmed
    allow_next_try(pending)

    response = client.post(reverse("security_two_factor"), {"token": code_for(pending)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # this session counts as verified


def test_reloading_the_enrol_page_keeps_the_same_secret(client, editor):
    client.force_login(editor)
    client.get(reverse("security_two_factor"))
    client.get(reverse("security_two_factor"))
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_after_the_password_an_enrolled_user_must_give_a_code(client, enrolled):
    response = sign_in(client)
    assert response.status_code == 302
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 302
    location = urlparse(home["Location"])
    assert location.path == reverse("security_two_factor_verify")
    assert parse_qs(location.query)["next"] == [reverse("wagtailadmin_home")]
    # Every admin page, not only the dashboard.
    assert client.get(reverse("wagtailadmin_explore_root")).status_code == 302
    page = client.get(reverse("security_two_factor_verify"))
    assert "Nhập mã đăng nhập" in page.content.decode()

    wrong = client.post(reverse("security_two_factor_verify"), {"token": other_code(enrolled)})
    assert wrong.status_code == 200
    assert "Mã này không đúng" in wrong.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302
    allow_next_try(enrolled)

    right = client.post(
        reverse("security_two_factor_verify"),
        {"token": code_for(enrolled), "next": reverse("wagtailadmin_explore_root")},
    )
    assert right["Location"] == reverse("wagtailadmin_explore_root")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_verify_page_does_not_redirect_elsewhere(client, enrolled):
    sign_in(client)
    response = client.post(
        reverse("security_two_factor_verify"), {"token": code_for(enrolled), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_code_cannot_be_guessed_by_trying_many(client, enrolled):
    sign_in(client)
    for _attempt in range(3):
        client.post(reverse("security_two_factor_verify"), {"token": other_code(enrolled)})
    response = client.post(reverse("security_two_factor_verify"), {"token": code_for(enrolled)})
    assert response.status_code == 200  # throttled: even the right code waits
    assert "Quá nhiều mã sai" in response.content.decode()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_users_without_enrolment_sign_in_with_the_password_only(client, editor):
    sign_in(client)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_public_site_never_asks_for_a_code(client, enrolled):
    sign_in(client)
    assert client.get("/").status_code == 200


def test_restricted_pages_stay_closed_until_the_code_is_given(client, enrolled):
    from wagtail.models import PageViewRestriction

    from tests.factories.pages import StandardPageFactory

    page = StandardPageFactory(title="Tài liệu nội bộ")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    sign_in(client)
    assert client.get(page.url).status_code == 302  # to the login page, as for anyone anonymous
    client.post(reverse("security_two_factor_verify"), {"token": code_for(enrolled)})
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Tài liệu nội bộ" in response.content.decode()


def test_turning_it_off_needs_a_current_code(client, enrolled):
    sign_in(client)
    client.post(reverse("security_two_factor_verify"), {"token": code_for(enrolled)})
    enrolled.refresh_from_db()
    enrolled.last_t -= 1  # a code is used once: let this test reuse the one just given
    enrolled.save()
    refused = client.post(reverse("security_two_factor"), {"token": other_code(enrolled)})
    assert TOTPDevice.objects.filter(user=enrolled.user).exists()
    assert "Mã này không đúng" in refused.content.decode()
    allow_next_try(enrolled)
    client.post(reverse("security_two_factor"), {"token": code_for(enrolled)})
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()


def test_a_superuser_removes_a_lost_phone_and_others_cannot(client, enrolled):
    User = get_user_model()
    owner = User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    client.force_login(owner)
    page = client.get(reverse("security_two_factor"))
    assert "bientap" in page.content.decode()
    response = client.post(reverse("security_two_factor_reset", args=[enrolled.user.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()

    from home.roles import ensure_roles

    groups = ensure_roles()
    editor = User.objects.create_user("phongvien", password=PASSWORD)
    editor.groups.add(groups["editor"])
    TOTPDevice.objects.create(user=owner, name="authenticator", confirmed=True)
    client.force_login(editor)
    refused = client.post(reverse("security_two_factor_reset", args=[owner.pk]))
    # Wagtail turns the refusal into its "no permission" redirect to the dashboard.
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    assert TOTPDevice.objects.filter(user=owner).exists()
    assert "quantri" not in client.get(reverse("security_two_factor")).content.decode()


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_when_required_every_admin_user_enrols_first(client, editor):
    sign_in(client)
    response = client.get(reverse("wagtailadmin_home"))
    assert urlparse(response["Location"]).path == reverse("security_two_factor")
    page = client.get(reverse("security_two_factor"))
    assert page.status_code == 200
    pending = TOTPDevice.objects.get(user=editor)
    client.post(reverse("security_two_factor"), {"token": code_for(pending)})
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_account_page_links_to_two_factor(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_account"))
    assert reverse("security_two_factor") in response.content.decode()
