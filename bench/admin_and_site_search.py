"""Time the searches editors and readers run, through Django's test client on the database in DATABASE_URL:

    createdb -h 127.0.0.1 -U postgres -T cong_bench cong_bench_mine && \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench_mine BENCH_PING=1 \\
        .venv/bin/python manage.py migrate && \\
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench_mine BENCH_PING=1 \\
        .venv/bin/python bench/admin_and_site_search.py

For the fixed queries of bench/search_legal_documents.py, one request each, in the same run: the admin's
“Văn bản pháp luật” listing, the register's explorer searched in place, the JSON API (same service), the
site search page (legal documents + news through search.site_index), and as the baseline the minimal
``/bench/ping`` view. Prints the median and p95 in milliseconds and as multiples of the ping's median.
The database must be a copy: the script creates (or reuses) a superuser ``bench-admin`` to log in.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
os.environ.setdefault("BENCH_PING", "1")


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main():
    import django

    django.setup()
    from search_legal_documents import KEYWORD_QUERIES, NUMBER_QUERIES

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from documents.models import LegalDocumentIndexPage

    queries = KEYWORD_QUERIES + NUMBER_QUERIES
    user_model = get_user_model()
    user = user_model.objects.filter(username="bench-admin").first() or user_model.objects.create_superuser(
        "bench-admin", "bench@example.gov.vn", "bench-admin-password-1"
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    register = LegalDocumentIndexPage.objects.filter(locale__language_code="vi").first()
    explore = reverse("wagtailadmin_explore", args=(register.pk,))
    listing = reverse("legal_documents:index")
    cases = [
        ("baseline: /bench/ping", lambda q: anonymous.get("/bench/ping")),
        ("admin listing ?q=", lambda q: client.get(listing, {"q": q})),
        ("admin explorer of the register, no query", lambda q: client.get(explore)),
        ("admin explorer of the register ?q=", lambda q: client.get(explore, {"q": q})),
        ("JSON API ?search= (anonymous)", lambda q: anonymous.get("/api/v2/legal-documents/", {"search": q})),
        ("site search ?query= (anonymous)", lambda q: anonymous.get("/search/", {"query": q})),
    ]
    for _name, run in cases:  # warm up: imports, per-user caches, database buffers
        for query in queries[:3]:
            run(query)
    counts = f"{len(KEYWORD_QUERIES)} keyword, {len(NUMBER_QUERIES)} number"
    print(f"{len(queries)} queries ({counts}), one request each")
    results = []
    for name, run in cases:
        samples = []
        for query in queries:
            start = time.perf_counter()
            response = run(query)
            samples.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{name} {query!r}: HTTP {response.status_code}")
        results.append((name, statistics.median(samples), percentile(samples, 0.95)))
    ping = results[0][1]
    print(f"{'':40} {'median ms':>10} {'p95 ms':>8} {'x ping':>8}")
    for name, median, p95 in results:
        print(f"{name:40} {median:10.1f} {p95:8.1f} {median / ping:8.1f}")


if __name__ == "__main__":
    main()
