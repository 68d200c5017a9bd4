"""The progress report as an Excel workbook (openpyxl), from the same ProgressReport as the PDF.

Sheets: "Rapportage" (title and period), one sheet per location, "Totaal" (all locations
together), "Bezoeken" (visits), "data" (one row per location and indicator, for analysis;
its columns are a stable interface documented in docs/report-formats.md) and
"municipality_items" (the municipality's items (a)-(d), long form, also documented there);
with a financial section also "begroting" and "budget_data" (:mod:`reports.excel_budget`);
the report of a multi-year plan also "Meerjarenplan" (:mod:`reports.plans.excel`, issue 12).
An issued report is arranged for its audience (:func:`reports.audience.arrange`): the rows
it gets, in the order it gets them; a housing corporation's or another funder's version has
the sheet "audience" at the end (who it is for, the party's contribution, the rows left out),
the board's "internal_notes"; the municipality's is the workbook as built.

The workbook is a pure function of the report: writing it runs no query and needs no scope,
and the same report gives the same bytes (the workbook's created and modified dates and the
dates of the files inside the .xlsx archive are the report's ``generated_on``).
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from typing import IO, TYPE_CHECKING, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from locations.export_cells import CellValue, clean_text, data_row, write_formula
from reports.audience import Arrangement, arrange
from reports.excel_budget import add_financial_sheets
from reports.excel_layout import add_table, print_setup
from reports.plans.excel import SHEET as PLAN_SHEET
from reports.plans.excel import add_plan_sheet
from reports.report import TOTAL_CODE, LocationBlock, ProgressReport, ProgressRow

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

#: Exact, ordered columns of the "data" sheet; new columns may only be appended.
DATA_COLUMNS = [
    "location",
    "section",
    "indicator",
    "category",
    "description",
    "method",
    "target_text",
    "target",
    "realised",
    "period_start",
    "period_end",
    "realised_quarter",
    "quarter_start",
    "expected_to_date",
    "difference",
    "status",
    "housing_corporation",
    "realised_of",
    "realised_text",
    "respondents",
    "entered_by",
    "entered_source",
    "previous_realised",
    "previous_realised_text",
]
#: Exact, ordered columns of the "municipality_items" sheet (docs/report-formats.md).
MUNICIPALITY_COLUMNS = [
    "item",
    "location",
    "label",
    "count",
    "agreed_on",
    "ended_on",
    "period_start",
    "period_end",
]
#: Exact, ordered columns of the "audience" sheet of an issued report.
AUDIENCE_COLUMNS = ["field", "location", "value"]
#: Exact, ordered columns of the "internal_notes" sheet of the board's version.
INTERNAL_NOTES_COLUMNS = [
    "location",
    "indicator",
    "description",
    "realised_text",
    "entered_by",
    "entered_source",
    "note",
]
DATE_FORMAT = "DD-MM-YYYY"
#: A percentage cell: the value a fraction (0.625), shown as a whole percent ("63%").
PERCENT_FORMAT = "0%"
#: Indicators whose total over the locations is, by their counting rule, the sum of the
#: locations' figures (reports.measures: jobs are counted per room; volunteer groups "belong
#: to one location, so the totals are the sum"). Paid work counts distinct people over the
#: rooms since issue 12, so it is not a sum. On the "Totaal" sheet the summed figures are
#: formulas over the location sheets.
SUMMED_METHODS = frozenset({"jobs"})
SUMMED_INDICATORS = frozenset({"volunteer_groups"})
#: Block-sheet columns (1-based) of the figures: target value, pro rata, realised, quarter,
#: difference.
_FIGURE_COLUMNS = (7, 8, 9, 10, 11)
_REALISED, _QUARTER = 9, 10
#: The longest formula Excel accepts, in characters (Excel's specifications and limits:
#: "Length of formula contents: 8,192 characters"). A sum over the rooms that would be longer
#: (one cell reference per room: hundreds of rooms) is written as a SUMIF over a range.
FORMULA_LIMIT = 8192
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
_HC_FONT = Font(italic=True, color="A4262C")
_INVALID_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")


def _number(value: int | Decimal | None) -> int | float | None:
    """A figure as an Excel number: whole values as int, others as float; None stays empty."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title of at most 31 characters (control characters replaced:
    :func:`locations.export_cells.clean_text`)."""
    base = _INVALID_TITLE_CHARS.sub("-", clean_text(name)).strip() or "-"
    title = base[:31]
    counter = 2
    while title.lower() in taken:
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(title.lower())
    return title


def _write_table(
    sheet: Worksheet,
    header: list[str],
    rows: list[list[CellValue]],
    widths: list[int],
    table_name: str = "",
) -> None:
    """Write a header row (bold, frozen) and rows, every value as data (never a formula:
    :mod:`locations.export_cells`); set column widths and date formats; make the range a
    defined Excel table with an autofilter (:func:`add_table`, named ``table_name`` or
    after its sheet) and set the sheet up for printing (:func:`print_setup`)."""
    sheet.append(data_row(sheet, header))
    for cell in sheet[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for row in rows:
        sheet.append(data_row(sheet, row))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    add_table(sheet, len(header), len(rows), table_name)
    print_setup(sheet)


def is_percent(row: ProgressRow) -> bool:
    """True when ``row``'s figures are percentages (in percent: 62.5 for 62.5%): its target
    or its realised figure is shown with "%" ("> 50%", "63%"). On the block sheets such
    figures are written as fractions (0.625) shown as :data:`PERCENT_FORMAT`; the ``data``
    sheet keeps them in percent (its documented unit)."""
    return row.target_text.rstrip().endswith("%") or row.realised_text.rstrip().endswith("%")


def _figure(value: int | Decimal | None, percent: bool) -> int | float | None:
    """A block-sheet figure: :func:`_number`, a percentage as a fraction."""
    if percent and value is not None:
        return _number(Decimal(value) / 100)
    return _number(value)


def _block_sheet(
    sheet: Worksheet,
    block: LocationBlock,
    note: str = "",
    locations: list[tuple[str, LocationBlock]] | None = None,
    data_rows_count: int = 0,
    part_heading: str = "",
) -> None:
    """A location's (or the totals') sheet: one row per row of ``block``, in its order;
    ``part_heading`` the heading of the period part's own column (``Period.part_heading``:
    "Dit kwartaal", "Deze viermaandsperiode", "Dit halfjaar"; default "Dit kwartaal");
    ``note`` (what was left out) in a line of its own below the table. Percentages are
    fractions shown as "0%" (:func:`is_percent`).

    ``locations`` (the "Totaal" sheet): the location sheets' titles and blocks; the sheet
    then has the column "Som van de buurtwerkkamers" saying for each row whether its total
    is the sum of the locations' figures, and where it is (:func:`_is_summed`) the realised
    and quarter figures are formulas over the location sheets' cells (:func:`_sum_formula`;
    ``data_rows_count``: the rows of the "data" sheet, which holds the same blocks)."""
    part_heading = part_heading or _("Dit kwartaal")
    # The location sheets' rows by indicator code, read once (not once per row and column).
    index = _location_index(locations) if locations is not None else None
    summed = [_is_summed(row, index) for row in block.rows] if index is not None else []
    header = [
        _("Onderdeel"),
        _("Code"),
        _("Prestatie"),
        _("Meetmethode"),
        _("Woningcorporaties"),
        _("Streefcijfer"),
        _("Streefwaarde"),
        _("Pro rata"),
        _("Gerealiseerd"),
        part_heading,
        _("Verschil"),
        _("Status"),
        _("Toelichting"),
        _("Gerealiseerd (tekst)"),
        _("Aangemeld"),
        _("Respondenten"),
        _("Ingevoerd door"),
        _("Bron"),
    ]
    if locations is not None:
        header.append(_("Som van de buurtwerkkamers"))
    rows: list[list[CellValue]] = [
        [
            row.section_label,
            row.indicator_code,
            row.description,
            row.method_label,
            _("ja") if row.housing_corporation else "",
            row.target_text,
            _figure(row.target_value, is_percent(row)),
            _figure(row.expected_to_date, is_percent(row)),
            _figure(row.realised, is_percent(row)),
            _figure(row.realised_quarter, is_percent(row)),
            _figure(row.difference, is_percent(row)),
            row.status_label,
            row.note,
            row.realised_text,
            row.realised_of,
            row.respondents,
            row.entered_by,
            row.entered_source,
            *([_sum_text(row, summed[number])] if index is not None else []),
        ]
        for number, row in enumerate(block.rows)
    ]
    _write_table(
        sheet,
        header,
        rows,
        [10, 22, 60, 16, 10, 13, 12, 10, 13, 12, 10, 22, 40, 16, 11, 13, 20, 30, 40][: len(header)],
    )
    for number, row in enumerate(block.rows, start=2):
        excel_row = sheet[number]
        if row.housing_corporation:
            excel_row[2].font = _HC_FONT
        if is_percent(row):
            for column in _FIGURE_COLUMNS:
                excel_row[column - 1].number_format = PERCENT_FORMAT
        if index is not None and summed[number - 2]:
            for column in (_REALISED, _QUARTER):
                cells = _location_cells(row, index, column)
                cell = sheet.cell(row=number, column=column)
                formula = _sum_formula(cells, number, column, data_rows_count, is_percent(row))
                if cells and cell.value is not None and formula:
                    write_formula(cell, formula)

    if note:
        sheet.append([])
        sheet.append(data_row(sheet, [note]))


#: The "data" sheet's columns (letters) that a total's SUMIF reads: the indicator code, and
#: per block-sheet figure column its figure (realised, realised_quarter).
_DATA_CODE = get_column_letter(DATA_COLUMNS.index("indicator") + 1)
_DATA_FIGURES = {
    _REALISED: get_column_letter(DATA_COLUMNS.index("realised") + 1),
    _QUARTER: get_column_letter(DATA_COLUMNS.index("realised_quarter") + 1),
}


def _sum_formula(
    cells: list[str], number: int, column: int, data_rows_count: int, percent: bool
) -> str:
    """The "Totaal" sheet's formula at row ``number``, ``column`` of a summed figure: the sum
    of the location sheets' ``cells`` (``='a Noord'!I6+'a Zuid'!I6``) when that fits in
    :data:`FORMULA_LIMIT` characters; otherwise (hundreds of rooms) a SUMIF over the "data"
    sheet, which has the same figures, one row per location and indicator
    (``=SUMIF(data!$C$2:$C$1001,$B6,data!$I$2:$I$1001)``: the rows whose indicator is this
    row's code, column B). Both give the sum of the locations' figures. A percentage row
    (``percent``: fractions on the block sheets, percent on "data") too long for the first
    form gets "" (no formula: the written value stays)."""
    formula = "=" + "+".join(cells)
    if len(formula) <= FORMULA_LIMIT:
        return formula
    if percent:
        return ""
    last = data_rows_count + 1
    code = f"data!${_DATA_CODE}$2:${_DATA_CODE}${last}"
    figure = f"data!${_DATA_FIGURES[column]}$2:${_DATA_FIGURES[column]}${last}"
    return f"=SUMIF({code},$B{number},{figure})"


#: Per location sheet: its title and, by indicator code, the sheet's row number of that
#: indicator (header: row 1) and the row.
_LocationIndex = list[tuple[str, dict[str, tuple[int, ProgressRow]]]]


def _location_index(locations: list[tuple[str, LocationBlock]]) -> _LocationIndex:
    """The location sheets' rows by indicator code (:data:`_LocationIndex`), built once for
    the "Totaal" sheet."""
    return [
        (title, {row.indicator_code: (n, row) for n, row in enumerate(block.rows, start=2)})
        for title, block in locations
    ]


def _is_summed(row: ProgressRow, index: _LocationIndex) -> bool:
    """True when the total ``row`` is, by its counting rule (:data:`SUMMED_METHODS`,
    :data:`SUMMED_INDICATORS`), the sum of the locations' figures, every location sheet has
    the row, and the figures add up (they do, by the rule; a guard against writing a
    formula that would show another number)."""
    if row.method not in SUMMED_METHODS and row.indicator_code not in SUMMED_INDICATORS:
        return False
    found = [rows.get(row.indicator_code) for _title, rows in index]
    values = [f[1].realised for f in found if f is not None and f[1].realised is not None]
    if not found or len(values) != len(found):
        return False
    return sum(values, Decimal(0)) == row.realised


def _location_cells(row: ProgressRow, index: _LocationIndex, column: int) -> list[str]:
    """References to ``row``'s cell in ``column`` on each location sheet ("'a Noord'!I5")."""
    letter = get_column_letter(column)
    return [
        f"{quote_sheetname(title)}!{letter}{rows[row.indicator_code][0]}" for title, rows in index
    ]


def _sum_text(row: ProgressRow, summed: bool) -> str:
    """The "Som van de buurtwerkkamers" cell of a total row: whether the figure is the sum
    of the locations' figures (``summed``: :func:`_is_summed`, then a formula) and, where it
    is not, why."""
    if summed:
        return _("ja: som van de buurtwerkkamers (formule)")
    if row.method == "unique":
        return _("nee: unieke personen, iedereen één keer geteld over de buurtwerkkamers samen")
    return _("nee: over de buurtwerkkamers samen bepaald, geen optelsom")


def data_rows(report: ProgressReport, blocks: list[LocationBlock]) -> list[list[CellValue]]:
    """One row per location block of ``blocks`` (the report's, as its audience gets them)
    and row; the columns of :data:`DATA_COLUMNS`."""
    period = report.period
    rows: list[list[CellValue]] = []
    for block in blocks:
        for row in block.rows:
            rows.append(
                [
                    block.code,
                    row.section,
                    row.indicator_code,
                    row.category_key,
                    row.description,
                    row.method,
                    row.target_text,
                    _number(row.target_value),
                    _number(row.realised),
                    period.ytd_start,
                    period.end,
                    _number(row.realised_quarter),
                    period.start if period.is_quarter else None,
                    _number(row.expected_to_date),
                    _number(row.difference),
                    row.status,
                    row.housing_corporation,
                    row.realised_of,
                    row.realised_text,
                    row.respondents,
                    row.entered_by,
                    row.entered_source,
                    _number(row.previous_realised),
                    row.previous_realised_text,
                ]
            )
    return rows


def _municipality_rows(report: ProgressReport) -> list[list[CellValue]]:
    """The municipality's items the agreement defines in long form: one row per item,
    location (code, or "all" for the total over the locations) and label; the counted items
    in the agreement's order, then the partner rows (see docs/report-formats.md). ``item`` is
    ``<letter>_<kind>`` (``a_referrals`` ... ``d_debt_support`` for the built-in items)."""
    items = report.municipality
    if items is None:
        return []
    counted = {
        "referrals": (items.referrals, items.referrals_total),
        "minima": (items.minima, items.minima_total),
        "debt_support": (items.debt_support, items.debt_support_total),
    }
    rows: list[list[CellValue]] = []
    for definition in items.definitions:
        if definition.kind not in counted:
            continue
        item = f"{definition.letter}_{definition.kind}"
        lines, total = counted[definition.kind]
        for line in [*lines, total]:
            label = "" if line is total else line.label
            for code, count in line.counts.items():
                rows.append([item, code, label, count, None, None, items.start, items.end])
            rows.append([item, "all", label, line.total, None, None, items.start, items.end])
    for definition in items.definitions:
        if definition.kind != "partners":
            continue
        for partner in items.partners:
            rows.append(
                [
                    f"{definition.letter}_partners",
                    partner.location_code,
                    partner.partner_name,
                    1,
                    partner.agreed_on,
                    partner.ended_on,
                    items.start,
                    items.end,
                ]
            )
    return rows


def _audience_rows(arrangement: Arrangement) -> list[list[CellValue]]:
    """The "audience" sheet (docs/report-formats.md "Report per audience"): who the report
    is for, then per location block (location code, "all" for the totals) the party's
    contribution and the financing of all funders (euros, from the financial section) and
    the rows left out."""
    audience = arrangement.audience
    assert audience is not None  # only an issued report has the sheet
    rows: list[list[CellValue]] = [
        ["audience", "", audience.kind],
        ["party_code", "", audience.party_code],
        ["party_name", "", audience.party_name],
        ["party_kind", "", audience.party_kind],
        ["housing_only", "", audience.housing_only],
    ]
    for block in arrangement.blocks:
        contribution = block.contribution
        if contribution is not None:
            rows.append(["contribution", block.code, _number(contribution.amount)])
            rows.append(["financing_total", block.code, _number(contribution.financing_total)])
        rows.append(["rows_left_out", block.code, block.left_out])
    if arrangement.left_out:
        rows.append(["note", "", arrangement.left_out_text])
    return rows


def _add_audience_sheets(workbook: Workbook, arrangement: Arrangement) -> None:
    """The sheet at the end of a party's version (a housing corporation, another funder):
    "audience"; of the board's version: "internal_notes" (who entered which figure). None
    for the municipality's version and a report without an audience."""
    if arrangement.party_version:
        _write_table(
            workbook.create_sheet("audience"),
            AUDIENCE_COLUMNS,
            _audience_rows(arrangement),
            [18, 14, 60],
        )
    if arrangement.internal_notes is not None:
        _write_table(
            workbook.create_sheet("internal_notes"),
            INTERNAL_NOTES_COLUMNS,
            [
                [
                    note.location_code,
                    note.indicator_code,
                    note.description,
                    note.realised_text,
                    note.entered_by,
                    note.entered_source,
                    note.note,
                ]
                for note in arrangement.internal_notes
            ],
            [14, 24, 60, 14, 20, 30, 60],
        )


class _StreamedWorkbook(Workbook):
    """A workbook that holds one sheet's cells at a time (issue 13: memory bounded at 100
    rooms and more).

    Each sheet is built as an ordinary openpyxl sheet (cells set in any order, styled and
    turned into formulas after they are appended, tables whose columns come from the header
    row); when the next sheet is created, or the workbook is saved (:func:`write_out`), every
    sheet finished so far is written by openpyxl's own ``WorksheetWriter`` to a temporary
    file, as a save would write it, and its cells are dropped. :class:`_StreamedExcelWriter`
    then puts those files in the archive. The sheets' XML is the same as an ordinary save's,
    so the file is the same; only the peak memory differs (one sheet's cells, not the
    workbook's). openpyxl's write-only mode would need every sheet written strictly row by
    row with its styles and formulas known before a row is appended, which the sheet
    builders here (and ``begroting``'s layout by coordinate) do not do.

    A sheet once written out must not be changed (its changes would be lost); the builders
    finish each sheet before creating the next. Call :meth:`cleanup` when the workbook is
    not saved (an error while building): it removes the temporary files."""

    def __init__(self) -> None:
        super().__init__()
        self._writers: dict[int, WorksheetWriter] = {}

    def create_sheet(self, title: Any = None, index: int | None = None) -> Any:
        """As :meth:`Workbook.create_sheet` (a new :class:`Worksheet`), after writing out the
        sheets made so far."""
        self.write_out()
        return super().create_sheet(title, index)

    def write_out(self) -> None:
        """Write every sheet not yet written to its temporary file and drop its cells."""
        for sheet in self.worksheets:
            if not isinstance(sheet, Worksheet) or id(sheet) in self._writers:
                continue
            # As ExcelWriter.write_worksheet does before writing (private in the stubs).
            sheet._drawing = SpreadsheetDrawing()  # type: ignore[attr-defined]
            writer = WorksheetWriter(sheet)
            writer.write()
            self._writers[id(sheet)] = writer
            sheet._cells = {}

    def take_writer(self, sheet: Worksheet) -> WorksheetWriter | None:
        """The writer that wrote ``sheet`` out (None if it was not), forgotten here: its
        taker removes its temporary file."""
        return self._writers.pop(id(sheet), None)

    def cleanup(self) -> None:
        """Remove the temporary files of the sheets written out."""
        for writer in self._writers.values():
            writer.cleanup()
        self._writers.clear()


class _StreamedExcelWriter(ExcelWriter):
    """openpyxl's ExcelWriter for a :class:`_StreamedWorkbook`: a sheet already written out
    goes into the archive from its temporary file (as ExcelWriter does with the file it
    writes itself), which is then removed."""

    workbook: _StreamedWorkbook

    def write_worksheet(self, ws: Worksheet) -> None:
        writer = self.workbook.take_writer(ws)
        if writer is None:
            super().write_worksheet(ws)
            return
        # What ExcelWriter.write_worksheet does after writing (attributes the stubs lack).
        ws._rels = writer._rels  # type: ignore[attr-defined]
        self._archive.write(writer.out, ws.path[1:])  # type: ignore[attr-defined]
        self.manifest.append(ws)
        writer.cleanup()


def progress_report_workbook(report: ProgressReport) -> Workbook:
    """Build the workbook for ``report`` (see the module docstring for its sheets), arranged
    for its audience; its created and modified properties are ``report.generated_on``
    (midnight). An ordinary openpyxl workbook, every sheet in memory
    (:func:`progress_report_xlsx` writes the file holding one sheet at a time)."""
    return _build_workbook(report, Workbook())


def _build_workbook(report: ProgressReport, workbook: Workbook) -> Workbook:
    """Fill the new ``workbook`` (its one sheet, active, becomes "Rapportage") for
    ``report``: :func:`progress_report_workbook`. Each sheet is finished before the next is
    created (:class:`_StreamedWorkbook` relies on it)."""
    period = report.period
    arrangement = arrange(report)
    workbook.properties.created = workbook.properties.modified = datetime.combine(
        report.generated_on, time()
    )
    taken = {"data", "municipality_items"}
    if report.plan is not None:
        taken.add(PLAN_SHEET)
    if arrangement.party_version:
        taken.add("audience")
    if arrangement.internal_notes is not None:
        taken.add("internal_notes")
    info = workbook.active
    assert isinstance(info, Worksheet)  # a new workbook's one sheet, active
    info.title = _sheet_title(_("Rapportage"), taken)
    facts: list[tuple[str, CellValue]] = [
        (_("Afspraak"), report.agreement_title),
        (_("Organisatie"), report.organisation_name),
        (_("Regio"), report.region_name),
        (_("Periode"), period.label),
        (_("Periode van"), period.start),
        (_("Periode tot en met"), period.end),
        (_("Gerealiseerd vanaf"), period.ytd_start),
        (_("Gemaakt op"), report.generated_on),
        *_info_audience(arrangement),
        *_info_versions(report),
    ]
    # A defined table too (issue 11: "every table a defined Excel table"): what and value.
    _write_table(info, [_("Gegeven"), _("Waarde")], [list(fact) for fact in facts], [22, 70])
    location_sheets: list[tuple[str, LocationBlock]] = []
    data_blocks = [arranged.block for arranged in arrangement.locations]
    data_rows_count = sum(len(block.rows) for block in data_blocks)  # data_rows: one per row
    for arranged in arrangement.blocks:
        title = _("Totaal") if arranged.is_total else arranged.name
        sheet = workbook.create_sheet(_sheet_title(title, taken))
        shown = replace(arranged.block, rows=arranged.shown_rows)
        _block_sheet(
            sheet,
            shown,
            arranged.left_out_text,
            locations=location_sheets if arranged.is_total else None,
            data_rows_count=data_rows_count,
            part_heading=period.part_heading,
        )
        if not arranged.is_total and not arranged.block.is_group:
            # A room group's sheet (issue 12) is shown like a room's, but is no part of the
            # totals' sums (its rooms are already there) nor of the data sheet.
            location_sheets.append((sheet.title, shown))
    visits = workbook.create_sheet(_sheet_title(_("Bezoeken"), taken))
    _write_table(
        visits,
        [
            _("Buurtwerkkamer"),
            _("Categorie"),
            _("Anoniem t/m periode"),
            _("Bezoeken t/m periode"),
            _("Anoniem %(part)s") % {"part": period.part_name},
            _("Bezoeken %(part)s") % {"part": period.part_name},
        ],
        [
            [
                v.location_name,
                v.category_label,
                v.anonymous,
                v.visits,
                v.anonymous_quarter,
                v.visits_quarter,
            ]
            for v in report.visits
        ],
        [28, 36, 18, 18, 18, 18],
    )
    _visit_formulas(visits, report)
    _write_table(
        workbook.create_sheet("data"),
        DATA_COLUMNS,
        data_rows(report, data_blocks),
        [14, 10, 24, 20, 60, 18, 14, 10, 10, 12, 12, 16, 13, 16, 11, 14, 10, 11, 16, 11, 20, 30],
    )
    _write_table(
        workbook.create_sheet("municipality_items"),
        MUNICIPALITY_COLUMNS,
        _municipality_rows(report),
        [16, 14, 40, 8, 12, 12, 12, 12],
    )
    add_financial_sheets(workbook, report)
    if report.plan is not None:  # a multi-year plan's report (issue 12)
        add_plan_sheet(workbook, report.plan)
    _add_audience_sheets(workbook, arrangement)
    workbook.calculation.fullCalcOnLoad = True  # the formulas show their results on open
    return workbook


def _visit_formulas(sheet: Worksheet, report: ProgressReport) -> None:
    """On the "Bezoeken" sheet the totals rows (location "all") are formulas: per category
    the sum of the locations' rows of that category (visits are counts of visits, so their
    total is a sum): ``=C2+C10+C18`` while that fits in :data:`FORMULA_LIMIT` characters;
    otherwise (hundreds of rooms) a SUMIF over the locations' rows by the category label in
    column B (``=SUMIF($B$2:$B$8001,$B8002,C$2:C$8001)``), written only when every location
    row comes before the totals rows and each label names one category; else the totals
    keep their written values."""
    by_category: dict[str, list[int]] = {}
    categories_by_label: dict[str, set[str]] = {}
    for number, visit in enumerate(report.visits, start=2):
        if visit.location_code != TOTAL_CODE:
            by_category.setdefault(visit.category, []).append(number)
            categories_by_label.setdefault(visit.category_label, set()).add(visit.category)
    location_rows = [number for parts in by_category.values() for number in parts]
    total_rows = [
        number
        for number, visit in enumerate(report.visits, start=2)
        if visit.location_code == TOTAL_CODE
    ]
    ranged = (
        bool(location_rows)
        and max(location_rows) < min(total_rows, default=max(location_rows) + 1)
        and all(len(categories) == 1 for categories in categories_by_label.values())
    )
    last = max(location_rows, default=1)
    for number, visit in enumerate(report.visits, start=2):
        parts = by_category.get(visit.category)
        if visit.location_code != TOTAL_CODE or not parts:
            continue
        for column in range(3, 7):
            cell = sheet.cell(row=number, column=column)
            if cell.value is None:
                continue
            letter = get_column_letter(column)
            formula = "=" + "+".join(f"{letter}{part}" for part in parts)
            if len(formula) > FORMULA_LIMIT:
                if not ranged:
                    continue
                formula = f"=SUMIF($B$2:$B${last},$B{number},{letter}$2:{letter}${last})"
            write_formula(cell, formula)


def _info_versions(report: ProgressReport) -> list[tuple[str, CellValue]]:
    """The "Rapportage" sheet's lines about the rooms' versions in the period (issue 12:
    "licht", "volledig" with dates): one line per room that has any, "Versie <room>" and
    the versions as the web page and the PDF write them."""
    lines: list[tuple[str, CellValue]] = []
    for block in report.locations:
        if block.versions:
            text = render_to_string(
                "reports/_room_versions.html", {"versions": block.versions}
            ).strip()
            lines.append((_("Versie %(room)s") % {"room": block.name}, text))
    return lines


def _info_audience(arrangement: Arrangement) -> list[tuple[str, CellValue]]:
    """The "Rapportage" sheet's lines about the audience: who it is for, the party's
    contribution in total and what was left out (a party's version only)."""
    if not arrangement.party_version:
        return []
    lines: list[tuple[str, CellValue]] = [(_("Voor"), arrangement.recipient)]
    total = arrangement.totals.contribution
    if total is not None:
        lines.append((_("Bijdrage"), total.text))
    if arrangement.left_out:
        lines.append((_("Prestaties"), arrangement.left_out_text))
    return lines


class _DatedZipFile(ZipFile):
    """A new .xlsx archive whose every file carries one date (``day``, midnight).

    openpyxl's own save stamps the workbook's modified date and each file in the archive with
    the time of writing; written through this archive by ``ExcelWriter``, the same workbook
    gives the same bytes.
    """

    def __init__(self, file: IO[bytes], *, day: date) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._date_time = max((day.year, day.month, day.day, 0, 0, 0), (1980, 1, 1, 0, 0, 0))

    def writestr(
        self,
        zinfo_or_arcname: str | ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, ZipInfo):
            info = ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16  # as ZipFile.writestr: rw-------
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        with open(filename, "rb") as handle:
            self.writestr(
                os.fspath(arcname or filename), handle.read(), compress_type, compresslevel
            )


def progress_report_xlsx(report: ProgressReport) -> bytes:
    """The workbook of :func:`progress_report_workbook` as .xlsx bytes: no query, and the
    same report gives the same bytes (module docstring). Built as a
    :class:`_StreamedWorkbook`: the same file, holding one sheet's cells at a time."""
    buffer = BytesIO()
    workbook = _StreamedWorkbook()
    try:
        _build_workbook(report, workbook)
        workbook.write_out()
        _StreamedExcelWriter(workbook, _DatedZipFile(buffer, day=report.generated_on)).save()
    finally:
        workbook.cleanup()
    return buffer.getvalue()
