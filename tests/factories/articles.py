import datetime

import factory
import wagtail_factories

from django.utils import timezone

from wagtail import blocks
from wagtail.models import Locale

from articles.blocks import ArticleStreamBlock
from articles.models import (
    InspectedUnit,
    InspectionReportIndexPage,
    InspectionReportPage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
)
from home.blocks import HeadingBlock
from tests.factories.pages import default_home


class NewsCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Chuyên mục {n + 1}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = NewsCategory


class RichTextBlockFactory(wagtail_factories.blocks.BlockFactory):
    value = "<p>Hội nghị đánh giá kết quả triển khai nhiệm vụ năm.</p>"

    class Meta:
        model = blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return block_class().to_python(kwargs["value"])


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = "Kết quả đạt được"
    level = "h2"

    class Meta:
        model = HeadingBlock


class ArticleStreamBlockFactory(wagtail_factories.StreamBlockFactory):
    """``body__0__heading__text="…", body__1__paragraph__value="<p>…</p>"``."""

    heading = factory.SubFactory(HeadingBlockFactory)
    paragraph = factory.SubFactory(RichTextBlockFactory)

    class Meta:
        model = ArticleStreamBlock


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Tin tức - Sự kiện"
    slug = factory.Sequence(lambda n: f"tin-tuc-{n + 1}")
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Hội nghị tổng kết công tác chuyển đổi số số {n + 1}")
    slug = factory.Sequence(lambda n: f"bai-viet-{n + 1}")
    summary = "Sáng nay, Sở Thông tin và Truyền thông tổ chức hội nghị tổng kết công tác năm."
    publication_date = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2026, 1, 1, 8, 0)) + datetime.timedelta(hours=n)
    )
    author = "MINH HIẾU"
    body = wagtail_factories.StreamFieldFactory(ArticleStreamBlockFactory)

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def tag_names(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)
            self.save_revision().publish()


class InspectionReportIndexPageFactory(wagtail_factories.PageFactory):
    title = "Kết quả thanh tra, kiểm tra"
    slug = factory.Sequence(lambda n: f"thanh-tra-{n + 1}")
    parent = factory.LazyFunction(default_home)

    class Meta:
        model = InspectionReportIndexPage


class InspectionReportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Kết luận kiểm tra việc chấp hành pháp luật về viễn thông số {n + 1}")
    slug = factory.Sequence(lambda n: f"ket-luan-{n + 1}")
    summary = "Kiểm tra việc chấp hành quy định về quản lý thuê bao di động trả trước."
    period_start = datetime.date(2026, 3, 2)
    period_end = datetime.date(2026, 3, 20)
    inspecting_body = "Thanh tra Sở Thông tin và Truyền thông"
    status = "concluded"
    publication_date = factory.Sequence(
        lambda n: timezone.make_aware(datetime.datetime(2026, 4, 1, 8, 0)) + datetime.timedelta(days=n)
    )

    class Meta:
        model = InspectionReportPage
        skip_postgeneration_save = True

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create:
            for order, name in enumerate(extracted or ["Trung tâm Kinh doanh VNPT Tiền Giang"]):
                InspectedUnit.objects.create(page=self, name=name, sort_order=order)
