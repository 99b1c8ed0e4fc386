"""The public register: filters read from the URL, counts per filter value, and pagination."""

import hashlib
import time
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from documents.search import ordered, parse_query, search_documents
from documents.status import Status

PER_PAGE = 20
FILTERS = ("type", "issuer", "field", "year", "status")
FACETS_TIMEOUT = 60 * 60
VERSION_KEY = "legal-documents:version"


def register_version():
    """Changes whenever a document, a relation or a vocabulary changes (see documents.signals)."""
    return cache.get_or_set(VERSION_KEY, lambda: str(time.time_ns()), None)


def bump_register_version(**kwargs):
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 10_000_000 else None


def parse_filters(params):
    """Valid filter values from the query string; anything malformed is ignored, never an error."""
    filters = {}
    for name in ("type", "issuer", "field", "year"):
        value = _positive_int(params.get(name))
        if value is not None:
            filters[name] = value
    status = params.get("status")
    if status in Status.values:
        filters["status"] = status
    return filters


def apply_filters(queryset, filters):
    if "type" in filters:
        queryset = queryset.filter(document_type_id=filters["type"])
    if "issuer" in filters:
        queryset = queryset.filter(issuing_body_id=filters["issuer"])
    if "field" in filters:
        queryset = queryset.filter(fields__id=filters["field"])
    if "year" in filters:
        queryset = queryset.filter(issue_date__year=filters["year"])
    if "status" in filters:
        queryset = queryset.filter(validity=filters["status"])
    return queryset


def facet_counts(queryset, filters):
    """For each filter, the values the other active filters leave and how many documents each has."""

    def others(name):
        return apply_filters(queryset, {k: v for k, v in filters.items() if k != name})

    facets = {}
    # Only the field facet joins a many-to-many table; the others count rows as they are.
    rows = (
        others("type")
        .exclude(document_type=None)
        .values("document_type_id", "document_type__name")
        .annotate(n=Count("pk"))
        .order_by("document_type__name")
    )
    facets["type"] = [(r["document_type_id"], r["document_type__name"], r["n"]) for r in rows]
    rows = (
        others("issuer")
        .exclude(issuing_body=None)
        .values("issuing_body_id", "issuing_body__name")
        .annotate(n=Count("pk"))
        .order_by("issuing_body__name")
    )
    facets["issuer"] = [(r["issuing_body_id"], r["issuing_body__name"], r["n"]) for r in rows]
    rows = (
        others("field")
        .exclude(fields=None)
        .values("fields__id", "fields__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("fields__name")
    )
    facets["field"] = [(r["fields__id"], r["fields__name"], r["n"]) for r in rows]
    rows = (
        others("year")
        .exclude(issue_date=None)
        .annotate(y=ExtractYear("issue_date"))
        .values("y")
        .annotate(n=Count("pk"))
        .order_by("-y")
    )
    facets["year"] = [(r["y"], str(r["y"]), r["n"]) for r in rows]
    counts = dict(others("status").values_list("validity").annotate(n=Count("pk")))
    facets["status"] = [(s.value, s.label, counts[s.value]) for s in Status if counts.get(s.value)]
    return facets


def cached_counts(index_page, base, filters, query="", audience="public"):
    """(facets, number of matching documents), computed once per register version, day and filters.

    Counting every facet over a large register takes seconds; the answer only changes when a document
    is published, unpublished, moved, deleted or restricted (the version) or when a day passes (validity).
    Staff who may read restricted documents have counts of their own (the audience)."""
    version = register_version()
    params = urlencode(sorted(filters.items()) + [("q", query)])
    digest = hashlib.sha256(params.encode()).hexdigest()
    key = f"legal-facets:{index_page.pk}:{audience}:{today_key()}:{version}:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts = (facet_counts(base, filters), apply_filters(base, filters).count())
        cache.set(key, counts, FACETS_TIMEOUT)
    return counts


def today_key():
    from documents.models import today

    return today().isoformat()


ORDERS = {
    "relevance": _("Relevance"),
    "issue_date": _("Issue date, newest first"),
    "effective_date": _("Effective date, newest first"),
}


def search_register(base, query, filters, order):
    """The register's search, shared by the register page and the JSON API: (documents matching the
    query and filters, in ``order``; the query's matches without score or filters, to count facets on)."""
    counted = search_documents(base, query, annotate=False) if query else base
    matching = search_documents(base, query) if query else base
    return ordered(
        apply_filters(matching, filters), order or ("relevance" if query else "issue_date"), bool(query)
    ), counted


def build_listing(index_page, request):
    from home.privacy import audience_key

    filters = parse_filters(request.GET)
    query = parse_query(request.GET.get("q", ""))
    order = request.GET.get("order")
    if order not in ORDERS:
        order = "relevance" if query else "issue_date"
    base = index_page.documents(request).with_status()
    documents, counted = search_register(base, query, filters, order)
    documents = documents.select_related("document_type", "issuing_body")
    facets, total = cached_counts(index_page, counted, filters, query.text, audience_key(request))
    # Paginate over primary keys only, then load the 20 documents of the page with their status:
    # the database then skips earlier rows without computing a status for each of them.
    paginator = Paginator(documents.values_list("pk", flat=True), PER_PAGE)
    paginator.count = total  # known from the cache: spares a COUNT over the whole register
    page = paginator.get_page(request.GET.get("page"))
    ids = list(page.object_list)
    by_id = documents.filter(pk__in=ids).in_bulk()
    page.object_list = [by_id[pk] for pk in ids if pk in by_id]
    labels = {
        "type": _("Document type"),
        "issuer": _("Issuing body"),
        "field": _("Field"),
        "year": _("Year of issue"),
        "status": _("Validity"),
    }
    active = []
    for name, value in filters.items():
        label = next((text for key, text, _n in facets[name] if key == value), str(value))
        remaining = request.GET.copy()
        remaining.pop(name, None)
        remaining.pop("page", None)
        active.append({"name": labels[name], "value": label, "remove_query": remaining.urlencode()})
    page_query = request.GET.copy()
    page_query.pop("page", None)
    return {
        "query": query,
        "order": order,
        "orders": list(ORDERS.items()),
        "documents": page,
        "filters": filters,
        "facets": [
            {"name": name, "label": labels[name], "options": facets[name], "selected": filters.get(name)}
            for name in FILTERS
        ],
        "active_filters": active,
        "page_query": page_query.urlencode(),
    }
