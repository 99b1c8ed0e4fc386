import sys

from django.core.management.base import BaseCommand, CommandError

from documents.exporter import document_rows, write_csv, write_jsonl
from documents.models import LegalDocumentIndexPage, LegalDocumentPage


class Command(BaseCommand):
    help = "Export legal documents as JSON Lines or CSV, in the format import_legal_documents reads."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="Output file; '-' or nothing for standard output.")
        parser.add_argument("--format", choices=["jsonl", "csv"], help="Default: from the file extension.")
        parser.add_argument("--parent", type=int, help="Only the documents of this register.")

    def handle(self, *args, **options):
        path = options["file"]
        file_format = options["format"] or ("csv" if path and path.endswith(".csv") else "jsonl")
        queryset = LegalDocumentPage.objects.all()
        if options["parent"] is not None:
            parent = LegalDocumentIndexPage.objects.filter(pk=options["parent"]).first()
            if parent is None:
                raise CommandError(f"No legal documents register has id {options['parent']}.")
            queryset = queryset.child_of(parent)
        writer = write_csv if file_format == "csv" else write_jsonl
        if not path or path == "-":
            count = writer(document_rows(queryset), sys.stdout)
        else:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                count = writer(document_rows(queryset), handle)
        self.stderr.write(f"Exported {count} document(s).")
