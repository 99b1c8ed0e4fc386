"""What readers and import files send, checked once for what no view or table can take.

PostgreSQL refuses text holding NUL, and a lone surrogate (from a JSON escape such as ``"\\ud800"`` or a
file that is not UTF-8) cannot be encoded at all. A query string carrying NUL is refused for every view at
once (``HostileQueryMiddleware``: a 400 with a Vietnamese message); other text goes through
``is_storable`` before it reaches the database.
"""

import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_NUL_IN_QUERY = re.compile(r"%00|\x00")


def is_storable(text):
    """Whether ``text`` can be stored and encoded: no NUL and no lone surrogate."""
    return not _UNSTORABLE.search(text)


def unstorable_values(value):
    """Whether any text in ``value`` (a string, or lists and dicts of them, keys included) is unstorable."""
    if isinstance(value, str):
        return not is_storable(value)
    if isinstance(value, dict):
        return any(unstorable_values(key) or unstorable_values(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(unstorable_values(item) for item in value)
    return False


def bad_request(request, message):
    """A 400 in the portal's language: JSON for the APIs, otherwise a page that needs no database."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message}, status=400, json_dumps_params={"ensure_ascii": False})
    template = loader.get_template("400.html")
    return HttpResponseBadRequest(template.render({"message": message}))


class HostileQueryMiddleware:
    """Refuse a query string that carries NUL (``%00``) before any view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if query and _NUL_IN_QUERY.search(query):
            return bad_request(request, _("The address contains a character that is not allowed."))
        return self.get_response(request)
