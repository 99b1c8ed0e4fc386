"""Visit counters as stored in the database.

Only counts are stored, never an address: a page view adds one to its day's row and to its page's row
for that day. "Online" readers are a salted hash that changes every day (the salt of a past day is
deleted, after which no hash can be linked to a reader again).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyVisits(models.Model):
    """Page views of the whole site on one day (Asia/Ho_Chi_Minh)."""

    day = models.DateField(_("day"), primary_key=True)
    views = models.PositiveBigIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")
        ordering = ["-day"]

    def __str__(self):
        return f"{self.day:%d/%m/%Y}: {self.views}"


class PageDailyVisits(models.Model):
    """Views of one page on one day, for the admin's top pages and per-page chart."""

    day = models.DateField(_("day"))
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    views = models.PositiveBigIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("page visits per day")
        verbose_name_plural = _("page visits per day")
        constraints = [models.UniqueConstraint(fields=["day", "page"], name="visits_page_day_unique")]
        indexes = [models.Index(fields=["page", "day"], name="visits_page_day_idx")]

    def __str__(self):
        return f"{self.page_id} {self.day:%d/%m/%Y}: {self.views}"


class OnlineReader(models.Model):
    """A reader seen recently, when the site runs without Redis (Redis keeps these in a sorted set)."""

    reader = models.CharField(max_length=32, primary_key=True)
    last_seen = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("online reader")
        verbose_name_plural = _("online readers")

    def __str__(self):
        return self.reader


class DailySalt(models.Model):
    """The random salt of one day's reader hashes; deleted once the day is over."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("daily salt")
        verbose_name_plural = _("daily salts")

    def __str__(self):
        return f"{self.day:%d/%m/%Y}"


class FlushedBatch(models.Model):
    """A batch of Redis counters already added to the tables above, so that it is never added twice."""

    batch_id = models.CharField(max_length=32, primary_key=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("flushed counter batch")
        verbose_name_plural = _("flushed counter batches")

    def __str__(self):
        return self.batch_id
