"""GET /api/v2/legal-documents/: the register as JSON, through the same search service as the page.

Follows Wagtail API v2 conventions: ``meta.total_count``, ``items`` with ``id`` and ``meta``, ``limit``
and ``offset`` for paging, ``search`` and ``order``; an unknown or malformed parameter is a 400 with a
message, never a 500. An answer is kept whole in the cache under the register's version and the day, so
a repeated request neither searches nor serialises (the register page is kept by the page cache).
"""

import hashlib
import json

from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from wagtail.models import Locale

from documents.listing import labelled_facets
from documents.search import SUGGESTIONS, Scope, parse_query, reading_of, run_search, suggest_documents
from documents.status import Status, today
from documents.versions import register_version
from home.privacy import audience_key

FILTER_PARAMS = ("type", "issuer", "field", "year")
ORDERS = {"relevance": "relevance", "-issue_date": "issue_date", "-effective_date": "effective_date"}
KNOWN = {"search", "status", "order", "limit", "offset", "locale", "facets", *FILTER_PARAMS}
MAX_LIMIT = 100
ANSWER_SECONDS = 60 * 60  # the register's version ends a kept answer sooner


class BadRequest(ValueError):
    pass


def _int(params, name, minimum, maximum, default=None):
    value = params.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(_("%(name)s must be a whole number") % {"name": name}) from None
    if not minimum <= number <= maximum:
        raise BadRequest(
            _("%(name)s must be between %(min)s and %(max)s") % {"name": name, "min": minimum, "max": maximum}
        )
    return number


def parse_params(params):
    unknown = sorted(set(params) - KNOWN)
    if unknown:
        raise BadRequest(
            _("query parameter is not an operation or a recognised field: %(names)s")
            % {"names": ", ".join(unknown)}
        )
    filters = {name: _int(params, name, 1, 9_999_999) for name in FILTER_PARAMS}
    filters = {name: value for name, value in filters.items() if value is not None}
    status = params.get("status")
    if status:
        if status not in Status.values:
            raise BadRequest(_("status must be one of: %(values)s") % {"values": ", ".join(Status.values)})
        filters["status"] = status
    order = params.get("order") or ""
    if order and order not in ORDERS:
        raise BadRequest(_("order must be one of: %(values)s") % {"values": ", ".join(ORDERS)})
    locale_code = params.get("locale") or Locale.get_active().language_code
    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        raise BadRequest(_("unknown locale: %(code)s") % {"code": locale_code})
    return {
        "filters": filters,
        "query": parse_query(params.get("search", "")),
        "order": ORDERS.get(order, ""),
        "limit": _int(params, "limit", 1, MAX_LIMIT, 20),
        "offset": _int(params, "offset", 0, 10_000_000, 0),
        "locale": locale,
        "facets": params.get("facets", "true").lower() not in {"0", "false", "no"},
    }


def serialise(document, request):
    status = document.status
    return {
        "id": document.pk,
        "meta": {
            "type": "documents.LegalDocumentPage",
            "html_url": document.get_full_url(request),
            "locale": document.locale.language_code,
        },
        "number": document.number,
        "title": document.summary,
        "url": document.get_url(request),
        "type": document.document_type.name if document.document_type else None,
        "issuing_body": document.issuing_body.name if document.issuing_body else None,
        "issue_date": document.issue_date.isoformat() if document.issue_date else None,
        "effective_date": document.effective_date.isoformat() if document.effective_date else None,
        "status": status.value,
        "status_label": str(status.label),
    }


@require_safe
def legal_documents(request):
    # Anonymous readers get public documents only; staff also those restricted to them (home.privacy).
    key = _answer_key(request)
    kept = cache.get(key)
    if kept is None:
        try:
            options = parse_params(request.GET)
        except BadRequest as error:
            return JsonResponse({"message": str(error)}, status=400)
        kept = (json.dumps(_answer(request, options), ensure_ascii=False).encode(), bool(options["query"]))
        cache.set(key, kept, ANSWER_SECONDS)
    body, searched = kept
    response = HttpResponse(body, content_type="application/json")
    if searched:
        response["Cache-Control"] = "no-cache"
    return response


def _answer_key(request):
    """What decides an answer: the register's version and the day (statuses follow the calendar), who
    asks (home.privacy.audience_key), the host (the documents' full addresses), the language (labels)
    and the query string as sent."""
    what = [request.get_host(), get_language(), audience_key(request), request.META.get("QUERY_STRING", "")]
    digest = hashlib.sha256(json.dumps(what).encode("utf-8", "surrogateescape")).hexdigest()
    return f"legal-api:{today().isoformat()}:{register_version()}:{digest}"


def _answer(request, options):
    scope = Scope.for_request(request, locale_id=options["locale"].pk)
    query = options["query"]
    result = run_search(
        scope,
        query,
        options["filters"],
        options["order"] or ("relevance" if query else "issue_date"),
        offset=options["offset"],
        limit=options["limit"],
        with_facets=options["facets"],
    )
    window = result.documents()
    meta = {"total_count": result.total}
    if options["facets"]:
        facets, _total = labelled_facets(result.counts)
        meta["facets"] = {
            name: [{"value": value, "label": str(label), "count": count} for value, label, count in values]
            for name, values in facets.items()
        }
    return {"meta": meta, "items": [serialise(document, request) for document in window]}


SUGGEST_TIMEOUT = 10 * 60
SUGGEST_MAX_LENGTH = 100


@require_safe
def suggest(request):
    """GET /api/v2/legal-documents/suggest/?q=...: up to 8 documents whose number starts with ``q`` or
    whose heading has its words (the last one as a prefix), for the register's search box. Answers
    are cached per register version, so repeated keystrokes cost no query."""
    text = request.GET.get("q", "")
    if len(text) > SUGGEST_MAX_LENGTH:
        return JsonResponse(
            {"message": _("q must be at most %(max)s characters") % {"max": SUGGEST_MAX_LENGTH}}, status=400
        )
    locale_code = request.GET.get("locale") or Locale.get_active().language_code
    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        return JsonResponse({"message": _("unknown locale: %(code)s") % {"code": locale_code}}, status=400)
    audience = audience_key(request)
    digest = hashlib.sha256(text.strip().lower().encode()).hexdigest()
    key = f"legal-suggest:{register_version()}:{locale.pk}:{audience}:{digest}"
    items = cache.get(key)
    if items is None:
        scope = Scope.for_request(request, locale_id=locale.pk)
        documents = suggest_documents(scope, text, SUGGESTIONS)
        items = [
            {
                "id": document.pk,
                "number": document.number,
                "title": document.summary or document.title,
                "type": document.document_type.name if document.document_type else None,
                "url": document.get_url(request),
            }
            for document in documents
        ]
        cache.set(key, items, SUGGEST_TIMEOUT)
    meta = {"total_count": len(items)}
    reading = reading_of(text)
    if reading:  # "Có phải bạn muốn tìm: chuyển đổi số"
        meta["reading"] = reading
        meta["reading_prompt"] = _("Did you mean: %(reading)s") % {"reading": reading}
    response = JsonResponse({"meta": meta, "items": items}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=60" if audience == "public" else "private, max-age=60"
    return response
