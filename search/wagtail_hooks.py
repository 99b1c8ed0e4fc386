from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import PERMISSION, SearchTermsReportView


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_search_terms_url():
    return [path("search-terms/", SearchTermsReportView.as_view(), name="search_terms_report")]


@hooks.register("register_reports_menu_item")
def register_search_terms_menu_item():
    return SearchTermsMenuItem(
        _("Search terms"),
        reverse("search_terms_report"),
        name="site-search-terms",
        icon_name="search",
        order=70,
    )


@hooks.register("construct_reports_menu")
def hide_wagtails_search_terms(request, menu_items):
    """Wagtail's own report counts only promoted queries' hits; ours replaces it."""
    menu_items[:] = [item for item in menu_items if item.name != "search-terms"]


@hooks.register("register_permissions")
def register_search_terms_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="search", codename="view_searchqueryday")
