from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "security"
    verbose_name = _("Security")

    def ready(self):
        from PIL import Image

        from django.conf import settings
        from django.db.backends.signals import connection_created

        from security import checks  # noqa: F401  (registers the proxy checks)
        from security.observability import install_slow_query_logging

        # Pillow refuses images above twice this many pixels (and warns above it) wherever an image is
        # opened: Wagtail's upload form checks WAGTAILIMAGES_MAX_IMAGE_PIXELS, but renditions, imports
        # and the demo loader open images too. A decompression bomb stops here.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
        connection_created.connect(install_slow_query_logging, dispatch_uid="cong-slow-query-logging")
