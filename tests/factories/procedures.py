import factory
import wagtail_factories

from procedures.models import ProcedureIndexPage, ProcedurePage, ServiceLevel
from tests.factories.pages import default_home


class ProcedureIndexPageFactory(wagtail_factories.PageFactory):
    title = "Thủ tục hành chính"
    slug = factory.Sequence(lambda n: f"thu-tuc-{n + 1}")
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = ProcedureIndexPage


class ProcedurePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Cấp giấy phép hoạt động báo chí số {n + 1}")
    slug = factory.Sequence(lambda n: f"thu-tuc-hanh-chinh-{n + 1}")
    code = factory.Sequence(lambda n: f"1.{4000 + n:06d}")
    field_name = "Báo chí"
    level = ServiceLevel.PARTIAL
    agency = "Sở Thông tin và Truyền thông"
    processing_time = "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"
    fee = 1_500_000
    summary = "Hồ sơ nộp tại bộ phận một cửa của Sở hoặc trực tuyến."
    national_portal_url = factory.Sequence(
        lambda n: (
            f"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={n + 1}"
        )
    )

    class Meta:
        model = ProcedurePage
