"""The contact directory: officials found by name, position or unit, with or without diacritics.

Filters come from the URL (a plain GET form, no JavaScript) and are never trusted. Pages are cut by
keys, not offsets: an official's tree path orders the directory by unit, and ``after``/``before`` carry
the path of the last or first official shown, so every page costs the same queries however deep.
Imported by organisation/models.py; it takes the units and officials from the page it is given, so that
it imports no model of its own app (no import cycle).
"""

import re
from urllib.parse import urlencode

from django.db.models import Q

from wagtail.models import Page

from home.text import fold_diacritics

PER_PAGE = 20
MAX_QUERY_LENGTH = 100
# A tree path is a run of 4-character steps of digits and capital letters (treebeard's alphabet).
PATH_KEY = re.compile(r"^(?:[0-9A-Z]{4}){2,64}$")


def folded_key(*texts):
    """Lower-case text without diacritics: what the directory's search compares, "Nguyễn" = "nguyen"."""
    return fold_diacritics(" ".join(t for t in texts if t)).lower()


def clean_query(value):
    return (value or "").strip()[:MAX_QUERY_LENGTH]


def clean_path(value):
    value = (value or "").strip()
    return value if PATH_KEY.match(value) else None


def clean_unit(value, units):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return next((unit for unit in units if unit.pk == number), None)


def matching(officials, query, units):
    """Officials whose name, position or unit holds every word of the query, diacritics ignored."""
    for word in folded_key(query).split():
        in_units = [unit.path for unit in units if word in folded_key(unit.title)]
        condition = Q(search_key__contains=word)
        for path in in_units:
            condition |= Q(path__startswith=path)
        officials = officials.filter(condition)
    return officials


def directory_context(page, request):
    units = list(page.units())
    query = clean_query(request.GET.get("q"))
    unit = clean_unit(request.GET.get("unit"), units)
    after = clean_path(request.GET.get("after"))
    before = clean_path(request.GET.get("before")) if after is None else None

    officials = page.officials()
    if unit is not None:
        officials = officials.filter(path__startswith=unit.path)
    if query:
        officials = matching(officials, query, units)
    officials = officials.select_related("photo").prefetch_related("photo__renditions")
    if before is not None:
        rows = list(officials.filter(path__lt=before).order_by("-path")[: PER_PAGE + 1])
        has_previous = len(rows) > PER_PAGE
        rows = rows[:PER_PAGE][::-1]
        has_next = True
    else:
        if after is not None:
            officials = officials.filter(path__gt=after)
        rows = list(officials.order_by("path")[: PER_PAGE + 1])
        has_next = len(rows) > PER_PAGE
        rows = rows[:PER_PAGE]
        has_previous = after is not None

    unit_titles = {u.path: u for u in units}
    entries = [(official, unit_titles.get(official.path[: -Page.steplen])) for official in rows]
    params = {}
    if query:
        params["q"] = query
    if unit is not None:
        params["unit"] = unit.pk
    return {
        "units_list": units,
        "query": query,
        "selected_unit": unit,
        "entries": entries,
        "filtered": bool(query or unit),
        "next_url": "?" + urlencode({**params, "after": rows[-1].path}) if rows and has_next else None,
        "previous_url": "?" + urlencode({**params, "before": rows[0].path})
        if rows and has_previous
        else None,
    }
