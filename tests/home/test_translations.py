from pathlib import Path

import polib

from django.conf import settings
from django.utils import translation


def test_every_vietnamese_message_is_translated():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES/django.po"))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_vietnamese_catalogue_is_compiled_and_nfc():
    import unicodedata

    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale/vi/LC_MESSAGES/django.po"))
    for entry in catalogue:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert unicodedata.is_normalized("NFC", text), entry.msgid
    with translation.override("vi"):
        assert translation.gettext("Skip to main content") == "Bỏ qua, tới nội dung chính"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
