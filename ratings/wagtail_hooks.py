from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ratings.admin_views import RatingReportView


@hooks.register("register_admin_urls")
def register_rating_report_url():
    return [path("ratings/", RatingReportView.as_view(), name="ratings_admin")]


@hooks.register("register_reports_menu_item")
def register_rating_report_menu_item():
    return MenuItem(_("Ratings"), reverse("ratings_admin"), name="ratings", icon_name="pick", order=60)
