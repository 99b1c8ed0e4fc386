"""Which tags a rendered page depends on, and which tags a change to a page purges.

Page classes refine the defaults with class attributes (no schema change):

- ``page_cache_depends_on``: groups the page's markup depends on, e.g. ``("news",)`` for an article that
  shows the newest related articles, ``("listings",)`` for the home page;
- ``page_cache_group``: the group that a change to a page of this class purges (``"news"``);
- ``page_cache_purge_tags()``: a method returning extra tags to purge when this page changes (a legal
  document purges the documents it amends or replaces, whose status depends on it);
- ``page_cache_keeps_searches``: True when the page's answers to a query (``?q=``) may be stored too,
  its tags covering everything a result shows (the legal documents register: ``register``).
"""

from wagtail.models import Page

from pagecache.cache import GLOBAL_TAG

LISTINGS = "listings"  # home page, RSS, sitemap, search: they list pages from all over the site
SIDEBAR = "sidebar"  # the “Văn bản mới” box of every page's sidebar
# Every view of the legal documents register (documents.listing.register_version): any document, relation
# or vocabulary changed. Not a page's tag: the fragments and cached counts that depend on it vary on it.
REGISTER = "register"
BASE_TAGS = frozenset({GLOBAL_TAG, SIDEBAR})
VIEW_TAGS = frozenset({GLOBAL_TAG, SIDEBAR, LISTINGS})


def page_tag(page_id):
    return f"page:{page_id}"


def lists_tag(tree_path):
    """Depends on the children of the page at ``tree_path`` (an index, a sibling-aware article)."""
    return f"lists:{tree_path}"


def parent_path(page):
    return page.path[: -Page.steplen]


def ancestor_lists_tags(tree_path):
    """The ``lists`` tags of every ancestor of the page at ``tree_path`` (below the tree's root)."""
    step = Page.steplen
    return {lists_tag(tree_path[:end]) for end in range(2 * step, len(tree_path), step)}


def tags_for_page(page):
    """The tags a rendered ``page`` depends on."""
    cls = page.specific_class or type(page)
    tags = set(BASE_TAGS) | {page_tag(page.pk), lists_tag(page.path)}
    tags.update(getattr(cls, "page_cache_depends_on", ()))
    return tags


def keeps_searches(page):
    """Whether ``page`` (or None) lets its answers to a query be stored and shared."""
    if page is None:
        return False
    return bool(getattr(page.specific_class or type(page), "page_cache_keeps_searches", False))


def purge_tags_for_page(page, old_parent_path=None):
    """The tags to bump when ``page`` is published, unpublished, moved or deleted."""
    cls = page.specific_class or type(page)
    # Every ancestor's listing, not only the parent's: a news section lists its sub-sections' articles.
    tags = {*ancestor_lists_tags(page.path), LISTINGS, page_tag(page.pk)}
    if old_parent_path:
        tags.update(ancestor_lists_tags(old_parent_path + "0" * Page.steplen))
    group = getattr(cls, "page_cache_group", None)
    if group:
        tags.add(group)
    # The language switcher of each translation links to this page (or to the home page without it).
    if page.translation_key:
        tags.update(
            page_tag(pk)
            for pk in Page.objects.filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
            .values_list("pk", flat=True)
        )
    specific = page.specific if type(page) is not cls else page
    extra = getattr(specific, "page_cache_purge_tags", None)
    if callable(extra):
        tags.update(extra())
    return tags


def purges_everything(page):
    """A change that shows on every page: the home page, a menu item or a page that may just have left
    the menu (every child of the home page), or a page with descendants (their breadcrumbs and
    addresses carry its title and slug)."""
    return page.depth <= 3 or page.show_in_menus or page.numchild > 0
