"""Where the article pages may be created, and creating each through the admin with a StreamField."""

import datetime
import json

from django.core.exceptions import ValidationError
from django.utils.timezone import localtime

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.blocks import VideoBlock, video_embed_url
from articles.models import (
    InspectionReportIndexPage,
    InspectionReportPage,
    NewsIndexPage,
    NewsPage,
)
from documents.models import LegalDocumentIndexPage
from home.models import HomePage, StandardPage
from home.text import slugify_vi
from tests.factories import (
    InspectionReportIndexPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsCategoryFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    default_home,
)


class ParentChildRulesTests(WagtailPageTestCase):
    def test_news_sections_live_under_the_home_page_information_pages_and_other_sections(self):
        for parent in (HomePage, StandardPage, NewsIndexPage):
            self.assertCanCreateAt(parent, NewsIndexPage)
        self.assertCanNotCreateAt(NewsPage, NewsIndexPage)
        self.assertCanNotCreateAt(LegalDocumentIndexPage, NewsIndexPage)

    def test_articles_live_only_in_news_sections_and_have_no_children(self):
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)
        self.assertCanNotCreateAt(InspectionReportIndexPage, NewsPage)

    def test_reports_live_only_in_their_register(self):
        self.assertAllowedParentPageTypes(InspectionReportPage, {InspectionReportIndexPage})
        self.assertAllowedSubpageTypes(InspectionReportIndexPage, {InspectionReportPage})
        self.assertCanCreateAt(HomePage, InspectionReportIndexPage)
        self.assertCanNotCreateAt(NewsIndexPage, InspectionReportPage)
        self.assertCanNotCreateAt(InspectionReportPage, InspectionReportPage)


class AdminCreationTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = default_home()
        cls.category = NewsCategoryFactory(name="Chuyển đổi số")
        cls.decision = LegalDocumentPageFactory(parent=LegalDocumentIndexPageFactory())

    def setUp(self):
        self.login()

    def test_news_section_and_article_with_every_kind_of_body_block(self):
        self.assertCanCreate(
            self.home,
            NewsIndexPage,
            nested_form_data(
                {"title": "Tin tức - Sự kiện", "slug": "tin-tuc-su-kien", "intro": rich_text("")}
            ),
        )
        section = NewsIndexPage.objects.get(slug="tin-tuc-su-kien")
        table = {
            "data": [["Chỉ tiêu", "Kết quả"], ["Hồ sơ trực tuyến", "92%"]],
            "table_header_choice": "row",
            "table_caption": "Kết quả năm 2025",
        }
        body = streamfield(
            [
                ("heading", {"text": "Kết quả nổi bật", "level": "h2"}),
                ("paragraph", rich_text("<p>Tỷ lệ hồ sơ trực tuyến toàn trình đạt 92%.</p>")),
                ("quote", {"text": "Lấy người dân làm trung tâm.", "attribution": "Giám đốc Sở"}),
                ("table", json.dumps(table)),
                (
                    "video",
                    {
                        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                        "title": "Phóng sự hội nghị",
                        "caption": "",
                    },
                ),
                ("note", {"title": "Lưu ý", "text": rich_text("<p>Hồ sơ nộp trước 15/12.</p>")}),
                ("legal_document", {"document": self.decision.pk, "text": ""}),
            ]
        )
        self.assertCanCreate(
            section,
            NewsPage,
            nested_form_data(
                {
                    "title": "Hội nghị tổng kết công tác chuyển đổi số năm 2025",
                    "slug": "hoi-nghi-tong-ket",
                    "summary": "Sở tổng kết công tác chuyển đổi số và đề ra nhiệm vụ năm 2026.",
                    "publication_date": "2026-01-15 08:30",
                    "category": self.category.pk,
                    "tags": "chuyển đổi số, hội nghị",
                    "author": "Minh Hiếu",
                    "source": "",
                    "featured_image_alt": "",
                    "featured_image_caption": "",
                    "body": body,
                }
            ),
        )
        article = NewsPage.objects.get(slug="hoi-nghi-tong-ket")
        self.assertEqual(
            [block.block_type for block in article.body],
            ["heading", "paragraph", "quote", "table", "video", "note", "legal_document"],
        )
        self.assertEqual(localtime(article.publication_date).strftime("%d/%m/%Y %H:%M"), "15/01/2026 08:30")
        self.assertEqual(sorted(tag.name for tag in article.tags.all()), ["chuyển đổi số", "hội nghị"])
        response = self.client.get(article.url)
        self.assertContains(
            response, '<time datetime="2026-01-15T08:30:00+07:00">15/01/2026</time>', html=True
        )
        self.assertContains(response, "Kết quả năm 2025")
        self.assertContains(response, "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
        self.assertContains(response, self.decision.number)

    def test_inspection_register_and_report_with_units_sections_and_decision(self):
        self.assertCanCreate(
            self.home,
            InspectionReportIndexPage,
            nested_form_data(
                {"title": "Kết quả thanh tra, kiểm tra", "slug": "thanh-tra", "intro": rich_text("")}
            ),
        )
        register = InspectionReportIndexPage.objects.get(slug="thanh-tra")
        paragraph = streamfield([("paragraph", rich_text("<p>Đơn vị chấp hành cơ bản đầy đủ.</p>"))])
        self.assertCanCreate(
            register,
            InspectionReportPage,
            nested_form_data(
                {
                    "title": "Kết luận kiểm tra hoạt động bưu chính năm 2026",
                    "slug": "ket-luan-buu-chinh",
                    "summary": "Kiểm tra việc chấp hành pháp luật về bưu chính.",
                    "publication_date": "2026-05-04 09:00",
                    "status": "concluded",
                    "period_start": "2026-04-01",
                    "period_end": "2026-04-10",
                    "inspecting_body": "Thanh tra Sở Thông tin và Truyền thông",
                    "ordering_decision": self.decision.pk,
                    "inspected_units": inline_formset(
                        [{"name": "Bưu điện tỉnh Tiền Giang"}, {"name": "Chi nhánh Viettel Post Tiền Giang"}]
                    ),
                    "findings": paragraph,
                    "shortcomings": streamfield([]),
                    "recommendations": streamfield([]),
                    "conclusion": streamfield([("paragraph", rich_text("<p>Kết thúc kiểm tra.</p>"))]),
                    "attachments": inline_formset([]),
                }
            ),
        )
        report = InspectionReportPage.objects.get(slug="ket-luan-buu-chinh")
        self.assertEqual(
            [unit.name for unit in report.inspected_units.all()],
            ["Bưu điện tỉnh Tiền Giang", "Chi nhánh Viettel Post Tiền Giang"],
        )
        self.assertEqual(report.ordering_decision.specific, self.decision)
        response = self.client.get(report.url)
        self.assertContains(response, "Chi nhánh Viettel Post Tiền Giang")
        self.assertContains(response, "01/04/2026 – 10/04/2026")

    def test_a_report_needs_at_least_one_inspected_unit(self):
        register = InspectionReportIndexPageFactory()
        response = self.client.post(
            f"/admin/pages/add/articles/inspectionreportpage/{register.pk}/",
            nested_form_data(
                {
                    "action-publish": "action-publish",
                    "title": "Kết luận thiếu đơn vị",
                    "slug": "thieu-don-vi",
                    "summary": "Thiếu đơn vị được kiểm tra.",
                    "publication_date": "2026-05-04 09:00",
                    "status": "in_progress",
                    "period_start": "2026-04-01",
                    "inspecting_body": "Thanh tra Sở",
                    "inspected_units": inline_formset([]),
                    "findings": streamfield([]),
                    "shortcomings": streamfield([]),
                    "recommendations": streamfield([]),
                    "conclusion": streamfield([]),
                    "attachments": inline_formset([]),
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].formsets["inspected_units"].non_form_errors())
        self.assertFalse(InspectionReportPage.objects.filter(slug="thieu-don-vi").exists())


class ValidationTests(WagtailPageTestCase):
    def test_a_featured_image_needs_its_alternative_text(self):
        from wagtail_factories import ImageFactory

        article = NewsPageFactory(parent=NewsIndexPageFactory())
        article.featured_image = ImageFactory()
        with self.assertRaises(ValidationError) as raised:
            article.full_clean()
        self.assertIn("featured_image_alt", raised.exception.message_dict)
        article.featured_image_alt = "Lãnh đạo Sở phát biểu tại hội nghị"
        article.full_clean()

    def test_an_inspection_cannot_end_before_it_starts(self):
        report = InspectionReportPage(
            title="Kết luận",
            summary="Tóm tắt",
            inspecting_body="Thanh tra Sở",
            period_start=datetime.date(2026, 4, 10),
            period_end=datetime.date(2026, 4, 1),
        )
        with self.assertRaises(ValidationError) as raised:
            report.clean()
        self.assertIn("period_end", raised.exception.message_dict)

    def test_video_addresses_become_privacy_friendly_players_and_others_are_refused(self):
        self.assertEqual(
            video_embed_url("https://youtu.be/dQw4w9WgXcQ"),
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        )
        self.assertEqual(
            video_embed_url("https://vimeo.com/76979871"), "https://player.vimeo.com/video/76979871?dnt=1"
        )
        self.assertIsNone(video_embed_url("https://example.com/watch?v=dQw4w9WgXcQ"))
        self.assertIsNone(video_embed_url("javascript:alert(1)"))
        with self.assertRaises(ValidationError):
            VideoBlock().clean({"url": "https://example.com/video.mp4", "title": "Video", "caption": ""})


class SlugTests(WagtailPageTestCase):
    def test_slugify_vi_folds_every_vietnamese_letter_and_is_never_empty(self):
        self.assertEqual(slugify_vi("Đánh giá hoạt động quản lý"), "danh-gia-hoat-dong-quan-ly")
        self.assertEqual(
            slugify_vi("ĐẨY MẠNH ứng dụng CNTT: Ưu tiên số 1!"), "day-manh-ung-dung-cntt-uu-tien-so-1"
        )
        self.assertEqual(slugify_vi("— ? —"), "trang")

    def test_a_page_saved_without_a_slug_gets_a_transliterated_unique_one(self):
        section = NewsIndexPageFactory()
        first = NewsPage(title="Đánh giá hoạt động quản lý", summary="Tóm tắt")
        section.add_child(instance=first)
        second = NewsPage(title="Đánh giá hoạt động quản lý", summary="Tóm tắt")
        section.add_child(instance=second)
        untitled = NewsPage(title="???", summary="Tóm tắt")
        section.add_child(instance=untitled)
        self.assertEqual(first.slug, "danh-gia-hoat-dong-quan-ly")
        self.assertEqual(second.slug, "danh-gia-hoat-dong-quan-ly-2")
        self.assertEqual(untitled.slug, "trang")
        self.assertEqual(Page.objects.get(pk=first.pk).url_path.split("/")[-2], "danh-gia-hoat-dong-quan-ly")
