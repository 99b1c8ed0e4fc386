"""A procedure page shows its facts, fees in đồng as Vietnamese readers write them, and its link to the
national public service portal; the link must point there."""

import json
import re

import pytest

from django.core.exceptions import ValidationError

from home.templatetags.money_tags import format_dong
from procedures.models import ProcedurePage, validate_national_portal_url
from tests.factories.procedures import ProcedureIndexPageFactory, ProcedurePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (1_500_000, "1.500.000\u00a0đ"),
        (0, "0\u00a0đ"),
        (999, "999\u00a0đ"),
        (45_000_000_000, "45.000.000.000\u00a0đ"),
    ],
)
def test_money_is_grouped_by_dots_with_the_dong_sign(amount, shown):
    assert format_dong(amount) == shown


def test_an_amount_that_is_not_a_number_shows_nothing():
    assert format_dong(None) == ""
    assert format_dong("abc") == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.004945",
        "https://www.dichvucong.gov.vn/",
    ],
)
def test_a_link_to_the_national_portal_is_accepted(url):
    validate_national_portal_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://dichvucong.gov.vn/",  # not https
        "https://dichvucong.gov.vn.example.com/",  # a look-alike host
        "https://example.com/?next=dichvucong.gov.vn",
        "javascript:alert(1)",
    ],
)
def test_a_link_elsewhere_is_refused_with_a_message(url):
    with pytest.raises(ValidationError):
        validate_national_portal_url(url)


def test_the_page_refuses_a_link_outside_the_national_portal():
    page = ProcedurePageFactory(parent=ProcedureIndexPageFactory())
    page.national_portal_url = "https://example.com/thu-tuc"
    with pytest.raises(ValidationError):
        page.full_clean()


def test_the_page_shows_code_level_time_fee_and_the_portal_link(client):
    page = ProcedurePageFactory(
        parent=ProcedureIndexPageFactory(),
        title="Cấp giấy phép bưu chính",
        code="1.005450",
        fee=5_500_000,
        fee_note="Phí thẩm định",
        level="full",
    )
    html = client.get(page.url).content.decode()
    assert "1.005450" in html
    assert "5.500.000\u00a0đ (Phí thẩm định)" in html
    assert "Dịch vụ công trực tuyến toàn trình" in html
    assert "10 ngày làm việc" in html
    assert f'href="{page.national_portal_url}"' in html.replace("&amp;", "&")


def test_a_free_procedure_says_so(client):
    page = ProcedurePageFactory(parent=ProcedureIndexPageFactory(), fee=0)
    assert "Không thu phí" in client.get(page.url).content.decode()


def test_the_page_carries_schema_org_government_service(client):
    page = ProcedurePageFactory(parent=ProcedureIndexPageFactory(), code="1.004945", fee=1_500_000)
    html = client.get(page.url).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "GovernmentService"
    assert data["identifier"] == "1.004945"
    assert data["serviceType"] == "Báo chí"
    assert data["availableChannel"]["serviceUrl"] == page.national_portal_url
    assert data["offers"] == {"@type": "Offer", "price": 1_500_000, "priceCurrency": "VND"}


def test_text_is_stored_in_nfc_and_folded_for_search():
    decomposed = "Ba\u0301o chi\u0301"  # "Báo chí" with combining accents
    page = ProcedurePageFactory(parent=ProcedureIndexPageFactory(), field_name=decomposed, title="Đăng ký in")
    page.refresh_from_db()
    assert page.field_name == "Báo chí"
    assert " dang ky in " in page.search_key
    assert " bao chi " in page.search_key


def test_procedures_are_found_by_the_site_search(client):
    ProcedurePageFactory(parent=ProcedureIndexPageFactory(), title="Cấp giấy phép hoạt động in")
    response = client.get("/search/", {"query": "giay phep hoat dong in"})
    assert [page.title for page in response.context["search_results"]] == ["Cấp giấy phép hoạt động in"]


def test_a_procedure_lives_only_in_a_procedures_register():
    assert ProcedurePage.parent_page_types == ["procedures.ProcedureIndexPage"]
