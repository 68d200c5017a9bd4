"""The layout every sheet of the report workbook shares (issue 11): defined Excel tables with
an autofilter, and the print setup (A4 landscape, one page wide, the header row repeated).
Used by :mod:`reports.excel` and :mod:`reports.excel_budget`; no query, no figures.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

_TABLE_STYLE = "TableStyleLight9"


def table_name_for(sheet: Worksheet) -> str:
    """A workbook-unique Excel table name for ``sheet``: "tbl_" and its title's letters,
    digits and underscores (others become "_"), with the sheet's position for uniqueness
    ("tbl_data", "tbl_a_Noord_2")."""
    base = re.sub(r"\W", "_", sheet.title, flags=re.ASCII)
    workbook = sheet.parent
    index = [id(ws) for ws in workbook.worksheets].index(id(sheet)) if workbook else 0
    return f"tbl_{base}" if base in _INTERFACE_TABLES else f"tbl_{base}_{index}"


#: The named sheets (docs/report-formats.md: stable interfaces) whose tables are named after
#: the sheet alone: ``tbl_data``, ``tbl_municipality_items``, ...
_INTERFACE_TABLES = frozenset(
    {"data", "municipality_items", "budget_data", "audience", "internal_notes"}
)


def add_table(
    sheet: Worksheet,
    columns: int,
    rows: int,
    name: str = "",
    *,
    first_row: int = 1,
    first_column: int = 1,
) -> Table:
    """Make the header row and the ``rows`` rows below it (from A1, or from row
    ``first_row`` and column ``first_column``; ``columns`` wide) a defined Excel table with
    an autofilter and banded rows; an empty table keeps one empty row (Excel needs a data
    row). The header cells must be distinct, non-empty texts. ``name``: the table's name
    (default :func:`table_name_for`). Returns the table."""
    start = f"{get_column_letter(first_column)}{first_row}"
    end = f"{get_column_letter(first_column + columns - 1)}{first_row + max(rows, 1)}"
    ref = f"{start}:{end}"
    table = Table(displayName=name or table_name_for(sheet), ref=ref)
    table.autoFilter = AutoFilter(ref=ref)
    table.tableStyleInfo = TableStyleInfo(name=_TABLE_STYLE, showRowStripes=True)
    sheet.add_table(table)
    return table


def print_setup(sheet: Worksheet, title_rows: str = "1:1") -> None:
    """Print ``sheet`` on A4 landscape, fitted to one page wide (as many pages tall as
    needed), repeating ``title_rows`` (the header row) on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    properties = sheet.sheet_properties
    if properties.pageSetUpPr is None:
        properties.pageSetUpPr = PageSetupProperties()
    properties.pageSetUpPr.fitToPage = True
    if title_rows:
        sheet.print_title_rows = title_rows
