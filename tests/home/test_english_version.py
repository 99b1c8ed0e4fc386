"""The English version: hreflang pairs, the language switcher, the Vietnamese fallback and the sitemap."""

from wagtail.models import Locale
from wagtail.test.utils import WagtailPageTestCase

from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    StandardPageFactory,
    default_home,
)
from tests.helpers import soup


def translate(page, title, **fields):
    """An English translation of the page, published (its parents are copied when needed)."""
    english = Locale.objects.get(language_code="en")
    translation = page.copy_for_translation(english, copy_parents=True)
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return translation


class EnglishVersionTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = default_home()
        cls.home_en = translate(cls.home, "Home")
        cls.contact = StandardPageFactory(title="Liên hệ", slug="lien-he", intro="Địa chỉ của Sở.")
        cls.contact_en = translate(cls.contact, "Contact", intro="The department's address.")
        cls.register = LegalDocumentIndexPageFactory(slug="van-ban")
        cls.register_en = translate(cls.register, "Legal documents")
        cls.document = LegalDocumentPageFactory(parent=cls.register, summary="Về việc ban hành quy chế")

    def alternates(self, url):
        head = soup(self.client.get(url)).head
        return {
            link["hreflang"]: link["href"] for link in head.find_all("link", rel="alternate", hreflang=True)
        }

    def test_a_translated_page_links_both_languages_and_x_default_both_ways(self):
        expected = {
            "vi": "http://localhost/lien-he/",
            "en": "http://localhost/en/lien-he/",
            "x-default": "http://localhost/lien-he/",
        }
        self.assertEqual(self.alternates("/lien-he/"), expected)
        self.assertEqual(self.alternates("/en/lien-he/"), expected)

    def test_html_lang_follows_the_language_and_the_english_page_has_no_notice(self):
        document = soup(self.client.get("/en/lien-he/"))
        self.assertEqual(document.html["lang"], "en")
        self.assertIsNone(document.main.get("lang"))
        self.assertIsNone(document.find(class_="translation-notice"))
        self.assertIn("The department's address.", document.main.get_text())
        self.assertEqual(soup(self.client.get("/lien-he/")).html["lang"], "vi")

    def test_switching_language_keeps_the_page(self):
        switcher = soup(self.client.get("/lien-he/")).find("nav", class_="language-switcher")
        self.assertEqual(switcher.find("a", hreflang="en")["href"], "/en/lien-he/")
        switcher = soup(self.client.get("/en/lien-he/")).find("nav", class_="language-switcher")
        self.assertEqual(switcher.find("a", hreflang="vi")["href"], "/lien-he/")

    def test_switching_from_an_untranslated_page_lands_on_the_english_home_with_a_notice(self):
        switcher = soup(self.client.get(self.document.url)).find("nav", class_="language-switcher")
        url = switcher.find("a", hreflang="en")["href"]
        self.assertEqual(url, "/en/?untranslated=1")
        notice = soup(self.client.get(url)).find(class_="translation-notice")
        self.assertIn("has not been translated into this language yet", notice.get_text())

    def test_an_untranslated_legal_document_is_shown_in_vietnamese_under_en_with_a_notice(self):
        url = f"/en/van-ban/{self.document.slug}/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        document = soup(response)
        self.assertEqual(document.html["lang"], "en")
        main = document.main
        self.assertEqual(main["lang"], "vi")
        notice = main.find(class_="translation-notice")
        self.assertEqual(notice["lang"], "en")
        self.assertIn("available in Vietnamese only", notice.get_text())
        self.assertIn("Về việc ban hành quy chế", main.get_text())
        # The Vietnamese page is the only version: no hreflang pairs that would claim otherwise.
        self.assertEqual(self.alternates(url), {})
        # Its labels are Vietnamese too, like its text; the header stays English.
        self.assertIn("Skip to main content", document.get_text())

    def test_a_path_that_exists_in_neither_language_is_still_a_404(self):
        self.assertEqual(self.client.get("/en/van-ban/khong-co/").status_code, 404)
        self.assertEqual(self.client.get("/en/khong-co/").status_code, 404)

    def test_a_draft_translation_falls_back_to_the_live_vietnamese_page(self):
        draft = StandardPageFactory(title="Hỏi đáp", slug="hoi-dap")
        draft_en = translate(draft, "Questions")
        type(draft_en).objects.filter(pk=draft_en.pk).update(live=False)
        response = self.client.get("/en/hoi-dap/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Hỏi đáp", soup(response).main.get_text())

    def test_the_sitemap_lists_both_languages_with_alternates(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        body = response.content.decode()
        self.assertIn("<loc>http://localhost/en/lien-he/</loc>", body)
        self.assertIn("<loc>http://localhost/lien-he/</loc>", body)
        self.assertIn('<xhtml:link rel="alternate" hreflang="en" href="http://localhost/en/lien-he/"/>', body)
        self.assertIn(
            '<xhtml:link rel="alternate" hreflang="x-default" href="http://localhost/lien-he/"/>', body
        )
        self.assertIn(f"<loc>http://localhost/van-ban/{self.document.slug}/</loc>", body)

    def test_the_english_register_lists_the_vietnamese_documents_and_says_so(self):
        document = soup(self.client.get("/en/van-ban/"))
        notice = document.main.find(class_="translation-notice")
        self.assertIn("issued in Vietnamese only", notice.get_text())
        cell = document.find("a", string=lambda text: text and "Về việc ban hành quy chế" in text).parent
        self.assertEqual(cell["lang"], "vi")
        self.assertIsNone(soup(self.client.get("/van-ban/")).main.find(class_="translation-notice"))

    def test_search_in_english_finds_english_pages_and_the_vietnamese_documents(self):
        english = soup(self.client.get("/en/search/", {"query": "address"}))
        self.assertIn("Contact", english.main.get_text())
        vietnamese = soup(self.client.get("/search/", {"query": "address"}))
        self.assertNotIn("Liên hệ", vietnamese.main.get_text())
        # No page of the English tree is Vietnamese text, but the documents are found, with a notice.
        response = soup(self.client.get("/en/search/", {"query": "quy chế"}))
        results = response.find("ol", class_="search-results")
        self.assertEqual(results["lang"], "vi")
        self.assertIn("Về việc ban hành quy chế", results.get_text())
        self.assertIn("issued in Vietnamese only", response.main.find(class_="translation-notice").get_text())

    def test_a_view_of_its_own_links_its_other_language_address(self):
        self.assertEqual(
            self.alternates("/en/cach-tinh-so-lieu-truy-cap/"),
            {
                "vi": "http://testserver/cach-tinh-so-lieu-truy-cap/",
                "en": "http://testserver/en/cach-tinh-so-lieu-truy-cap/",
                "x-default": "http://testserver/cach-tinh-so-lieu-truy-cap/",
            },
        )
        self.assertEqual(self.alternates("/en/khong-co/"), {})

    def test_the_english_sidebar_lists_the_vietnamese_documents_marked_as_such(self):
        block = soup(self.client.get("/en/lien-he/")).find("section", class_="latest-documents")
        listing = block.find("ul")
        self.assertEqual(listing["lang"], "vi")
        self.assertIn("Về việc ban hành quy chế", listing.get_text())
        self.assertIsNone(
            soup(self.client.get("/lien-he/")).find("section", class_="latest-documents").ul.get("lang")
        )
