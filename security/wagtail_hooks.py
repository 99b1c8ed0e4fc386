from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks

from security import two_factor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.manage, name="security_two_factor"),
        path("two-factor/verify/", two_factor.verify, name="security_two_factor_verify"),
        path("two-factor/reset/<int:user_id>/", two_factor.reset_for_user, name="security_two_factor_reset"),
    ]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("security_two_factor"),
        "label": _("Two-factor sign-in"),
        "help_text": _("Ask for a code from an authenticator app after your password."),
    }
