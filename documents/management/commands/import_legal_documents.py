import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from wagtail.models import Locale

from documents.importer import LegalDocumentImporter, read_rows
from documents.models import LegalDocumentIndexPage


def count_lines(path):
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


class ProgressBar:
    """“[#####.....] 12,345/100,000  1,234/s  ETA 1m10s” on one line of stderr."""

    def __init__(self, total, stream, width=30):
        self.total = max(total, 1)
        self.stream = stream
        self.width = width
        self.started = time.monotonic()

    def __call__(self, report):
        done = report.processed
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = done / elapsed
        remaining = (self.total - done) / rate if rate else 0
        filled = int(self.width * min(done / self.total, 1))
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done:,}/{self.total:,}"
            f"  {rate:,.0f}/s  ETA {int(remaining // 60)}m{int(remaining % 60):02d}s ",
            ending="",
        )
        self.stream.flush()

    def finish(self):
        self.stream.write("")


class Command(BaseCommand):
    help = (
        "Import legal documents from a JSON Lines (.jsonl) or CSV (.csv) file. Bad rows are reported with "
        "their line number and skipped; importing the same file again updates instead of duplicating."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--parent", type=int, help="ID of the register (index page) to import into.")
        parser.add_argument("--publish", action="store_true", help="Publish the documents (default: drafts).")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, write nothing.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--format", choices=["jsonl", "csv"], help="Default: from the file extension.")

    def handle(self, *args, **options):
        parent = self._parent(options["parent"])
        try:
            total = count_lines(options["file"])
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": options["file"], "error": error}
            ) from error
        show_progress = options["verbosity"] > 0
        progress = ProgressBar(total, self.stderr) if show_progress else None
        importer = LegalDocumentImporter(
            parent,
            publish=options["publish"],
            dry_run=options["dry_run"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        started = time.monotonic()
        report = importer.run(read_rows(options["file"], options["format"]))
        elapsed = time.monotonic() - started
        if progress:
            progress.finish()
        for line_number, reason in report.rejected:
            self.stderr.write(_("line %(line)s: %(reason)s") % {"line": line_number, "reason": reason})
        summary = _(
            "%(created)s created, %(updated)s updated, %(unchanged)s unchanged, %(rejected)s rejected "
            "in %(seconds).1f s (%(rate)s rows/s) into “%(register)s” (id %(id)s)."
        ) % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
            "seconds": elapsed,
            "rate": f"{report.processed / max(elapsed, 1e-6):.0f}",
            "register": parent.title,
            "id": parent.pk,
        }
        if options["dry_run"]:
            summary = _("Dry run, nothing written: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)

    def _parent(self, parent_id):
        registers = LegalDocumentIndexPage.objects.all()
        if parent_id is not None:
            parent = registers.filter(pk=parent_id).first()
            if parent is None:
                raise CommandError(_("No legal documents register has id %(id)s.") % {"id": parent_id})
            return parent
        # A register's translations (the English copy of the demo's) are the same register: documents
        # are imported into the source language's, and reach the translations by translating them.
        registers = registers.filter(locale=Locale.get_default())
        count = registers.count()
        if count == 1:
            return registers.get()
        if count == 0:
            raise CommandError(_("There is no legal documents register yet: create one in the admin first."))
        choices = ", ".join(f"{page.pk} ({page.title})" for page in registers)
        raise CommandError(
            _("Several registers exist; choose one with --parent: %(choices)s") % {"choices": choices}
        )
