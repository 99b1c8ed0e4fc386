"""Ratings: which pages take them, saving one (exactly once per reader and page, also under
concurrency), and the average as readers see it ("Đánh giá bài viết (4,3/5 · 12 lượt)")."""

import re
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connections, router, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from wagtail.models import Page

from home.formatting import format_number
from pagecache import cache as pagecache
from pagecache.tags import page_tag
from ratings.models import Rating

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
HEADINGS = {"documents.LegalDocumentPage": gettext_lazy("Document rating")}
DEFAULT_HEADING = gettext_lazy("Article rating")
STAR_WORDS = {
    1: pgettext_lazy("rating", "Very poor"),
    2: pgettext_lazy("rating", "Poor"),
    3: pgettext_lazy("rating", "Fair"),
    4: pgettext_lazy("rating", "Good"),
    5: pgettext_lazy("rating", "Excellent"),
}


class PageNotRateable(Exception):
    """The page does not exist, is not live and public, or is of a type that takes no ratings."""


@lru_cache(maxsize=1)
def _rateable_labels():
    return frozenset(apps.get_model(label)._meta.label for label in settings.RATINGS_PAGE_MODELS)


def is_rateable(page):
    return page.specific_class is not None and page.specific_class._meta.label in _rateable_labels()


def find_page(page_id):
    """The live, public page that takes ratings, or ``PageNotRateable`` with the reason to show."""
    page = Page.objects.live().public().filter(pk=page_id).select_related("locale").first()
    if page is None:
        raise PageNotRateable(_("This page does not exist or has not been published."))
    if not is_rateable(page):
        raise PageNotRateable(_("This page does not take ratings."))
    return page


@dataclass(frozen=True)
class Summary:
    count: int
    total: int

    @property
    def average(self):
        """The mean score rounded half up to one decimal (4.25 -> 4.3), or None without ratings."""
        if not self.count:
            return None
        return (Decimal(self.total) / Decimal(self.count)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def summary(page_id):
    if page_id is None:
        return Summary(0, 0)
    # Every article and legal document shows it: one plain statement rather than the ORM's aggregate,
    # which took longer to build and compile (0.5 ms) than the database to answer it.
    connection = connections[router.db_for_read(Rating)]
    quote = connection.ops.quote_name
    table, page, score = quote(Rating._meta.db_table), quote("page_id"), quote("score")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), COALESCE(SUM({score}), 0) FROM {table} WHERE {page} = %s",  # noqa: S608  # nosec B608 - names from the model
            [page_id],
        )
        count, total = cursor.fetchone()
    return Summary(count, total)


def heading_for(page):
    return HEADINGS.get(page.specific_class._meta.label, DEFAULT_HEADING)


def summary_text(result):
    """ "4,3/5 · 12 lượt" in Vietnamese, "4.3/5 · 12 ratings" in English."""
    if not result.count:
        return _("no ratings yet")
    return ngettext("%(average)s/5 · %(count)s rating", "%(average)s/5 · %(count)s ratings", result.count) % {
        "average": format_number(result.average, 1),
        "count": format_number(result.count),
    }


def label(page, result):
    return f"{heading_for(page)} ({summary_text(result)})"


def star_label(score):
    return _("%(score)s of 5 stars: %(word)s") % {"score": score, "word": STAR_WORDS[score]}


def new_reader_token():
    return secrets.token_urlsafe(24)


def reader_token(request):
    """The reader's identifier from the cookie, if it is one we could have issued."""
    token = request.COOKIES.get(settings.RATINGS_READER_COOKIE, "")
    return token if TOKEN_PATTERN.match(token) else None


def reader_key(token):
    """What is stored: a keyed hash of the cookie, useless to anyone who reads the database."""
    return salted_hmac("ratings.reader", token, algorithm="sha256").hexdigest()


def your_score(page_id, token):
    if not token:
        return None
    return (
        Rating.objects.filter(page_id=page_id, reader=reader_key(token))
        .values_list("score", flat=True)
        .first()
    )


def save_rating(page_id, token, score):
    """Record ``score`` as this reader's rating of the page; True if it is their first, False if changed."""
    first = _save(page_id, reader_key(token), score)
    # The page shows its average: a stored copy of it is stale from now on (its next load renders it).
    pagecache.bump(page_tag(page_id))
    return first


def _save(page_id, reader, score):
    now = timezone.now()
    if Rating.objects.filter(page_id=page_id, reader=reader).update(score=score, updated_at=now):
        return False
    try:
        with transaction.atomic():
            Rating.objects.create(page_id=page_id, reader=reader, score=score)
        return True
    except IntegrityError:  # the same reader's other request created it a moment ago
        Rating.objects.filter(page_id=page_id, reader=reader).update(score=score, updated_at=now)
        return False
