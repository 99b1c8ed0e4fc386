from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    contact_eraser = "participation.services.erase_expired_contacts"  # manage.py erase_expired_contacts
    demo_loader = "participation.demo.load_demo"
    verbose_name = _("Citizen participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from participation import inbox, signals

        signals.connect()
        inbox.register_builtin_sources()
