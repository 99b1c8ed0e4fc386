"""Rewrite every row of the legal documents' search index from the documents (PostgreSQL only)."""

import time

from django.core.management.base import BaseCommand
from django.db import connections

from documents.search import postgres as search_index


class Command(BaseCommand):
    help = (
        "Rewrite the register's search index (documents_legaldocumentsearch) from the documents. It is kept "
        "in step on every change; run this after changing documents by hand in SQL."
    )

    def handle(self, *args, **options):
        if not search_index.enabled():
            self.stdout.write("This database has no search index (it is PostgreSQL's); nothing to do.")
            return
        started = time.monotonic()
        search_index.refresh()
        with connections[search_index._db()].cursor() as cursor:
            cursor.execute(f"ANALYZE {search_index.TABLE}")
            cursor.execute(f"SELECT COUNT(*) FROM {search_index.TABLE}")  # noqa: S608  # nosec B608 - constant table name
            rows = cursor.fetchone()[0]
        self.stdout.write(f"{rows:,} documents indexed in {time.monotonic() - started:.1f} s.")
