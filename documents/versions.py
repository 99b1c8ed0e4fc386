"""The register's version: one number that changes whenever a document, a relation, a vocabulary or a
view restriction changes (documents.signals). What is derived from the register and kept (facet counts,
search results, the reading statistics, the newest documents) is kept under it, so a change makes it
stale at once everywhere."""

from home import memo
from pagecache import cache as page_cache
from pagecache.tags import REGISTER


def register_version():
    """The page cache's ``register`` tag, read with the other tags every page reads (home.memo, one
    cache round trip per request)."""
    return str(memo.tag_versions()[REGISTER])


def bump_register_version(**kwargs):
    page_cache.bump(REGISTER)
