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


class SiteSearchEntry(models.Model):
    """The folded texts of one page for site search (search.site_index): every page but legal documents,
    which the register's own search service covers. Kept up to date when a page is saved or published,
    and rebuilt by ``manage.py update_index``.

    The texts are padded with spaces, so `` word `` finds a whole syllable (as in documents.search):

    - ``heading``: the title and the summary (search fields boosted 2 or more), folded;
    - ``body``: the other searchable text of the page, attached files' text included, folded;
    - ``exact``: heading and body with their diacritics, each syllable with its tone mark last
      (home.text.matching_key), so "Hoá" and "Hóa" are one spelling and "bán" and "bàn" two.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="site_search_entry"
    )
    heading = models.TextField(blank=True)
    body = models.TextField(blank=True)
    exact = models.TextField(blank=True)
    published = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("site search entry")
        verbose_name_plural = _("site search entries")

    def __str__(self):
        return self.heading.strip()
