"""Listings of news and reports: filters read from the URL, never trusted, and pagination.

Imported by articles/models.py; it reads the models it needs from the querysets the pages give it, so that
it imports no model of its own app (no import cycle)."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count

from taggit.models import Tag

from pagecache.cache import fragment_version

NEWS_PER_PAGE = 12
REPORTS_PER_PAGE = 10
MAX_TAG_OPTIONS = 40


def positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def clean_tag(value):
    value = (value or "").strip()
    return value if 0 < len(value) <= 100 else None


def _page(queryset, request, per_page, count=None):
    # A missing or malformed page number shows the first page, one past the end shows the last page.
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # known already: no COUNT query
    return paginator.get_page(request.GET.get("page"))


FILTERS_CACHE_SECONDS = 60 * 60


def _news_filters(index_page, base, articles, category_id, tag_slug):
    """(categories, tags, number of articles shown) of a section: the same until an article is published,
    unpublished, moved or deleted (the page cache's "news" tag) or a category renamed (the site's
    generation), so kept in the cache under their versions rather than counted on every render."""
    key = f"news-filters:{index_page.pk}:{fragment_version('news')}:{category_id}:{tag_slug}"
    found = cache.get(key)
    if found is not None:
        return found
    category_model = base.model._meta.get_field("category").related_model
    categories = list(category_model.objects.filter(pk__in=base.values("category_id")).order_by("name"))
    tags = list(
        Tag.objects.filter(articles_newspagetag_items__content_object__in=base.values("pk"))
        .annotate(n=Count("pk"))
        .order_by("-n", "name")[:MAX_TAG_OPTIONS]
    )
    tags.sort(key=lambda tag: tag.name)
    found = (categories, tags, articles.count())
    cache.set(key, found, FILTERS_CACHE_SECONDS)
    return found


def _page_query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def news_listing(index_page, request):
    category_id = positive_int(request.GET.get("category"))
    tag_slug = clean_tag(request.GET.get("tag"))
    base = index_page.articles()
    articles = base
    if category_id is not None:
        articles = articles.filter(category_id=category_id)
    if tag_slug is not None:
        articles = articles.filter(tags__slug=tag_slug)
    categories, tags, count = _news_filters(index_page, base, articles, category_id, tag_slug)
    articles = articles.select_related("category", "featured_image").prefetch_related(
        "featured_image__renditions"
    )
    selected_category = next((c for c in categories if c.pk == category_id), None)
    selected_tag = next((t for t in tags if t.slug == tag_slug), None)
    return {
        "articles": _page(articles, request, NEWS_PER_PAGE, count),
        "subsections": type(index_page).objects.child_of(index_page).live().public(),
        "categories": categories,
        "tags": tags,
        "selected_category_id": category_id,
        "selected_tag_slug": tag_slug,
        "selected_category": selected_category,
        "selected_tag": selected_tag,
        "filtered": category_id is not None or tag_slug is not None,
        "page_query": _page_query(request),
    }


def report_listing(index_page, request):
    reports = index_page.reports()
    statuses = reports.model._meta.get_field("status").choices
    status = request.GET.get("status")
    if status not in {value for value, _label in statuses}:
        status = None
    if status:
        reports = reports.filter(status=status)
    reports = reports.prefetch_related("inspected_units")
    return {
        "reports": _page(reports, request, REPORTS_PER_PAGE),
        "statuses": statuses,
        "selected_status": status,
        "page_query": _page_query(request),
    }
