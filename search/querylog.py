"""Query logging for editors: what readers search for, and what finds nothing.

One row per query (grouped by its folded key: "Giá đất", "gia dat" and "GIÁ ĐẤT" are one query), place
and day, so a search costs one UPDATE (or one INSERT the first time that day). Empty queries are not
logged. The report is in the admin under Reports (search.admin_views).

A page that may be served from a cache (the legal documents register) does not log its search while
rendering: it gives the visit beacon (visits/) a signed token of the search, and the search is logged
when the beacon counts the page view, however the page was served.
"""

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from home.text import fold_diacritics, printable
from search.models import SearchQueryDay

MAX_LENGTH = 200
BEACON_SALT = "search.querylog.beacon"


def normalise(query):
    """(text, key): the query NFC-normalised, lower-cased, spaces collapsed; the key also folded."""
    text = printable(query)
    text = " ".join(text.lower().split())[:MAX_LENGTH]
    return text, fold_diacritics(text)[:MAX_LENGTH]


def log_query(query, source, result_count):
    text, key = normalise(query)
    if not key.strip():
        return
    empty = 1 if result_count == 0 else 0
    day = timezone.localdate()
    values = {
        "hits": F("hits") + 1,
        "empty_hits": F("empty_hits") + empty,
        "results": result_count,
        "text": text,
    }
    rows = SearchQueryDay.objects.filter(key=key, source=source, day=day)
    if rows.update(**values):
        return
    try:
        with transaction.atomic():
            SearchQueryDay.objects.create(
                key=key, text=text, source=source, day=day, hits=1, empty_hits=empty, results=result_count
            )
    except IntegrityError:  # another request created it meanwhile
        rows.update(**values)


def beacon_token(query, source, result_count):
    """The search as a page gives it to its beacon: ``query``, ``source`` and ``result_count``, signed
    (a reader cannot log a search nobody made, nor change its result count)."""
    return signing.dumps([query, source, result_count], salt=BEACON_SALT, compress=True)


def log_beacon_search(sender, token, **kwargs):
    """``visits.signals.search_page_viewed``: a page showing a search was loaded; log its search."""
    try:
        query, source, result_count = signing.loads(token, salt=BEACON_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return
    if isinstance(query, str) and source in SearchQueryDay.Source.values and isinstance(result_count, int):
        log_query(query, source, result_count)
