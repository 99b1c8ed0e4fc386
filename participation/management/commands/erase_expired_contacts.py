"""Erase the personal data citizens gave once it is kept past PARTICIPATION_RETENTION_DAYS (Law
91/2025/QH15): every installed app's ``contact_eraser`` (its config's dotted path of a function of
``days`` that returns {what was erased: count}), each in its own transaction. Run it daily."""

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Erase names, e-mail addresses, phone numbers and attachments that citizens gave (questions, "
        "feedback, comments on drafts) once kept more than PARTICIPATION_RETENTION_DAYS days. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="Override PARTICIPATION_RETENTION_DAYS for this run."
        )

    def handle(self, *args, **options):
        days = options["days"] if options["days"] is not None else settings.PARTICIPATION_RETENTION_DAYS
        counts = {}
        for config in apps.get_app_configs():
            path = getattr(config, "contact_eraser", None)
            if path:
                with transaction.atomic():
                    counts.update(import_string(path)(days=days))
        erased = ", ".join(f"{count} {what}" for what, count in counts.items())
        self.stdout.write(f"Contact details erased after {days} days: {erased}.")
