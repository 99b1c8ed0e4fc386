from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from articles.models import NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    """News categories, one list per language: wagtail-localize's “Translate” action adds the English."""

    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["name"]
    search_fields = ["name"]
    ordering = ["name"]
    add_to_admin_menu = True
    menu_order = 240


register_snippet(NewsCategoryViewSet)
