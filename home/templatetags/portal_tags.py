"""Site-wide navigation, language and link tags used by base.html."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join

from wagtail import hooks
from wagtail.models import Page

from home import i18n, memo
from home.models import ExternalLink
from pagecache import cache as page_cache
from pagecache.tags import page_tag

register = template.Library()


def _site_root(request):
    """The home page in the active language, or the default one when it has no translation."""
    return memo.site_root(memo.site_for_request(request)) if request is not None else None


def _menu_pages(root, request):
    """The live, public children of the home page shown in menus (title, tree path, address), remembered
    per generation."""

    def compute():
        pages = (
            Page.objects.child_of(root)
            .live()
            .in_menu()
            .exclude(_private_q())
            .only("title", "path", "depth", "url_path", "locale_id", "translation_key", "slug")
        )
        return [{"title": page.title, "path": page.path, "url": page.get_url(request)} for page in pages]

    return memo.remember(("main-menu", root.pk, request.get_host() if request else ""), compute)


def _private_q():
    from home.models.pages import PortalPageQuerySet

    return PortalPageQuerySet(Page).private_q()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    root = _site_root(request)
    current = context.get("page")
    items = _menu_pages(root, request) if root is not None else []
    current_path = current.path if isinstance(current, Page) else ""
    return {
        "root_url": root.get_url(request) if root is not None else None,
        "items": [
            {**item, "active": bool(current_path) and current_path.startswith(item["path"])} for item in items
        ],
        "request": request,
        "root_active": isinstance(current, Page) and root is not None and current.pk == root.pk,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return {"ancestors": [], "page": page}
    if hasattr(page, "breadcrumb_ancestors"):
        ancestors = page.breadcrumb_ancestors()
    else:
        ancestors = list(page.get_ancestors().filter(depth__gte=2))
    return {"ancestors": ancestors, "page": page, "request": context.get("request")}


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Link each language to this page's translation, or to that language's home page."""
    request = context.get("request")
    page = context.get("page")
    current_language = translation.get_language()
    locales = {code: pk for pk, code in i18n.locales(request).items()}
    translations = i18n.live_translations(page, request) if isinstance(page, Page) else {}
    site = memo.site_for_request(request) if request is not None else None
    homes = memo.home_pages(site) if site is not None else {}
    options = []
    for code, name in settings.LANGUAGES:
        locale = locales.get(code)
        target = translations.get(code)
        url = target.get_url(request) if target is not None else None
        if url is None:
            home = homes.get(locale)
            if home is not None:
                url = home.get_url(request)
            else:
                url = "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
            if isinstance(page, Page) and code != current_language:
                # No translation: that language's home page says so.
                url += f"?{i18n.UNTRANSLATED_PARAMETER}=1"
        options.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "current": code == current_language,
            }
        )
    return {"options": options}


@register.inclusion_tag("includes/external_links.html")
def external_links():
    """The “Liên kết” links in the active language, else the default language's (remembered: home.memo)."""

    def compute():
        active, default = memo.active_locale(), memo.default_locale()
        links = list(ExternalLink.objects.filter(locale=active))
        if links or active == default:
            return links
        return list(ExternalLink.objects.filter(locale=default))

    return {"links": memo.remember(("external-links", translation.get_language()), compute)}


@register.simple_tag(takes_context=True)
def site_root_url(context):
    root = _site_root(context.get("request"))
    return root.get_url(context.get("request")) if root else "/"


@register.inclusion_tag("includes/home_links.html")
def home_links():
    """The “Liên kết” block of the home page's sidebar (the footer lists the same links)."""
    return external_links()


class RememberedNode(template.Node):
    def __init__(self, name, vary_on, nodelist):
        self.name = name
        self.vary_on = vary_on
        self.nodelist = nodelist

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.nodelist.render(context)
        key = (
            "fragment",
            self.name,
            translation.get_language(),
            host,
            *(variable.resolve(context) for variable in self.vary_on),
        )
        return memo.remember(key, lambda: self.nodelist.render(context))


