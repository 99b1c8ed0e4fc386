"""Admin report *Báo cáo → Tuân thủ NĐ 42* and its CSV export for the yearly portal evaluation."""

import csv

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from wagtail.admin.auth import user_has_any_page_permission
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from compliance.rules import load_rules, report

# The periods editors may choose instead of each item's own limit, in days.
PERIODS = (30, 90, 180, 365, 730)


def can_view_report(user):
    """Whoever edits some page, and the portal administrators (the report checks their settings too)."""
    return user.is_authenticated and (
        user_has_any_page_permission(user) or user.has_perm("home.change_portalsettings")
    )


def chosen_period(request):
    try:
        days = int(request.GET.get("period", ""))
    except ValueError:
        return None
    return days if days in PERIODS else None


def _date(value):
    return timezone.localtime(value).strftime("%d/%m/%Y") if value else ""


class ComplianceReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "compliance/report.html"
    page_title = _("Decree 42 compliance")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not can_view_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.csv_response(chosen_period(request))
        return super().get(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = chosen_period(self.request)
        results = report(period)
        _rules, decree = load_rules()
        context.update(
            {
                "decree": decree,
                "results": results,
                "failing": sum(1 for r in results if not r.ok),
                "periods": PERIODS,
                "period": period,
            }
        )
        return context

    def csv_response(self, period):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        response["Content-Disposition"] = f'attachment; filename="tuan-thu-nd42-{stamp}.csv"'
        response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [
                _gettext("Item"),
                _gettext("Article"),
                _gettext("Title"),
                _gettext("Status"),
                _gettext("Count"),
                _gettext("Last update"),
                _gettext("English version"),
                _gettext("Reason"),
            ]
        )
        for result in report(period):
            english = (
                "" if result.english is None else (_gettext("Yes") if result.english else _gettext("No"))
            )
            writer.writerow(
                [
                    result.rule.get("id", ""),
                    result.rule.get("article", ""),
                    result.rule.get("title", ""),
                    str(result.status_label),
                    "" if result.count is None else result.count,
                    _date(result.last_update),
                    english,
                    " ".join(str(reason) for reason in result.reasons),
                ]
            )
        return response
