"""Listings of the disclosure registers: filters read from the URL, never trusted, paginated by keys.

Every listing costs the same few queries whatever the register holds: the filter options (one
aggregate or DISTINCT), the count, and the page itself (home/keyset.py). Imported by disclosure/models.py,
each function takes the register's live pages from its index page, so that this module imports no model
(no import cycle).
"""

from django.db.models import BigIntegerField, Case, DateTimeField, F, IntegerField, Max, Min, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosure.choices import Period, PlanStatus, PlanType, ProcurementKind, ProjectStage, ReportKind
from home.keyset import Keyset, KeysetPage

PER_PAGE = 20
MAX_YEARS = 60  # a year filter never offers more options than this


def choice(request, name, allowed):
    value = request.GET.get(name, "")
    return value if value in allowed else ""


def year_param(request, years):
    value = request.GET.get("year", "")
    return (
        int(value)
        if value.isascii() and value.isdecimal() and len(value) <= 4 and int(value) in years
        else None
    )


def page_query(request):
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


def year_range(low, high):
    if low is None or high is None:
        return []
    return list(range(high, max(low, high - MAX_YEARS + 1) - 1, -1))


def _result(request, page, count, filters, **extra):
    return {
        "items": page,
        "result_count": count,
        "filtered": any(value not in ("", None) for value in filters.values()),
        "page_query": page_query(request),
        **filters,
        **extra,
    }


# Plans: newest period first ---------------------------------------------------------------------

PLAN_ORDER = Keyset("-period_from", "-pk")


def plan_listing(base, request):
    bounds = base.aggregate(low=Min("period_from"), high=Max("period_to"))
    years = year_range(bounds["low"], bounds["high"])
    filters = {
        "selected_type": choice(request, "type", PlanType.values),
        "selected_status": choice(request, "status", PlanStatus.values),
        "selected_year": year_param(request, years),
    }
    plans = base
    if filters["selected_type"]:
        plans = plans.filter(plan_type=filters["selected_type"])
    if filters["selected_status"]:
        plans = plans.filter(status=filters["selected_status"])
    if filters["selected_year"]:
        plans = plans.filter(
            period_from__lte=filters["selected_year"], period_to__gte=filters["selected_year"]
        )
    page = PLAN_ORDER.page(plans.select_related("issuing_decision"), request.GET.get("after"), PER_PAGE)
    return _result(
        request,
        page,
        plans.count(),
        filters,
        types=PlanType.choices,
        statuses=PlanStatus.choices,
        years=years,
    )


# Projects: latest start first --------------------------------------------------------------------

PROJECT_ORDER = Keyset("-start_date", "-pk")


def project_listing(base, request):
    bounds = base.aggregate(low=Min("start_date"), high=Max("start_date"), last_end=Max("end_date"))
    high = max(filter(None, [bounds["high"], bounds["last_end"]]), default=None)
    years = year_range(bounds["low"] and bounds["low"].year, high and high.year)
    filters = {
        "selected_stage": choice(request, "stage", ProjectStage.values),
        "selected_year": year_param(request, years),
    }
    projects = base
    if filters["selected_stage"]:
        projects = projects.filter(stage=filters["selected_stage"])
    if filters["selected_year"]:
        year = filters["selected_year"]
        projects = projects.filter(start_date__year__lte=year).filter(
            Q(end_date__isnull=True) | Q(end_date__year__gte=year)
        )
    page = PROJECT_ORDER.page(projects, request.GET.get("after"), PER_PAGE)
    return _result(request, page, projects.count(), filters, stages=ProjectStage.choices, years=years)


# Procurement: open notices closing soonest first, then the closed ones, latest closed first -------

OPEN_ORDER = Keyset("closing_at", "pk")
CLOSED_ORDER = Keyset("-closing_at", "-pk")
STATES = ("open", "closed", "awarded")


