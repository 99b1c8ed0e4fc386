"""Arbitrary input at the public endpoints: a refusal (4xx) or an answer, never a server error."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from django.test import Client, override_settings
from django.urls import reverse

from documents.api import KNOWN
from tests.engagement import BROWSER
from tests.factories import LegalDocumentIndexPageFactory, LegalDocumentPageFactory, NewsPageFactory
from tests.fuzz.strategies import any_text, mixed_text

pytestmark = pytest.mark.django_db

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | any_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(any_text, children, max_size=3),
    max_leaves=6,
)
param_names = st.sampled_from(sorted(KNOWN)) | any_text.filter(bool)
param_values = st.one_of(
    mixed_text,
    st.integers().map(str),
    st.sampled_from(["-1", "0", "1e9", "99999999999999999999", "NaN", "1.5", " 7 ", "２０２１", "٣"]),
)


@pytest.fixture
def register():
    page = LegalDocumentIndexPageFactory()
    LegalDocumentPageFactory(parent=page, number="39/2021/QĐ-UBND")
    LegalDocumentPageFactory(parent=page, number="5/2022/HD-STTTT", summary="Hướng dẫn thực hiện")
    return page


@settings(max_examples=25)
@given(params=st.dictionaries(param_names, param_values, max_size=5))
def test_the_legal_documents_api_answers_200_or_400(register, params):
    response = Client().get(reverse("legal_documents_api"), params)
    assert response.status_code in (200, 400), (params, response.content[:300])
    body = response.json()
    if response.status_code == 400:
        assert body.get("message"), body
    else:
        assert isinstance(body.get("results", body.get("items", [])), list)


@settings(max_examples=12)  # each example renders two full pages
@given(params=st.dictionaries(st.sampled_from(["q", "page", "type", "issuer", "field", "year", "status",
                                                "order", "sort"]), param_values, max_size=4))  # fmt: skip
def test_the_register_page_and_site_search_never_fail(register, params):
    client = Client()
    assert client.get(register.url, params).status_code in (200, 400, 404), params
    assert client.get(reverse("search"), params).status_code in (200, 400), params


@pytest.fixture
def article():
    return NewsPageFactory(title="Hội nghị chuyển đổi số")


@override_settings(RATINGS_RATE_LIMIT="100000/60")
@settings(max_examples=25)
@given(score=json_values, extra=st.dictionaries(any_text, json_values, max_size=2))
def test_rating_with_any_json_is_a_refusal_or_a_rating(article, score, extra):
    client = Client(**{"HTTP_USER_AGENT": BROWSER})
    body = {**extra, "score": score}
    response = client.post(
        reverse("ratings_api", args=[article.pk]),
        json.dumps(body),
        content_type="application/json",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code < 500, (body, response.content[:300])
    if response.status_code == 200:
        assert isinstance(score, (int, str)) and not isinstance(score, bool)
        assert str(score).strip() in {"1", "2", "3", "4", "5"}


@override_settings(RATINGS_RATE_LIMIT="100000/60")
@settings(max_examples=15)
@given(score=mixed_text, comment=mixed_text, raw=st.binary(max_size=60))
def test_rating_forms_and_raw_bodies_are_never_a_server_error(article, score, comment, raw):
    client = Client(HTTP_USER_AGENT=BROWSER)
    url = reverse("ratings_api", args=[article.pk])
    form = client.post(url, {"score": score, "comment": comment}, HTTP_ACCEPT="text/html")
    assert form.status_code < 500, (score, comment)
    for content_type in ("application/json", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = client.post(url, raw, content_type=content_type)
        assert response.status_code < 500, (content_type, raw)


@given(page_id=st.integers(min_value=-(2**70), max_value=2**70))
def test_rating_an_unknown_or_huge_page_id_is_a_404(page_id):
    response = Client().get(f"/api/ratings/{page_id}/")
    assert response.status_code == 404


@given(body=json_values, raw=st.binary(max_size=80))
def test_the_visit_beacon_refuses_garbage_cleanly(body, raw):
    client = Client(HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    url = reverse("visits_hit")
    response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code in (200, 400, 429), (body, response.content[:200])
    response = client.post(url, raw, content_type="application/json")
    assert response.status_code in (200, 400, 429), raw
