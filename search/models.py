from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchQueryDay(models.Model):
    """How often a query was searched on one day, and how often it found nothing (see search.querylog)."""

    class Source(models.TextChoices):
        SITE = "site", _("Site search")
        REGISTER = "register", _("Legal documents register")

    key = models.CharField(_("key"), max_length=200, help_text=_("Lower-case, without diacritics."))
    text = models.CharField(_("query"), max_length=200)
    source = models.CharField(_("where"), max_length=10, choices=Source.choices)
    day = models.DateField(_("day"))
    hits = models.PositiveIntegerField(_("searches"), default=0)
    empty_hits = models.PositiveIntegerField(_("searches without results"), default=0)
    results = models.PositiveIntegerField(_("results last time"), default=0)

    class Meta:
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")
        constraints = [
            models.UniqueConstraint(fields=["key", "source", "day"], name="search_query_day_unique"),
        ]
        indexes = [models.Index(fields=["day"], name="search_query_day_day")]

    def __str__(self):
        return self.text
