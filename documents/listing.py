"""The public register: filters read from the URL, counts per filter value, and pagination."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from documents.search import FACETS, Scope, model, parse_query, run_search
from documents.search import queryset_facet_counts as raw_facet_counts
from documents.status import Status
from documents.versions import bump_register_version, register_version  # noqa: F401 - re-exported
from search.promotions import promotions_for
from search.querylog import beacon_token

PER_PAGE = 20
FILTERS = FACETS
FACETS_TIMEOUT = 60 * 60


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


def facet_counts(queryset, filters):
    """For each filter, the values the other active filters leave and how many documents each has."""
    return facets_and_total(queryset, filters)[0]


def facets_and_total(queryset, filters):
    """(facets, number of documents matching ``filters``) for the documents of ``queryset`` (annotated
    with ``validity``), in ONE query (documents.search.facet_counts). Each facet counts the documents
    that the other active filters leave, so that choosing a value shows how many documents it gives."""
    return labelled_facets(raw_facet_counts(queryset, filters))


VOCABULARIES = {"type": "DocumentType", "issuer": "IssuingBody", "field": "LegalField"}


def term_names():
    """{facet: [(id, name)] in the database's order of names} of the three vocabularies the facets
    name, kept under the register's version (editing a term changes it: documents.signals)."""
    key = f"legal-term-names:{register_version()}"
    names = cache.get(key)
    if names is None:
        names = {
            facet: list(model(name).objects.order_by("name").values_list("pk", "name"))
            for facet, name in VOCABULARIES.items()
        }
        cache.set(key, names, FACETS_TIMEOUT)
    return names


def labelled_facets(counts):
    """(facets with the terms' names, total) from raw counts: {facet: [(value, label, count)]}."""
    total = counts["total"].get(None, 0)
    names = term_names() if any(counts[name] for name in VOCABULARIES) else {}

    def named(name):
        found = counts[name]
        return [(pk, label, found[str(pk)]) for pk, label in names.get(name, ()) if str(pk) in found]

    years = sorted((int(float(value)) for value in counts["year"]), reverse=True)
    year_counts = {int(float(value)): n for value, n in counts["year"].items()}
    facets = {
        "type": named("type"),
        "issuer": named("issuer"),
        "field": named("field"),
        "year": [(year, str(year), year_counts[year]) for year in years],
        "status": [
            (s.value, s.label, counts["status"][s.value]) for s in Status if counts["status"].get(s.value)
        ],
    }
    return facets, total


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
    filters = parse_filters(request.GET)
    query = parse_query(request.GET.get("q", ""))
    order = request.GET.get("order")
    if order not in ORDERS:
        order = "relevance" if query else "issue_date"
    scope = Scope.for_request(request, register=index_page.documents_register())
    number = _positive_int(request.GET.get("page")) or 1

    def search(number):
        # (the counts and the window are kept per register version and day: documents.search)
        return run_search(scope, query, filters, order, (number - 1) * PER_PAGE, PER_PAGE)

    result = search(number)
    facets, total = labelled_facets(result.counts)
    page = Paginator(_Counted(total), PER_PAGE).get_page(number)
    if page.number != number:  # past the last page: show the last one, as Paginator.get_page does
        result = search(page.number)
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
    # Logged when the page's beacon counts its view (search.querylog): the page may be served from a cache.
    logged = query and request.GET.get("page") in (None, "", "1")
    return {
        "search_beacon": beacon_token(query.text, "register", total) if logged else "",
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
    ids = [item["page"].pk for item in promotions_for(query, request) if item["page"] is not None]
    if not ids:
        return []
    by_id = base.filter(pk__in=ids).select_related("document_type", "issuing_body").in_bulk()
    return [by_id[pk] for pk in ids if pk in by_id]
