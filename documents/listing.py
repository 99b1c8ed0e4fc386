"""The public register: filters read from the URL, counts per filter value, and pagination."""

import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from documents.search import Scope, parse_query, run_search
from documents.status import Status
from pagecache import cache as page_cache
from pagecache.tags import REGISTER

PER_PAGE = 20
FILTERS = ("type", "issuer", "field", "year", "status")
FACETS_TIMEOUT = 60 * 60


def register_version():
    """Changes whenever a document, a relation or a vocabulary changes (see documents.signals): the page
    cache's ``register`` tag, read with the other tags every page reads (one cache round trip per
    request: pagecache.cache.tag_versions)."""
    return str(page_cache.tag_versions()[REGISTER])


def bump_register_version(**kwargs):
    page_cache.bump(REGISTER)


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
    return facets_and_total(queryset, filters)[0]


def facets_and_total(queryset, filters):
    """(facets, number of documents matching ``filters``) for the documents of ``queryset``, in ONE
    query: the documents' keys are gathered once (a common table expression) and grouped per filter.

    Each facet counts the documents that the other active filters leave, so that choosing a value shows
    how many documents the choice gives."""
    return labelled_facets(raw_facet_counts(queryset, filters))


def raw_facet_counts(queryset, filters):
    """{facet: {value as text: count}, "total": {None: count}} for the documents of ``queryset``."""
    from documents.models import LegalDocumentPage

    rows = queryset.annotate(_year=ExtractYear("issue_date")).values_list(
        "pk", "document_type_id", "issuing_body_id", "_year", "validity"
    )
    inner_sql, inner_params = rows.order_by().query.sql_with_params()
    through = LegalDocumentPage.fields.through
    through_table = through._meta.db_table
    page_column = through._meta.get_field("legaldocumentpage").column
    field_column = through._meta.get_field("legalfield").column
    conditions = {
        "type": ("m.type_id = %s", [filters.get("type")]),
        "issuer": ("m.issuer_id = %s", [filters.get("issuer")]),
        "year": ("m.year = %s", [filters.get("year")]),
        "status": ("m.status = %s", [filters.get("status")]),
        "field": (
            f"EXISTS (SELECT 1 FROM {through_table} t "  # noqa: S608  # nosec B608 - names from the model, values as params
            f"WHERE t.{page_column} = m.id AND t.{field_column} = %s)",
            [filters.get("field")],
        ),
    }

    def where(excluded=None):
        parts, params = ["1 = 1"], []
        for name, (sql, values) in conditions.items():
            if name in filters and name != excluded:
                parts.append(sql)
                params += values
        return " AND ".join(parts), params

    parts, params = [], []
    for name, column in (
        ("type", "type_id"),
        ("issuer", "issuer_id"),
        ("year", "year"),
        ("status", "status"),
    ):
        condition, values = where(name)
        parts.append(
            f"SELECT '{name}' AS facet, CAST(m.{column} AS TEXT) AS value, COUNT(*) AS n FROM m "  # noqa: S608  # nosec B608 - names from the model, values as params
            f"WHERE m.{column} IS NOT NULL AND {condition} GROUP BY m.{column}"
        )
        params += values
    condition, values = where("field")
    parts.append(
        f"SELECT 'field', CAST(t.{field_column} AS TEXT), COUNT(*) FROM m "  # noqa: S608  # nosec B608 - names from the model, values as params
        f"JOIN {through_table} t ON t.{page_column} = m.id WHERE {condition} GROUP BY t.{field_column}"
    )
    params += values
    condition, values = where()
    parts.append(f"SELECT 'total', NULL, COUNT(*) FROM m WHERE {condition}")  # noqa: S608  # nosec B608 - names from the model, values as params
    params += values
    sql = f"WITH m (id, type_id, issuer_id, year, status) AS ({inner_sql}) " + " UNION ALL ".join(parts)
    counts = {name: {} for name in (*FILTERS, "total")}
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*inner_params, *params])
        for facet, value, n in cursor.fetchall():
            counts[facet][value] = n
    return counts


