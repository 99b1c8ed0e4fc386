import html

from django.apps import apps
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from documents.search import Scope, parse_query, run_search
from home.privacy import visible_to
from search.promotions import promotions_for
from search.querylog import log_query
from search.site_index import search_pages

RESULTS_PER_PAGE = 10
LEGAL_DOCUMENTS_SHOWN = 5
MAX_QUERY_LENGTH = 200


def _legal_documents(request, query, locale):
    """The register's own Vietnamese-aware search (documents.search.run_search, the search index on
    PostgreSQL): diacritics optional, numbers in any spelling. (parsed query, top documents, total)"""
    parsed = parse_query(query)
    if not parsed:
        return parsed, [], 0
    scope = Scope.for_request(request, locale_id=locale.pk)
    result = run_search(scope, parsed, {}, "relevance", 0, LEGAL_DOCUMENTS_SHOWN, with_facets=False)
    return parsed, result.documents(), result.total


def legal_documents_locale(locale):
    """The English version: pages are searched in the reader's language, legal documents in it too when
    it has any, otherwise in the default language (documents are issued in Vietnamese only)."""
    LegalDocumentPage = apps.get_model("documents", "LegalDocumentPage")
    if locale.is_default or LegalDocumentPage.objects.live().filter(locale=locale).exists():
        return locale
    return Locale.get_default()


def _pages(request, query, locale):
    """(parsed query, page of results) of the pages other than legal documents, through the site
    search's Vietnamese-aware index (search.site_index); the page's ``object_list`` holds the specific
    pages in rank order."""
    legal_document_model = apps.get_model("documents", "LegalDocumentPage")
    pages = visible_to(Page.objects.live(), request).filter(locale=locale).not_type(legal_document_model)
    parsed, entries = search_pages(pages, query)
    # A missing, malformed or out-of-range page number shows the nearest valid page, never an error.
    page_obj = Paginator(entries.values_list("page_id", flat=True), RESULTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    ids = list(page_obj.object_list)
    found = Page.objects.filter(pk__in=ids).specific().in_bulk() if ids else {}
    page_obj.object_list = [found[pk] for pk in ids if pk in found]
    for page in page_obj.object_list:
        page.search_snippet = _snippet(page)
    return parsed, page_obj


def _snippet(page):
    """The plain text shown under a result's title: its summary, introduction or search description."""
    for name in ("summary", "intro"):
        text = getattr(page, name, "")
        if text:
            if isinstance(page._meta.get_field(name), RichTextField):
                return html.unescape(strip_tags(str(text)))
            return str(text)
    return page.search_description


def _register_url(locale):
    LegalDocumentIndexPage = apps.get_model("documents", "LegalDocumentIndexPage")
    register = LegalDocumentIndexPage.objects.live().filter(locale=locale).first()
    return register.url if register else None


def search(request):
    """Site-wide search in the reader's language: legal documents first (through the register's search
    service), then news, inspection reports and other pages (search.site_index), each group labelled.
    Anonymous readers see public pages only; logged-in staff also those restricted to them."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    locale = Locale.get_active()
    context = {"search_query": query, "search_results": Paginator([], RESULTS_PER_PAGE).get_page(1)}
    if query:
        documents_locale = legal_documents_locale(locale)
        parsed, documents, documents_total = _legal_documents(request, query, documents_locale)
        site_query, page_obj = _pages(request, query, locale)
        register_url = _register_url(locale)
        context.update(
            {
                "search_results": page_obj,
                "parsed_query": parsed,
                "site_query": site_query,
                "legal_documents": documents,
                "legal_documents_total": documents_total,
                "legal_documents_language": (
                    documents_locale.language_code if documents_locale != locale else None
                ),
                "legal_documents_more_url": (
                    f"{register_url}?{urlencode({'q': query})}"
                    if register_url and documents_total > len(documents)
                    else None
                ),
                "result_groups": _group_labels(page_obj),
            }
        )
        context["promotions"] = promotions_for(query, request)
        _log_search(request, query, "site", documents_total + page_obj.paginator.count)
    response = TemplateResponse(request, "search/search.html", context)
    if query:
        add_never_cache_headers(response)
    return response


GROUP_LABELS = {
    ("articles", "newspage"): _("News"),
    ("articles", "inspectionreportpage"): _("Inspection reports"),
}


def _group_labels(page_obj):
    """[(label, [pages])] for the current page of results, in the order results rank."""
    groups = {}
    for page in page_obj:
        meta = page._meta
        label = GROUP_LABELS.get((meta.app_label, meta.model_name), _("Other pages"))
        groups.setdefault(str(label), []).append(page)
    return list(groups.items())


def _log_search(request, query, source, result_count):
    """Count the search for the editors' report, once per search (not again for its later pages)."""
    if request.GET.get("page") in (None, "", "1"):
        log_query(query, source, result_count)
