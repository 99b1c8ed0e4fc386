"""CSV cells that a spreadsheet never runs as formulas, for every export and import of the portal.

A spreadsheet runs a cell that starts with one of ``FORMULA_STARTS`` (=HYPERLINK(...), =cmd|...): an
export writes such a cell with a leading apostrophe, which an import takes off again. The same rule as
documents/importer.py's, for the apps that may not import another app's code.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_csv_cell(value):
    """``value`` as an export writes it: never read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard_csv_cell(value):
    """The value a guarded cell stands for (the inverse of :func:`guard_csv_cell`)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
