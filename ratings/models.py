from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Rating(models.Model):
    """One reader's score of one page; rating again changes the score.

    ``reader`` is a keyed hash of the random identifier in the reader's ``cong_reader`` cookie: it
    tells one browser's ratings apart and says nothing about who the reader is.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    reader = models.CharField(_("reader"), max_length=64)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["page", "reader"], name="ratings_one_per_reader_and_page"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="ratings_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.page_id}: {self.score}/5"
