"""Wagtail search promotions ("Suggested results"), matched without diacritics: an editor's promotion
for "giá đất" also shows for "gia dat"."""

from django.core.cache import cache

from documents.versions import bump_register_version
from home.text import fold_diacritics
from search.querylog import normalise

CACHE_KEY = "search-promotions:queries"


def _promoted_queries():
    """{folded query: [Query ids]} of the queries that have promotions, cached until one changes."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    queries = cache.get(CACHE_KEY)
    if queries is None:
        queries = {}
        rows = SearchPromotion.objects.values_list("query_id", "query__query_string").distinct()
        for query_id, text in rows:
            queries.setdefault(normalise(fold_diacritics(text))[1], []).append(query_id)
        cache.set(CACHE_KEY, queries, None)
    return queries


def forget_promotions(**kwargs):
    cache.delete(CACHE_KEY)
    bump_register_version()  # the register's stored search pages show its promotions


def promotions_for(query, request):
    """The promotions for ``query`` in the editors' order: [{"page": page or None, "url", "title",
    "description"}]; pages that are not live or not visible to the request are left out."""
    from wagtail.contrib.search_promotions.models import SearchPromotion

    from home.privacy import visible_to

    key = normalise(query)[1]
    ids = _promoted_queries().get(key) if key else None
    if not ids:
        return []
    promotions = list(
        SearchPromotion.objects.filter(query_id__in=ids).select_related("page").order_by("sort_order", "pk")
    )
    page_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
    from wagtail.models import Page

    visible = {
        page.pk: page for page in visible_to(Page.objects.live().filter(pk__in=page_ids), request).specific()
    }
    results = []
    for promotion in promotions:
        if promotion.page_id:
            page = visible.get(promotion.page_id)
            if page is None:
                continue
            results.append(
                {
                    "page": page,
                    "url": page.get_url(request),
                    "title": page.title,
                    "description": promotion.description or getattr(page, "search_description", ""),
                }
            )
        elif promotion.external_link_url:
            results.append(
                {
                    "page": None,
                    "url": promotion.external_link_url,
                    "title": promotion.external_link_text or promotion.external_link_url,
                    "description": promotion.description,
                }
            )
    return results
