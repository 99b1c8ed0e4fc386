"""Documents and pages restricted to staff never reach anonymous visitors; staff who may read them do."""

import datetime
import json

from django.test import TestCase

from wagtail.models import PageViewRestriction

from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    default_home,
)
from tests.helpers import soup
from tests.workflow.helpers import make_user, setup_portal

SECRET_NUMBER = "77/2026/QĐ-MAT"
SECRET_WORD = "Ngầmhóa"


class RestrictedContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = default_home()
        setup_portal()
        cls.register = LegalDocumentIndexPageFactory(parent=home)
        cls.public_document = LegalDocumentPageFactory(
            parent=cls.register,
            number="1/2026/QĐ-UBND",
            summary="Quyết định công khai về chuyển đổi số",
            issue_date=datetime.date(2026, 1, 2),
        )
        cls.secret_document = LegalDocumentPageFactory(
            parent=cls.register,
            number=SECRET_NUMBER,
            title=f"Quyết định {SECRET_WORD} nội bộ",
            summary=f"Văn bản {SECRET_WORD} chỉ dành cho cán bộ",
            issue_date=datetime.date(2026, 3, 1),
        )
        # The restricted document amends the public one: the relation must not give it away either.
        LegalDocumentRelationFactory(
            source=cls.secret_document, target=cls.public_document, relation_type="amends"
        )
        cls.section = NewsIndexPageFactory(parent=home, title="Tin tức", slug="tin-tuc")
        NewsPageFactory(parent=cls.section, title="Tin công khai về chuyển đổi số")
        cls.secret_article = NewsPageFactory(
            parent=cls.section, title=f"Tin {SECRET_WORD} nội bộ", summary=f"Bản tin {SECRET_WORD}"
        )
        cls.reader = make_user("tracuu", "reader")
        cls.editor = make_user("phongvien", "editor")

    def restrict(self, page, groups=None):
        if groups:
            restriction = PageViewRestriction.objects.create(page=page, restriction_type="groups")
            restriction.groups.set(groups)
        else:
            restriction = PageViewRestriction.objects.create(page=page, restriction_type="login")
        return restriction

    def public_surfaces(self):
        return {
            "register": self.client.get(self.register.url),
            "register filtered": self.client.get(self.register.url, {"year": 2026}),
            "search": self.client.get("/search/", {"query": SECRET_WORD}),
            "search by number": self.client.get("/search/", {"query": "quyết định"}),
            "home page": self.client.get(default_home().url),
            "site feed": self.client.get("/rss.xml"),
            "section feed": self.client.get(self.section.url + "rss/"),
            "section": self.client.get(self.section.url),
            "sitemap": self.client.get("/sitemap.xml"),
            "API search": self.client.get("/api/v2/legal-documents/", {"search": SECRET_WORD}),
            "API by number": self.client.get("/api/v2/legal-documents/", {"search": SECRET_NUMBER}),
            "API listing": self.client.get("/api/v2/legal-documents/"),
            "suggestions": self.client.get("/api/v2/legal-documents/suggest/", {"q": SECRET_WORD}),
            "suggestions by number": self.client.get("/api/v2/legal-documents/suggest/", {"q": "77/2026"}),
            "document amended by it": self.client.get(self.public_document.url),
        }

    def assert_nothing_leaks(self):
        for name, response in self.public_surfaces().items():
            with self.subTest(surface=name):
                self.assertEqual(response.status_code, 200)
                text = response.content.decode()
                if response["Content-Type"].startswith("application/json"):
                    text = json.dumps(response.json(), ensure_ascii=False)  # not \u-escaped
                # (The search page repeats the query itself, so look for the titles and summaries.)
                self.assertNotIn(f"{SECRET_WORD} nội bộ", text)
                self.assertNotIn(f"{SECRET_WORD} chỉ dành", text)
                self.assertNotIn(SECRET_NUMBER, text)
                self.assertNotIn(self.secret_document.url, text)
                self.assertNotIn(self.secret_article.url, text)

    def test_restricted_to_logged_in_staff_never_appears_for_anonymous_visitors(self):
        # Fill the register's cached counts while both documents are public...
        counts = soup(self.client.get(self.register.url)).select_one(".result-count").get_text()
        self.assertIn("2 văn bản", counts)
        self.restrict(self.secret_document)
        self.restrict(self.secret_article)
        # ...then the counts drop at once: a new restriction invalidates them.
        document = soup(self.client.get(self.register.url))
        self.assertIn("1 văn bản", document.select_one(".result-count").get_text())
        years = [option.get_text(strip=True) for option in document.select("#filter-year option")]
        self.assertIn("2026 (1)", years)
        self.assert_nothing_leaks()
        # The page itself asks for a login.
        response = self.client.get(self.secret_document.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_restricted_to_a_group_stays_hidden_from_anonymous_visitors_and_other_staff(self):
        self.restrict(self.secret_document, groups=[self.reader.groups.get()])
        self.restrict(self.secret_article, groups=[self.reader.groups.get()])
        self.assert_nothing_leaks()
        self.client.force_login(self.editor)
        response = self.client.get(self.secret_document.url)
        self.assertEqual(response.status_code, 302)
        self.assertNotContains(response, SECRET_NUMBER, status_code=302)
        register = self.client.get(self.register.url)
        self.assertNotContains(register, SECRET_NUMBER)

    def test_staff_readers_find_and_read_restricted_documents(self):
        self.restrict(self.secret_document, groups=[self.reader.groups.get()])
        self.client.get(self.register.url)  # the anonymous counts are cached first
        self.client.force_login(self.reader)
        response = self.client.get(self.secret_document.url)
        self.assertContains(response, SECRET_NUMBER)
        register = soup(self.client.get(self.register.url))
        self.assertIn("2 văn bản", register.select_one(".result-count").get_text())
        self.assertIn(SECRET_NUMBER, register.get_text())
        self.assertContains(self.client.get("/search/", {"query": SECRET_WORD}), self.secret_document.url)
        # Their counts are theirs alone: anonymous visitors still get the public ones.
        self.client.logout()
        register = soup(self.client.get(self.register.url))
        self.assertIn("1 văn bản", register.select_one(".result-count").get_text())
        self.assertNotIn(SECRET_NUMBER, register.get_text())

    def test_removing_the_restriction_publishes_the_document_in_the_listings(self):
        restriction = self.restrict(self.secret_document)
        self.assertIn("1 văn bản", soup(self.client.get(self.register.url)).select_one(".result-count").text)
        restriction.delete()
        self.assertIn("2 văn bản", soup(self.client.get(self.register.url)).select_one(".result-count").text)
