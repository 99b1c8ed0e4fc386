"""What every page shows and seldom changes, remembered by each process for one generation of the site.

The generation is the page cache's global tag (``pagecache.cache.GLOBAL_TAG``). pagecache/signals.py bumps
it whenever a site, a locale, a site setting, a snippet, an image or a view restriction is saved or
deleted, and whenever a page that every page shows changes: the home page, a section of the main menu, a
page with descendants (breadcrumbs), a moved page holding a view restriction. A request reads the
generation once (one cache round trip) the first time it needs something from here; a process that sees
a new generation forgets everything it remembered. Outside a request (management commands, a shell) the
generation is read on every use.

What is remembered must not depend on who asks: the site for a host, the locales, the home page of each
language, the settings, the sections restricted by Wagtail privacy, the main menu and the “Liên kết”
links. Model instances handed out are shared by the requests of the process: treat them as read-only.
"""

from django.core.exceptions import DisallowedHost
from django.utils import translation

from pagecache import cache

_memory = {"generation": None, "values": {}}


def generation():
    """The site's current generation (the page cache's global tag), read once per request."""
    return cache.tag_versions()[cache.GLOBAL_TAG]


def remember(key, compute):
    """compute()'s value, computed once per process and generation."""
    global _memory
    current = generation()
    memory = _memory
    if memory["generation"] != current:
        memory = {"generation": current, "values": {}}
        _memory = memory
    values = memory["values"]
    try:
        return values[key]
    except KeyError:
        value = values[key] = compute()
        return value


def forget():
    """Forget everything (tests that change the database behind the signals' back)."""
    global _memory
    _memory = {"generation": None, "values": {}}
    cache.forget_request_versions()


# What is remembered ----------------------------------------------------------------------------


def _locales():
    """{language code: Locale}."""
    from wagtail.models import Locale

    return remember("locales", lambda: {locale.language_code: locale for locale in Locale.objects.all()})


def _locale_for(language_code):
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    try:
        code = get_supported_content_language_variant(language_code)
    except LookupError:
        return None
    locale = _locales().get(code)
    if locale is None:
        raise Locale.DoesNotExist(f"No locale for {code}")
    return locale


def active_locale():
    """``Locale.get_active()``, without its query."""
    from wagtail.models import Locale

    try:
        return _locale_for(translation.get_language()) or default_locale()
    except Locale.DoesNotExist:
        return default_locale()


def default_locale():
    """``Locale.get_default()``, without its query."""
    from django.conf import settings

    return _locale_for(settings.LANGUAGE_CODE)


def locale_codes():
    """{locale id: language code}."""
    return {locale.pk: code for code, locale in _locales().items()}


def site_for_request(request):
    """``Site.find_for_request(request)``, without its query; also primes Wagtail's per-request cache."""
    from wagtail.models import Site

    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    try:
        key = ("site", request.get_host(), request.get_port())
    except DisallowedHost:  # let Wagtail (and Django) answer as they do
        return Site.find_for_request(request)
    site = remember(key, lambda: Site.find_for_request(request))
    request._wagtail_site = site
    return site


def prime_site_root_paths(request):
    """Wagtail's list of site root paths (every page URL is built from it), primed on the request: one
    cache round trip less per request."""
    from wagtail.models import Site

    if not hasattr(request, "_wagtail_cached_site_root_paths"):
        request._wagtail_cached_site_root_paths = remember("site-root-paths", Site.get_site_root_paths)


def site_root(site):
    """The home page (specific) in the active language, or the site's root page without a live translation:
    what Wagtail routes from (``site.root_page.localized.specific``)."""
    if site is None:
        return None

    def compute():
        return site.root_page.localized.specific

    return remember(("root", site.pk, translation.get_language()), compute)


def home_pages(site):
    """{locale id: the live home page of that locale} for the site's root page and its translations."""
    from wagtail.models import Page

    def compute():
        pages = Page.objects.filter(translation_key=site.root_page.translation_key).live()
        return {page.locale_id: page for page in pages}

    return remember(("home-pages", site.pk), compute)


def restricted_sections():
    """[(path, depth)] of the pages holding a view restriction (Wagtail privacy), whatever its kind."""
    from wagtail.models import PageViewRestriction

    def compute():
        return sorted(set(PageViewRestriction.objects.values_list("page__path", "page__depth")))

    return remember("restricted-sections", compute)
