from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Compile the project's .po catalogues to .mo with polib, so installing needs no GNU gettext "
        "(Django's compilemessages does the same where msgfmt is installed)."
    )

    def handle(self, *args, **options):
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {po_path.relative_to(settings.BASE_DIR)}")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Compiled {count} catalogue(s)."))
