from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalMapConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portalmap"
    demo_loader = "portalmap.demo.load_demo_site_map"
    verbose_name = _("Site map")
