"""The register's search on SQLite (and any database but PostgreSQL): the same matching and score as
on PostgreSQL, run over the document table with LIKE on the padded texts (documents.search.base), which
is fast enough at the sizes SQLite serves. Site search (search/site_index.py) matches the same way."""

from django.db import connections
from django.db.models import Q
from django.db.models.functions import ExtractYear

from documents.search.base import (
    FACETS,
    SearchResult,
    apply_filters,
    contains,
    full_score,
    model,
    number_condition,
    ordered,
)


def words_match(parsed, heading, body, exact=None):
    """Every required word, and every group of ``parsed`` in one of its forms (as a phrase), in the
    padded texts ``heading`` or ``body``: the LIKE match of SQLite (site search uses it too). A short
    word's group also matches the word as typed in ``exact`` (a condition on that text)."""
    text_match = Q()
    for word in parsed.required:
        text_match &= contains(heading, word) | contains(body, word)
    for group in parsed.groups:
        any_form = exact(group.name) if exact is not None and group.kind == "short" else Q(pk__in=[])
        for form in group.forms:
            any_form |= contains(heading, " ".join(form)) | contains(body, " ".join(form))
        text_match &= any_form
    return text_match


def text_match(queryset, parsed):
    return words_match(parsed, "search_heading", "search_body")


def search_documents(queryset, parsed, annotate=True):
    """``queryset`` narrowed to the documents matching ``parsed``, annotated with ``relevance`` unless
    ``annotate`` is False (counting needs no score)."""
    matches = number_condition(parsed)
    if parsed.has_text:
        matches |= text_match(queryset, parsed)
    elif not parsed.has_number:
        return queryset.none()
    if not annotate:
        return queryset.filter(matches)
    parsed.reading  # noqa: B018 - read the register's words before the search's queries
    queryset, score = full_score(queryset, parsed)
    return queryset.filter(matches).annotate(relevance=score)


def run_search(scope, parsed, filters, order, offset, limit, with_facets, known_total=None):
    """See documents.search.run_search."""
    base = scope.queryset().with_status()
    counted = search_documents(base, parsed, annotate=False) if parsed else base
    matching = search_documents(base, parsed) if parsed else base
    documents = ordered(apply_filters(matching, filters), order, parsed is not None)
    counts = None
    if with_facets:
        counts = queryset_facet_counts(counted, filters)
        total = counts["total"].get(None, 0)
    elif known_total is not None:
        total = known_total
    else:
        total = apply_filters(counted, filters).count()
    ids = list(documents.values_list("pk", flat=True)[offset : offset + limit]) if total > offset else []
    return SearchResult(ids, total, counts)


def suggest(scope, key, words, limit):
    """Up to ``limit`` documents of ``scope`` whose number starts with ``key``, then whose heading has
    every one of ``words``, the last as a prefix; newest first."""
    queryset = scope.queryset().select_related("document_type")
    found = []
    if key:
        found = list(
            queryset.filter(number_key__startswith=key).order_by("number_key", "-page_ptr_id")[:limit]
        )
    if len(found) < limit:
        seen = [document.pk for document in found]
        condition = Q(search_heading__contains=f" {words[-1]}")
        for word in words[:-1]:
            condition &= contains("search_heading", word)
        found += list(
            queryset.filter(condition)
            .exclude(pk__in=seen)
            .order_by("-sort_date", "-page_ptr_id")[: limit - len(found)]
        )
    return found


def facet_counts(scope, parsed, filters):
    """The raw facet counts of a search (see documents.search.facet_counts)."""
    base = scope.queryset().with_status()
    return queryset_facet_counts(search_documents(base, parsed, annotate=False) if parsed else base, filters)


def queryset_facet_counts(queryset, filters):
    """{facet: {value as text: count}, "total": {None: count}} for the documents of ``queryset``."""
    rows = queryset.annotate(_year=ExtractYear("issue_date")).values_list(
        "pk", "document_type_id", "issuing_body_id", "_year", "validity"
    )
    inner_sql, inner_params = rows.order_by().query.sql_with_params()
    through = model().fields.through
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
    counts = {name: {} for name in (*FACETS, "total")}
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*inner_params, *params])
        for facet, value, n in cursor.fetchall():
            counts[facet][value] = n
    return counts


# The index that PostgreSQL keeps (documents.search.postgres) has no counterpart here.


def refresh(ids=None, today=None):
    pass


def refresh_document(document):
    pass


def refresh_places(page):
    pass


def refresh_due_statuses(today=None):
    return 0
