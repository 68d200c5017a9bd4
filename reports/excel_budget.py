"""The financial sheets of the Excel report: ``begroting`` (with formulas) and ``budget_data``.

``begroting`` is laid out like the source's BEGROTING and FINANCIERING tables: budget lines ×
locations, financing per funder × location, volunteer hours and the popular budget. The line
amounts, funder amounts, hours and hourly rates are numbers; every derived cell (line totals,
subtotals, (A)+(B), total, ratios, financing totals, surplus, volunteer value, popular budget,
funders' share) is an Excel FORMULA over those cells, so funders can check them. Column A holds
the line code or the figure name (``subtotal_A``, ``total``, ...) of each row, the header row
the location names, then "Regio" and each room group's name where the agreement states
amounts, financing or volunteer hours for the region or a group (issue 12: columns like the
rooms', counted in the total column), and "Totaal". A formula is written only where the
product's own figure (:func:`budgets.figures.budget_overview`) is applicable; elsewhere the
cell stays empty. Every text is written as data, never a formula, and the formulas only
through ``write_formula`` (:mod:`locations.export_cells`).

``budget_data`` is the machine-readable interface (docs/report-formats.md): columns
``location, figure, computed, stated``; the location is a room's code, ``region`` or a room
group's code (issue 12), or ``all``.

Both sheets are added only when the report has a financial section (``report.financial``,
built by the selector); they are written from its budget overview, without a query. The
workbook then recalculates on open.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from budgets.display import figure_label, group_label
from budgets.figures import ALL, BUDGET_DATA_FIGURES, FUNDER_FIGURE, BudgetOverview, LineRow
from budgets.figures.groups import is_ratio_name
from budgets.figures.names import INTENDED_FIGURES
from budgets.figures.wider import wider_note
from locations.export_cells import data_row, write_data, write_formula
from reports.excel_layout import add_table, print_setup
from reports.report import ProgressReport

BUDGET_SHEET = "begroting"
BUDGET_DATA_SHEET = "budget_data"
#: Exact, ordered columns of the ``budget_data`` sheet (issue 4).
BUDGET_DATA_COLUMNS = ["location", "figure", "computed", "stated"]
#: Column A's key of an intended ("beoogd") funder's row on the ``begroting`` sheet.
INTENDED_FUNDER_FIGURE = "financing_intended:"
MONEY_FORMAT = "#,##0.00"
SHARE_FORMAT = "0%"
HOURS_FORMAT = "#,##0.0"
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="EEF1F5")
_DIFFERS_FILL = PatternFill("solid", fgColor="FCE8C8")
_FORMATS = {"money": MONEY_FORMAT, "share": SHARE_FORMAT, "hours": HOURS_FORMAT}


def excel_number(value: Decimal | None) -> int | float | None:
    """A Decimal as an Excel number (whole values as int); None stays an empty cell."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class _Sheet:
    """Writes the ``begroting`` sheet row by row and remembers where each figure is."""

    def __init__(self, sheet: Worksheet, overview: BudgetOverview) -> None:
        self.sheet = sheet
        self.overview = overview
        self.codes = [code for code, _name in overview.columns]
        self.columns = [*self.codes, ALL]
        #: column letter per location code and "all"
        self.letters = {code: get_column_letter(4 + i) for i, code in enumerate(self.columns)}
        #: (location code or "all", figure name) -> cell coordinate of a formula
        self.cells: dict[tuple[str, str], str] = {}
        self.row = 0
        self.block_start = 0
        self.tables = 0

    def next_row(
        self, key: str = "", label: str = "", note: str = "", *, bold: bool = False
    ) -> int:
        self.row += 1
        write_data(self.sheet, self.row, 1, key or None)
        write_data(self.sheet, self.row, 2, label or None)
        write_data(self.sheet, self.row, 3, note or None)
        if bold:
            for column in range(1, 4 + len(self.columns)):
                self.sheet.cell(self.row, column).font = _BOLD
        return self.row

    def header(self, title: str) -> None:
        """Start a block (budget, financing, volunteer hours): its header row, which
        :meth:`end_block` makes a defined Excel table with the rows written after it."""
        row = self.next_row(_("Code"), title, _("Toelichting"))
        for code, name in [*self.overview.columns, (ALL, _("Totaal"))]:
            write_data(self.sheet, row, 4 + self.columns.index(code), name)
        for column in range(1, 4 + len(self.columns)):
            cell = self.sheet.cell(row, column)
            cell.font = _BOLD
            cell.fill = _HEADER_FILL
        self.block_start = row

    def end_block(self) -> None:
        """Make the block since the last :meth:`header` a defined table with an autofilter
        (issue 11: "every table a defined Excel table"), named ``tbl_begroting_<n>``."""
        self.tables += 1
        add_table(
            self.sheet,
            3 + len(self.columns),
            self.row - self.block_start,
            f"tbl_begroting_{self.tables}",
            first_row=self.block_start,
        )

    def value(self, row: int, code: str, value: Decimal | None, kind: str = "money") -> None:
        if value is None:
            return
        cell = self.sheet[f"{self.letters[code]}{row}"]
        cell.value = excel_number(value)
        cell.number_format = _FORMATS[kind]

    def formula(self, row: int, code: str, name: str, formula: str) -> None:
        """Write ``formula`` for figure ``name`` at ``code`` when the product's figure is
        applicable (computed), and remember the cell."""
        figure = self.overview.figures[code].get(name)
        if figure is None or figure.computed is None:
            return
        coordinate = f"{self.letters[code]}{row}"
        cell = write_formula(self.sheet[coordinate], formula)
        cell.number_format = _FORMATS[figure.kind]
        if figure.differs:
            cell.fill = _DIFFERS_FILL
        self.cells[(code, name)] = coordinate

    def ref(self, code: str, row: int) -> str:
        return f"{self.letters[code]}{row}"

    def row_sum(self, row: int) -> str:
        """=SUM over the location cells of ``row`` (the total column)."""
        first, last = self.letters[self.codes[0]], self.letters[self.codes[-1]]
        return f"=SUM({first}{row}:{last}{row})"


