"""The sheet "Meerjarenplan": plan against realised per year, as :func:`plan_workbook` builds
it from a :class:`~reports.plans.overview.YearOverYear` (it runs no query)."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reports.excel_layout import add_table, print_setup
from reports.plans.overview import YearOverYear

SHEET = "Meerjarenplan"
#: The defined table of the sheet.
TABLE = "tbl_Meerjarenplan"
_FIRST_ROW = 3


def year_headers(year: int) -> list[str]:
    """The four column headings of one year: plan as stated, plan, realised, difference."""
    return [
        _("%(year)s zoals vermeld") % {"year": year},
        _("%(year)s plan") % {"year": year},
        _("%(year)s gerealiseerd") % {"year": year},
        _("%(year)s verschil") % {"year": year},
    ]


def add_plan_sheet(workbook: Workbook, overview: YearOverYear) -> None:
    """Add the sheet "Meerjarenplan" to ``workbook``: the plan's title in A1, then one
    defined table (:data:`TABLE`) with a row per row of every table of ``overview`` (the
    measure in column A, the row in B) and four columns per year (reference year first):
    the target as stated, the plan's figure, the realised figure and the difference, all
    figures as numbers (empty where there is none)."""
    sheet = workbook.create_sheet(SHEET)
    sheet["A1"] = overview.title
    sheet["A1"].font = Font(bold=True, size=14)
    headers = [_("Onderdeel"), _("Regel")]
    for year in overview.years:
        headers += year_headers(year)
    sheet.append([])
    sheet.append(headers)
    count = 0
    for table in overview.tables:
        for row in table.rows:
            values: list[object] = [table.title, row.label]
            for cell in row.cells:
                realised = cell.computed if row.is_stated else cell.realised
                values += [cell.plan_text or None, cell.plan, realised, cell.difference]
            sheet.append(values)
            count += 1
    add_table(sheet, len(headers), count, TABLE, first_row=_FIRST_ROW)
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 40
    print_setup(sheet, f"{_FIRST_ROW}:{_FIRST_ROW}")


def plan_workbook(overview: YearOverYear) -> bytes:
    """An .xlsx file holding only the sheet "Meerjarenplan" of ``overview``."""
    workbook = Workbook()
    for sheet in list(workbook.worksheets):
        workbook.remove(sheet)
    add_plan_sheet(workbook, overview)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
