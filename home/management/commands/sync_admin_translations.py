"""Carry every admin message of the installed packages in the project's own Vietnamese catalogue.

Wagtail ships a Vietnamese catalogue for only part of its messages. ``admin_i18n/`` (an app placed
so that its catalogue wins over the packages' and loses to the project's own, see its ``apps.py``)
holds a translation of every message id of Wagtail, wagtail-localize and the other packages the
admin shows. This command adds the ids a package upgrade brings (prefilled with the package's own
Vietnamese where it has one, empty otherwise), rewrites the English catalogue beside it, and with
``--check`` lists the ids still without a translation. The terms follow ``docs/glossary-vi.md``.
"""

from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Top-level packages whose messages the admin shows (their sub-apps included; of Django, its core and
# the contrib apps the project installs: form errors, dates, "6 minutes").
ADMIN_PACKAGES = ("wagtail", "wagtail_localize", "taggit", "django_otp", "axes", "django_filters", "django")
DOMAINS = ("django", "djangojs")
HEADER = {
    "Project-Id-Version": "Cong admin",
    "Language": "vi",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=1; plural=0;",
}


def admin_catalogue_path(domain="django", language="vi"):
    """admin_i18n/locale/ for Python and templates, admin_i18n/js_locale/ for JavaScript."""
    folder = "js_locale" if domain == "djangojs" else "locale"
    return Path(settings.BASE_DIR) / "admin_i18n" / folder / language / "LC_MESSAGES" / f"{domain}.po"


def english_catalogue(vietnamese):
    """The same ids, each its own English: English stays whole whatever a package's catalogue says."""
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = {**HEADER, "Language": "en", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    for entry in vietnamese:
        if entry.obsolete:
            continue
        english = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, occurrences=entry.occurrences)
        if entry.msgid_plural:
            english.msgid_plural = entry.msgid_plural
            english.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            english.msgstr = entry.msgid
        catalogue.append(english)
    return catalogue


def _site_packages_root(package):
    module = __import__(package)
    return Path(module.__file__).resolve().parent


def _shown_by_django(locale_dir, root):
    """Django's core catalogue and those of the contrib apps in INSTALLED_APPS."""
    from django.apps import apps

    if locale_dir == root / "conf" / "locale":
        return True
    installed = {Path(config.path).resolve() for config in apps.get_app_configs()}
    return locale_dir.parent in installed


def package_catalogues(domain="django"):
    """(package label, source catalogue, Vietnamese catalogue or None) for each package locale/ folder.

    The source is the package's English catalogue, which its maintainers regenerate from the code at
    each release; a package without one (django-otp, axes) gives its message ids through any other
    language's catalogue.
    """
    found = []
    for package in ADMIN_PACKAGES:
        root = _site_packages_root(package)
        for locale_dir in sorted(root.glob("**/locale")):
            if package == "django" and not _shown_by_django(locale_dir, root):
                continue
            catalogues = sorted(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
            if not catalogues:
                continue
            english = locale_dir / "en" / "LC_MESSAGES" / f"{domain}.po"
            source = english if english.exists() else catalogues[0]
            vietnamese = locale_dir / "vi" / "LC_MESSAGES" / f"{domain}.po"
            label = str(locale_dir.parent.relative_to(root.parent))
            found.append((label, source, vietnamese if vietnamese.exists() else None))
    return found


def package_messages(domain="django"):
    """{(msgctxt, msgid): entry} of every package message, each entry carrying the package's Vietnamese."""
    messages = {}
    for label, source, vietnamese in package_catalogues(domain):
        translated = {}
        if vietnamese:
            translated = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(vietnamese)) if e.translated()}
        for entry in polib.pofile(str(source)):
            key = (entry.msgctxt, entry.msgid)
            if entry.obsolete or not entry.msgid or key in messages:
                continue
            new = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, occurrences=[(label, "")])
            if entry.msgid_plural:
                new.msgid_plural = entry.msgid_plural
                new.msgstr_plural = {0: ""}
            upstream = translated.get(key)
            if upstream is not None:
                if entry.msgid_plural:
                    new.msgstr_plural = {0: upstream.msgstr_plural.get(0, "")}
                else:
                    new.msgstr = upstream.msgstr
            messages[key] = new
    return messages


def load_admin_catalogue(domain="django"):
    path = admin_catalogue_path(domain)
    if path.exists():
        return polib.pofile(str(path), wrapwidth=0)
    catalogue = polib.POFile(wrapwidth=0)
    catalogue.metadata = dict(HEADER)
    return catalogue


def missing_translations(domain="django"):
    """Message ids of the packages that the project's catalogue does not translate, in package order."""
    catalogue = {(e.msgctxt, e.msgid): e for e in load_admin_catalogue(domain) if not e.obsolete}
    return [
        key
        for key in package_messages(domain)
        if key not in catalogue or not catalogue[key].translated() or "fuzzy" in catalogue[key].flags
    ]


class Command(BaseCommand):
    help = (
        "Add the admin message ids of Wagtail, wagtail-localize and the other installed packages to the "
        "project's Vietnamese catalogue (admin_i18n/); --check lists those still untranslated."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Only list untranslated ids; fail if any.")

    def handle(self, *args, **options):
        if options["check"]:
            missing = [(domain, key) for domain in DOMAINS for key in missing_translations(domain)]
            for domain, (context, msgid) in missing:
                self.stdout.write(f"{domain}: {msgid!r}" + (f" (context {context!r})" if context else ""))
            if missing:
                raise CommandError(f"{len(missing)} message(s) lack a Vietnamese translation.")
            self.stdout.write(self.style.SUCCESS("Every admin message has a Vietnamese translation."))
            return
        for domain in DOMAINS:
            catalogue = load_admin_catalogue(domain)
            present = {(e.msgctxt, e.msgid) for e in catalogue}
            added = 0
            for key, entry in package_messages(domain).items():
                if key not in present:
                    catalogue.append(entry)
                    added += 1
            for language, content in (("vi", catalogue), ("en", english_catalogue(catalogue))):
                path = admin_catalogue_path(domain, language)
                path.parent.mkdir(parents=True, exist_ok=True)
                content.save(str(path))
            untranslated = len(catalogue.untranslated_entries())
            self.stdout.write(f"{domain}: {added} id(s) added, {untranslated} untranslated.")
