"""Gives each request what every page needs from home.memo before any view or template asks for it."""

import copy

from django.db import DatabaseError, InterfaceError

from wagtail import views as wagtail_views

from home import memo
from home.models import PortalSettings
from home.routing import prime_route


def prime_portal_settings(request, site):
    """The site's PortalSettings, remembered per process (home.memo) and primed in Wagtail's per-request
    cache, where the ``settings`` context processor and ``PortalSettings.for_request`` find it."""

    def compute():
        found = PortalSettings.objects.select_related("logo").filter(site=site).first()
        return found or PortalSettings.for_site(site)

    instance = copy.copy(memo.remember(("portal-settings", site.pk), compute))
    instance._request = request
    setattr(request, PortalSettings.get_cache_attr_name(), instance)


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
            site = memo.site_for_request(request)
            if site is None:
                return None
            prime_portal_settings(request, site)
            memo.prime_site_root_paths(request)
            path = view_kwargs["path"] if "path" in view_kwargs else (view_args[0] if view_args else "")
            prime_route(request, path)
        except (DatabaseError, InterfaceError):
            # The view meets the same outage and answers it as every view does (operations/faults.py).
            return None
        return None
