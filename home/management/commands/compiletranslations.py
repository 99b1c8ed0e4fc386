from pathlib import Path

import polib

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs():
    """The project's catalogues: LOCALE_PATHS plus each project app's own locale/ folder."""
    base = Path(settings.BASE_DIR).resolve()
    dirs = [Path(path) for path in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        app_dir = Path(config.path).resolve()
        if app_dir.parent == base and (app_dir / "locale").is_dir():
            dirs.append(app_dir / "locale")
    return dirs


class Command(BaseCommand):
    help = (
        "Compile the project's .po catalogues to .mo with polib, so installing needs no GNU gettext "
        "(Django's compilemessages does the same where msgfmt is installed)."
    )

    def handle(self, *args, **options):
        count = 0
        for locale_dir in catalogue_dirs():
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {po_path}")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Compiled {count} catalogue(s)."))
