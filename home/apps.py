from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Portal core")

    def ready(self):
        from home.media_access import register_policies

        register_policies()


class PortalUsersConfig(WagtailUsersAppConfig):
    """wagtail.users with the portal's user views (home/users.py): no privilege escalation.
    INSTALLED_APPS names this instead of wagtail.users."""

    default = False
    user_viewset = "home.users.PortalUserViewSet"