def procurement_page(notices, token, size, now):
    """Open notices by closing time, then closed ones from the latest, in one query. ``token`` is “o.”
    or “c.” and the key (closing time, id) of the last notice shown."""
    segment, _dot, key = (token or "").partition(".")
    order = OPEN_ORDER if segment == "o" else CLOSED_ORDER
    values = order.decode(key, notices.model) if segment in ("o", "c") else None
    is_open = Q(closing_at__gte=now)
    if values is not None and segment == "o":
        notices = notices.filter((is_open & OPEN_ORDER.after_q(values)) | ~is_open)
    elif values is not None:
        notices = notices.filter(~is_open & CLOSED_ORDER.after_q(values))
    when_open, when_closed = (
        [When(is_open, then=F(name)) for name in ("closing_at", "pk")],
        [When(~is_open, then=F(name)) for name in ("closing_at", "pk")],
    )
    ordered = notices.annotate(
        closed=Case(When(is_open, then=Value(0)), default=Value(1), output_field=IntegerField()),
        open_closing=Case(when_open[0], output_field=DateTimeField()),
        open_pk=Case(when_open[1], output_field=BigIntegerField()),
        closed_closing=Case(when_closed[0], output_field=DateTimeField()),
        closed_pk=Case(when_closed[1], output_field=BigIntegerField()),
    ).order_by("closed", "open_closing", "open_pk", "-closed_closing", "-closed_pk")
    rows = list(ordered[: size + 1])
    next_token = ""  # nosec B105 (a pagination key, not a secret)
    if len(rows) > size:
        last = rows[size - 1]
        next_token = f"o.{OPEN_ORDER.encode(last)}" if not last.closed else f"c.{CLOSED_ORDER.encode(last)}"
    return KeysetPage(items=rows[:size], next_token=next_token, is_first=values is None)


def procurement_listing(base, request):
    now = timezone.now()
    bounds = base.aggregate(low=Min("notice_date"), high=Max("notice_date"))
    years = year_range(bounds["low"] and bounds["low"].year, bounds["high"] and bounds["high"].year)
    filters = {
        "selected_kind": choice(request, "kind", ProcurementKind.values),
        "selected_state": choice(request, "state", STATES),
        "selected_year": year_param(request, years),
    }
    notices = base
    if filters["selected_kind"]:
        notices = notices.filter(kind=filters["selected_kind"])
    state = filters["selected_state"]
    if state == "open":
        notices = notices.filter(closing_at__gte=now)
    elif state == "closed":
        notices = notices.filter(closing_at__lt=now, award_date__isnull=True)
    elif state == "awarded":
        notices = notices.filter(award_date__isnull=False)
    if filters["selected_year"]:
        notices = notices.filter(notice_date__year=filters["selected_year"])
    after = request.GET.get("after", "")
    page = procurement_page(notices, after if isinstance(after, str) else "", PER_PAGE, now)
    states = [
        ("open", _("Open for bids")),
        ("closed", _("Closed, result pending")),
        ("awarded", _("Awarded")),
    ]
    return _result(
        request,
        page,
        notices.count(),
        filters,
        kinds=ProcurementKind.choices,
        states=states,
        years=years,
        now=now,
    )


# Budget disclosures, reports and statistics: by year and period ------------------------------------

PERIODIC_ORDER = Keyset("-year", "-published_on", "-pk")


def _periodic(base, request, **more_filters):
    bounds = base.aggregate(low=Min("year"), high=Max("year"))
    years = year_range(bounds["low"], bounds["high"])
    filters = {
        "selected_year": year_param(request, years),
        "selected_period": choice(request, "period", Period.values),
        **more_filters,
    }
    items = base
    if filters["selected_year"]:
        items = items.filter(year=filters["selected_year"])
    if filters["selected_period"]:
        items = items.filter(period=filters["selected_period"])
    return items, filters, years


def budget_listing(base, request):
    kind = choice(request, "kind", ReportKind.values)
    reports, filters, years = _periodic(base, request, selected_kind=kind)
    if kind:
        reports = reports.filter(kind=kind)
    page = PERIODIC_ORDER.page(reports, request.GET.get("after"), PER_PAGE)
    return _result(
        request, page, reports.count(), filters, years=years, periods=Period.choices, kinds=ReportKind.choices
    )


def statistics_listing(base, request):
    pages, filters, years = _periodic(base, request)
    page = PERIODIC_ORDER.page(pages, request.GET.get("after"), PER_PAGE)
    return _result(request, page, pages.count(), filters, years=years, periods=Period.choices)
