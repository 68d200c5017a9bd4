"""The template files of the registrations import (docs/import-registrations.md): CSV and .xlsx.

Both hold the documented columns (:data:`registrations.importer.REQUIRED_COLUMNS` and
``OPTIONAL_COLUMNS``, in that order) and one example row for the given location. The .xlsx
holds them as a defined table ("Deelnames") with each column's help as a comment on its
heading, and the same help on a second sheet ("Uitleg").
"""

from __future__ import annotations

import csv
import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from agreements.choices import Category
from locations.models import Location
from registrations.importer import COLUMN_HELP, OPTIONAL_COLUMNS, REQUIRED_COLUMNS

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)


def example_row(location: Location, date: datetime.date) -> dict[str, str | datetime.date]:
    """The template's example row at ``location`` on ``date``: a coffee hour attended by the
    room's first participant code."""
    return {
        "date": date,
        "location": location.code,
        "category": Category.values[0],
        "participant": f"{location.code.upper()}-0001",
        "session": _("Koffie-inloop"),
    }


def template_csv(location: Location, date: datetime.date) -> bytes:
    """The CSV template (UTF-8 with BOM, ``;`` as Dutch Excel writes): headings and the
    example row, the date written DD-MM-JJJJ."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    row = example_row(location, date)
    writer.writerow(
        [
            value.strftime("%d-%m-%Y") if isinstance(value, datetime.date) else value
            for value in row.values()
        ]
    )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(location: Location, date: datetime.date) -> bytes:
    """The .xlsx template: sheet "Deelnames" with the headings as a defined table, a comment
    with its help on each heading and the example row (the date an Excel date), and sheet
    "Uitleg" listing each column with its help."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Deelnames")
    sheet.append(list(COLUMNS))
    sheet.append(list(example_row(location, date).values()))
    sheet.cell(row=2, column=1).number_format = "DD-MM-YYYY"
    for index, name in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).comment = Comment(str(COLUMN_HELP[name]), "bwk")
        sheet.column_dimensions[get_column_letter(index)].width = 18
    table = Table(displayName="Deelnames", ref=f"A1:{get_column_letter(len(COLUMNS))}2")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    sheet.add_table(table)
    help_sheet = workbook.create_sheet(_("Uitleg"))
    help_sheet.append([_("Kolom"), _("Uitleg")])
    for name in COLUMNS:
        help_sheet.append([name, str(COLUMN_HELP[name])])
    help_sheet.column_dimensions["A"].width = 14
    help_sheet.column_dimensions["B"].width = 90
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
