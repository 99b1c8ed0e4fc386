"""The English version: which language a page's content is in, its translations, and the sitemap.

Vietnamese is the source language, served without a prefix; English is served under ``/en/``. A page
with no English translation is still reachable under ``/en/`` (``BasePage.route`` falls back to the
Vietnamese page): it is then shown in Vietnamese, marked ``lang="vi"``, under a notice in English.
"""

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

UNTRANSLATED_PARAMETER = "untranslated"


def _per_request(request, key, compute):
    """compute(), once per request: the header, <head> and the notice ask the same questions."""
    if request is None:
        return compute()
    cache = request.__dict__.setdefault("_portal_i18n", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def locales(request=None):
    """{locale id: language code}."""
    from home import memo

    return memo.locale_codes()


def content_language(page, request=None):
    """The language code of the page's content: its locale's (its original's for an alias that
    wagtail-localize made of an untranslated parent), or the active language for views of their own."""
    if isinstance(page, Page):
        locale_id = page.locale_id
        if page.alias_of_id:
            locale_id = Page.objects.filter(pk=page.alias_of_id).values_list("locale_id", flat=True).first()
        return locales(request).get(locale_id, settings.LANGUAGE_CODE)
    return translation.get_language()


def is_fallback(page, request=None):
    """True when a page is shown in a language other than the one the reader chose (no translation)."""
    return isinstance(page, Page) and content_language(page, request) != translation.get_language()


def live_translations(page, request=None):
    """{language code: page} of the page and its live translations (not aliases), in LANGUAGES order."""

    def compute():
        codes = locales(request)
        known = getattr(page, "portal_translations", None)  # read with the route (home.routing)
        if known is None:
            known = Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True).live()
        found = {codes.get(item.locale_id): item for item in known}
        return {code: found[code] for code, _name in settings.LANGUAGES if code in found}

    return _per_request(request, ("translations", page.pk), compute)


def alternate_links(page, request):
    """[(hreflang, absolute url)] for the page's translations and x-default (the Vietnamese page)."""
    if isinstance(page, Page):
        if is_fallback(page, request):
            return []
        links = [
            (code, item.get_full_url(request)) for code, item in live_translations(page, request).items()
        ]
        if len(links) < 2:
            return []
    elif request is not None and _own_view(request):
        # A view of its own (search, the visits note): the same address in each language.
        path = request.get_full_path()
        links = [
            (code, request.build_absolute_uri(translate_url(path, code))) for code, _ in settings.LANGUAGES
        ]
    else:
        return []
    default = dict(links).get(settings.LANGUAGE_CODE)
    if default:
        links.append(("x-default", default))
    return links


def _own_view(request):
    """True for a view of its own (search, the visits note), not Wagtail's page serving or an error."""
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name not in (None, "wagtail_serve")


class PortalSitemap(Sitemap):
    """Every locale's pages, each with ``xhtml:link`` alternates to its translations."""

    def items(self):
        site = self.get_wagtail_site()
        roots = Page.objects.filter(translation_key=site.root_page.translation_key)
        pages = Page.objects.none()
        for root in roots:
            pages = pages | Page.objects.descendant_of(root, inclusive=True)
        # Aliases repeat their original (e.g. an untranslated parent copied into English): left out.
        pages = pages.filter(alias_of__isnull=True).live().public()
        return pages.order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        object_list = list(self.paginator.page(page).object_list)
        keys = {item.translation_key for item in object_list}
        siblings = {}
        translations = Page.objects.filter(translation_key__in=keys).live().public().select_related("locale")
        for item in translations:
            siblings.setdefault(item.translation_key, []).append(item)
        order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
        urls = []
        last_mods = set()
        for item in object_list:
            alternates = []
            group = siblings.get(item.translation_key, [])
            group.sort(key=lambda other: order.get(other.locale.language_code, len(order)))
            if len(group) > 1:
                alternates = [
                    {"lang_code": other.locale.language_code, "location": other.get_full_url(self.request)}
                    for other in group
                ]
                default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
                if default:
                    alternates.append({"lang_code": "x-default", "location": default["location"]})
            for url_info in item.get_sitemap_urls(self.request):
                url_info["alternates"] = alternates
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
