"""Where a consultation stands on a given day, apart from the models so that consultation/serving.py can
use it without importing them (no import cycle)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import pgettext_lazy


def today():
    return timezone.localdate()


class Period(models.TextChoices):
    UPCOMING = "upcoming", pgettext_lazy("consultation period", "Not yet open")
    OPEN = "open", pgettext_lazy("consultation period", "Open for comments")
    CLOSED = "closed", pgettext_lazy("consultation period", "Closed")
