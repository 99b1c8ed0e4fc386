"""Query logging for editors: what readers search for, and what finds nothing.

One row per query (grouped by its folded key: "Giá đất", "gia dat" and "GIÁ ĐẤT" are one query), place
and day, so a search costs one UPDATE (or one INSERT the first time that day). Empty queries are not
logged. The report is in the admin under Reports (search.admin_views).
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from home.text import fold_diacritics, printable
from search.models import SearchQueryDay

MAX_LENGTH = 200


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
