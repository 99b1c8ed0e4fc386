"""Sơ đồ cổng: an HTML site map of the portal, drawn from the page tree of the reader's language."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from home.models import BasePage

# The pages that come by the hundred (articles, documents, officials, weeks): the sections that list
# them are on the map, they are not. Labels of models that are not installed are skipped.
ITEM_MODELS = (
    "articles.NewsPage",
    "articles.InspectionReportPage",
    "documents.LegalDocumentPage",
    "organisation.OfficialPage",
    "schedule.ScheduleWeekPage",
    "disclosure.PlanPage",
    "disclosure.ProjectPage",
    "disclosure.ProcurementNoticePage",
    "disclosure.BudgetReportPage",
    "disclosure.StatisticsPage",
    "procedures.ProcedurePage",
)


def item_content_types():
    found = []
    for label in ITEM_MODELS:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue
    return list(ContentType.objects.get_for_models(*found).values()) if found else []


class PortalMapPage(BasePage):
    # Page cache (pagecache/tags.py): the map changes with any page published, moved or unpublished.
    page_cache_depends_on = ("listings",)

    intro = models.TextField(_("summary"), blank=True)
    levels = models.PositiveSmallIntegerField(
        _("levels shown"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("How many levels below the home page the map shows."),
    )

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("levels")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("site map")
        verbose_name_plural = _("site maps")

    def tree(self, request):
        """[(page, url, [children…])] from the home page of this page's locale down ``levels`` levels."""
        root = self.get_site_root()
        pages = (
            Page.objects.live()
            .public()
            .descendant_of(root)
            .filter(depth__lte=root.depth + self.levels, alias_of__isnull=True)
            .exclude(content_type__in=item_content_types())
            .only("id", "title", "path", "depth", "url_path", "locale_id", "content_type_id", "live")
            .order_by("path")
        )
        nodes = {}
        top = []
        for page in pages:
            node = (page, page.get_url(request), [])
            nodes[page.path] = node
            parent = nodes.get(page.path[: -Page.steplen])
            if parent is not None:
                parent[2].append(node)
            elif page.depth == root.depth + 1:
                top.append(node)
        return root, top

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        root, top = self.tree(request)
        context.update({"map_root": root, "map_root_url": root.get_url(request), "map_nodes": top})
        return context
