"""The register's search: one service for the register page, the JSON API, the admin and site search.

Split by database as Wagtail's own search backends are (``wagtail.search.backends.database``): this
module is the interface, ``postgres`` and ``sqlite`` are the two implementations, chosen by the
database's vendor, each with the same functions (``run_search``, ``suggest``, ``facet_counts`` over a
queryset, ``search_documents``, and the index upkeep, which SQLite does not need). What both share is in
``base`` (scope, result, score), ``query`` (reading a query) and ``reading`` (words typed without
diacritics); the Vietnamese text helpers are ``home.text``. See docs/search.md.
"""

import hashlib
import json

from django.core.cache import cache
from django.db import connections, router

from documents.numbers import number_key
from documents.search import postgres, reading, sqlite
from documents.search.base import (  # noqa: F401 - the interface's names
    FACETS,
    Scope,
    SearchResult,
    apply_filters,
    contains,
    hint_condition,
    model,
    number_condition,
    number_suggestions,
    ordered,
    text_score,
)
from documents.search.highlight import highlight_spans  # noqa: F401
from documents.search.postgres import TextMatch  # noqa: F401 - site search matches pages the same way
from documents.search.query import (  # noqa: F401
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    OPTIONAL_WORDS,
    ParsedQuery,
    parse_query,
)
from documents.search.sqlite import words_match  # noqa: F401
from documents.status import today
from documents.versions import register_version
from home.text import nfc, padded, words  # noqa: F401

SUGGESTIONS = 8
REMEMBERED = 60 * 60  # seconds a search's counts and window are kept (the register's version ends them)


def backend(using=None):
    """The implementation for the database ``using`` (the documents' by default)."""
    using = using or router.db_for_read(model())
    return postgres if connections[using].vendor == "postgresql" else sqlite


def uses_full_text(queryset):
    return connections[queryset.db].vendor == "postgresql"


def run_search(scope, query, filters, order, offset=0, limit=20, with_facets=True, known_total=None):
    """The documents of ``scope`` matching ``query`` (text or ParsedQuery; empty for all) and
    ``filters``, in ``order`` ("relevance", "issue_date" or "effective_date"), the window
    ``offset:offset + limit``, the total, and the raw facet counts when ``with_facets``. ``known_total``
    (from remembered facet counts) spares counting the matches again.

    On PostgreSQL it reads the narrow search index; elsewhere it runs the same matching and score over
    the document table. Both give the same documents in the same order, but that PostgreSQL fully
    scores only the best candidates of a broad query (see postgres). The counts and the window are kept
    in the cache per day, register version and scope (see _key and docs/search.md)."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query or "")
    if not parsed:
        parsed = None
        if order == "relevance":
            order = "issue_date"
    version = f"{today().isoformat()}:{register_version()}"
    counts_key = _key("counts", version, scope, parsed.match_key() if parsed else None, filters)
    typed = [parsed.text, parsed.read] if parsed else None
    window_key = _key("window", version, scope, typed, filters, order, offset, limit)
    kept = cache.get_many([counts_key, window_key] if with_facets else [window_key])
    counts, window = kept.get(counts_key), kept.get(window_key)
    if window is not None and (counts is not None or not with_facets):
        ids, total, indexed = window
        return SearchResult(ids, total, counts, indexed)
    if counts is not None:
        with_facets, known_total = False, counts["total"].get(None, 0)
    if parsed is not None:
        parsed.reading  # noqa: B018 - read the register's words before the search's own transaction
    result = backend().run_search(scope, parsed, filters, order, offset, limit, with_facets, known_total)
    if result.counts is not None:
        cache.set(counts_key, result.counts, REMEMBERED)
    else:
        result.counts = counts
    cache.set(window_key, (result.ids, result.total, result.indexed), REMEMBERED)
    return result


def _key(kind, version, scope, *parts):
    """A search's cache key: its day and the register's version (which every publish, unpublish, move,
    edit or view restriction changes: documents.signals), the scope (register, locale, the restricted
    sections the reader may not see) and what decides the answer."""
    register = scope.register.pk if scope.register is not None else None
    what = [register, scope.locale_id, sorted(scope.hidden_paths), scope.live_only, parts]
    digest = hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()
    return f"legal-search-{kind}:{version}:{digest}"


def search_documents(queryset, query, annotate=True):
    """Any queryset of documents (the admin's: drafts included) narrowed to those matching ``query``,
    annotated with ``relevance`` unless ``annotate`` is False."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query)
    if not parsed:
        return queryset.none()
    return backend(queryset.db).search_documents(queryset, parsed, annotate)


def suggest_documents(scope, text, limit=SUGGESTIONS):
    """Up to ``limit`` documents of ``scope``: first those whose number is the one typed in any of its
    spellings ("39-2021", "qd 39 2021", "39 năm 2021"), then those whose number starts with ``text``,
    then those whose heading has every word of ``text``, the last one as a prefix ("quyet dinh truy"
    finds "Quyết định ... truyền ..."), newest first."""
    text = nfc(text)[:MAX_QUERY_LENGTH]
    folded = words(text)[:MAX_WORDS]
    if not folded or len("".join(folded)) < 2:
        return []
    queryset = scope.queryset().select_related("document_type")
    found = number_suggestions(queryset, parse_query(text, read=False), limit)
    if len(found) >= limit:
        return found
    key = number_key(text) if any(ch.isdigit() for ch in text) else ""
    more = backend().suggest(scope, key, folded, limit)
    seen = {document.pk for document in found}
    return (found + [document for document in more if document.pk not in seen])[:limit]


def reading_of(text):
    """The most likely reading with diacritics of a query typed without ("chuyen doi so" ->
    "chuyển đổi số"), or "" when there is none or it is what was typed."""
    text = nfc(text)[:MAX_QUERY_LENGTH]
    if not text or any(ch.isdigit() for ch in text):
        return ""
    return reading.suggestion(parse_query(text))


def facet_counts(scope, query, filters):
    """{facet: {value as text: count}, "total": {None: n}}: for each filter, how many documents of
    ``scope`` matching ``query`` each of its values has among those the other active filters leave."""
    parsed = query if isinstance(query, ParsedQuery) else parse_query(query or "")
    return backend().facet_counts(scope, parsed or None, filters)


def queryset_facet_counts(queryset, filters):
    """The same counts over any queryset of documents annotated with ``validity``."""
    return sqlite.queryset_facet_counts(queryset, filters)


# The index upkeep (PostgreSQL only; nothing to do elsewhere) ------------------------------------


def refresh_index(ids=None, today=None):
    backend().refresh(ids, today)


def refresh_document(document):
    backend().refresh_document(document)


def refresh_places(page):
    backend().refresh_places(page)


def refresh_due_statuses(today=None):
    return backend().refresh_due_statuses(today)
