"""Response times of the legal-document pages at the size of the register in DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench .venv/bin/python bench/legal_pages.py

Renders, in one process with Django's test client, the public register (first page, a filtered page,
a deep page), a document page, and the admin's page listing of the register, and prints each median
as a ratio to the health check (/healthz, one trivial query) measured in the same run.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")
REPEAT = 7


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from documents.models import LegalDocumentIndexPage, LegalDocumentPage

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    register = LegalDocumentIndexPage.objects.annotate(n=Count("numchild")).order_by("-numchild").first()
    size = register.numchild
    document = LegalDocumentPage.objects.child_of(register).order_by("pk")[size // 2]
    type_id = document.document_type_id
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    public = Client()

    def timed(client, url):
        client.get(url)  # warm up
        samples = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            response = client.get(url)
            samples.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        return statistics.median(samples)

    base = timed(public, "/healthz")
    rows = [
        ("register, first page", public, register.url),
        ("register, filtered by type and year", public, f"{register.url}?type={type_id}&year=2010"),
        ("register, page 2,000", public, f"{register.url}?page=2000"),
        ("document page", public, document.url),
        ("admin listing of the register", client, f"/admin/pages/{register.pk}/"),
    ]
    print(f"register size: {size:,} documents; baseline /healthz median {base * 1000:.1f} ms")
    from documents.listing import bump_register_version

    cold = []
    for _ in range(3):
        bump_register_version()  # as after a publication: facet counts are recomputed once
        started = time.perf_counter()
        public.get(register.url)
        cold.append(time.perf_counter() - started)
    cold_median = statistics.median(cold)
    label = "register, right after a publication"
    print(f"{label:<40} {cold_median * 1000:8.1f} ms  = {cold_median / base:6.1f} x /healthz")
    for label, who, url in rows:
        median = timed(who, url)
        print(f"{label:<40} {median * 1000:8.1f} ms  = {median / base:6.1f} x /healthz")


if __name__ == "__main__":
    main()
