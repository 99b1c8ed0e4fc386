"""Import benchmark: documents per second into a fresh register, on the database DATABASE_URL names.

    createdb -h 127.0.0.1 -U postgres cong_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cong_bench \\
        .venv/bin/python bench/import_legal_documents.py /tmp/legal-100k.jsonl

Prints the import rate, a re-import (all unchanged) rate, and, measured in the same run as a yardstick
for this machine, the rate of plain Django model saves (one INSERT each) so the figure can be read as a
ratio on a shared, noisy machine.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")


def main(path):
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from wagtail.models import Site

    from documents.importer import LegalDocumentImporter, read_rows
    from documents.models import IssuingBody, LegalDocumentIndexPage, LegalDocumentPage

    call_command("migrate", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page
    slug = f"bench-{int(time.time())}"
    register = LegalDocumentIndexPage(title=f"Bench {slug}", slug=slug, locale=home.locale)
    home.add_child(instance=register)

    with open(path, encoding="utf-8") as handle:
        rows = sum(1 for _ in handle)
    print(f"database: {connection.vendor}; {rows:,} rows in {path}")

    # Yardstick: plain model saves, one INSERT each, committed in batches of 500 like the importer.
    yardstick = min(rows, 5000)
    started = time.perf_counter()
    for batch_start in range(0, yardstick, 500):
        with transaction.atomic():
            for i in range(batch_start, min(batch_start + 500, yardstick)):
                IssuingBody.objects.create(name=f"Bench body {slug} {i}", locale=home.locale)
            transaction.set_rollback(True)
    baseline_rate = yardstick / (time.perf_counter() - started)

    started = time.perf_counter()
    report = LegalDocumentImporter(register, publish=True, batch_size=500).run(read_rows(path))
    elapsed = time.perf_counter() - started
    rate = report.processed / elapsed
    print(
        f"import: {report.created:,} created, {len(report.rejected):,} rejected in {elapsed:,.1f} s "
        f"= {rate:,.0f} documents/s"
    )
    started = time.perf_counter()
    again = LegalDocumentImporter(register, publish=True, batch_size=500).run(read_rows(path))
    again_elapsed = time.perf_counter() - started
    print(
        f"re-import: {again.unchanged:,} unchanged in {again_elapsed:,.1f} s"
        f" = {again.processed / again_elapsed:,.0f} rows/s"
    )
    print(
        f"yardstick: {baseline_rate:,.0f} plain model saves/s;"
        f" import costs {baseline_rate / rate:.1f} plain saves per document"
    )
    total = LegalDocumentPage.objects.child_of(register).count()
    print(f"documents in the register: {total:,}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
