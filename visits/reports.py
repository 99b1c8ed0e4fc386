"""Figures for the admin: views per day (site-wide or for one page), top pages, and a bar chart drawn
as SVG on the server (no chart library, nothing loaded from elsewhere)."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Sum
from django.utils.translation import gettext as _

from wagtail.models import Page

from home.formatting import format_number
from visits.models import DailyVisits, PageDailyVisits


def daily_series(last_day, days=90, page_id=None):
    """[(day, views)] for the ``days`` days that end on ``last_day``, zeros included."""
    first = last_day - datetime.timedelta(days=days - 1)
    if page_id is None:
        rows = DailyVisits.objects.filter(day__gte=first, day__lte=last_day)
    else:
        rows = PageDailyVisits.objects.filter(page_id=page_id, day__gte=first, day__lte=last_day)
    counts = dict(rows.values_list("day", "views"))
    return [(day, counts.get(day, 0)) for day in (first + datetime.timedelta(days=n) for n in range(days))]


def page_total(page_id, first=None, last=None):
    rows = PageDailyVisits.objects.filter(page_id=page_id)
    if first is not None:
        rows = rows.filter(day__gte=first, day__lte=last)
    return rows.aggregate(total=Sum("views", default=0))["total"]


def top_pages(first, last, limit=20):
    """[{"page", "views"}] of the most viewed pages between two days (both included)."""
    rows = list(
        PageDailyVisits.objects.filter(day__gte=first, day__lte=last)
        .values("page")
        .annotate(total=Sum("views"))
        .order_by("-total", "page")[:limit]
    )
    pages = Page.objects.in_bulk([row["page"] for row in rows])
    return [{"page": pages[row["page"]], "views": row["total"]} for row in rows if row["page"] in pages]


def _nice_ceiling(value):
    """The smallest of 1, 2, 5 × 10^n that is at least ``value`` (the top of the chart's scale)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


@dataclass
class BarChart:
    width: int
    height: int
    left: int
    top: int
    plot_width: float
    plot_height: float
    bars: list
    grid: list
    ticks: list
    maximum: int
    total: int
    peak: tuple


def bar_chart(series, width=760, height=240, left=56, bottom=28, top=10):
    """Geometry of an SVG bar chart of ``series``: one bar per day, a tick under each Monday."""
    plot_width = width - left - 8
    plot_height = height - top - bottom
    peak = max(series, key=lambda item: item[1]) if series else (None, 0)
    scale = _nice_ceiling(peak[1])
    slot = plot_width / max(len(series), 1)
    bars = []
    ticks = []
    for index, (day, views) in enumerate(series):
        bar_height = plot_height * views / scale
        x = left + index * slot
        bars.append(
            {
                "x": round(x + slot * 0.15, 2),
                "y": round(top + plot_height - bar_height, 2),
                "width": round(slot * 0.7, 2),
                "height": round(bar_height, 2),
                "day": day,
                "views": views,
                "label": _("%(day)s: %(views)s views")
                % {"day": f"{day:%d/%m/%Y}", "views": format_number(views)},
            }
        )
        if day.weekday() == 0:
            ticks.append({"x": round(x + slot / 2, 2), "label": f"{day:%d/%m}"})
    grid = [
        {
            "y": round(top + plot_height - plot_height * fraction, 2),
            "label": format_number(int(scale * fraction)),
        }
        for fraction in (0, 0.5, 1)
    ]
    return BarChart(
        width=width,
        height=height,
        left=left,
        top=top,
        plot_width=plot_width,
        plot_height=plot_height,
        bars=bars,
        grid=grid,
        ticks=ticks,
        maximum=scale,
        total=sum(views for _day, views in series),
        peak=peak,
    )
