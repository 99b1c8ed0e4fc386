"""The procedures register: filters and search read from the URL, never trusted, paginated by keys.

Imported by procedures/models.py; it takes the procedures from the index page it is given, so that it
imports no model (no import cycle)."""

from home.keyset import Keyset
from procedures.choices import ServiceLevel
from procedures.text import query_words, search_key

PER_PAGE = 20
# By field, then by name: how the national database lists a department's procedures.
ORDERING = Keyset("sort_key", "pk")


def clean_choice(value, allowed):
    return value if value in allowed else ""


def page_query(request, drop=("after",)):
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()


def procedure_listing(index_page, request):
    base = index_page.procedures()
    fields = sorted(set(base.values_list("field_name", flat=True).distinct()), key=search_key)
    selected_field = clean_choice(request.GET.get("field", ""), set(fields))
    level = clean_choice(request.GET.get("level", ""), set(ServiceLevel.values))
    query = (request.GET.get("q") or "").strip()[:200]
    procedures = base
    if selected_field:
        procedures = procedures.filter(field_name=selected_field)
    if level:
        procedures = procedures.filter(level=level)
    for word_start in query_words(query):
        procedures = procedures.filter(search_key__contains=word_start)
    page = ORDERING.page(
        procedures.defer("body", "search_key"),
        request.GET.get("after"),
        PER_PAGE,
    )
    return {
        "procedures": page,
        "result_count": procedures.count(),
        "fields": fields,
        "levels": ServiceLevel.choices,
        "selected_field": selected_field,
        "selected_level": level,
        "query": query,
        "filtered": bool(selected_field or level or query),
        "page_query": page_query(request),
    }
