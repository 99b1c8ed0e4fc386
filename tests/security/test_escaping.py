"""Hostile strings through every way text reaches a public page come out escaped, never as markup."""

import io
import json
import re

import pytest

from django.core.exceptions import ValidationError
from django.test import Client

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.admin.rich_text.editors.draftail.features import Feature  # noqa: F401 - registers features
from wagtail.rich_text import features as feature_registry

from documents.importer import LegalDocumentImporter, read_rows
from documents.models import LegalDocumentPage
from home.blocks import LinkBlock
from tests.factories import LegalDocumentIndexPageFactory, NewsIndexPageFactory, NewsPageFactory
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
BREAKOUT = "</script><script>alert(2)</script>"
HOSTILE = f"Tin {SCRIPT} {IMG} {BREAKOUT}"
RAW_MARKERS = ["<script>alert", "<img src=x", "onerror=alert(1)>"]


def assert_escaped(html):
    for raw in RAW_MARKERS:
        assert raw not in html, f"raw {raw!r} in the page"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def json_ld_blocks(html):
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def test_page_titles_and_intros(client):
    page = StandardPageFactory(title=HOSTILE, intro=HOSTILE, seo_title="", search_description="")
    html = client.get(page.url).content.decode()
    assert_escaped(html)
    assert "<title>Tin &lt;script&gt;" in html


def test_article_title_summary_stream_field_and_json_ld(client):
    section = NewsIndexPageFactory()
    article = NewsPageFactory(
        parent=section,
        title=HOSTILE,
        summary=HOSTILE,
        author=IMG,
        body__0__heading__text=HOSTILE,
        body__1__paragraph__value="<p>Nội dung</p>",
    )
    html = client.get(article.url).content.decode()
    assert_escaped(html)
    [block] = json_ld_blocks(html)  # the title's </script> did not end the block early
    data = json.loads(block)
    assert data["headline"].startswith("Tin <script>alert(1)</script>")
    assert "</script>" not in block and "<" not in block
    # The listing and the home page show the title too.
    assert_escaped(client.get(section.url).content.decode())


def test_legal_document_json_ld_and_page(client):
    register = LegalDocumentIndexPageFactory()
    importer = LegalDocumentImporter(register, publish=True)
    row = {
        "number": "7/2026/QĐ-UBND",
        "type": "Quyết định",
        "title": HOSTILE,
        "issuing_body": "Ủy ban nhân dân tỉnh",
        "issue_date": "2026-01-05",
        "text": f"Điều 1. {SCRIPT}\n{IMG}",
    }
    report = importer.run(read_rows(io.StringIO(json.dumps(row, ensure_ascii=False) + "\n"), "jsonl"))
    assert report.created == 1, report.rejected
    document = LegalDocumentPage.objects.get()
    html = client.get(document.url).content.decode()
    assert_escaped(html)
    [block] = json_ld_blocks(html)
    assert "<" not in block
    assert SCRIPT in json.dumps(json.loads(block), ensure_ascii=False)
    # The register lists it, with and without a highlighted query.
    assert_escaped(client.get(register.url).content.decode())
    highlighted = client.get(register.url, {"q": "script alert img"}).content.decode()
    assert_escaped_highlight(highlighted)


def assert_escaped_highlight(html):
    for raw in RAW_MARKERS:
        assert raw not in html
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(1)" in html


@pytest.mark.parametrize("query", [SCRIPT, IMG, BREAKOUT, "javascript:alert(1)"])
def test_search_queries_are_echoed_escaped(client, query):
    register = LegalDocumentIndexPageFactory()
    for url, name in [("/search/", "query"), (register.url, "q")]:
        response = client.get(url, {name: query})
        assert response.status_code == 200
        html = response.content.decode()
        for raw in RAW_MARKERS + ["</script><script>alert(2)"]:
            assert raw not in html, (url, raw)
        assert 'href="javascript:' not in html


def test_rich_text_from_the_editor_is_escaped():
    """Draftail sends text, not HTML: markup typed into the editor is stored as text."""
    features = feature_registry.get_default_features()
    converter = ContentstateConverter(features)
    contentstate = {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": HOSTILE,
                "inlineStyleRanges": [],
                "entityRanges": [],
                "data": {},
            }
        ],
        "entityMap": {},
    }
    html = converter.to_database_format(json.dumps(contentstate))
    assert_escaped(html)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>"])
def test_javascript_and_data_urls_are_refused_in_links(url):
    with pytest.raises(ValidationError):
        LinkBlock().clean({"page": None, "url": url, "text": "Bấm vào đây"})


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://evil.example/video"])
def test_video_blocks_take_only_known_players(url):
    from articles.blocks import VideoBlock

    with pytest.raises(ValidationError):
        VideoBlock().clean({"url": url, "title": "Video", "caption": ""})


def test_rating_endpoint_echoes_nothing_hostile(client):
    """Ratings have no comment field; a hostile value in the form is refused, not reflected."""
    section = NewsIndexPageFactory()
    article = NewsPageFactory(parent=section)
    from tests.ratings.test_ratings import rate

    response = rate(Client(REMOTE_ADDR="203.0.113.10"), article, SCRIPT)
    assert response.status_code == 400
    assert response.json()["error"] == "Vui lòng chọn số điểm từ 1 đến 5 sao."
    assert "<script>" not in response.content.decode()
