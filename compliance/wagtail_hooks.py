from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from compliance import views


@hooks.register("register_admin_urls")
def register_compliance_report_url():
    return [path("reports/nd42/", views.ComplianceReportView.as_view(), name="compliance_report")]


class ComplianceMenuItem(MenuItem):
    def is_shown(self, request):
        return views.can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_compliance_menu_item():
    return ComplianceMenuItem(
        _("Decree 42 compliance"), reverse("compliance_report"), icon_name="tasks", order=910
    )
