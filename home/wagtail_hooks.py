from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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


@hooks.register("insert_editor_js")
def vietnamese_slugs_js():
    return format_html('<script src="{}"></script>', static("js/admin-slug.js"))
