"""Every interface string goes through gettext: no Vietnamese written into templates, English catalogues
complete, dates and numbers in each language's own way, plurals counted."""

import re
from pathlib import Path

import polib
import pytest

from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from home.formatting import format_number
from home.management.commands.compiletranslations import catalogue_dirs

# Letters only Vietnamese uses (with its tone marks and đ): any of them in a template is untranslatable.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.I)
# What may hold Vietnamese: message ids (catalogued) and template comments.
TRANSLATED = re.compile(
    r"{%\s*(?:translate|trans)\s.*?%}|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
    re.S,
)


def project_templates():
    root = Path(settings.BASE_DIR)
    return sorted(
        path
        for path in root.glob("*/templates/**/*.html")
        if not path.is_relative_to(root / ".venv") and "tests" not in path.parts
    )


def test_templates_are_found():
    assert len(project_templates()) > 30


@pytest.mark.parametrize(
    "path", project_templates(), ids=lambda path: str(path.relative_to(settings.BASE_DIR))
)
def test_no_vietnamese_text_is_written_into_a_template(path):
    text = TRANSLATED.sub("", path.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if VIETNAMESE.search(line)]
    assert lines == []


def test_the_check_finds_vietnamese_outside_translate_tags():
    sample = '{% translate "Về trang chủ" %}<p>Liên hệ</p>{# Ghi chú #}'
    assert VIETNAMESE.search(TRANSLATED.sub("", sample))
    assert not VIETNAMESE.search(TRANSLATED.sub("", '{% translate "Về trang chủ" %}{# Ghi chú #}'))


def english_catalogues():
    return sorted(
        path for directory in catalogue_dirs() for path in Path(directory).glob("en/LC_MESSAGES/*.po")
    )


def vietnamese_catalogues():
    return sorted(
        path for directory in catalogue_dirs() for path in Path(directory).glob("vi/LC_MESSAGES/*.po")
    )


@pytest.mark.parametrize("po_path", english_catalogues(), ids=str)
def test_english_catalogue_has_every_message_of_the_vietnamese_one_and_no_fuzzy_entry(po_path):
    english = polib.pofile(str(po_path))
    vietnamese = polib.pofile(str(po_path).replace("/en/LC_MESSAGES/", "/vi/LC_MESSAGES/"))
    assert [entry.msgid for entry in english.fuzzy_entries()] == []
    assert {(e.msgctxt, e.msgid) for e in vietnamese if not e.obsolete} <= {
        (e.msgctxt, e.msgid) for e in english if not e.obsolete
    }


def test_every_app_with_a_vietnamese_catalogue_has_an_english_one():
    assert len(english_catalogues()) == len(vietnamese_catalogues()) > 0


def test_the_new_interface_strings_are_translated():
    with translation.override("vi"):
        assert translation.gettext("Translation status") != "Translation status"
        assert "tiếng Việt" in translation.gettext(
            "This page is available in Vietnamese only. It is shown below in its original language."
        )


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [
        (
            "en",
            "News, reports and other pages: 1 result for “x”",
            "News, reports and other pages: 3 results for “x”",
        ),
        (
            "vi",
            "Tin bài, báo cáo và trang khác: 1 kết quả cho “x”",
            "Tin bài, báo cáo và trang khác: 3 kết quả cho “x”",
        ),
    ],
)
def test_counts_use_plural_forms(language, one, three):
    with translation.override(language):
        singular, plural = (
            "News, reports and other pages: %(counter)s result for “%(search_query)s”",
            "News, reports and other pages: %(counter)s results for “%(search_query)s”",
        )
        assert translation.ngettext(singular, plural, 1) % {"counter": 1, "search_query": "x"} == one
        assert translation.ngettext(singular, plural, 3) % {"counter": 3, "search_query": "x"} == three


def test_dates_numbers_and_file_sizes_follow_the_language():
    import datetime

    day = datetime.date(2026, 11, 28)
    with translation.override("vi"):
        assert date_filter(day, "SHORT_DATE_FORMAT") == "28/11/2026"
        assert format_number(12345) == "12.345"
        assert format_number(4.25, 1) == "4,2" or format_number(4.25, 1) == "4,3"
        assert filesizeformat(1536 * 1024) == "1,5\xa0MB"
    with translation.override("en"):
        assert date_filter(day, "SHORT_DATE_FORMAT") == "28 Nov 2026"
        assert format_number(12345) == "12,345"
        assert filesizeformat(1536 * 1024) == "1.5\xa0MB"
