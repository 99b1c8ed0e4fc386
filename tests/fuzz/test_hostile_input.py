"""A sweep of hostile values through every public GET parameter, the public write endpoints and the
importer: NUL, lone surrogates (UTF-8 encoded, %ED%A0%80), invalid UTF-8, very long strings, negative and
huge numbers, arrays where a scalar is expected, bad dates, bad page numbers, unknown parameters. Every
answer is a refusal or a page, never a server error (PostgreSQL rejects NUL in text: CI runs this there).

The property tests beside this file (hypothesis) draw random text; this file sends the values known to
break parsers, to every parameter the views read (found in urls.py and the views)."""

import io
import json

import pytest

from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from documents.api import KNOWN as API_PARAMETERS
from documents.importer import LegalDocumentImporter, read_rows
from documents.models import LegalDocumentPage
from tests.engagement import BROWSER
from tests.factories import (
    InspectionReportIndexPageFactory,
    InspectionReportPageFactory,
    LegalDocumentIndexPageFactory,
    LegalDocumentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)

pytestmark = pytest.mark.django_db

# Raw query-string values (already percent-encoded).
HOSTILE_VALUES = [
    "%00",
    "vi%00",
    "%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "a%ED%B0%80b",
    "%FF%FE%FD",  # not UTF-8 at all
    "%C0%AF",  # an overlong encoding
    "x" * 4000,
    "%E1%BB%87" * 1500,  # "ệ", 4,500 bytes
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999",
    "1e309",
    "NaN",
    "-inf",
    "1.5",
    "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%91",  # "２０２１", digits int() accepts
    "%D9%A3",  # an Arabic-Indic three
    "2021-02-30",
    "0000-00-00",
    "%5B%5D",  # []
    "%7B%22a%22%3A1%7D",  # {"a":1}
    "%27%20OR%201%3D1--",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%20",
    "",
    "%0D%0ASet-Cookie%3A%20x%3D1",
    "%E2%80%AE",  # right-to-left override
]
UNKNOWN_PARAMETERS = ["zzz=%00", "page[]=1", "q[]=a&q[]=b", "%00=1", "%ED%A0%80=1", "__proto__=1"]


def query_strings(parameters):
    """Every hostile query string for ``parameters``: each value alone, each as an array, unknown names."""
    for name in parameters:
        for value in HOSTILE_VALUES:
            yield f"{name}={value}"
        yield f"{name}=1&{name}=%00&{name}=x"
        yield f"{name}%5B%5D=1&{name}%5B%5D=2"
    yield "&".join(f"{name}=%00" for name in parameters)
    yield from UNKNOWN_PARAMETERS


@pytest.fixture
def site_content():
    register = LegalDocumentIndexPageFactory(slug="van-ban")
    LegalDocumentPageFactory(parent=register, number="39/2021/QĐ-UBND")
    news = NewsIndexPageFactory(slug="tin-tuc")
    article = NewsPageFactory(parent=news, tag_names=["chuyển đổi số"])
    reports = InspectionReportIndexPageFactory(slug="thanh-tra")
    InspectionReportPageFactory(parent=reports)
    return {"register": register, "news": news, "article": article, "reports": reports}


def public_gets(content):
    """(address, the parameters its view reads) for every public view that reads the query string."""
    register_parameters = ["q", "page", "type", "issuer", "field", "year", "status", "order"]
    return [
        (content["register"].url, register_parameters),
        (reverse("search"), ["query", "page"]),
        ("/en" + reverse("search"), ["query", "page"]),
        (reverse("legal_documents_api"), sorted(API_PARAMETERS)),
        (reverse("legal_documents_suggest"), ["q", "locale"]),
        (content["news"].url, ["page", "tag", "category", "year"]),
        (content["news"].url + "rss/", ["page", "tag"]),
        (content["reports"].url, ["page", "status", "year"]),
        (content["reports"].url + "rss/", ["page"]),
        (content["article"].url, ["rated", "untranslated", "page"]),
        ("/", ["untranslated", "locale", "page"]),
        ("/en/", ["untranslated"]),
        (reverse("rss"), ["page"]),
        (reverse("sitemap"), ["p"]),
        (reverse("ratings_api", args=[content["article"].pk]), ["score"]),
        (reverse("visits_hit_pixel"), ["page", "path"]),
        (reverse("visits_stats"), ["page"]),
        (reverse("robots_txt"), ["x"]),
    ]


