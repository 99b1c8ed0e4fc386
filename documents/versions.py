"""The register's version: one number that changes whenever a document, a relation, a vocabulary or a
view restriction changes (documents.signals). What is derived from the register and kept (facet counts,
search results, the reading statistics, the newest documents) is kept under it, so a change makes it
stale at once everywhere."""

from pagecache import cache as page_cache
from pagecache.tags import REGISTER


def register_version():
    """The page cache's ``register`` tag, read with the other tags every page reads (one cache round
    trip per request: pagecache.cache.tag_versions)."""
    return str(page_cache.tag_versions()[REGISTER])


def bump_register_version(**kwargs):
    page_cache.bump(REGISTER)
