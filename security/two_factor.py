"""Optional TOTP two-factor sign-in for the admin, on django-otp's TOTPDevice.

Each admin user may enrol from Account > More actions > Two-factor sign-in: scan the QR code (or type the
secret) into an authenticator app and confirm with a code. From then on, after the password, the admin asks
for a six-digit code (``TwoFactorMiddleware`` sends the user to the verify page until the session is
verified). TWO_FACTOR_REQUIRED makes every admin user enrol before using the admin. A superuser can remove
a user's enrolment (lost phone) from the list on the same page.
"""

import base64
from urllib.parse import urlencode

import django_otp
import segno
from django_otp.plugins.otp_totp.models import TOTPDevice

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from security.headers import admin_prefix

DEVICE_NAME = "authenticator"


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Enter the digits shown by your authenticator app."))
        return token


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def check_code(device, token, wrong_message=None):
    """None when ``token`` is the device's current code, otherwise the message to show. After a wrong
    code django-otp makes the next try wait (1 s, 2 s, 4 s...), so codes cannot be guessed by brute force."""
    allowed, _details = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes. Wait a moment before trying again.")
    if device.verify_token(token):
        return None
    return wrong_message or _("This code is not valid. Wait for a new code and try again.")


def _safe_next(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorMiddleware:
    """After the password, an enrolled admin user must enter a code before any other admin page (and is
    anonymous on the public site until then); with TWO_FACTOR_REQUIRED, a user who has not enrolled yet is
    sent to enrol first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = admin_prefix()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            if not request.path.startswith(self.prefix):
                # Outside the admin, a password without the code counts for nothing: pages restricted to
                # logged-in users stay closed until the second step is done.
                if confirmed_device(user) is not None:
                    request.user = AnonymousUser()
            else:
                redirect_to = self._required_step(request, user)
                if redirect_to:
                    return redirect(f"{redirect_to}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _required_step(self, request, user):
        verify_url = reverse("security_two_factor_verify")
        enrol_url = reverse("security_two_factor")
        exempt = {verify_url, reverse("wagtailadmin_logout"), reverse("wagtailadmin_login")}
        if request.path in exempt or request.path.startswith(reverse("wagtailadmin_javascript_catalog")):
            return None
        if confirmed_device(user) is not None:
            return verify_url
        if settings.TWO_FACTOR_REQUIRED and request.path != enrol_url:
            return enrol_url
        return None


def verify(request):
    """The second step of signing in: the code from the enrolled authenticator app."""
    device = confirmed_device(request.user)
    home = reverse("wagtailadmin_home")
    if device is None or request.user.is_verified():
        return redirect(_safe_next(request, home))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = check_code(device, form.cleaned_data["token"])
        if error is None:
            django_otp.login(request, device)
            return redirect(_safe_next(request, home))
        form.add_error("token", error)
    return TemplateResponse(
        request,
        "security/two_factor_verify.html",
        {"form": form, "next": _safe_next(request, home)},
    )


def _qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)


def _grouped(secret):
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def manage(request):
    """Enrol (QR code and secret, confirmed by a first code) or turn two-factor sign-in off."""
    user = request.user
    device = confirmed_device(user)
    form = TokenForm(request.POST or None)
    if device is not None:
        if request.method == "POST" and form.is_valid():
            error = check_code(device, form.cleaned_data["token"])
            if error is None:
                TOTPDevice.objects.filter(user=user).delete()
                messages.success(request, _("Two-factor sign-in is off for your account."))
                return redirect("security_two_factor")
            form.add_error("token", error)
        return TemplateResponse(
            request,
            "security/two_factor.html",
            {"device": device, "form": form, "enrolled_users": _enrolled_users(request)},
        )

    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if pending is None:
        pending = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    if request.method == "POST" and form.is_valid():
        wrong = _("This code is not valid. Check the time on your phone and try a new code.")
        error = check_code(pending, form.cleaned_data["token"], wrong)
        if error is None:
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            django_otp.login(request, pending)
            messages.success(
                request, _("Two-factor sign-in is on: from now on you will be asked for a code.")
            )
            return redirect(_safe_next(request, reverse("security_two_factor")))
        form.add_error("token", _("This code is not valid. Check the time on your phone and try a new code."))
    secret = base64.b32encode(pending.bin_key).decode()
    return TemplateResponse(
        request,
        "security/two_factor.html",
        {
            "form": form,
            "qr_code": _qr_data_uri(pending.config_url),
            "secret": _grouped(secret),
            "required": settings.TWO_FACTOR_REQUIRED,
            "next": _safe_next(request, ""),
            "enrolled_users": _enrolled_users(request),
        },
    )


def _enrolled_users(request):
    if not request.user.is_superuser:
        return None
    User = get_user_model()
    ids = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


@require_POST
def reset_for_user(request, user_id):
    """A superuser removes another user's enrolment (a lost or replaced phone)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(get_user_model(), pk=user_id)
    TOTPDevice.objects.filter(user=target).delete()
    messages.success(
        request,
        _("Two-factor sign-in was removed for %(user)s; they can enrol again.")
        % {"user": target.get_username()},
    )
    return redirect("security_two_factor")
