from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "disclosure"
    demo_loader = "disclosure.demo.load_demo"
    verbose_name = _("Public disclosure")