def write_budget_sheet(sheet: Worksheet, overview: BudgetOverview) -> dict[tuple[str, str], str]:
    """Fill ``sheet`` with the budget, financing and popular budget of ``overview``.

    Returns (location code or "all", figure name) -> coordinate of the formula cell for every
    figure written as a formula. Raises nothing; figures that are not applicable stay empty.
    """
    w = _Sheet(sheet, overview)
    title = overview.budget_version or _("Begroting")
    w.next_row("", f"{title} ({overview.agreement_slug})", bold=True)
    w.next_row()
    subtotal_rows = _write_budget(w)
    w.end_block()
    w.next_row()
    financing_total_row, intended_row = _write_financing(w, subtotal_rows)
    w.end_block()
    w.next_row()
    _write_popular(w, financing_total_row, intended_row)
    w.end_block()
    _write_differences(w)
    note = wider_note(overview)
    if note:  # issue 12: region or group money this selection leaves out
        w.next_row()
        w.next_row("", note)
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 22
    for letter in w.letters.values():
        sheet.column_dimensions[letter].width = 15
    sheet.freeze_panes = "D4"
    # Laid out like the source's tables: each block (with its heading row) a defined table.
    print_setup(sheet, title_rows="1:3")
    return w.cells


def _write_budget(w: _Sheet) -> dict[str, int]:
    """Lines and their subtotals, (A)+(B), total and ratios; the figure rows by name."""
    overview = w.overview
    w.header(_("Begroting"))
    rows: dict[str, int] = {}
    line_rows: dict[str, int] = {}

    def label(name: str) -> str:
        return figure_label(name, report=True, names=overview.figure_names)

    def line(budget_line: LineRow) -> int:
        row = w.next_row(budget_line.code, budget_line.description, budget_line.note)
        for code in w.codes:
            w.value(row, code, budget_line.amounts.get(code))
        total = write_formula(w.sheet[w.ref(ALL, row)], w.row_sum(row))
        total.number_format = MONEY_FORMAT
        line_rows[budget_line.code] = row
        return row

    for group in overview.groups:
        lines = [budget_line for budget_line in overview.lines if budget_line.group == group.code]
        if not lines:
            continue
        w.next_row("", group_label(overview, group), bold=True)
        first = last = 0
        for budget_line in lines:
            last = line(budget_line)
            first = first or last
        name = f"subtotal_{group.code}"
        rows[name] = w.next_row(name, label(name), bold=True)
        for code in w.columns:
            column = w.letters[code]
            w.formula(rows[name], code, name, f"=SUM({column}{first}:{column}{last})")
        if not overview.stated_groups and group.code == "B":
            parts = [rows[n] for n in ("subtotal_A", "subtotal_B") if n in rows]
            rows["subtotal_AB"] = w.next_row("subtotal_AB", label("subtotal_AB"), bold=True)
            for code in w.columns:
                formula = "=" + "+".join(w.ref(code, part) for part in parts)
                w.formula(rows["subtotal_AB"], code, "subtotal_AB", formula)
    ungrouped = [line(budget_line) for budget_line in overview.lines if not budget_line.group]
    group_codes = [group.code for group in overview.groups]
    parts = [rows[f"subtotal_{group}"] for group in group_codes if f"subtotal_{group}" in rows]
    parts += ungrouped
    rows["total"] = w.next_row("total", label("total"), bold=True)
    if parts:
        for code in w.columns:
            w.formula(rows["total"], code, "total", "=" + "+".join(w.ref(code, p) for p in parts))

    def part_rows(codes: tuple[str, ...]) -> list[int]:
        """The rows of the group subtotals and lines a ratio names (those present)."""
        found = [
            rows.get(f"subtotal_{code}") if code in group_codes else line_rows.get(code)
            for code in codes
        ]
        return [row for row in found if row]

    for ratio in overview.ratios:
        name = ratio.code
        rows[name] = w.next_row(name, label(name))
        present = part_rows(ratio.numerator)
        below = part_rows(ratio.denominator) if ratio.denominator else [rows["total"]]
        if not present or not below:
            continue
        for code in w.columns:
            top = "+".join(w.ref(code, row) for row in present)
            if len(present) > 1:
                top = f"({top})"
            bottom = "+".join(w.ref(code, row) for row in below)
            if len(below) > 1:
                bottom = f"({bottom})"
            w.formula(rows[name], code, name, f"={top}/{bottom}")
    return rows


