from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "compliance"
    demo_loader = "compliance.demo.load_demo_compliance"
    verbose_name = _("Compliance with Decree 42")
