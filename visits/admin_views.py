"""The admin's "Thống kê truy cập": the figures of the box, a chart of the last 90 days, the most read
pages, one page's own figures, and CSV exports of both."""

import datetime

from django.http import Http404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from home.formatting import format_number
from home.spreadsheets import csv_response
from visits import counter
from visits.periods import local_today
from visits.reports import bar_chart, daily_series, page_total, top_pages
from visits.templatetags.visits_tags import ROWS

CHART_DAYS = 90
TOP_PERIODS = (7, 30, 90)


class VisitStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "visits/admin/statistics.html"
    page_title = gettext_lazy("Visit statistics")
    header_icon = "view"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse_lazy("wagtailadmin_home"), "label": _("Home")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_page_subtitle(self):
        return self.page.title if self.page else ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = None
        page_id = request.GET.get("page")
        if page_id:
            try:
                self.page = Page.objects.get(pk=int(page_id))
            except (ValueError, Page.DoesNotExist):
                raise Http404(_("No page with this id.")) from None
        try:
            self.days = int(request.GET.get("days", 30))
        except ValueError:
            self.days = 30
        if self.days not in TOP_PERIODS:
            self.days = 30

    def get(self, request, *args, **kwargs):
        counter.flush()  # so that what Redis still holds is in the figures below
        self.today = local_today()
        export = request.GET.get("export")
        if export == "daily":
            return self.export_daily()
        if export == "pages":
            return self.export_pages()
        return super().get(request, *args, **kwargs)

    def export_daily(self):
        series = daily_series(self.today, CHART_DAYS, self.page.pk if self.page else None)
        suffix = f"-trang-{self.page.pk}" if self.page else ""
        return csv_response(
            f"thong-ke-truy-cap{suffix}-{self.today:%Y-%m-%d}.csv",
            [_("Date"), _("Views")],
            ((f"{day:%Y-%m-%d}", views) for day, views in series),
        )

    def export_pages(self):
        first = self.today - datetime.timedelta(days=self.days - 1)
        rows = top_pages(first, self.today, limit=1000)
        return csv_response(
            f"trang-xem-nhieu-{self.days}-ngay-{self.today:%Y-%m-%d}.csv",
            [_("Page id"), _("Title"), _("Address"), _("Views")],
            (
                (row["page"].pk, row["page"].title, row["page"].get_url(self.request) or "", row["views"])
                for row in rows
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page_id = self.page.pk if self.page else None
        series = daily_series(self.today, CHART_DAYS, page_id)
        chart = bar_chart(series)
        context.update(
            selected_page=self.page,
            chart=chart,
            chart_days=CHART_DAYS,
            peak_label=format_number(chart.peak[1]),
            total_label=format_number(chart.total),
            series=[(day, format_number(views)) for day, views in reversed(series)],
            base_url=reverse("visits_admin"),
            days=self.days,
            periods=TOP_PERIODS,
        )
        if self.page is None:
            stats = counter.current_stats()
            context["summary"] = [(label, format_number(stats[key])) for key, label in ROWS]
            first = self.today - datetime.timedelta(days=self.days - 1)
            context["top_pages"] = [
                {**row, "views_label": format_number(row["views"])} for row in top_pages(first, self.today)
            ]
        else:
            last_week = self.today - datetime.timedelta(days=6)
            context["summary"] = [
                (_("Today"), format_number(page_total(page_id, self.today, self.today))),
                (_("Last 7 days"), format_number(page_total(page_id, last_week, self.today))),
                (
                    _("Last %(days)s days") % {"days": CHART_DAYS},
                    format_number(chart.total),
                ),
                (_("All time"), format_number(page_total(page_id))),
            ]
        return context