def _write_financing(w: _Sheet, budget_rows: dict[str, int]) -> tuple[int, int]:
    """Funder rows, financing total, housing corporations' subtotal and surplus, then the
    intended funders apart (when there are any); returns the rows of the financing total and
    of the intended total (0 without intended money)."""
    overview = w.overview
    w.header(_("Financiering"))
    funder_rows = []
    housing_rows = []
    for funder in overview.funders:
        notes = list(funder.footnotes)
        for code, name in overview.columns:
            if code in funder.in_kind:
                notes.append(_("%(location)s: waarvan in natura") % {"location": name})
            if code in funder.earmarked:
                notes.append(_("%(location)s: waarvan geoormerkt") % {"location": name})
        row = w.next_row(f"{FUNDER_FIGURE}{funder.code}", funder.name, "; ".join(notes))
        for code in w.codes:
            w.value(row, code, funder.amounts.get(code))
        w.formula(row, ALL, f"{FUNDER_FIGURE}{funder.code}", w.row_sum(row))
        # The location cells are numbers, the total column a formula; remember the location
        # cells too, so a check can compare them with the figures.
        for code in w.codes:
            if code in funder.amounts:
                w.cells[(code, f"{FUNDER_FIGURE}{funder.code}")] = w.ref(code, row)
        funder_rows.append(row)
        if funder.kind == "housing_corporation":
            housing_rows.append(row)
    total_row = w.next_row(
        "financing_total", figure_label("financing_total", report=True), bold=True
    )
    for code in w.columns:
        column = w.letters[code]
        formula = f"=SUM({column}{funder_rows[0]}:{column}{funder_rows[-1]})" if funder_rows else ""
        if formula:
            w.formula(total_row, code, "financing_total", formula)
    if housing_rows:
        row = w.next_row(
            "financing_subtotal_housing", figure_label("financing_subtotal_housing", report=True)
        )
        for code in w.columns:
            formula = "=" + "+".join(w.ref(code, r) for r in housing_rows)
            w.formula(row, code, "financing_subtotal_housing", formula)
    row = w.next_row("surplus", figure_label("surplus", report=True), bold=True)
    for code in w.columns:
        formula = f"={w.ref(code, total_row)}-{w.ref(code, budget_rows['total'])}"
        w.formula(row, code, "surplus", formula)
    intended_row = 0
    if overview.intended_funders:
        # Intended ("beoogd", not committed) money apart, with the shortfall counting it
        # (issue 12), as on the budget page and in the PDF.
        w.next_row("", _("Beoogde financiering (nog niet toegezegd)"), bold=True)
        intended_rows = []
        for funder in overview.intended_funders:
            row = w.next_row(f"{INTENDED_FUNDER_FIGURE}{funder.code}", funder.name)
            for code in w.codes:
                w.value(row, code, funder.amounts.get(code))
            total = write_formula(w.sheet[w.ref(ALL, row)], w.row_sum(row))
            total.number_format = MONEY_FORMAT
            intended_rows.append(row)
        intended_row = w.next_row(
            "financing_intended", figure_label("financing_intended", report=True), bold=True
        )
        for code in w.columns:
            column = w.letters[code]
            formula = f"=SUM({column}{intended_rows[0]}:{column}{intended_rows[-1]})"
            w.formula(intended_row, code, "financing_intended", formula)
        row = w.next_row(
            "surplus_with_intended", figure_label("surplus_with_intended", report=True), bold=True
        )
        for code in w.columns:
            formula = (
                f"={w.ref(code, total_row)}+{w.ref(code, intended_row)}"
                f"-{w.ref(code, budget_rows['total'])}"
            )
            w.formula(row, code, "surplus_with_intended", formula)
    return total_row, intended_row


