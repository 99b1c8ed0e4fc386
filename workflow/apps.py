from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """Editorial workflow: the approval paths, their notifications and the editorial dashboard.

    Listed after ``wagtail.admin`` in INSTALLED_APPS: ``ready()`` replaces Wagtail's own workflow
    e-mails, which Wagtail connects in its ``ready()``.
    """

    name = "workflow"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("Editorial workflow")

    def ready(self):
        from workflow import notifications, signals

        notifications.connect()
        signals.connect()
