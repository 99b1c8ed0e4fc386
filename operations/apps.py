from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the portal in production: backups and restores, and staying up when a service fails."""

    name = "operations"
    verbose_name = _("Operations")
