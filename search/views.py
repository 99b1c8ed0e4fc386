from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from wagtail.models import Locale, Page

from home.privacy import visible_to

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Site-wide search over live pages in the reader's language: public ones, and for logged-in staff
    those restricted to them (home.privacy)."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    if query:
        pages = visible_to(Page.objects.live(), request).filter(locale=Locale.get_active())
        results = pages.specific().search(query)
    else:
        results = Page.objects.none()
    # A missing, malformed or out-of-range page number shows the nearest valid page, never an error.
    page_obj = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    response = TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "search_results": page_obj},
    )
    if query:
        add_never_cache_headers(response)
    return response