def _write_popular(w: _Sheet, financing_total_row: int, intended_row: int = 0) -> None:
    """Hourly rates, hours, volunteer value, popular budget (and, with intended money at
    ``intended_row``, the popular budget counting it) and the funders' share."""
    overview = w.overview
    w.header(_("Vrijwillige inzet en populaire begroting"))
    rate_rows = {}
    for kind, label in (
        ("residents", _("Uurtarief bewoners")),
        ("professionals", _("Uurtarief professionals")),
    ):
        rate_rows[kind] = w.next_row(f"rate_{kind}", label)
        if kind in overview.rates:
            write_data(w.sheet, rate_rows[kind], 3, _("euro per uur"))
            cell = w.sheet[f"{w.letters[w.codes[0]]}{rate_rows[kind]}"]
            cell.value = excel_number(overview.rates[kind][0])
            cell.number_format = MONEY_FORMAT
    first = w.letters[w.codes[0]]
    rate_ref = {kind: f"${first}${row}" for kind, row in rate_rows.items()}
    hours = {}
    for name in ("volunteer_hours_residents", "volunteer_hours_professionals"):
        hours[name] = w.next_row(name, figure_label(name, report=True))
        for code in w.codes:
            w.value(hours[name], code, overview.figures[code][name].computed, "hours")
            if overview.figures[code][name].computed is not None:
                w.cells[(code, name)] = w.ref(code, hours[name])
        w.formula(hours[name], ALL, name, w.row_sum(hours[name]))
    residents, professionals = hours.values()
    row = w.next_row("volunteer_hours", figure_label("volunteer_hours", report=True))
    for code in w.columns:
        formula = f"={w.ref(code, residents)}+{w.ref(code, professionals)}"
        w.formula(row, code, "volunteer_hours", formula)
    value_row = w.next_row(
        "volunteer_value", figure_label("volunteer_value", report=True), bold=True
    )
    for code in w.columns:
        formula = (
            f"={w.ref(code, residents)}*{rate_ref['residents']}"
            f"+{w.ref(code, professionals)}*{rate_ref['professionals']}"
        )
        w.formula(value_row, code, "volunteer_value", formula)
    popular_row = w.next_row(
        "popular_budget", figure_label("popular_budget", report=True), bold=True
    )
    for code in w.columns:
        formula = f"={w.ref(code, financing_total_row)}+{w.ref(code, value_row)}"
        w.formula(popular_row, code, "popular_budget", formula)
    if intended_row:
        row = w.next_row(
            "popular_budget_with_intended",
            figure_label("popular_budget_with_intended", report=True),
            bold=True,
        )
        for code in w.columns:
            formula = f"={w.ref(code, popular_row)}+{w.ref(code, intended_row)}"
            w.formula(row, code, "popular_budget_with_intended", formula)
    row = w.next_row("funders_share", figure_label("funders_share", report=True))
    for code in w.columns:
        formula = f"={w.ref(code, financing_total_row)}/{w.ref(code, popular_row)}"
        w.formula(row, code, "funders_share", formula)


