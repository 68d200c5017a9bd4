"""Safe cells for every export a user opens in a spreadsheet program (Excel, CSV).

Text that comes from users or source files (partner names, referral organisations, location
names, footnotes, ...) must never become a formula in the reader's spreadsheet program, and a
control character in it must never stop an export (issue 10, "Exports and files that cannot
be abused"; OWASP "CSV Injection"). The rules, applied by every writer:

- a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  (:data:`FORMULA_TRIGGERS`) is written as text: in a workbook as a string cell marked
  "quote prefix" (Excel shows it as typed and keeps it text when edited), in a CSV field
  behind a single quote (:func:`csv_field`);
- control characters a workbook cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``: every
  C0 character except tab, line feed and carriage return) are replaced by U+FFFD
  (:data:`REPLACEMENT`), so the reader sees that something was there;
- numbers, dates, flags and empty cells are written as they are; the workbook's own formulas
  (the ``begroting`` sheet) are written through :func:`write_formula` only.

The workbook writers (``reports.excel``, ``reports.excel_budget``) write every value through
:func:`set_data` / :func:`data_row`; there is no CSV export today, and one added later writes
its fields through :func:`csv_field`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TypeAlias

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet

#: What a data cell holds: text, a number, a flag, a date or nothing.
CellValue: TypeAlias = str | int | float | bool | datetime.date | None

#: The first characters that make a spreadsheet program read a text as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: What a control character is replaced by.
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    """``text`` with every control character a workbook cannot hold (openpyxl's
    ``ILLEGAL_CHARACTERS_RE``) replaced by :data:`REPLACEMENT`; tab, line feed and carriage
    return stay."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, text)


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet program would read ``text`` as a formula (it starts with one
    of :data:`FORMULA_TRIGGERS`)."""
    return text.startswith(FORMULA_TRIGGERS)


def set_data(cell: Cell, value: CellValue) -> Cell:
    """Write ``value`` into ``cell`` as data, never as a formula, and return the cell.

    Text is cleaned (:func:`clean_text`); a formula-like text (:func:`is_formula_like`) is
    stored as a string cell with the quote prefix set. Other values are written as they are.
    Raises nothing for any text.
    """
    if not isinstance(value, str):
        cell.value = value
        return cell
    text = clean_text(value)
    cell.value = text
    if is_formula_like(text):
        cell.data_type = "s"  # a string cell; openpyxl makes any "=..." a formula
        cell.quotePrefix = True
    return cell


def data_row(sheet: Worksheet, values: Iterable[CellValue]) -> list[Cell]:
    """The cells for ``sheet.append(...)`` of one row of ``values``, each written by
    :func:`set_data` (so a row of user text is appended safely)."""
    return [set_data(Cell(sheet), value) for value in values]


def write_data(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write ``value`` as data (:func:`set_data`) at ``row``, ``column`` (1-based) of
    ``sheet``; returns the cell."""
    return set_data(sheet.cell(row, column), value)


def write_formula(cell: Cell, formula: str) -> Cell:
    """Write one of the product's own formulas (``"=SUM(D5:F5)"``, built from cell
    references only) into ``cell``. Raises ValueError for anything else than a formula."""
    if not formula.startswith("=") or len(formula) < 2:
        raise ValueError(f"not a formula: {formula!r}")
    cell.value = formula
    return cell


def csv_field(value: CellValue) -> str:
    """One CSV field for ``value``: text cleaned (:func:`clean_text`) and, when formula-like,
    behind a single quote (``'=1+1``); None is empty; other values as ``str``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return str(value)
    text = clean_text(value)
    return f"'{text}" if is_formula_like(text) else text
