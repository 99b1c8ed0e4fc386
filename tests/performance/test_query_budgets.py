"""Query budgets: each public page renders, uncached, in a bounded number of queries that does not grow
with the data. Every test renders a page with FEW items, adds items up to MANY, and renders it again:
the count must be the same (Django's assertNumQueries) and within the page's budget.

The FEW items are made by the factories (pages with revisions, as editors make them); the items up to
MANY = 1,000 are written in bulk (tests/factories/bulk.py) so that each test takes a few seconds. They
are the newest, so they are the ones the listings, sidebars and related-news blocks show.

"Uncached": the caches are emptied before each count (the full-page cache, the fragments, what each
process remembers of the site); the budgets are what a page costs the first time after a change.
"""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taggit.models import Tag

from articles.models import NewsPage, NewsPageTag
from documents.models import LegalDocumentPage, LegalDocumentRelation
from home.models import HomePageNewsSection
from tests.conftest import _clear_caches
from tests.factories import (
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    LegalDocumentRelationFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.bulk import bulk_pages
from tests.factories.pages import default_home

pytestmark = pytest.mark.django_db

FEW, MANY = 10, 1_000
# The most queries each page may take with empty caches (settings, menus, sidebar, visit box included;
# the highest of SQLite and PostgreSQL + Redis: the register searches its index on PostgreSQL),
BUDGETS = {
    "home": 19,
    "article": 22,
    "listing": 22,
    "legal document": 21,
    "register": 25,
    "register search": 28,
}
# and rendered again (a server's usual state: the site's settings, menu and links remembered by the
# process, the fragments shared by every page and those of this page current in the cache). An article
# and a legal document then take three: the pages on the way, the page, its rating.
WARM_BUDGETS = {
    "home": 0,
    "article": 3,
    "listing": 4,
    "legal document": 3,
    "register": 12,
    "register search": 4,
}


def count_queries(client, url, warm=False):
    if not warm:
        _clear_caches()  # nothing remembered from the previous render
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), [query["sql"] for query in context.captured_queries]


@pytest.fixture
def assert_flat(client, django_assert_num_queries):
    def check(url, name, grow):
        client.get(url)  # once: the site's settings are created with their defaults on first use
        few, _ = count_queries(client, url)
        few_warm, _ = count_queries(client, url, warm=True)
        grow()
        many, queries = count_queries(client, url)
        many_warm, warm_queries = count_queries(client, url, warm=True)
        assert many == few, f"{name}: {few} queries with {FEW} items, {many} with {MANY}:\n" + "\n".join(
            queries
        )
        assert many_warm == few_warm, (
            f"{name}, warm: {few_warm} queries with {FEW} items, {many_warm} with {MANY}:\n"
            + "\n".join(warm_queries)
        )
        assert few <= BUDGETS[name], f"{name}: {few} queries, budget {BUDGETS[name]}"
        assert few_warm <= WARM_BUDGETS[name], (
            f"{name}, warm: {few_warm} queries, budget {WARM_BUDGETS[name]}"
        )
        _clear_caches()
        with django_assert_num_queries(few):
            client.get(url)

    return check


def articles(section, count, start=0):
    for n in range(start, start + count):
        NewsPageFactory(
            parent=section, slug=f"bai-{n}", tag_names=[f"chu-de-{n % 7}"] if n % 3 == 0 else None
        )


