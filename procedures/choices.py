"""The procedures' choices, apart from the models so that procedures/listing.py can offer them as filters
without importing the models (no import cycle)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceLevel(models.TextChoices):
    """How far the procedure can be done online (Nghị định 42/2022/NĐ-CP, Article 11)."""

    FULL = "full", _("Full online public service")
    PARTIAL = "partial", _("Partial online public service")
    OFFLINE = "offline", _("Not provided online")
