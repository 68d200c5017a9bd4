"""Reading an Excel workbook (.xlsx) as the rows of an import, with the CSV reader's contract.

:func:`stream_xlsx_rows` answers what :func:`locations.csv_import.stream_rows` answers for a
CSV file: the lower-cased header names and an iterator of (line number, row dict), the line
number being the Excel row number the user sees (row 1 is the header). The workbook is read
with openpyxl in read-only mode (row by row, never whole), the first sheet only. A date cell
becomes ``YYYY-MM-DD`` (a format the importers accept); a whole number becomes its digits.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from locations.csv_import import ImportFailed, check_unique


def cell_text(value: Any) -> str:
    """The text of one cell value as a CSV export would hold it, stripped: "" for an empty
    cell, ``YYYY-MM-DD`` for a date (or a date and time at midnight), the digits of a whole
    number, else ``str(value)``."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def stream_xlsx_rows(file: BinaryIO) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and rows of the first sheet of the workbook ``file`` (a seekable binary file).

    Returns (lower-cased header names, iterator of (Excel row number, row dict)); rows whose
    cells are all empty are left out. Raises ImportFailed (Dutch) when the file is not an
    .xlsx workbook, its first row is empty or names a column twice.
    """
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise ImportFailed(
            [_("Het bestand is geen Excel-werkmap (.xlsx). Sla het op als Excel-werkmap of CSV.")]
        ) from error
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, ())
    header = [cell_text(value).lower() for value in first]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        workbook.close()
        raise ImportFailed([_("regel 1: het bestand is leeg of heeft geen kopregel.")])
    try:
        check_unique(header)
    except ImportFailed:
        workbook.close()
        raise

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            for line, cells in enumerate(values, start=2):
                texts = [cell_text(value) for value in cells]
                if not any(texts):
                    continue
                padded = texts + [""] * (len(header) - len(texts))
                yield line, dict(zip(header, padded, strict=False))
        finally:
            workbook.close()

    return header, rows()
