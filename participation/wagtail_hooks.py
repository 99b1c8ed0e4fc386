from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from participation import admin_views, inbox
from participation.models import Topic, Unit

admin_urls = (
    [
        path("", admin_views.InboxView.as_view(), name="inbox"),
        path("cau-hoi/<int:pk>/", admin_views.QuestionView.as_view(), name="question"),
        path("phan-anh/<int:pk>/", admin_views.FeedbackView.as_view(), name="feedback"),
        path("phan-anh/<int:pk>/tep-dinh-kem/", admin_views.attachment, name="attachment"),
        path("bao-cao/", admin_views.ReportView.as_view(), name="report"),
        path("can-ra-soat/", admin_views.ReviewView.as_view(), name="review"),
    ],
    "participation_admin",
)


@hooks.register("register_admin_urls")
def register_participation_urls():
    return [path("y-kien/", include(admin_urls))]


class InboxMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(inbox.sources(request.user))


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        _("Citizens' inbox"),
        reverse("participation_admin:inbox"),
        name="participation",
        icon_name="mail",
        order=250,
    )


class ReportMenuItem(InboxMenuItem):
    pass


@hooks.register("register_reports_menu_item")
def register_participation_report_menu_item():
    return ReportMenuItem(
        _("Citizens' messages per month"),
        reverse("participation_admin:report"),
        name="participation-report",
        icon_name="table",
        order=70,
    )


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Fields of questions")
    list_display = ["name", "name_en", "sort_order"]


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Handling units")
    list_display = ["name"]


register_snippet(TopicViewSet)
register_snippet(UnitViewSet)
