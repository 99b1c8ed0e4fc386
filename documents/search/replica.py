"""Reading the register's search from a streaming replica of the database (DATABASE_REPLICA_URL).

The search's heavy queries (documents.search.postgres: the candidate tiers, the full score of the
candidates, the facet counts) read the index table, the documents and the page tree only, so a
PostgreSQL streaming replica can answer them and take their load off the primary
(docs/search.md#how-the-registers-search-scales). Writes stay on the primary (the index rows, the
statuses re-derived before each search), and so do the light reads (a page's documents, suggestions).

A replica lags. Once a change that can move search results commits (anything that bumps the page
cache's tags: a publish, an unpublish, a move, a privacy restriction), the primary's WAL position is
noted in the cache; a search reads the replica only when the replica has replayed at least that far,
otherwise the primary. So no search shows a document unpublished or restricted a moment ago, and no
answer kept under the register's new version was computed before the change. A replica that cannot be
reached is left alone for SEARCH_REPLICA_RETRY_SECONDS, and the primary answers meanwhile.
"""

import contextlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, transaction

logger = logging.getLogger(__name__)

ALIAS = "search_replica"
POSITION_KEY = "documents:search:primary-wal-position"

# When the replica was last found unreachable, per process (the primary answers until the retry).
_down = {"until": 0.0}


def configured():
    return ALIAS in settings.DATABASES


def _lsn(text):
    """A WAL position "16/B374D848" as a number, to compare."""
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def _primary_position(primary):
    with connections[primary].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def remember_primary_position(primary="default"):
    """Once the current transaction commits, note the primary's WAL position (the latest noted stays)."""
    if not configured():
        return

    def note():
        try:
            position = _primary_position(primary)
            known = cache.get(POSITION_KEY)
            if known is None or _lsn(position) > _lsn(known):
                cache.set(POSITION_KEY, position, None)
        except DatabaseError as error:  # the primary is down: nothing can be published either
            logger.warning("Search replica: could not read the primary's WAL position (%s)", error)

    transaction.on_commit(note, using=primary)


def on_tags_bumped(sender, tags, **kwargs):
    """``pagecache.cache.tags_bumped``: a change that may move search results."""
    remember_primary_position()


def read_alias(primary):
    """The database the search reads from: the replica when it is configured, reachable and caught up with
    the last change noted, else ``primary``."""
    if not configured() or time.monotonic() < _down["until"]:
        return primary
    needed = cache.get(POSITION_KEY)
    try:
        if needed is None:  # nothing noted yet (a fresh cache): the primary's position now
            needed = _primary_position(primary)
            cache.set(POSITION_KEY, needed, None)
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [needed])
            caught_up = cursor.fetchone()[0]
    except DatabaseError as error:
        mark_down(error)
        return primary
    return ALIAS if caught_up else primary  # NULL: the "replica" is not in recovery (a primary)


def mark_down(error):
    seconds = settings.SEARCH_REPLICA_RETRY_SECONDS
    _down["until"] = time.monotonic() + seconds
    with contextlib.suppress(DatabaseError):
        connections[ALIAS].close()
    logger.warning("Search replica unreachable (%s); the primary answers for %ss", error, seconds)
