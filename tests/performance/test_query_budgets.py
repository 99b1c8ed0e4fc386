"""Query budgets: each public page renders, uncached, in a bounded number of queries that does not grow
with the data. Every test renders a page with FEW items, adds items up to MANY, and renders it again:
the count must be the same (Django's assertNumQueries) and within the page's budget.

MANY is 40 rather than 1,000 to keep the suite fast (page creation dominates its time); a query per item,
or per item beyond the first few, shows as well at 40.
"""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePageNewsSection
from tests.conftest import _clear_caches
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.pages import default_home

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 40
# The most queries each page may take with an empty cache (settings, menus, sidebar, visit box included).
BUDGETS = {"home": 36, "article": 44, "listing": 35, "legal document": 39, "register": 40}


def count_queries(client, url):
    _clear_caches()  # uncached: nothing remembered from the previous render
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), [query["sql"] for query in context.captured_queries]


@pytest.fixture
def assert_flat(client, django_assert_num_queries):
    def check(url, name, grow):
        client.get(url)  # once: the site's settings are created with their defaults on first use
        few, _ = count_queries(client, url)
        grow()
        many, queries = count_queries(client, url)
        assert many == few, f"{name}: {few} queries with {FEW} items, {many} with {MANY}:\n" + "\n".join(
            queries
        )
        assert few <= BUDGETS[name], f"{name}: {few} queries, budget {BUDGETS[name]}"
        _clear_caches()
        with django_assert_num_queries(few):
            client.get(url)

    return check


def articles(section, count, start=0):
    for n in range(start, start + count):
        NewsPageFactory(
            parent=section, slug=f"bai-{n}", tag_names=[f"chu-de-{n % 7}"] if n % 3 == 0 else None
        )


def documents(register, count, start=0):
    return [
        LegalDocumentPageFactory(
            parent=register,
            number=f"{n + 1}/2024/QĐ-UBND",
            slug=f"qd-{n + 1}",
            issue_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(start, start + count)
    ]


def test_home_page(assert_flat):
    section = NewsIndexPageFactory(slug="tin-tuc")
    register = LegalDocumentIndexPageFactory()
    HomePageNewsSection.objects.create(page=default_home(), section=section, count=6, sort_order=0)
    articles(section, FEW)
    documents(register, FEW)
    assert_flat(
        "/", "home", lambda: (articles(section, MANY - FEW, FEW), documents(register, MANY - FEW, FEW))
    )


def test_article(assert_flat):
    section = NewsIndexPageFactory(slug="tin-tuc")
    articles(section, FEW)
    # Sharing tags with four of the FEW articles: "related articles" is filled by one query either way.
    shared = ["chu-de-0", "chu-de-2", "chu-de-3", "chu-de-6"]
    article = NewsPageFactory(parent=section, slug="bai-do", tag_names=shared)
    assert_flat(article.url, "article", lambda: articles(section, MANY - FEW, FEW))


def test_listing(assert_flat):
    section = NewsIndexPageFactory(slug="tin-tuc")
    articles(section, FEW)
    assert_flat(section.url, "listing", lambda: articles(section, MANY - FEW, FEW))


def test_legal_document_page_with_many_related_documents(assert_flat):
    register = LegalDocumentIndexPageFactory()
    document = LegalDocumentPageFactory(parent=register, number="500/2024/QĐ-UBND", slug="qd-500")

    def relate(targets, start):
        for n, target in enumerate(targets):
            kind = ("amends", "replaces", "based_on")[(start + n) % 3]
            LegalDocumentRelationFactory(
                source=document, target=target, relation_type=kind, sort_order=start + n
            )
        for n, source in enumerate(targets[:3]):
            LegalDocumentRelationFactory(source=source, target=document, relation_type="amends", sort_order=n)

    relate(documents(register, FEW), 0)
    assert_flat(document.url, "legal document", lambda: relate(documents(register, MANY - FEW, FEW), FEW))


def test_legal_document_register(assert_flat):
    register = LegalDocumentIndexPageFactory()
    documents(register, FEW)
    assert_flat(register.url, "register", lambda: documents(register, MANY - FEW, FEW))
