"""Input formats for Vietnamese: day first, the way the admin's date pickers write dates.

Django's own Vietnamese locale defines no input formats, so forms fell back to the month-first defaults:
the admin's "29/11/2026 08:30" (WAGTAIL_DATETIME_FORMAT) was refused and "05/11/2026" read as 11 May.
Every other format still comes from Django's locale.
"""

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

# Dates shown to readers: 28/11/2026 (templates use SHORT_DATE_FORMAT, never a literal pattern).
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Numbers: 12.345,6 (Django's Vietnamese locale says the same; stated here next to the dates).
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
