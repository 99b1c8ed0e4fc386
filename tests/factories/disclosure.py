import datetime

import factory
import wagtail_factories

from django.utils import timezone

from disclosure.models import (
    BudgetIndexPage,
    BudgetReportPage,
    PlanIndexPage,
    PlanPage,
    ProcurementIndexPage,
    ProcurementNoticePage,
    ProjectIndexPage,
    ProjectPage,
    StatisticsIndexPage,
    StatisticsPage,
)
from tests.factories.pages import default_home


def index_factory(model, title, slug):
    return type(
        f"{model.__name__}Factory",
        (wagtail_factories.PageFactory,),
        {
            "title": title,
            "slug": factory.Sequence(lambda n: f"{slug}-{n + 1}"),
            "parent": factory.LazyFunction(default_home),
            "Meta": type("Meta", (), {"model": model}),
        },
    )


PlanIndexPageFactory = index_factory(PlanIndexPage, "Chiến lược, quy hoạch, kế hoạch", "ke-hoach")
ProjectIndexPageFactory = index_factory(ProjectIndexPage, "Dự án đầu tư", "du-an")
ProcurementIndexPageFactory = index_factory(ProcurementIndexPage, "Đấu thầu, mua sắm công", "dau-thau")
BudgetIndexPageFactory = index_factory(BudgetIndexPage, "Công khai ngân sách", "ngan-sach")
StatisticsIndexPageFactory = index_factory(StatisticsIndexPage, "Số liệu thống kê", "thong-ke")


class PlanPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kế hoạch chuyển đổi số số {n + 1}")
    slug = factory.Sequence(lambda n: f"ke-hoach-chuyen-doi-so-{n + 1}")
    summary = "Kế hoạch triển khai chuyển đổi số của Sở."
    plan_type = "plan"
    status = "in_progress"
    period_from = 2026
    period_to = 2030

    class Meta:
        model = PlanPage


class ProjectPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dự án trung tâm dữ liệu số {n + 1}")
    slug = factory.Sequence(lambda n: f"du-an-{n + 1}")
    summary = "Đầu tư hạ tầng trung tâm dữ liệu của tỉnh."
    investor = "Sở Thông tin và Truyền thông"
    budget = 45_000_000_000
    location = "Thành phố Mỹ Tho"
    stage = "implementation"
    start_date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = ProjectPage


class ProcurementNoticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Mua sắm thiết bị mạng gói {n + 1}")
    slug = factory.Sequence(lambda n: f"goi-thau-{n + 1}")
    summary = "Mua sắm thiết bị chuyển mạch cho trung tâm dữ liệu."
    procuring_entity = "Sở Thông tin và Truyền thông"
    kind = "goods"
    package_value = 2_300_000_000
    notice_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    closing_at = factory.Sequence(lambda n: timezone.now() + datetime.timedelta(days=n + 1))

    class Meta:
        model = ProcurementNoticePage


class BudgetReportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Công khai dự toán ngân sách số {n + 1}")
    slug = factory.Sequence(lambda n: f"cong-khai-ngan-sach-{n + 1}")
    summary = "Công khai dự toán ngân sách nhà nước được giao."
    kind = "estimate"
    year = 2026
    period = "year"
    published_on = factory.Sequence(lambda n: datetime.date(2026, 1, 5) + datetime.timedelta(days=n))

    class Meta:
        model = BudgetReportPage


STATISTICS_TABLE = [
    {
        "type": "table",
        "value": {
            "caption": "Hồ sơ trực tuyến theo quý",
            "unit": "hồ sơ",
            "table": {
                "data": [
                    ["Quý", "Toàn trình", "Một phần"],
                    ["Quý I", "1200", "340"],
                    ["Quý II", "1350", "=1+1"],
                ]
            },
            "note": "",
        },
    }
]


class StatisticsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Thống kê hồ sơ trực tuyến số {n + 1}")
    slug = factory.Sequence(lambda n: f"thong-ke-{n + 1}")
    summary = "Số hồ sơ tiếp nhận trực tuyến theo quý."
    year = 2026
    period = "h1"
    published_on = factory.Sequence(lambda n: datetime.date(2026, 7, 5) + datetime.timedelta(days=n))
    tables = STATISTICS_TABLE

    class Meta:
        model = StatisticsPage
