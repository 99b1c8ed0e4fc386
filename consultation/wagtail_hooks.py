from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from consultation import admin_views
from consultation.models import ConsultationReportPage, DraftDocumentPage


@hooks.register("register_admin_viewset")
def register_comment_viewset():
    return admin_views.comment_viewset


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "consultation/drafts/<int:page_id>/report/",
            admin_views.build_report,
            name="consultation_build_report",
        ),
        path(
            "consultation/reports/<int:page_id>/docx/",
            admin_views.report_document,
            name="consultation_report_admin_docx",
        ),
    ]


@hooks.register("register_page_header_buttons")
def report_buttons(page, user, view_name=None, next_url=None):
    specific_class = page.specific_class
    if specific_class is DraftDocumentPage and page.permissions_for_user(user).can_add_subpage():
        yield Button(
            _("Update the report from comments"),
            reverse("consultation_build_report", args=[page.pk]),
            icon_name="doc-full",
            priority=80,
        )
    if specific_class is ConsultationReportPage and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Download the report (.docx)"),
            reverse("consultation_report_admin_docx", args=[page.pk]),
            icon_name="download",
            priority=80,
        )
