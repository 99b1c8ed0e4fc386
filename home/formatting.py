"""Numbers as the reader's language writes them: 12.345 and 4,3 in Vietnamese, 12,345 and 4.3 in English."""

from django.utils import numberformat
from django.utils.formats import get_format


def format_number(value, decimals=None):
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def format_counts(values, language=None):
    """Whole numbers as ``format_number`` writes them (12.345 in Vietnamese), in a fraction of its time:
    the statistics box writes seven on every page load. In ``language`` (default: the active one)."""
    separator = get_format("THOUSAND_SEPARATOR", lang=language)
    return [format(int(value), ",").replace(",", separator) for value in values]
