from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into a blank installation: every checksum is verified "
        "first, and a database that already has content is refused unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the .tar.gz archive.")
        parser.add_argument(
            "--force", action="store_true", help="Replace the content of a database that is not blank."
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, **options):
        try:
            restore_backup(
                options["archive"], alias=options["database"], force=options["force"], stdout=self.stdout
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
