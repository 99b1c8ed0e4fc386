"""Site search over news, inspection reports and information pages: Vietnamese-aware on every database
(search.site_index), kept right as pages are published, highlighted and escaped on the results page."""

from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from articles.models import InspectionReportAttachment, NewsPage
from home.models import PortalDocument
from search.models import SiteSearchEntry
from tests.factories import StandardPageFactory
from tests.factories.articles import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.helpers import soup


def result_titles(response):
    return [
        " ".join(a.get_text().split()) for a in soup(response).select(".search-group .search-results h3 a")
    ]


class MatchingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory()
        cls.decision = NewsPageFactory(
            parent=cls.section,
            title="Quyết định khen thưởng tập thể có thành tích xuất sắc",
            summary="Chủ tịch tỉnh khen thưởng 12 tập thể.",
        )
        cls.radio = NewsPageFactory(
            parent=cls.section,
            title="Đài truyền thanh cấp xã phát bản tin từ xa",
            summary="Nâng cấp hệ thống loa thông minh.",
        )
        cls.visit = NewsPageFactory(
            parent=cls.section,
            title="Đoàn công tác tỉnh Thanh Hóa thăm và làm việc",
            summary="Trao đổi kinh nghiệm chuyển đổi số.",
        )

    def search(self, query):
        return result_titles(self.client.get(reverse("search"), {"query": query}))

    def test_queries_without_diacritics_find_news_with_them(self):
        self.assertEqual(self.search("quyet dinh khen thuong")[0], self.decision.title)
        self.assertEqual(self.search("dai truyen thanh")[0], self.radio.title)
        self.assertEqual(self.search("DOAN CONG TAC")[0], self.visit.title)

    def test_the_tone_mark_may_sit_on_either_vowel(self):
        for query in ("Thanh Hoá", "Thanh Hóa", "thanh hoa"):
            with self.subTest(query=query):
                self.assertEqual(self.search(query)[0], self.visit.title)

    def test_whole_syllables_only(self):
        # "an" is inside "thanh" and "truyen" but is no syllable of these titles
        self.assertNotIn(self.radio.title, self.search("an"))

    def test_every_significant_word_must_match(self):
        self.assertEqual(self.search("dai truyen thanh xyzzy"), [])

    def test_an_exact_diacritic_match_ranks_above_a_folded_one(self):
        selling = NewsPageFactory(parent=self.section, title="Bán đấu giá tài sản công", summary="Thông báo.")
        handing = NewsPageFactory(parent=self.section, title="Bàn giao tài sản công", summary="Thông báo.")
        handing.publication_date = selling.publication_date.replace(year=2030)  # newer, so first on a tie
        handing.save()
        self.assertEqual(self.search("bán tài sản")[:2], [selling.title, handing.title])
        self.assertEqual(self.search("bàn tài sản")[:2], [handing.title, selling.title])
        self.assertEqual(self.search("ban tai san")[:2], [handing.title, selling.title])

    def test_a_phrase_ranks_above_scattered_syllables(self):
        phrase = NewsPageFactory(parent=self.section, title="Tăng cường quản lý nhà nước về báo chí")
        scattered = NewsPageFactory(
            parent=self.section, title="Quản trị hệ thống và lý lịch tư pháp nhà nước"
        )
        scattered.publication_date = phrase.publication_date.replace(year=2030)
        scattered.save()
        # "ly" typed without diacritics must come with a neighbour ("quan ly", "ly nha"): the "lý" of
        # "lý lịch" alone does not make the scattered page a match
        self.assertEqual(self.search("quan ly nha nuoc"), [phrase.title])
        self.assertEqual(self.search("quản lý nhà nước"), [phrase.title, scattered.title])

    def test_results_are_highlighted_and_escaped(self):
        NewsPageFactory(
            parent=self.section, title="Hướng dẫn <b>đăng ký</b> chữ ký số", summary="Tóm tắt <i>x</i>"
        )
        response = self.client.get(reverse("search"), {"query": "dang ky so <i>"})
        self.assertNotContains(response, "<b>")
        self.assertNotContains(response, "<i>")
        link = soup(response).select_one(".search-results h3 a")
        self.assertEqual([mark.get_text() for mark in link.find_all("mark")], ["đăng ký", "ký số"])
        self.assertIn("&lt;b&gt;", link.decode_contents())
        summary = link.find_parent("li").p
        self.assertEqual([mark.get_text() for mark in summary.find_all("mark")], ["i", "i"])
        self.assertIn("&lt;", summary.decode_contents())

    def test_a_rich_text_introduction_is_shown_as_plain_text(self):
        NewsIndexPageFactory(
            title="Chuyên mục báo chí", intro="<p>Tin <b>hoạt động</b> báo chí &amp; xuất bản</p>"
        )
        response = self.client.get(reverse("search"), {"query": "hoat dong bao chi"})
        summary = soup(response).select_one(".search-results li p")
        self.assertEqual(" ".join(summary.get_text().split()), "Tin hoạt động báo chí & xuất bản")
        self.assertEqual([mark.get_text() for mark in summary.find_all("mark")], ["hoạt động báo chí"])
        self.assertIsNone(summary.find("b"))

    def test_punctuation_and_odd_unicode_never_fail(self):
        for query in ['"', "'); DROP TABLE x; --", "\u0000\u200b", "a" * 1000, "đ" * 300, "*", "&"]:
            with self.subTest(query=query[:20]):
                expected = 400 if "\u0000" in query else 200  # NUL: refused for every view (home/params.py)
                self.assertEqual(self.client.get(reverse("search"), {"query": query}).status_code, expected)


class IndexUpkeepTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.section = NewsIndexPageFactory()

    def search(self, query):
        return result_titles(self.client.get(reverse("search"), {"query": query}))

    def test_a_page_published_from_the_editor_is_found_without_diacritics(self):
        article = NewsPage(
            title="Đối thoại với doanh nghiệp công nghệ số",
            summary="Lãnh đạo Sở lắng nghe ý kiến.",
            live=False,
        )
        self.section.add_child(instance=article)
        article.save_revision()
        self.assertEqual(self.search("doi thoai doanh nghiep"), [])  # a draft is not found
        article.refresh_from_db()
        article.get_latest_revision().publish()
        self.assertEqual(self.search("doi thoai doanh nghiep"), ["Đối thoại với doanh nghiệp công nghệ số"])

        draft = article.get_latest_revision_as_object()
        draft.title = "Gặp gỡ doanh nghiệp đổi mới sáng tạo"
        draft.save_revision()
        self.assertEqual(self.search("gap go doanh nghiep"), [])  # readers see the published version
        self.assertEqual(len(self.search("doi thoai")), 1)
        article.refresh_from_db()
        article.get_latest_revision().publish()
        self.assertEqual(self.search("gap go doanh nghiep"), ["Gặp gỡ doanh nghiệp đổi mới sáng tạo"])
        self.assertEqual(self.search("doi thoai"), [])

        Page.objects.get(pk=article.pk).specific.unpublish()
        self.assertEqual(self.search("gap go doanh nghiep"), [])

    def test_update_index_rebuilds_the_texts(self):
        page = StandardPageFactory(title="Chức năng, nhiệm vụ của Sở")
        SiteSearchEntry.objects.all().delete()
        self.assertEqual(self.search("nhiem vu"), [])
        call_command("update_index", stdout=StringIO())
        self.assertEqual(self.search("nhiem vu"), [page.title])

    def test_deleting_a_page_removes_its_entry(self):
        page = StandardPageFactory(title="Trang tạm")
        page.delete()
        self.assertFalse(SiteSearchEntry.objects.filter(page_id=page.pk).exists())

    def test_the_text_of_an_attached_file_is_searched(self):
        reports = InspectionReportIndexPageFactory()
        report = InspectionReportPageFactory(parent=reports)
        file = PortalDocument.objects.create(
            title="Kết luận", file=SimpleUploadedFile("ket-luan.txt", b"x", content_type="text/plain")
        )
        InspectionReportAttachment.objects.create(page=report, document=file)
        self.assertEqual(self.search("niem yet gia cuoc"), [])
        file.extracted_text = "Yêu cầu doanh nghiệp niêm yết giá cước tại điểm giao dịch."
        file.save()
        self.assertEqual(self.search("niem yet gia cuoc"), [report.title])

    def test_legal_documents_keep_their_own_index(self):
        from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory

        document = LegalDocumentPageFactory(parent=LegalDocumentIndexPageFactory(), summary="Quy chế mẫu")
        self.assertFalse(SiteSearchEntry.objects.filter(page_id=document.pk).exists())