@register.tag
def remembered(parser, token):
    """``{% remembered "name" [vary_on ...] %}…{% endremembered %}``: markup that changes only with the
    site's generation (home.memo: settings, snippets, images, the menu pages), rendered once per process,
    language and host and kept in the process's memory; not in previews.

    It costs no cache round trip at all, which ``{% wagtailcache %}`` would; fragments that depend on
    anything else (a page, a listing) use ``{% wagtailcache %}`` with ``fragment_version``."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% remembered %} needs a name")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]], nodelist)


@register.simple_tag
def local_date():
    """Today in the portal's time zone, ``yyyy-mm-dd``: what a fragment showing day-dependent facts (a
    document's validity) varies on. The same as ``{% now "Y-m-d" %}`` without its date formatting."""
    return timezone.localdate().isoformat()


@register.simple_tag
def fragment_version(*tags, page=None):
    """What a ``{% wagtailcache %}`` fragment varies on: the site's generation and the versions of the
    page cache's ``tags`` it depends on, so that it is current as soon as they change. With ``page``, the
    page's own tag too (bumped when it is published, moved, translated or rated)."""
    if isinstance(page, Page) and page.pk is not None:
        tags = (*tags, page_tag(page.pk))
    return page_cache.fragment_version(*tags)


@register.simple_tag(takes_context=True)
def widget_slot(context, name):
    """HTML that apps contribute to a named slot of a page, e.g. visit statistics on the home page.

    An app registers ``@hooks.register("portal_widgets")`` with a function ``(request, slot_name)`` that
    returns safe HTML (``format_html``; plain strings are escaped) or nothing for slots it does not
    fill. An empty slot renders nothing.
    """
    request = context.get("request")
    parts = [html for hook in hooks.get_hooks("portal_widgets") if (html := hook(request, name))]
    if not parts:
        return ""
    content = format_html_join("", "{}", ((html,) for html in parts))
    return format_html('<div class="widget-slot widget-slot--{}">{}</div>', name, content)


# The English version (home/i18n.py) ------------------------------------------------------------


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """<link rel="alternate" hreflang> for each translation of the page, and x-default."""
    links = i18n.alternate_links(context.get("page"), context.get("request"))
    return format_html_join(
        "\n    ", '<link rel="alternate" hreflang="{}" href="{}">', ((code, url) for code, url in links)
    )


@register.simple_tag(takes_context=True)
def content_language(context):
    """The language of the page's content, which differs from the interface's on a fallback page."""
    return i18n.content_language(context.get("page"), context.get("request"))


@register.simple_tag(takes_context=True)
def translation_notice(context):
    """Tells the reader when the page is shown in another language, or had no translation (the
    template is only rendered then: most pages have nothing to say)."""
    request = context.get("request")
    page = context.get("page")
    untranslated = request is not None and request.GET.get(i18n.UNTRANSLATED_PARAMETER) == "1"
    fallback = i18n.is_fallback(page, request)
    if not (fallback or untranslated):
        return ""
    notice = {"fallback": fallback, "untranslated": untranslated, "LANGUAGE_CODE": translation.get_language()}
    return render_to_string("includes/translation_notice.html", notice)


@register.simple_tag(takes_context=True)
def audience(context):
    """``public``, or a key naming the view restrictions the reader passes (home.privacy): what a cached
    fragment that shows restricted pages to staff must vary on."""
    from home.privacy import audience_key

    return audience_key(context.get("request"))


@register.filter
def keep_last_words_together(text, count=2):
    """Join the last ``count`` words with no-break spaces: a place name ("Tiền Giang", "Truyền thông")
    is never split over two lines of a narrow header ("TIỀN / GIANG")."""
    words = str(text).split(" ")
    if len(words) <= count:
        return "\u00a0".join(words)
    return " ".join(words[:-count]) + " " + "\u00a0".join(words[-count:])
