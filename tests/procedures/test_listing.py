"""The procedures register: by field, searchable with or without diacritics, filtered without
JavaScript, paginated by keys."""

import pytest

from procedures.listing import PER_PAGE
from tests.factories.procedures import ProcedureIndexPageFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db


def titles(response):
    return [page.title for page in response.context["procedures"]]


@pytest.fixture
def register():
    index = ProcedureIndexPageFactory()
    ProcedurePageFactory(
        parent=index, title="Cấp giấy phép xuất bản bản tin", field_name="Báo chí", level="full"
    )
    ProcedurePageFactory(parent=index, title="Cho phép họp báo", field_name="Báo chí", level="partial")
    ProcedurePageFactory(
        parent=index,
        title="Cấp giấy phép bưu chính",
        field_name="Bưu chính",
        level="partial",
        code="1.005450",
    )
    ProcedurePageFactory(
        parent=index,
        title="Đăng ký hoạt động cơ sở in",
        field_name="Xuất bản, In và Phát hành",
        level="offline",
    )
    return index


def test_procedures_are_listed_by_field_then_name(client, register):
    assert titles(client.get(register.url)) == [
        "Cấp giấy phép xuất bản bản tin",
        "Cho phép họp báo",
        "Cấp giấy phép bưu chính",
        "Đăng ký hoạt động cơ sở in",
    ]


def test_the_field_filter_offers_each_field_once_and_filters(client, register):
    response = client.get(register.url, {"field": "Báo chí"})
    assert response.context["fields"] == ["Báo chí", "Bưu chính", "Xuất bản, In và Phát hành"]
    assert titles(response) == ["Cấp giấy phép xuất bản bản tin", "Cho phép họp báo"]
    assert '<option value="Báo chí" selected>' in response.content.decode()


def test_the_level_filter(client, register):
    assert titles(client.get(register.url, {"level": "full"})) == ["Cấp giấy phép xuất bản bản tin"]


@pytest.mark.parametrize("query", ["giấy phép", "giay phep", "GIẤY PHÉP", "Giay  Phep"])
def test_search_matches_with_or_without_diacritics(client, register, query):
    assert titles(client.get(register.url, {"q": query})) == [
        "Cấp giấy phép xuất bản bản tin",
        "Cấp giấy phép bưu chính",
    ]


def test_search_finds_a_procedure_by_its_code(client, register):
    assert titles(client.get(register.url, {"q": "1.005450"})) == ["Cấp giấy phép bưu chính"]


def test_search_and_filters_combine_and_the_count_follows(client, register):
    response = client.get(register.url, {"q": "giay phep", "field": "Bưu chính"})
    assert titles(response) == ["Cấp giấy phép bưu chính"]
    assert response.context["result_count"] == 1
    assert "1 thủ tục" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"field": "Không có"},
        {"level": "x"},
        {"after": "!!!"},
        {"after": "W10"},
        {"q": "x" * 5000},
        {"field": ["a", "b"]},
    ],
)
def test_unknown_or_malformed_parameters_show_the_register_rather_than_fail(client, register, params):
    response = client.get(register.url, params)
    assert response.status_code == 200


def test_pages_follow_each_other_by_keys_without_repeating_or_skipping(client):
    index = ProcedureIndexPageFactory()
    for n in range(PER_PAGE + 5):
        ProcedurePageFactory(parent=index, title=f"Thủ tục {n:02d}", field_name="Viễn thông")
    first = client.get(index.url)
    token = first.context["procedures"].next_token
    assert token
    second = client.get(index.url, {"after": token})
    assert titles(first) + titles(second) == [f"Thủ tục {n:02d}" for n in range(PER_PAGE + 5)]
    assert second.context["procedures"].next_token == ""
    html = second.content.decode()
    assert "Trang đầu" in html and 'rel="next"' not in html


def test_the_next_page_link_keeps_the_filters(client):
    index = ProcedureIndexPageFactory()
    for n in range(PER_PAGE + 1):
        ProcedurePageFactory(parent=index, title=f"Thủ tục {n:02d}", field_name="Viễn thông")
    html = client.get(index.url, {"field": "Viễn thông"}).content.decode()
    assert "?field=Vi%E1%BB%85n+th%C3%B4ng&amp;after=" in html


def test_drafts_are_not_listed(client, register):
    draft = ProcedurePageFactory(parent=register, title="Bản nháp")
    draft.unpublish()
    assert "Bản nháp" not in titles(client.get(register.url))