def labelled_facets(counts):
    """(facets with the terms' names, total) from raw counts: {facet: [(value, label, count)]}."""
    from documents.models import DocumentType, IssuingBody, LegalField

    total = counts["total"].get(None, 0)

    def named(model, name):
        ids = [int(value) for value in counts[name]]
        if not ids:
            return []
        terms = model.objects.filter(pk__in=ids).order_by("name").values_list("pk", "name")
        return [(pk, label, counts[name][str(pk)]) for pk, label in terms]

    years = sorted((int(float(value)) for value in counts["year"]), reverse=True)
    year_counts = {int(float(value)): n for value, n in counts["year"].items()}
    facets = {
        "type": named(DocumentType, "type"),
        "issuer": named(IssuingBody, "issuer"),
        "field": named(LegalField, "field"),
        "year": [(year, str(year), year_counts[year]) for year in years],
        "status": [
            (s.value, s.label, counts["status"][s.value]) for s in Status if counts["status"].get(s.value)
        ],
    }
    return facets, total


def facets_cache_key(index_page, filters, query="", audience="public"):
    """Facet counts are kept per register version, day and filters: counting every facet over a large
    register is the costly part of a search, and its answer only changes when a document is published,
    unpublished, moved, deleted or restricted (the version) or when a day passes (validity). Staff who
    may read restricted documents have counts of their own (the audience)."""
    params = urlencode(sorted(filters.items()) + [("q", query)])
    digest = hashlib.sha256(params.encode()).hexdigest()
    # "legal-facet-counts": the raw counts of documents.search (the older "legal-facets" entries held
    # labelled facets; a new name keeps a deploy from reading them).
    return f"legal-facet-counts:{index_page.pk}:{audience}:{today_key()}:{register_version()}:{digest}"


def today_key():
    from documents.models import today

    return today().isoformat()


ORDERS = {
    "relevance": _("Relevance"),
    "issue_date": _("Issue date, newest first"),
    "effective_date": _("Effective date, newest first"),
}


class _Counted:
    """What the paginator pages over: only the number of documents (the search fetches the window)."""

    def __init__(self, count):
        self.count = count

    def __len__(self):
        return self.count

    def __getitem__(self, window):
        return []


def build_listing(index_page, request):
    from home.privacy import audience_key

    filters = parse_filters(request.GET)
    query = parse_query(request.GET.get("q", ""))
    order = request.GET.get("order")
    if order not in ORDERS:
        order = "relevance" if query else "issue_date"
    scope = Scope.for_request(request, register=index_page.documents_register())
    key = facets_cache_key(index_page, filters, query.text, audience_key(request))
    counts = cache.get(key)
    number = _positive_int(request.GET.get("page")) or 1

    def search(number, counts):
        offset = (number - 1) * PER_PAGE
        known = counts["total"].get(None, 0) if counts else None
        return run_search(
            scope, query, filters, order, offset, PER_PAGE, with_facets=counts is None, known_total=known
        )

    result = search(number, counts)
    if counts is None:
        counts = result.counts
        cache.set(key, counts, FACETS_TIMEOUT)
    facets, total = labelled_facets(counts)
    page = Paginator(_Counted(total), PER_PAGE).get_page(number)
    if page.number != number:  # past the last page: show the last one, as Paginator.get_page does
        result = search(page.number, counts)
    page.object_list = result.documents()
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
    promoted = promoted_documents(scope.queryset().with_status(), query.text, request) if query else []
    if query and request.GET.get("page") in (None, "", "1"):
        from search.querylog import log_query

        log_query(query.text, "register", total)
    return {
        "promoted": promoted,
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


def promoted_documents(base, query, request):
    """The documents of this register that editors promote for ``query`` (Wagtail search promotions)."""
    from search.promotions import promotions_for

    ids = [item["page"].pk for item in promotions_for(query, request) if item["page"] is not None]
    if not ids:
        return []
    by_id = base.filter(pk__in=ids).select_related("document_type", "issuing_body").in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]