class LanguageAndPrivacyTests(WagtailPageTestCase):
    def test_each_language_searches_its_own_pages(self):
        vietnamese = StandardPageFactory(title="Giới thiệu chung")
        self.assertEqual(
            result_titles(self.client.get(reverse("search"), {"query": "gioi thieu"})), [vietnamese.title]
        )
        self.assertEqual(result_titles(self.client.get("/en/search/", {"query": "gioi thieu"})), [])


class ReadingWithoutDiacriticsTests(WagtailPageTestCase):
    """Issue 20: "chuyen doi so" is read as "chuyển đổi số" from the register's own words."""

    @classmethod
    def setUpTestData(cls):
        from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory

        register = LegalDocumentIndexPageFactory()
        for number, summary in [
            ("1/KH-UBND", "Kế hoạch chuyển đổi số năm 2025"),
            ("2/KH-UBND", "Chương trình chuyển đổi số cấp xã"),
            ("3/TT-BTC", "Hướng dẫn chuyển đổi sở hữu doanh nghiệp"),
        ]:
            LegalDocumentPageFactory(parent=register, number=number, summary=summary)
        cls.section = NewsIndexPageFactory()
        cls.digital = NewsPageFactory(parent=cls.section, title="Hội thảo chuyển đổi số trong giáo dục")
        cls.ownership = NewsPageFactory(parent=cls.section, title="Chuyển đổi sở hữu doanh nghiệp nhà nước")
        cls.scattered = NewsPageFactory(
            parent=cls.section, title="Sở Tư pháp đổi mới công tác chuyên môn", summary="Sở làm việc."
        )
        for page in (cls.ownership, cls.scattered):  # newer: first on a tie
            page.publication_date = cls.digital.publication_date.replace(year=2030)
            page.save()

    def page_titles(self, query):
        from search.site_index import search_pages

        _parsed, entries = search_pages(Page.objects.live(), query)
        return [entry.page.title for entry in entries.select_related("page")]

    def test_the_likely_reading_ranks_first_and_scattered_short_words_do_not_match(self):
        self.assertEqual(self.page_titles("chuyen doi so"), [self.digital.title, self.ownership.title])
        # typed with its diacritics, "sở" is a word of its own: the phrase spelled so comes first
        self.assertEqual(self.page_titles("chuyển đổi sở")[:2], [self.ownership.title, self.digital.title])

    def test_a_short_word_is_not_marked_alone_and_the_counts_say_what_they_count(self):
        with translation.override("vi"):
            response = self.client.get(reverse("search"), {"query": "chuyen doi so"})
        document = soup(response)
        marks = {mark.get_text() for mark in document.select(".search-results mark")}
        self.assertIn("chuyển đổi số", marks)
        self.assertFalse({"Sở", "sở", "chuyên"} & marks)
        headings = [h2.get_text(strip=True) for h2 in document.select(".search-group h2")]
        self.assertEqual(headings[0], "Văn bản pháp luật (3 văn bản khớp)")
        self.assertContains(response, "Tin bài, báo cáo và trang khác: 2 kết quả cho “chuyen doi so”")
