"""The admin report "Search terms": the most frequent queries and the queries that found nothing."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from search.models import SearchQueryDay

PERIODS = (7, 30)
ROWS = 50
PERMISSION = "search.view_searchqueryday"


def frequent_queries(days, source=None, limit=ROWS):
    """[{"key", "text", "hits", "empty_hits"}] over the last ``days`` days, most searched first."""
    from documents.models import today

    since = today() - datetime.timedelta(days=days - 1)
    rows = SearchQueryDay.objects.filter(day__gte=since)
    if source:
        rows = rows.filter(source=source)
    return (
        rows.values("key")
        .annotate(text=Max("text"), hits=Sum("hits"), empty_hits=Sum("empty_hits"))
        .order_by("-hits", "key")[:limit]
    )


def empty_queries(days, limit=ROWS):
    """The queries that found nothing at least once over the last ``days`` days, most often first."""
    return frequent_queries(days, limit=None).filter(empty_hits__gt=0).order_by("-empty_hits", "key")[:limit]


class SearchTermsReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/report.html"
    page_title = gettext_lazy("Search terms")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            days = int(self.request.GET.get("days", PERIODS[0]))
        except ValueError:
            days = PERIODS[0]
        days = days if days in PERIODS else PERIODS[0]
        context.update(
            days=days,
            periods=PERIODS,
            frequent=list(frequent_queries(days)),
            empty=list(empty_queries(days)),
        )
        return context
