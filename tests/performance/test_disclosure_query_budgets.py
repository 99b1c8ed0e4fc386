"""Query budgets of the procedures and disclosure registers and pages: rendered uncached with 10 items
and again with 1,000, the count must be the same and within budget (as tests/performance/
test_query_budgets.py does for the news and the legal register)."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from disclosure.models import (
    BudgetReportPage,
    PlanPage,
    ProcurementNoticePage,
    ProjectPage,
    StatisticsPage,
)
from procedures.models import ProcedurePage, search_key
from tests.conftest import _clear_caches
from tests.factories.bulk import bulk_pages
from tests.factories.disclosure import (
    STATISTICS_TABLE,
    BudgetIndexPageFactory,
    BudgetReportPageFactory,
    PlanIndexPageFactory,
    PlanPageFactory,
    ProcurementIndexPageFactory,
    ProcurementNoticePageFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StatisticsIndexPageFactory,
    StatisticsPageFactory,
)
from tests.factories.procedures import ProcedureIndexPageFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1_000
# The most queries with empty caches (settings, menus, sidebar and visit box included).
LISTING_BUDGET = 24
PAGE_BUDGET = 24


def count_queries(client, url):
    _clear_caches()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), [query["sql"] for query in context.captured_queries]


def assert_flat(client, url, budget, grow):
    client.get(url)  # the site's settings are created with their defaults on first use
    few, _ = count_queries(client, url)
    grow()
    many, queries = count_queries(client, url)
    assert many == few, f"{url}: {few} queries with {FEW} items, {many} with {MANY}:\n" + "\n".join(queries)
    assert few <= budget, f"{url}: {few} queries, budget {budget}:\n" + "\n".join(queries)


def grow(index, model, make):
    return lambda: bulk_pages(index, model, [make(n) for n in range(FEW, MANY)])


def test_procedures_register(client):
    index = ProcedureIndexPageFactory()
    for n in range(FEW):
        ProcedurePageFactory(parent=index, field_name=f"Lĩnh vực {n % 3}")

    def make(n):
        title = f"Thủ tục số {n}"
        field = f"Lĩnh vực {n % 3}"
        return {
            "title": title,
            "slug": f"thu-tuc-{n}",
            "code": f"9.{n:06d}",
            "field_name": field,
            "processing_time": "5 ngày làm việc",
            "fee": n * 1000,
            "search_key": search_key(title, field),
            "sort_key": f"{search_key(field).strip()} / {search_key(title).strip()}",
        }

    assert_flat(client, index.url, LISTING_BUDGET, grow(index, ProcedurePage, make))
    assert_flat(client, index.url + "?q=thu+tuc&field=L%C4%A9nh+v%E1%BB%B1c+1", LISTING_BUDGET, lambda: None)


def test_plans_register(client):
    index = PlanIndexPageFactory()
    for n in range(FEW):
        PlanPageFactory(parent=index, period_from=2020 + n % 5)

    def make(n):
        return {
            "title": f"Kế hoạch {n}",
            "slug": f"ke-hoach-{n}",
            "summary": "Kế hoạch.",
            "plan_type": "plan",
            "status": "in_progress",
            "period_from": 2026,
            "period_to": 2030,
        }

    assert_flat(client, index.url + "?year=2027", LISTING_BUDGET, grow(index, PlanPage, make))


def test_projects_register(client):
    index = ProjectIndexPageFactory()
    for _n in range(FEW):
        ProjectPageFactory(parent=index)

    def make(n):
        return {
            "title": f"Dự án {n}",
            "slug": f"du-an-x-{n}",
            "summary": "Dự án.",
            "investor": "Sở",
            "location": "Mỹ Tho",
            "stage": "implementation",
            "start_date": datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 300),
        }

    assert_flat(client, index.url, LISTING_BUDGET, grow(index, ProjectPage, make))


def test_procurement_register_across_open_and_closed_notices(client):
    index = ProcurementIndexPageFactory()
    for _n in range(FEW):
        ProcurementNoticePageFactory(parent=index)
    now = timezone.now()

    def make(n):
        return {
            "title": f"Gói thầu {n}",
            "slug": f"goi-thau-x-{n}",
            "summary": "Gói thầu.",
            "procuring_entity": "Sở",
            "kind": "goods",
            "notice_date": datetime.date(2026, 1, 1),
            "closing_at": now + datetime.timedelta(minutes=n - 500),  # half closed already
        }

    assert_flat(client, index.url, LISTING_BUDGET, grow(index, ProcurementNoticePage, make))


def test_budget_register(client):
    index = BudgetIndexPageFactory()
    for _n in range(FEW):
        BudgetReportPageFactory(parent=index)

    def make(n):
        return {"title": f"Báo cáo {n}", "slug": f"bao-cao-{n}", "summary": "Báo cáo.", "year": 2000 + n % 27}

    assert_flat(client, index.url, LISTING_BUDGET, grow(index, BudgetReportPage, make))


def test_statistics_register_and_page(client):
    index = StatisticsIndexPageFactory()
    page = None
    for _n in range(FEW):
        page = StatisticsPageFactory(parent=index)

    def make(n):
        return {
            "title": f"Thống kê {n}",
            "slug": f"so-lieu-{n}",
            "summary": "Số liệu.",
            "year": 2026,
            "tables": STATISTICS_TABLE,
        }

    assert_flat(client, index.url, LISTING_BUDGET, grow(index, StatisticsPage, make))
    assert_flat(client, page.url, PAGE_BUDGET, lambda: None)


@pytest.mark.parametrize(
    ("index_factory", "page_factory"),
    [
        (PlanIndexPageFactory, PlanPageFactory),
        (ProjectIndexPageFactory, ProjectPageFactory),
        (ProcurementIndexPageFactory, ProcurementNoticePageFactory),
        (BudgetIndexPageFactory, BudgetReportPageFactory),
        (ProcedureIndexPageFactory, ProcedurePageFactory),
    ],
)
def test_a_page_of_each_type_stays_within_budget(client, index_factory, page_factory):
    page = page_factory(parent=index_factory())
    count, queries = count_queries(client, page.url)
    assert count <= PAGE_BUDGET, "\n".join(queries)
