"""Erase the contact details of citizens' questions and feedback kept past the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from participation.services import erase_expired_contacts


class Command(BaseCommand):
    help = (
        "Erase names, e-mail addresses, phone numbers and attachments of questions and feedback closed "
        "(or, never closed, received) more than PARTICIPATION_RETENTION_DAYS days ago. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override PARTICIPATION_RETENTION_DAYS for this run."
        )

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.PARTICIPATION_RETENTION_DAYS
        counts = erase_expired_contacts(days=days)
        self.stdout.write(
            f"Contact details erased after {days} days: "
            f"{counts['question']} question(s), {counts['feedback']} feedback item(s)."
        )
