from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from visits.admin_views import VisitStatisticsView
from visits.templatetags.visits_tags import statistics_context


@hooks.register("register_admin_urls")
def register_visit_statistics_url():
    return [path("visits/", VisitStatisticsView.as_view(), name="visits_admin")]


@hooks.register("register_reports_menu_item")
def register_visit_statistics_menu_item():
    return MenuItem(
        _("Visit statistics"), reverse("visits_admin"), name="visit-statistics", icon_name="view", order=50
    )


def _page_statistics_button(page, priority):
    return Button(
        _("Visit statistics"),
        f"{reverse('visits_admin')}?page={page.pk}",
        icon_name="view",
        priority=priority,
    )


@hooks.register("register_page_listing_more_buttons")
def page_listing_statistics_button(page, user, next_url=None):
    if page.depth > 1:
        yield _page_statistics_button(page, priority=55)


@hooks.register("register_page_header_buttons")
def page_header_statistics_button(page, user, view_name, next_url=None):
    if page.depth > 1:
        yield _page_statistics_button(page, priority=66)


@hooks.register("portal_widgets")
def visit_statistics_widget(request, slot):
    """The box in the home page's "statistics" slot (other pages show it in base.html's sidebar)."""
    if slot != "statistics":
        return None
    context = statistics_context(request)
    if not context["enabled"]:
        return None
    return render_to_string("visits/includes/visit_statistics.html", context, request=request)
