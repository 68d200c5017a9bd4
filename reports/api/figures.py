"""The figures of an issued version: one row per location and indicator, exactly as issued.

The rows are read from the version's stored report object (:mod:`reports.serialise`), never
recomputed, and mapped by the very function that writes the Excel ``data`` sheet
(:func:`reports.excel._data_rows`), so their fields are the sheet's columns
(:data:`reports.excel.DATA_COLUMNS`, docs/report-formats.md) in the sheet's order, with the
sheet's values. One addition: the totals block follows as location ``all``
(:data:`reports.report.TOTAL_CODE`), which the sheet leaves to its ``Totaal`` sheet.

Nothing personal leaves through the API: ``entered_by`` (the name of whoever entered an
Interviews/Controle figure) is always empty (:data:`WITHHELD`); the column stays so that the
field names are the sheet's.
"""

from __future__ import annotations

from reports.audience import arrange
from reports.excel import DATA_COLUMNS, CellValue, _data_rows
from reports.models import IssuedReport
from reports.report import ProgressReport
from reports.serialise import report_from_json

#: One figure: column name (:data:`reports.excel.DATA_COLUMNS`) -> value (text, int or float,
#: bool, date, or None).
Figure = dict[str, CellValue]

#: Columns whose content the API never gives (personal data), with the value it gives instead.
WITHHELD: dict[str, CellValue] = {"entered_by": ""}


def report_figures(report: ProgressReport) -> list[Figure]:
    """The figures of ``report``: the ``data`` sheet's rows (per location in report order,
    per indicator in the location's order), then the totals block's rows as location
    ``all``; each a dict in :data:`~reports.excel.DATA_COLUMNS` order, :data:`WITHHELD`
    columns replaced. Numbers as the sheet has them (whole numbers int, others float). The
    rows are arranged for the report's audience as its workbook is
    (:func:`reports.audience.arrange`: a housing corporation's version issued with only its
    indicators has only those)."""
    arrangement = arrange(report)
    blocks = [arranged.block for arranged in arrangement.locations]
    rows = [*_data_rows(report, blocks), *_data_rows(report, [arrangement.totals.block])]
    return [{**dict(zip(DATA_COLUMNS, row, strict=True)), **WITHHELD} for row in rows]


def issued_figures(issued: IssuedReport) -> list[Figure]:
    """The figures of an issued version (:func:`report_figures` of its stored report).

    Raises ValueError when the stored JSON is not a report this version can read
    (:func:`reports.serialise.report_from_json`)."""
    return report_figures(report_from_json(issued.report_json))
