import unicodedata
from pathlib import Path

import polib
import pytest

from django.utils import translation

from home.management.commands.compiletranslations import catalogue_dirs


def vietnamese_catalogues():
    return sorted(
        path for directory in catalogue_dirs() for path in Path(directory).glob("vi/LC_MESSAGES/*.po")
    )


def test_there_is_a_vietnamese_catalogue():
    assert vietnamese_catalogues()


@pytest.mark.parametrize("po_path", vietnamese_catalogues(), ids=str)
def test_every_vietnamese_message_is_translated_in_nfc(po_path):
    catalogue = polib.pofile(str(po_path))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            assert unicodedata.is_normalized("NFC", text), entry.msgid


def test_catalogues_are_compiled_and_switch_with_the_language():
    with translation.override("vi"):
        assert translation.gettext("Skip to main content") == "Bỏ qua, tới nội dung chính"
    with translation.override("en"):
        assert translation.gettext("Skip to main content") == "Skip to main content"
