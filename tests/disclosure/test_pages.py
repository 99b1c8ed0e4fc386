"""Each disclosure page shows its structured facts (dates dd/mm/yyyy, money in đồng) and files; a
statistics table is an accessible table and downloads as CSV that a spreadsheet cannot run."""

import datetime
import json
import re

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure.models import PlanProgressUpdate
from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory
from tests.factories.disclosure import (
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

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


def test_a_plan_shows_type_period_status_decision_and_dated_progress(client):
    decision = LegalDocumentPageFactory(parent=LegalDocumentIndexPageFactory(), number="12/KH-UBND")
    plan = PlanPageFactory(parent=PlanIndexPageFactory(), issuing_decision=decision, plan_type="scheme")
    PlanProgressUpdate.objects.create(
        page=plan, date=datetime.date(2026, 3, 31), text="Hoàn thành 4/12 nhiệm vụ."
    )
    PlanProgressUpdate.objects.create(
        page=plan, date=datetime.date(2026, 6, 30), text="Hoàn thành 8/12 nhiệm vụ."
    )
    html = text(client.get(plan.url))
    assert "Đề án" in html
    assert "2026–2030" in html
    assert "Đang thực hiện" in html
    assert f'href="{decision.url}"' in html and "12/KH-UBND" in html
    # Newest progress first, dated dd/mm/yyyy.
    assert html.index("30/06/2026") < html.index("31/03/2026")


def test_a_plan_cannot_end_before_it_starts():
    plan = PlanPageFactory(parent=PlanIndexPageFactory())
    plan.period_from, plan.period_to = 2030, 2026
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_an_unpublished_decision_is_not_linked(client):
    decision = LegalDocumentPageFactory(parent=LegalDocumentIndexPageFactory(), number="7/QĐ-UBND")
    plan = PlanPageFactory(parent=PlanIndexPageFactory(), issuing_decision=decision)
    decision.unpublish()
    assert "7/QĐ-UBND" not in text(client.get(plan.url))


def test_a_project_shows_investor_budget_in_dong_location_stage_and_dates(client):
    project = ProjectPageFactory(
        parent=ProjectIndexPageFactory(),
        budget=185_000_000_000,
        start_date=datetime.date(2025, 6, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    html = text(client.get(project.url))
    assert "185.000.000.000\u00a0đ" in html
    assert "01/06/2025" in html and "31/12/2027" in html
    assert "Đang thực hiện" in html
    assert "Thành phố Mỹ Tho" in html


def test_a_procurement_notice_shows_closing_time_and_after_award_its_result(client):
    closing = timezone.make_aware(datetime.datetime(2026, 5, 20, 9, 30))
    notice = ProcurementNoticePageFactory(
        parent=ProcurementIndexPageFactory(),
        notice_date=datetime.date(2026, 5, 1),
        closing_at=closing,
        award_date=datetime.date(2026, 6, 2),
        winner="Công ty TNHH Mạng Tiền Giang",
        award_value=2_190_000_000,
    )
    html = text(client.get(notice.url))
    assert "09:30 20/05/2026" in html
    assert "02/06/2026" in html
    assert "Công ty TNHH Mạng Tiền Giang" in html
    assert "2.190.000.000\u00a0đ" in html and "2.300.000.000\u00a0đ" in html


def test_bids_cannot_close_before_the_notice_nor_be_awarded_before_closing():
    notice = ProcurementNoticePageFactory(parent=ProcurementIndexPageFactory())
    notice.closing_at = timezone.make_aware(datetime.datetime(2020, 1, 1, 9, 0))
    with pytest.raises(ValidationError):
        notice.full_clean()
    notice.closing_at = timezone.now() + datetime.timedelta(days=3)
    notice.award_date = timezone.localdate()
    with pytest.raises(ValidationError):
        notice.full_clean()


def test_a_budget_report_shows_kind_year_and_period(client):
    report = BudgetReportPageFactory(
        parent=BudgetIndexPageFactory(), kind="execution", year=2026, period="h1"
    )
    html = text(client.get(report.url))
    assert "Tình hình thực hiện dự toán" in html
    assert "6 tháng đầu năm" in html and "2026" in html


def test_a_statistics_table_is_an_accessible_table(client):
    page = StatisticsPageFactory(parent=StatisticsIndexPageFactory())
    html = text(client.get(page.url))
    assert "<caption>Hồ sơ trực tuyến theo quý" in html
    assert '<th scope="col">Toàn trình</th>' in html
    assert '<th scope="row">Quý I</th><td>1200</td><td>340</td>' in html


def test_each_table_downloads_as_csv_with_formulas_defused(client):
    page = StatisticsPageFactory(parent=StatisticsIndexPageFactory())
    html = client.get(page.url).content.decode()
    assert f'href="{page.url}csv/1/"' in html
    response = client.get(f"{page.url}csv/1/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffQuý,Toàn trình,Một phần\r\n")
    # A cell that would run as a formula is written with an apostrophe.
    assert "Quý II,1350,'=1+1\r\n" in body


def test_a_table_number_that_does_not_exist_is_not_found(client):
    page = StatisticsPageFactory(parent=StatisticsIndexPageFactory())
    assert client.get(f"{page.url}csv/9/").status_code == 404


def test_statistics_carry_schema_org_dataset_with_csv_downloads(client):
    page = StatisticsPageFactory(parent=StatisticsIndexPageFactory())
    html = client.get(page.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Dataset"
    assert data["distribution"][0]["encodingFormat"] == "text/csv"
    assert data["distribution"][0]["contentUrl"].endswith(f"{page.url}csv/1/")


def test_a_table_without_figures_is_refused():
    from disclosure.blocks import StatisticsTableBlock

    block = StatisticsTableBlock()
    value = block.to_python({"caption": "Trống", "unit": "", "table": {"data": [["Quý", "Số"]]}, "note": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.parametrize(
    ("index_factory", "page_factory", "query"),
    [
        (PlanIndexPageFactory, PlanPageFactory, "ke hoach chuyen doi so"),
        (ProjectIndexPageFactory, ProjectPageFactory, "trung tam du lieu"),
        (ProcurementIndexPageFactory, ProcurementNoticePageFactory, "thiet bi mang"),
        (BudgetIndexPageFactory, BudgetReportPageFactory, "du toan ngan sach"),
        (StatisticsIndexPageFactory, StatisticsPageFactory, "ho so truc tuyen"),
    ],
)
def test_every_type_is_found_by_the_site_search(client, index_factory, page_factory, query):
    page = page_factory(parent=index_factory())
    response = client.get("/search/", {"query": query})
    assert page.pk in [found.pk for found in response.context["search_results"]]


def test_every_type_is_in_the_sitemap(client):
    pages = [
        PlanPageFactory(parent=PlanIndexPageFactory()),
        ProjectPageFactory(parent=ProjectIndexPageFactory()),
        ProcurementNoticePageFactory(parent=ProcurementIndexPageFactory()),
        BudgetReportPageFactory(parent=BudgetIndexPageFactory()),
        StatisticsPageFactory(parent=StatisticsIndexPageFactory()),
    ]
    xml = client.get("/sitemap.xml").content.decode()
    for page in pages:
        assert page.url in xml
