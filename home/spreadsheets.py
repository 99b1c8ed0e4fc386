"""CSV files for spreadsheets: UTF-8 with a byte-order mark, and no cell a spreadsheet would run.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe
(formula injection); importers take it off again with :func:`unguard_cell`.
"""

import csv

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value):
    """``value`` as an export writes it: never read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unguard_cell(value):
    """The value a guarded cell stands for (the inverse of :func:`guard_cell`)."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def csv_response(filename, header, rows):
    """An attachment ``filename`` with ``header`` then ``rows``, every cell guarded."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read the Vietnamese as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([guard_cell(str(value)) for value in row])
    return response