def test_every_public_get_parameter_refuses_hostile_values_without_a_server_error(site_content):
    client = Client(raise_request_exception=False, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    failures, sent = [], 0
    for address, parameters in public_gets(site_content):
        for query in query_strings(parameters):
            response = client.get(f"{address}?{query}")
            sent += 1
            if response.status_code >= 500:
                failures.append((address, query[:80], response.status_code))
    assert sent > 1000
    assert not failures, "\n".join(map(str, failures))


@override_settings(RATINGS_RATE_LIMIT="0/60", VISITS_RATE_LIMIT="0/60")
def test_the_public_write_endpoints_refuse_hostile_bodies_without_a_server_error(site_content):
    client = Client(raise_request_exception=False, HTTP_USER_AGENT=BROWSER, HTTP_SEC_FETCH_SITE="same-origin")
    rating = reverse("ratings_api", args=[site_content["article"].pk])
    hostile_json = [
        '{"score": "\\u0000"}',
        '{"score": "\\ud800"}',
        '{"score": ["5"]}',
        '{"score": 1e309}',
        '{"score": -99999999999999999999}',
        '{"page": "\\ud800", "path": "/\\ud800"}',
        '{"page": 1, "path": "/\\u0000"}',
        '{"page": [1], "path": ["/"]}',
        '{"page": 99999999999999999999, "path": "/"}',
        '{"page": -1, "path": "' + "/x" * 3000 + '"}',
        '"\\ud800"',
        "[]",
    ]
    failures = []
    for body in hostile_json:
        for address in (rating, reverse("visits_hit")):
            response = client.post(address, body, content_type="application/json")
            if response.status_code >= 500:
                failures.append((address, body[:60], response.status_code))
    for form in ("score=%00", "score=%ED%A0%80", "page=%00&path=%2F%00", "path=%ED%A0%80&page=1"):
        for address in (rating, reverse("visits_hit")):
            response = client.post(address, form, content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                failures.append((address, form, response.status_code))
    for language in ("%00", "%ED%A0%80", "vi%00", "x" * 300):
        response = client.post(
            reverse("set_language"),
            f"language={language}&next=%2F%00",
            content_type="application/x-www-form-urlencoded",
        )
        if response.status_code >= 500:
            failures.append(("set_language", language[:20], response.status_code))
    assert not failures, "\n".join(map(str, failures))


def import_lines():
    """(raw line, is good): hostile rows between good ones."""
    good = [
        {"number": f"{serial}/2024/QĐ-UBND", "type": "Quyết định", "title": f"Về việc thử {serial}"}
        for serial in range(1, 4)
    ]
    hostile = [
        json.dumps({"number": "1/2024/X", "title": "Có NUL \x00 ở giữa"}),
        json.dumps({"number": "2/2024/X\x00", "title": "Số có NUL"}),
        '{"number": "3/2024/X", "title": "Nửa cặp \\ud800 thay thế"}',
        '{"number": "4/2024/X", "title": "Đủ", "fields": ["\\udc00"]}',
        '{"number": "5/2024/X", "title": "Đủ", "issuing_body": "\\u0000UBND"}',
        json.dumps({"number": "6/2024/X", "title": "x" * 100_000, "signer": "y" * 5000}),
        json.dumps({"number": -99999999999999999999, "title": 1e308}),
        json.dumps({"number": ["7"], "title": {"a": 1}}),
        json.dumps({"number": "8/2024/X", "title": "Ngày sai", "issue_date": "2021-02-30"}),
        json.dumps({"number": "9/2024/X", "title": "Ngày sai", "effective_date": "0000-00-00"}),
        json.dumps({"number": "10/2024/X", "title": "Trạng thái", "status": "\x00"}),
        json.dumps({"number": "11/2024/X", "title": "Trường", "fields": "a;\x00;b"}),
    ]
    lines = []
    for index, row in enumerate(hostile):
        lines.append(
            (json.dumps(good[index % 3] | {"number": f"{index}/2024/QĐ-UBND"}, ensure_ascii=False), True)
        )
        lines.append((row, False))
    return lines


def test_the_importer_reports_hostile_rows_by_line_and_imports_the_rest():
    register = LegalDocumentIndexPageFactory()
    lines = import_lines()
    data = "\n".join(line for line, _good in lines).encode() + b'\n{"title": "Byte h\xed\xa0\x80ng"}\n'
    with transaction.atomic():
        report = LegalDocumentImporter(register, publish=True).run(read_rows(io.BytesIO(data), "jsonl"))
    rejected = dict(report.rejected)
    good_lines = {number for number, (_line, good) in enumerate(lines, start=1) if good}
    assert not good_lines & set(rejected)
    for number in good_lines:
        assert LegalDocumentPage.objects.filter(number=json.loads(lines[number - 1][0])["number"]).exists()
    # NUL or lone surrogates (2-10, 22, 24), arrays (16), bad dates (18, 20), bytes that are not UTF-8 (25).
    assert {2, 4, 6, 8, 10, 16, 18, 20, 22, 24, 25} <= set(rejected)
    assert report.created + len(rejected) == len(lines) + 1  # numbers as text (14) may be imported
    for number in (2, 4, 6, 8, 10, 22, 24, 25):
        assert rejected[number] == "dòng có ký tự NUL hoặc byte không phải UTF-8"


def test_a_csv_with_nul_and_broken_bytes_is_reported_by_line():
    register = LegalDocumentIndexPageFactory()
    data = (
        "number,type,title\n"
        "1/2024/QĐ-UBND,Quyết định,Về việc một\n"
        "2/2024/QĐ-UBND,Quyết định,Có \x00 NUL\n"
        "3/2024/QĐ-UBND,Quyết định,Về việc ba\n"
    ).encode()
    data += b"4/2024/X,Quy\xed\xa0\x80t,Byte h\xffng\n"  # not UTF-8
    data += "5/2024/QĐ-UBND,Quyết định,Về việc năm\n".encode()
    with transaction.atomic():
        report = LegalDocumentImporter(register, publish=True).run(read_rows(io.BytesIO(data), "csv"))
    assert sorted(dict(report.rejected)) == [3, 5]
    assert report.created == 3


def test_nul_in_the_query_string_is_a_400_with_a_vietnamese_message(site_content):
    client = Client()
    for address in (reverse("legal_documents_api"), reverse("legal_documents_suggest")):
        response = client.get(f"{address}?locale=%00")
        assert response.status_code == 400
        assert response.json() == {"message": "Địa chỉ có ký tự không được phép."}
    response = client.get(site_content["news"].url + "?tag=%00")
    assert response.status_code == 400
    assert "Địa chỉ có ký tự không được phép." in response.content.decode()
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    # The same tag without NUL is an empty result, not an error.
    assert client.get(site_content["news"].url + "?tag=khong-co").status_code == 200
