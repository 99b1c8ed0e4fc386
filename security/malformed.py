"""A form posted without the fields its own page always sends is a client error, not a server error.

Wagtail's StreamField and chooser forms read their hidden fields (``body-count`` and the like) without
checking that they were sent, so a POST made by hand without them raised a 500. The browser's forms
always carry them; whoever sends a truncated form gets a 400.
"""

from django.http import HttpResponseBadRequest
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.translation import gettext as _


class MalformedFormMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method == "POST" and isinstance(exception, MultiValueDictKeyError):
            return HttpResponseBadRequest(_("The form sent is incomplete. Reload the page and try again."))
        return None
