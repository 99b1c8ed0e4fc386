"""Purge the page cache when what it shows changes.

- A page published, unpublished, moved or deleted: its own tag, the listing of its parent (old and new
  parent on a move), the site-wide listings (home page, RSS, sitemap), its class's group (e.g. every
  article shows related articles), its translations and what the page itself names (see tags.py).
  The home page, a menu item or a page with descendants purges everything.
- A snippet, a site or generic setting, an image, a site, a locale, a view restriction or a row of the
  home page's slideshow or news sections saved or deleted: everything (they show on every page, or on
  pages that are hard to name).
- With a front cache (``FRONTEND_CACHE_URL``), every address recorded under the bumped tags is purged
  there too (pagecache.cache.bump calls pagecache/front.py).
"""

import logging

from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from pagecache import cache
from pagecache.tags import SIDEBAR, purge_tags_for_page, purges_everything

logger = logging.getLogger(__name__)


def purge_page(page, old_parent_path=None):
    if purges_everything(page):
        cache.bump_all()
    else:
        cache.bump(*purge_tags_for_page(page, old_parent_path))


def on_published(sender, instance, **kwargs):
    purge_page(instance)


def on_unpublished(sender, instance, **kwargs):
    purge_page(instance)


def on_moved(sender, instance, parent_page_before=None, **kwargs):
    old_parent_path = parent_page_before.path if parent_page_before is not None else None
    # Its address changed: every page linking to it (menus, breadcrumbs of its descendants) too, and
    # the restricted sections every process remembers (home.memo) when it holds one.
    if instance.numchild or instance.show_in_menus or instance.depth <= 3 or _holds_restriction(instance):
        cache.bump_all()
    else:
        cache.bump(*purge_tags_for_page(instance, old_parent_path))


def _holds_restriction(page):
    return PageViewRestriction.objects.filter(
        page__path__startswith=page.path, page__depth__gte=page.depth
    ).exists()


def on_page_created(sender, instance, created=False, raw=False, **kwargs):
    """A page created already live (by a script or an import) is a publication without the signal."""
    if created and not raw and isinstance(instance, Page) and instance.live and instance.depth > 1:
        purge_page(instance)


def on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.depth > 1:
        # And the “Văn bản mới” box: a deleted document may have been among the newest (once it is gone,
        # it can no longer be told whether it was).
        cache.bump(*_safe_purge_tags(instance), SIDEBAR)


def _safe_purge_tags(page):
    # During a delete the translations and relations may already be gone: the essentials suffice.
    try:
        return purge_tags_for_page(page)
    except Exception:
        logger.debug("Page cache: purging page %s with the essential tags only", page.pk)
        from pagecache.tags import LISTINGS, ancestor_lists_tags, page_tag

        return {page_tag(page.pk), *ancestor_lists_tags(page.path), LISTINGS}


_everywhere = None
HOME_PAGE_ROWS = ("home.HomePageSlide", "home.HomePageNewsSection")


def on_any_save_or_delete(sender, **kwargs):
    global _everywhere
    if _everywhere is None:  # snippets are registered once every app is ready: look them up late
        _everywhere = frozenset(_everywhere_models())
    if sender not in _everywhere:
        return
    # Settings are created with their defaults the first time a page reads them: nothing changes.
    if kwargs.get("created") and issubclass(sender, BaseSiteSetting | BaseGenericSetting):
        return
    cache.bump_all()


def _everywhere_models():
    models = set(get_snippet_models())
    models.update(
        model
        for model in apps.get_models()
        if issubclass(model, BaseSiteSetting | BaseGenericSetting) and not model._meta.abstract
    )
    models.update({get_image_model(), Site, Locale, PageViewRestriction})
    # The home page's slideshow and news sections (it purges everything when published; their rows
    # changed any other way too).
    models.update(apps.get_model(name) for name in HOME_PAGE_ROWS)
    return models


def connect():
    page_published.connect(on_published, dispatch_uid="pagecache-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="pagecache-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="pagecache-moved")
    post_save.connect(on_page_created, dispatch_uid="pagecache-created")
    post_delete.connect(on_page_deleted, dispatch_uid="pagecache-deleted")
    post_save.connect(on_any_save_or_delete, dispatch_uid="pagecache-everywhere-save")
    post_delete.connect(on_any_save_or_delete, dispatch_uid="pagecache-everywhere-delete")
