from wagtail import hooks

from pagecache import cache, front
from pagecache.tags import tags_for_page


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Tell the page cache and the front cache which page this response shows, and read its tags'
    versions before it is rendered (pagecache.cache.store explains why before)."""
    request._pagecache_page = page
    front.remember_versions(request, page)
    base = getattr(request, "_pagecache_base_versions", None)
    if base is None:  # not a candidate for the cache (logged in, a query search...)
        return None
    if page.get_view_restrictions().exists():
        request._pagecache_restricted = True
        return None
    tags = tags_for_page(page)
    versions = {tag: version for tag, version in base.items() if tag in tags}
    versions.update(cache.versions_of(tags - set(versions)))
    request._pagecache_versions = versions
    return None