def _write_differences(w: _Sheet) -> None:
    """The stated values that differ from the computed figures, one row each (a figure
    stated several times gives a row per differing value, issue 12): stated value, the
    computed figure (a reference to its formula cell), computed minus stated (a formula) and
    the value's source (column G, after the original five)."""
    differences = w.overview.stated_differences()
    if not differences:
        return
    w.next_row()
    w.next_row("", _("Verschillen met de bron"), bold=True)
    row = header = w.next_row()
    labels = [_("Buurtwerkkamer"), _("Kengetal"), _("Vermeld"), _("Berekend"), _("Verschil")]
    headings = [*labels, _("Bron")]
    for column, label in enumerate(headings, start=2):
        write_data(w.sheet, row, column, label).font = _BOLD
    names = dict(w.overview.columns)
    for code, figure, statement in differences:
        row = w.next_row(
            "",
            names.get(code, _("Totaal")),
            figure_label(figure.name, w.overview.funder_names, report=True),
        )
        stated = write_data(w.sheet, row, 4, excel_number(statement.value))
        where = w.cells.get((code, figure.name))
        computed = (
            write_formula(w.sheet[f"E{row}"], f"={where}")
            if where
            else write_data(w.sheet, row, 5, excel_number(figure.computed))
        )
        difference = write_formula(w.sheet[f"F{row}"], f"=E{row}-D{row}")
        for cell in (stated, computed, difference):
            cell.number_format = _FORMATS[figure.kind]
        write_data(w.sheet, row, 7, statement.source)
    add_table(
        w.sheet, len(headings), row - header, "tbl_begroting_verschillen", first_row=header,
        first_column=2,
    )  # fmt: skip


def budget_data_figures(overview: BudgetOverview) -> list[str]:
    """The figure names of the ``budget_data`` sheet before the intended and funder ones:
    ``subtotal_<code>`` per group of the budget, the total and its ratio codes, then the rest
    of BUDGET_DATA_FIGURES (for today's groups and ratios exactly BUDGET_DATA_FIGURES; a
    ratio the document does not define is not listed, one it defines without groups of its
    own is)."""
    rest = BUDGET_DATA_FIGURES[BUDGET_DATA_FIGURES.index("overhead_share") + 1 :]
    return [
        *(f"subtotal_{group.code}" for group in overview.groups),
        "total",
        *(ratio.code for ratio in overview.ratios),
        *rest,
    ]


def budget_data_rows(overview: BudgetOverview) -> list[list[str | int | float | None]]:
    """The rows of the ``budget_data`` sheet: per location code (then ``region`` and the room
    groups' codes of :attr:`BudgetOverview.wider`, then "all") every name in
    :func:`budget_data_figures` in that order, with intended money INTENDED_FIGURES, then
    ``financing:<funder code>`` per funder; computed
    and stated as numbers (shares as fractions, money in euros, hours), None when not
    applicable / not stated."""
    rows: list[list[str | int | float | None]] = []
    intended = INTENDED_FIGURES if overview.intended_funders else ()
    names = [
        *budget_data_figures(overview),
        *intended,
        *(f"{FUNDER_FIGURE}{f.code}" for f in overview.funders),
    ]
    for code in [*(code for code, _name in overview.columns), ALL]:
        figures = overview.figures[code]
        for name in names:
            figure = figures.get(name)
            rows.append(
                [
                    code,
                    name,
                    excel_number(figure.computed) if figure else None,
                    excel_number(figure.stated) if figure else None,
                ]
            )
    return rows


def write_budget_data_sheet(sheet: Worksheet, overview: BudgetOverview) -> None:
    """Fill ``sheet`` with the header BUDGET_DATA_COLUMNS and :func:`budget_data_rows`, as
    the defined table ``tbl_budget_data`` (shares shown as "0%", still fractions), set up
    for printing."""
    sheet.append(data_row(sheet, BUDGET_DATA_COLUMNS))
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
    rows = budget_data_rows(overview)
    for row in rows:
        sheet.append(data_row(sheet, row))
        if is_ratio_name(str(row[1])):  # a fraction: shown as a percentage
            for cell in sheet[sheet.max_row][2:4]:
                cell.number_format = SHARE_FORMAT
    for letter, width in zip("ABCD", (14, 36, 16, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    add_table(sheet, len(BUDGET_DATA_COLUMNS), len(rows))
    print_setup(sheet)


def add_financial_sheets(workbook: Workbook, report: ProgressReport) -> bool:
    """Append the ``begroting`` and ``budget_data`` sheets for ``report`` when it has a
    financial section, and make the workbook recalculate its formulas on open.

    Returns True when the sheets were added, False when the report has no financial section
    (the agreement has no budget, financing, volunteer hours or stated figures for the
    report's locations). Reads nothing but the report (no query).
    """
    if report.financial is None:
        return False
    overview = report.financial.overview
    write_budget_sheet(workbook.create_sheet(BUDGET_SHEET), overview)
    write_budget_data_sheet(workbook.create_sheet(BUDGET_DATA_SHEET), overview)
    workbook.calculation.fullCalcOnLoad = True
    return True
