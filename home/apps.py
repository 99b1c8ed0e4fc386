from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from wagtail.users.apps import WagtailUsersAppConfig


class HomeConfig(AppConfig):
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Portal core")

    def ready(self):
        from django.db.models.signals import post_delete

        from home.media_access import register_policies
        from home.models import DocumentFileVersion

        register_policies()
        post_delete.connect(_delete_earlier_file, sender=DocumentFileVersion)


class PortalUsersConfig(WagtailUsersAppConfig):
    """wagtail.users with the portal's user views (home/users.py): no privilege escalation.
    INSTALLED_APPS names this instead of wagtail.users."""

    default = False
    user_viewset = "home.users.PortalUserViewSet"


def _delete_earlier_file(sender, instance, **kwargs):
    """A deleted document takes its earlier files with it."""
    from django.db import transaction

    transaction.on_commit(lambda: instance.file.storage.delete(instance.file.name))
