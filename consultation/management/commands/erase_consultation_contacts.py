from django.core.management.base import BaseCommand
from django.utils import timezone

from consultation.models import DraftComment, contact_retention


class Command(BaseCommand):
    help = (
        "Erase the contact details (and the names not shown) of comments on drafts sent more than "
        "PARTICIPATION_RETENTION_DAYS days ago. Run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override PARTICIPATION_RETENTION_DAYS for this run."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        erased = 0
        due = DraftComment.objects.filter(
            created_at__lt=now - contact_retention(options["days"]), contact_erased_at__isnull=True
        )
        for comment in due.iterator():
            comment.erase_contact(now)
            comment.save(update_fields=["contact", "name", "contact_erased_at"])
            erased += 1
        if options["verbosity"] > 0:
            self.stdout.write(f"Erased the contact details of {erased} comment(s).")
