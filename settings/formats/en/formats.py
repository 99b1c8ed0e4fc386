"""English formats. Input stays day first: the admin writes dates day first in every language
(WAGTAIL_DATE_FORMAT, WAGTAIL_DATETIME_FORMAT), so English forms read them day first too, never as
Django's month-first US defaults. Shown dates are written out in English: 28 Nov 2026."""

from settings.formats.vi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

__all__ = [
    "DATE_INPUT_FORMATS",
    "DATETIME_INPUT_FORMATS",
    "DECIMAL_SEPARATOR",
    "NUMBER_GROUPING",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATE_FORMAT",
    "THOUSAND_SEPARATOR",
]
