from django.utils.translation import gettext_lazy as _

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
