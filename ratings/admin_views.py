"""The admin's report of the best and worst rated pages, with a CSV export of every rated page."""

from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.formatting import format_number
from home.spreadsheets import csv_response
from ratings.reports import overall, rated_pages

MINIMUMS = (1, 3, 5, 10, 20)
DEFAULT_MINIMUM = 3


def _page_type(page):
    return page.specific_class._meta.verbose_name if page.specific_class else ""


def _rows(items):
    return [
        {
            "page": item["page"],
            "type": _page_type(item["page"]),
            "average": format_number(item["summary"].average, 1),
            "count": format_number(item["summary"].count),
        }
        for item in items
    ]


class RatingReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "ratings/admin/report.html"
    page_title = gettext_lazy("Ratings")
    header_icon = "pick"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, *args, **kwargs):
        try:
            self.minimum = int(request.GET.get("min", DEFAULT_MINIMUM))
        except ValueError:
            self.minimum = DEFAULT_MINIMUM
        self.minimum = max(1, self.minimum)
        # A new portal (the demo) has pages with one or two ratings only: rather than two empty tables,
        # the default shows every rated page and says why.
        self.lowered_from = None
        default = "min" not in request.GET and self.minimum > 1
        if default and not rated_pages(self.minimum, limit=1) and rated_pages(1, limit=1):
            self.lowered_from, self.minimum = self.minimum, 1
        if request.GET.get("export") == "csv":
            items = rated_pages(minimum=1, best=True, limit=None)
            return csv_response(
                "danh-gia-bai-viet.csv",
                [
                    _("Page id"),
                    _("Title"),
                    _("Page type"),
                    _("Address"),
                    _("Average"),
                    _("Number of ratings"),
                ],
                (
                    (
                        item["page"].pk,
                        item["page"].title,
                        _page_type(item["page"]),
                        item["page"].get_url(request) or "",
                        str(item["summary"].average),
                        item["summary"].count,
                    )
                    for item in items
                ),
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result, pages = overall()
        context.update(
            minimum=self.minimum,
            lowered_from=self.lowered_from,
            minimums=sorted({*MINIMUMS, self.minimum}),
            best=_rows(rated_pages(self.minimum, best=True)),
            worst=_rows(rated_pages(self.minimum, best=False)),
            total_count=format_number(result.count),
            total_average=format_number(result.average, 1) if result.average is not None else "—",
            rated_pages=format_number(pages),
        )
        return context
