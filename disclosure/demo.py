"""Demo content for the disclosure registers: one information page “Công khai thông tin” holding the five
registers, each with a few published pages. Idempotent: a second run creates nothing."""

import datetime

from django.apps import apps
from django.utils import timezone

from disclosure.models import (
    BudgetIndexPage,
    BudgetReportPage,
    PlanIndexPage,
    PlanPage,
    PlanProgressUpdate,
    ProcurementIndexPage,
    ProcurementNoticePage,
    ProjectIndexPage,
    ProjectPage,
    StatisticsIndexPage,
    StatisticsPage,
)
from home.models import StandardPage


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _decision(number_part):
    """A decision of the demo legal register whose number contains ``number_part``, if it is there."""
    model = apps.get_model("documents", "LegalDocumentPage")
    return model.objects.live().filter(number__contains=number_part).order_by("pk").first()


def _child(parent, model, slug, **fields):
    """The child page ``slug`` of ``parent``, created and published if it is missing; (page, created)."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page, False
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _plans(section):
    index, created = _child(
        section,
        PlanIndexPage,
        "chien-luoc-ke-hoach",
        title="Chiến lược, quy hoạch, kế hoạch",
        intro="<p>Chiến lược, quy hoạch, kế hoạch, chương trình và đề án của Sở, với tiến độ thực hiện.</p>",
    )
    decision = _decision("/QĐ-") or _decision("/")
    plan, made = _child(
        index,
        PlanPage,
        "ke-hoach-chuyen-doi-so-2026-2030",
        title="Kế hoạch chuyển đổi số tỉnh giai đoạn 2026–2030",
        summary="Mục tiêu, nhiệm vụ và giải pháp chuyển đổi số của tỉnh trong 5 năm, do Sở chủ trì tham mưu.",
        plan_type="plan",
        status="in_progress",
        period_from=2026,
        period_to=2030,
        issuing_decision=decision,
        body=_paragraph("Kế hoạch gồm 3 trụ cột: chính quyền số, kinh tế số và xã hội số."),
    )
    if made:
        for date, text in (
            (
                datetime.date(2026, 3, 31),
                "Hoàn thành 4/12 nhiệm vụ của quý I; cung cấp 85% dịch vụ công toàn trình.",
            ),
            (datetime.date(2026, 6, 30), "Hoàn thành 8/12 nhiệm vụ; kho dữ liệu dùng chung đi vào vận hành."),
        ):
            PlanProgressUpdate.objects.create(page=plan, date=date, text=text)
        plan.save_revision().publish()
    created += made
    created += _child(
        index,
        PlanPage,
        "de-an-phat-trien-ha-tang-so",
        title="Đề án phát triển hạ tầng số đến năm 2030",
        summary=(
            "Phủ sóng 5G các khu công nghiệp và trung tâm huyện, cáp quang đến 100% hộ gia đình có nhu cầu."
        ),
        plan_type="scheme",
        status="drafting",
        period_from=2026,
        period_to=2030,
    )[1]
    created += _child(
        index,
        PlanPage,
        "ke-hoach-ung-dung-cntt-2025",
        title="Kế hoạch ứng dụng công nghệ thông tin năm 2025",
        summary="Các nhiệm vụ ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước năm 2025.",
        plan_type="plan",
        status="completed",
        period_from=2025,
        period_to=2025,
    )[1]
    return created


def _projects(section):
    index, created = _child(
        section,
        ProjectIndexPage,
        "du-an-dau-tu",
        title="Dự án đầu tư",
        intro="<p>Dự án đầu tư công do Sở làm chủ đầu tư hoặc quản lý.</p>",
    )
    for slug, title, summary, budget, stage, start, end in (
        (
            "trung-tam-du-lieu-tinh",
            "Đầu tư xây dựng Trung tâm dữ liệu tỉnh",
            "Xây dựng trung tâm dữ liệu đạt tiêu chuẩn Tier III phục vụ các cơ quan nhà nước của tỉnh.",
            185_000_000_000,
            "implementation",
            datetime.date(2025, 6, 1),
            datetime.date(2027, 12, 31),
        ),
        (
            "nang-cap-mang-dien-rong",
            "Nâng cấp mạng diện rộng của tỉnh",
            "Nâng cấp đường truyền và thiết bị mạng diện rộng kết nối 11 huyện, thành phố.",
            32_500_000_000,
            "completed",
            datetime.date(2024, 3, 1),
            datetime.date(2025, 9, 30),
        ),
    ):
        created += _child(
            index,
            ProjectPage,
            slug,
            title=title,
            summary=summary,
            investor="Sở Thông tin và Truyền thông",
            budget=budget,
            funding_source="Ngân sách tỉnh",
            location="Thành phố Mỹ Tho, tỉnh Tiền Giang",
            stage=stage,
            start_date=start,
            end_date=end,
        )[1]
    return created


def _procurement(section):
    index, created = _child(
        section,
        ProcurementIndexPage,
        "dau-thau-mua-sam",
        title="Đấu thầu, mua sắm công",
        intro=(
            "<p>Thông báo mời thầu và kết quả lựa chọn nhà thầu; gói thầu sắp đóng thầu được xếp trước.</p>"
        ),
    )
    now = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    today = now.date()
    notices = (
        (
            "thiet-bi-chuyen-mach",
            "Mua sắm thiết bị chuyển mạch cho Trung tâm dữ liệu",
            "goods",
            2_350_000_000,
            today - datetime.timedelta(days=10),
            now + datetime.timedelta(days=5),
            {},
        ),
        (
            "tu-van-giam-sat",
            "Tư vấn giám sát thi công Trung tâm dữ liệu tỉnh",
            "consulting",
            1_120_000_000,
            today - datetime.timedelta(days=3),
            now + datetime.timedelta(days=20),
            {},
        ),
        (
            "may-tinh-mot-cua",
            "Mua sắm máy tính cho bộ phận một cửa",
            "goods",
            850_000_000,
            today - datetime.timedelta(days=60),
            now - datetime.timedelta(days=40),
            {
                "award_date": today - datetime.timedelta(days=25),
                "winner": "Công ty TNHH Công nghệ Mỹ Tho (tên minh họa)",
                "award_value": 812_400_000,
                "result_note": "Nhà thầu đáp ứng yêu cầu kỹ thuật, giá dự thầu thấp nhất.",
            },
        ),
    )
    for slug, title, kind, value, notice_date, closing_at, result in notices:
        created += _child(
            index,
            ProcurementNoticePage,
            slug,
            title=title,
            summary=f"{title}, theo hình thức đấu thầu rộng rãi qua mạng.",
            procuring_entity="Sở Thông tin và Truyền thông",
            kind=kind,
            package_value=value,
            notice_date=notice_date,
            closing_at=closing_at,
            **result,
        )[1]
    return created


def _budget(section):
    index, created = _child(
        section,
        BudgetIndexPage,
        "cong-khai-ngan-sach",
        title="Công khai ngân sách, báo cáo",
        intro="<p>Công khai dự toán, tình hình thực hiện và quyết toán ngân sách; báo cáo định kỳ.</p>",
    )
    for slug, title, kind, year, period, published in (
        (
            "du-toan-2026",
            "Công khai dự toán ngân sách năm 2026",
            "estimate",
            2026,
            "year",
            datetime.date(2026, 1, 10),
        ),
        (
            "thuc-hien-du-toan-6-thang-2026",
            "Công khai tình hình thực hiện dự toán ngân sách 6 tháng đầu năm 2026",
            "execution",
            2026,
            "h1",
            datetime.date(2026, 7, 15),
        ),
        (
            "quyet-toan-2025",
            "Công khai quyết toán ngân sách năm 2025",
            "final_accounts",
            2025,
            "year",
            datetime.date(2026, 6, 20),
        ),
        (
            "bao-cao-chuyen-doi-so-quy-3-2026",
            "Báo cáo kết quả chuyển đổi số quý III năm 2026",
            "report",
            2026,
            "q3",
            datetime.date(2026, 10, 5),
        ),
    ):
        created += _child(
            index,
            BudgetReportPage,
            slug,
            title=title,
            summary=f"{title} của Sở Thông tin và Truyền thông.",
            kind=kind,
            year=year,
            period=period,
            published_on=published,
        )[1]
    return created


STATISTICS_TABLES = [
    {
        "type": "table",
        "value": {
            "caption": "Hồ sơ dịch vụ công trực tuyến tiếp nhận theo quý năm 2026",
            "unit": "hồ sơ",
            "table": {
                "data": [
                    ["Quý", "Toàn trình", "Một phần", "Tỷ lệ trực tuyến"],
                    ["Quý I", "1.204", "342", "78%"],
                    ["Quý II", "1.356", "298", "82%"],
                    ["Quý III", "1.512", "276", "85%"],
                ]
            },
            "note": "Số liệu minh họa.",
        },
    }
]


def _statistics(section):
    index, created = _child(
        section,
        StatisticsIndexPage,
        "so-lieu-thong-ke",
        title="Số liệu thống kê",
        intro="<p>Số liệu thống kê của ngành, tải về được dưới dạng CSV.</p>",
    )
    created += _child(
        index,
        StatisticsPage,
        "ho-so-truc-tuyen-2026",
        title="Hồ sơ dịch vụ công trực tuyến 9 tháng năm 2026",
        summary="Số hồ sơ dịch vụ công trực tuyến toàn trình và một phần tiếp nhận theo quý.",
        year=2026,
        period="m9",
        published_on=datetime.date(2026, 10, 10),
        source="Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh",
        tables=STATISTICS_TABLES,
    )[1]
    return created


def load_demo(home):
    """Create the section and the five registers under ``home``; return (created count, message)."""
    section, created = _child(
        home,
        StandardPage,
        "cong-khai-thong-tin",
        title="Công khai thông tin",
        intro="Chiến lược, kế hoạch, dự án, đấu thầu, ngân sách và thống kê mà Sở công khai theo quy định.",
        show_in_menus=True,
    )
    created = int(created)
    for load in (_plans, _projects, _procurement, _budget, _statistics):
        created += load(section)
    return created, f"Public disclosure: {created} page(s) created."
