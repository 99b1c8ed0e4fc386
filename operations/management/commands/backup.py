from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write a consistent archive of the database (pg_dump, or SQLite's online backup) and the media "
        "files, with a manifest of versions, migrations and SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default="backups", help="Directory for the archive (default: backups/)."
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        try:
            archive = create_backup(options["output"], alias=options["database"], stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 2:
            self.stdout.write(str(archive))
