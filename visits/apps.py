from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visit statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pagecache import live
        from visits import page_views

        live.register(page_views.GROUP, page_views.fill)
