"""Gives each request what every page needs from home.memo before any view or template asks for it."""

from django.db import DatabaseError, InterfaceError

from wagtail import views as wagtail_views

from home import memo
from home.routing import prime_route


class PortalRequestMiddleware:
    """Primes Wagtail's per-request caches for a Wagtail page from the process memory (home.memo): the site,
    its settings and the page's route (home.routing), so that none of them costs a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail pages only: other views (the health check, the APIs) answer as they are written to,
        # a database outage included.
        if view_func is not wagtail_views.serve:
            return None
        try:
            if memo.site_for_request(request) is None:
                return None
            memo.portal_settings(request)
            memo.prime_site_root_paths(request)
            path = view_kwargs["path"] if "path" in view_kwargs else (view_args[0] if view_args else "")
            prime_route(request, path)
        except (DatabaseError, InterfaceError):
            # The view meets the same outage and answers it as every view does (operations/faults.py).
            return None
        return None
