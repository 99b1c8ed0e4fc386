from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import PARAGRAPH_FEATURES, BaseStreamBlock


class BasePage(Page):
    """Every page of the portal inherits from this page."""

    class Meta:
        abstract = True

    def get_site_root(self):
        """The home page of this page's locale, whatever its depth."""
        return self.get_ancestors(inclusive=True).filter(depth=2).first()


class HomePage(BasePage):
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=PARAGRAPH_FEATURES,
        help_text=_("A short welcome shown at the top of the home page."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class StandardPage(BasePage):
    """An information page: introduction, functions and duties, contacts, guidance."""

    intro = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown under the title and in listings."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    show_in_menus_default = True

    class Meta:
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")
