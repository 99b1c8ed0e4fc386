from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home import media_access, translation_status, users
from home.models import ExternalLink


class ExternalLinkViewSet(SnippetViewSet):
    model = ExternalLink
    icon = "link-external"
    menu_label = _("External links")
    list_display = ["title", "url"]
    search_fields = ["title", "url"]
    add_to_admin_menu = True
    menu_order = 300


register_snippet(ExternalLinkViewSet)


# No escalation through the users' bulk actions (home/users.py).
hooks.register("before_bulk_action", users.refuse_escalating_bulk_actions)

# A file that pages use is served only to those who may see one of them (home/media_access.py).
hooks.register("before_serve_document", media_access.check_document_access)


@hooks.register("insert_editor_js")
def vietnamese_slugs_js():
    return format_html('<script src="{}"></script>', static("js/admin-slug.js"))


# Translation status report (home/translation_status.py) -------------------------------------------


@hooks.register("register_admin_urls")
def register_translation_status_url():
    return [
        path(
            "reports/translation-status/",
            translation_status.TranslationStatusView.as_view(),
            name="translation_status_report",
        )
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return translation_status.can_view_report(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"), reverse("translation_status_report"), icon_name="site", order=900
    )
