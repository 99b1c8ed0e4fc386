"""Search latency over the register in DATABASE_URL: our service against Wagtail's stock backend.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench \\
        .venv/bin/python bench/search_legal_documents.py

For a fixed list of realistic queries, times (a) a keyword search with the five facet counts and the
total, its first 20 documents loaded with their status, as the register page and the API run it
(``documents.search.run_search``: the narrow search index on PostgreSQL), (b) the exact number lookups,
and (c) the same queries through Wagtail's database search backend (``.search()``), first 20 results,
in the same run; prints median and p95 of each. Nothing is cached between runs of a query: the facet
cache of the register page is not used. ``--matches`` also prints how many documents each query finds;
``--ours-only`` leaves out Wagtail's backend (its rows take minutes) while working on the service.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")

KEYWORD_QUERIES = [
    "quyet dinh ve mang truyen so lieu chuyen dung",
    "mạng truyền số liệu chuyên dùng",
    "đài truyền thanh cấp xã",
    "dai truyen thanh cap xa",
    "lưu trữ văn bản điện tử",
    "trao doi xu ly van ban dien tu",
    "tiêu chí chất lượng xuất bản phẩm",
    "thu tuc hanh chinh tren moi truong dien tu",
    "luat an ninh mang",
    "bảo vệ dữ liệu cá nhân",
    "luật viễn thông",
    "luat giao dich dien tu",
    "an toan thong tin mang",
    "luật báo chí",
    "tiep can thong tin",
    "bộ luật dân sự",
    "bo luat lao dong",
    "luat ngan sach nha nuoc",
    "an toàn vệ sinh lao động",
    "kinh doanh xăng dầu",
    "dich vu karaoke vu truong",
    "ghi nhan thuoc",
    "bồi thường hỗ trợ tái định cư",
    "quỹ xã hội quỹ từ thiện",
    "điều trị sau nhiễm covid-19",
    "chat luong moi truong khong khi",
    "quản lý trật tự xây dựng",
    "hỗ trợ nhà ở cho hộ nghèo",
    "trang phuc can bo tiep cong dan",
    "cổng trao đổi thông tin",
    "giấy phép lao động người nước ngoài",
    "thi tuyen chuc danh lanh dao",
    "hệ thống quản lý văn bản và điều hành",
    "vien tro khong hoan lai",
    "thành lập phường",
    "giá đất",
    "bang gia cac loai dat",
    "hoc phi",
    "phí thẩm định hồ sơ",
    "quy hoạch sử dụng đất",
    "ngân sách địa phương",
    "chuyển đổi số",
    "ke hoach dau tu cong",
    "xu phat vi pham hanh chinh",
    "phong chong tham nhung",
    "thanh hoa",
    "quyết định",
    "nghi dinh",
    "thông tư hướng dẫn",
    "giáo dục đào tạo",
]
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
NUMBER_QUERIES = [
    "39/2021/QĐ-UBND",
    "39/2021/qd-ubnd",
    "45/2020/NĐ-CP",
    "24/2018/QH14",
    "số 13/2023/NĐ-CP",
    "83/2014/NĐ-CP",
    "06/2016/TT-BYT",
    "777/QĐ-UBND",
    "86/2015/QH13",
    "20/2023/QH15",
]


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory

    from documents.listing import labelled_facets
    from documents.models import LegalDocumentPage
    from documents.search import Scope, run_search, suggest_documents

    size = LegalDocumentPage.objects.count()
    reader = RequestFactory().get("/")
    reader.user = AnonymousUser()
    scope = Scope.for_request(reader)  # what an anonymous reader may see, every register

    def ours(query, with_facets=True):
        result = run_search(scope, query, {}, "relevance", 0, 20, with_facets=with_facets)
        if with_facets:
            labelled_facets(result.counts)
        return result.documents()

    def suggest(query):
        return suggest_documents(scope, query[: max(3, len(query) * 2 // 3)])

    def stock(query):
        return list(LegalDocumentPage.objects.live().search(query)[:20])

    def timed(function, queries, repeat=REPEAT):
        samples = []
        for query in queries:
            function(query)  # warm up
            runs = []
            for _ in range(repeat):
                started = time.perf_counter()
                function(query)
                runs.append(time.perf_counter() - started)
            samples.append(statistics.median(runs))
        return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000

    print(f"database: {connection.vendor}; {size:,} documents; {len(KEYWORD_QUERIES)} keyword and "
          f"{len(NUMBER_QUERIES)} number queries")  # fmt: skip
    rows = [
        ("ours: keyword query + 5 facets + count + page", lambda: timed(ours, KEYWORD_QUERIES)),
        (
            "ours: keyword query, results only",
            lambda: timed(lambda q: ours(q, with_facets=False), KEYWORD_QUERIES),
        ),
        ("ours: exact number lookup", lambda: timed(lambda q: ours(q, with_facets=False), NUMBER_QUERIES)),
        ("ours: exact number lookup + facets", lambda: timed(ours, NUMBER_QUERIES)),
        ("ours: suggestions (first 2/3 typed)", lambda: timed(suggest, KEYWORD_QUERIES + NUMBER_QUERIES)),
        ("Wagtail stock backend: keyword query", lambda: timed(stock, KEYWORD_QUERIES)),
        ("Wagtail stock backend: number query", lambda: timed(stock, NUMBER_QUERIES)),
    ]
    if "--ours-only" in sys.argv:
        rows = [row for row in rows if row[0].startswith("ours")]
    for label, measure in rows:
        median, p95 = measure()
        print(f"{label:<48} median {median:8.1f} ms   p95 {p95:8.1f} ms", flush=True)
    if "--matches" in sys.argv:
        for query in KEYWORD_QUERIES:
            print(f"{run_search(scope, query, {}, 'relevance', 0, 1, with_facets=False).total:>7}  {query}")


if __name__ == "__main__":
    main()