def many_articles(section, count, start):
    """``count`` more articles, newer than the factories' (every third one tagged), written in bulk."""
    newest = timezone.make_aware(datetime.datetime(2027, 1, 1, 8, 0))
    pages = bulk_pages(
        section,
        NewsPage,
        [
            {
                "title": f"Bài viết số {n}",
                "slug": f"bai-{n}",
                "summary": "Tóm tắt bài viết.",
                "publication_date": newest + datetime.timedelta(minutes=n),
                "featured": True,
            }
            for n in range(start, start + count)
        ],
    )
    tags = {
        n: Tag.objects.get_or_create(name=f"chu-de-{n}", defaults={"slug": f"chu-de-{n}"})[0]
        for n in range(7)
    }
    NewsPageTag.objects.bulk_create(
        NewsPageTag(content_object_id=page.pk, tag=tags[n % 7])
        for n, page in enumerate(pages, start=start)
        if n % 3 == 0
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


def many_documents(register, count, start, like):
    """``count`` more documents, issued after the factories' (of ``like``'s type and issuer), in bulk."""
    return bulk_pages(
        register,
        LegalDocumentPage,
        [
            {
                "title": f"Quyết định {n + 1}/2024/QĐ-UBND",
                "slug": f"qd-{n + 1}",
                "number": f"{n + 1}/2024/QĐ-UBND",
                "summary": "Ban hành quy chế quản lý.",
                "document_type_id": like.document_type_id,
                "issuing_body_id": like.issuing_body_id,
                "issue_date": datetime.date(2024, 1, 1) + datetime.timedelta(days=n),
                "effective_date": datetime.date(2024, 2, 1) + datetime.timedelta(days=n),
            }
            for n in range(start, start + count)
        ],
    )


def test_home_page(assert_flat):
    section = NewsIndexPageFactory(slug="tin-tuc")
    register = LegalDocumentIndexPageFactory()
    HomePageNewsSection.objects.create(page=default_home(), section=section, count=6, sort_order=0)
    articles(section, FEW)
    first = documents(register, FEW)[0]
    assert_flat(
        "/",
        "home",
        lambda: (
            many_articles(section, MANY - FEW, FEW),
            many_documents(register, MANY - FEW, FEW, first),
        ),
    )


def test_article(assert_flat):
    section = NewsIndexPageFactory(slug="tin-tuc")
    articles(section, FEW)
    # Sharing tags with four of the FEW articles: "related articles" is filled by one query either way.
    shared = ["chu-de-0", "chu-de-2", "chu-de-3", "chu-de-6"]
    article = NewsPageFactory(parent=section, slug="bai-do", tag_names=shared)
    assert_flat(article.url, "article", lambda: many_articles(section, MANY - FEW, FEW))


def test_listing(assert_flat):
    section = NewsIndexPageFactory(slug="tin-tuc")
    articles(section, FEW)
    assert_flat(section.url, "listing", lambda: many_articles(section, MANY - FEW, FEW))


def test_legal_document_page_with_many_related_documents(assert_flat):
    register = LegalDocumentIndexPageFactory()
    document = LegalDocumentPageFactory(parent=register, number="5000/2024/QĐ-UBND", slug="qd-5000")

    def relate(targets, start):
        # It names every one of them, and the first three of each batch amend it.
        LegalDocumentRelation.objects.bulk_create(
            LegalDocumentRelation(
                source=document,
                target=target,
                relation_type=("amends", "replaces", "based_on")[(start + n) % 3],
                sort_order=start + n,
            )
            for n, target in enumerate(targets)
        )
        for n, source in enumerate(targets[:3]):
            LegalDocumentRelationFactory(source=source, target=document, relation_type="amends", sort_order=n)

    relate(documents(register, FEW), 0)
    assert_flat(
        document.url,
        "legal document",
        lambda: relate(many_documents(register, MANY - FEW, FEW, document), FEW),
    )


def test_legal_document_register(assert_flat):
    register = LegalDocumentIndexPageFactory()
    first = documents(register, FEW)[0]
    assert_flat(register.url, "register", lambda: many_documents(register, MANY - FEW, FEW, first))


def test_legal_document_register_search(assert_flat):
    """A search with a number, words and a filter: its facets counted, its candidates scored."""
    register = LegalDocumentIndexPageFactory()
    first = documents(register, FEW)[0]
    assert_flat(
        register.url + f"?q=quyet+dinh+quan+ly+2024&type={first.document_type_id}",
        "register search",
        lambda: many_documents(register, MANY - FEW, FEW, first),
    )
