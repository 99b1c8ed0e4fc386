"""The admin writes dates day first in every language (WAGTAIL_DATE_FORMAT, WAGTAIL_DATETIME_FORMAT), so
English forms read them day first too, never as Django's month-first US defaults."""

from settings.formats.vi.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"]
