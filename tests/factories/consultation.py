import datetime
import uuid

import factory
import wagtail_factories

from django.utils import timezone

from consultation.models import (
    CommentStatus,
    ConsultationIndexPage,
    ConsultationReportPage,
    DraftComment,
    DraftDocumentPage,
)
from tests.factories.pages import default_home


def article(number, heading, text, block_id=None):
    return {
        "type": "article",
        "value": {"number": number, "heading": heading, "text": f"<p>{text}</p>"},
        "id": block_id or str(uuid.uuid4()),
    }


def draft_body():
    return [
        {"type": "chapter", "value": "Chương I. NHỮNG QUY ĐỊNH CHUNG", "id": str(uuid.uuid4())},
        article("Điều 1", "Phạm vi điều chỉnh", "Quy chế này quy định việc chia sẻ dữ liệu số."),
        article("Điều 2", "Đối tượng áp dụng", "Các sở, ban, ngành và Ủy ban nhân dân cấp xã."),
        article("Điều 3", "", "Kinh phí thực hiện từ ngân sách nhà nước."),
    ]


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Góp ý dự thảo"
    slug = "gop-y-du-thao"
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = ConsultationIndexPage


class DraftDocumentPageFactory(wagtail_factories.PageFactory):
    """An open draft by default: opened three days ago, closes in ten days."""

    title = factory.Sequence(lambda n: f"Dự thảo Quy chế chia sẻ dữ liệu số {n}")
    summary = "Lấy ý kiến góp ý đối với dự thảo Quy chế chia sẻ dữ liệu số của tỉnh."
    issuing_unit = "Phòng Chuyển đổi số"
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))
    body = factory.LazyFunction(draft_body)
    parent = factory.SubFactory(ConsultationIndexPageFactory)

    class Meta:
        model = DraftDocumentPage
        skip_postgeneration_save = True

    @factory.post_generation
    def closed(obj, create, extracted, **kwargs):
        if extracted:
            obj.opens_on = timezone.localdate() - datetime.timedelta(days=40)
            obj.closes_on = timezone.localdate() - datetime.timedelta(days=10)
            obj.save_revision().publish()


class DraftCommentFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(DraftDocumentPageFactory)
    body = factory.Sequence(lambda n: f"Đề nghị làm rõ phạm vi dữ liệu được chia sẻ, ý kiến số {n}.")
    name = "Nguyễn Văn An"
    show_name = True
    contact = "an.nguyen@example.vn"
    status = CommentStatus.APPROVED

    class Meta:
        model = DraftComment


class ConsultationReportPageFactory(wagtail_factories.PageFactory):
    title = "Báo cáo tiếp thu, giải trình"

    class Meta:
        model = ConsultationReportPage
