"""The financial section of the quarterly report (PDF and Excel), from one budget overview.

Every figure comes from :func:`budgets.figures.budget_overview` (budget lines, subtotals,
ratios, financing, surplus or shortfall, volunteer value, popular budget and the stated
figures beside them) and, when money has been spent, from
:func:`budgets.actuals.budget_vs_actual` up to the period's end. Nothing is computed here: this
module only selects and formats (DOMAIN.md "Budget, financing and the popular budget"; issue 4,
"Where users see it").

Display rules (reports.figures): money as euros with cents ("€ 35.460,00"), shares rounded
half-up to a whole percent ("38%"), hours as Dutch numbers ("10.500"), "—" when a figure is not
applicable.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from budgets.actuals import BudgetVsActual, budget_vs_actual
from budgets.figures import ALL, FUNDER_FIGURE, BudgetOverview, budget_overview
from budgets.models import LineGroup
from reports.figures import format_euro, format_number, format_percentage
from reports.selectors import ProgressReport

#: Dutch labels of the figures (budget_data names, budgets.figures).
FIGURE_LABELS = {
    "subtotal_A": gettext_lazy("Subtotaal (A) inzet mensen"),
    "subtotal_B": gettext_lazy("Subtotaal (B) inzet mensen met een 'social return'"),
    "subtotal_C": gettext_lazy("Subtotaal (C) huisvestingskosten"),
    "subtotal_D": gettext_lazy("Subtotaal (D) locatiekosten"),
    "subtotal_E": gettext_lazy("Subtotaal (E) verenigingskosten"),
    "subtotal_AB": gettext_lazy("(A) + (B) Subtotaal inzet mensen"),
    "total": gettext_lazy("Totaal begroting"),
    "sroi_share": gettext_lazy("Social Return On Investment (SROI): (B) als percentage van totaal"),
    "people_share": gettext_lazy(
        "Aandeel investering in mensen: (A) + (B) als percentage van totaal"
    ),
    "overhead_share": gettext_lazy(
        "Aandeel indirecte kosten (overhead): (A3) + (E) als percentage van totaal"
    ),
    "financing_total": gettext_lazy("Totaal financiering"),
    "financing_subtotal_housing": gettext_lazy("Subtotaal woningcorporaties"),
    "surplus": gettext_lazy("Overschot (+) of tekort (-): financiering min begroting"),
    "volunteer_hours_residents": gettext_lazy("Vrijwillige inzet bewoners (uren)"),
    "volunteer_hours_professionals": gettext_lazy("Vrijwillige inzet professionals (uren)"),
    "volunteer_hours": gettext_lazy("Vrijwillige inzet totaal (uren)"),
    "volunteer_value": gettext_lazy("Waarde vrijwillige inzet"),
    "popular_budget": gettext_lazy("Populaire begroting: financiering plus vrijwillige inzet"),
    "funders_share": gettext_lazy("Aandeel financiers in de populaire begroting"),
}


def figure_label(name: str, overview: BudgetOverview | None = None) -> str:
    """The Dutch label of a figure name; ``financing:<code>`` gets the funder's name."""
    if name.startswith(FUNDER_FIGURE):
        code = name.removeprefix(FUNDER_FIGURE)
        names = {funder.code: funder.name for funder in overview.funders} if overview else {}
        return _("Financiering %(funder)s") % {"funder": names.get(code, code)}
    label = FIGURE_LABELS.get(name)
    return str(label) if label is not None else name


def format_value(kind: str, value: Decimal | None) -> str:
    """A figure value for display by kind: money "€ 1.234,50", share (fraction) "38%",
    hours "10.500"; "—" when None."""
    if kind == "share":
        return format_percentage(None if value is None else value * 100)
    if kind == "hours":
        return format_number(value)
    return format_euro(value)


@dataclass(frozen=True)
class Cell:
    """One formatted figure of a table; ``differs`` marks a figure the source states otherwise
    (listed in the appendix "Verschillen met de bron")."""

    text: str
    differs: bool = False


@dataclass(frozen=True)
class TableRow:
    """A row of a financial table. ``kind``: "group" (a heading), "line", "subtotal",
    "total", "ratio", "funder" or "figure"; ``cells`` one per location column plus the total
    column (empty for a heading); ``marks`` footnote marks ("1, 2")."""

    kind: str
    code: str
    label: str
    note: str = ""
    cells: tuple[Cell, ...] = ()
    marks: str = ""


@dataclass(frozen=True)
class Difference:
    """A stated figure that differs from the computed one: where, what, both figures and
    computed minus stated, formatted."""

    location_name: str
    figure_label: str
    stated: str
    computed: str
    difference: str


@dataclass(frozen=True)
class ActualLine:
    """Budget versus actual of one line or total, formatted."""

    code: str
    label: str
    budget: str
    spent: str
    share: str
    forecast: str
    over_budget: bool


@dataclass(frozen=True)
class FinancialSection:
    """The financial section of one report: the overview it was built from, formatted tables
    and the differences with the source. ``columns`` are (code, name) of the locations plus
    ("all", "Totaal"); ``actual`` is None when nothing has been spent up to the period's end."""

    overview: BudgetOverview
    columns: list[tuple[str, str]]
    budget_rows: list[TableRow]
    line_footnotes: list[tuple[str, str]]
    financing_rows: list[TableRow]
    financing_footnotes: list[tuple[str, str]]
    popular_rows: list[TableRow]
    rates: list[tuple[str, str]]
    differences: list[Difference]
    actual: BudgetVsActual | None
    actual_locations: list[ActualLine]
    actual_lines: list[ActualLine]


def has_content(overview: BudgetOverview) -> bool:
    """True when the agreement has a budget line, financing, volunteer hours or a stated
    figure for the selected locations (otherwise the report has no financial section)."""
    if overview.lines or overview.funders:
        return True
    return any(
        figure.computed is not None or figure.stated is not None
        for figures in overview.figures.values()
        for figure in figures.values()
    )


def report_overview(report: ProgressReport) -> BudgetOverview | None:
    """The budget overview of the report's agreement over the report's locations (those the
    requesting user may see), or None when there is nothing financial to show."""
    agreement = Agreement.objects.get(pk=report.agreement_id)
    overview = budget_overview(agreement, location_codes=[block.code for block in report.locations])
    return overview if overview.locations and has_content(overview) else None


def _cells(overview: BudgetOverview, name: str, columns: list[str]) -> tuple[Cell, ...]:
    cells = []
    for code in columns:
        figure = overview.figures[code].get(name)
        if figure is None:
            cells.append(Cell("—"))
        else:
            cells.append(Cell(format_value(figure.kind, figure.computed), figure.differs))
    return tuple(cells)


def _figure_row(overview, name, columns, kind="figure") -> TableRow:
    return TableRow(kind, name, figure_label(name, overview), cells=_cells(overview, name, columns))


def _applicable(overview: BudgetOverview, name: str) -> bool:
    return any(
        name in figures and (figures[name].computed is not None or figures[name].stated is not None)
        for figures in overview.figures.values()
    )


_SOURCE_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _marks(texts, footnotes: list[tuple[str, str]]) -> str:
    """Give each distinct footnote text one mark (in order of first use) and return the
    row's marks. A note as printed in the source keeps its own mark ("③ ..."); other notes
    (in kind, earmarked) get a letter: a, b, c, ..."""
    marks = []
    for text in texts:
        if text[:1] in _SOURCE_MARKS:
            entry = (text[0], text[1:].strip())
        else:
            existing = [entry for entry in footnotes if entry[1] == text]
            letters = sum(1 for mark, _note in footnotes if mark not in _SOURCE_MARKS)
            entry = existing[0] if existing else ("abcdefghijklmnopqrstuvwxyz"[letters % 26], text)
        if entry not in footnotes:
            footnotes.append(entry)
        if entry[0] not in marks:
            marks.append(entry[0])
    return ", ".join(marks)


def _budget_rows(overview, columns, footnotes) -> list[TableRow]:
    rows: list[TableRow] = []
    for group in LineGroup:
        lines = [line for line in overview.lines if line.group == group.value]
        if not lines:
            continue
        rows.append(TableRow("group", group.value, str(group.label)))
        for line in lines:
            rows.append(_line_row(line, overview, footnotes))
        rows.append(_figure_row(overview, f"subtotal_{group.value}", columns, "subtotal"))
        if group == LineGroup.B and _applicable(overview, "subtotal_AB"):
            rows.append(_figure_row(overview, "subtotal_AB", columns, "subtotal"))
    for line in overview.lines:
        if not line.group:
            rows.append(_line_row(line, overview, footnotes))
    if _applicable(overview, "total"):
        rows.append(_figure_row(overview, "total", columns, "total"))
    for name in ("sroi_share", "people_share", "overhead_share"):
        if _applicable(overview, name):
            rows.append(_figure_row(overview, name, columns, "ratio"))
    return rows


def _line_row(line, overview, footnotes) -> TableRow:
    amounts = [Cell(format_euro(line.amounts.get(code))) for code, _name in overview.locations]
    return TableRow(
        "line",
        line.code,
        line.description,
        note=line.note,
        cells=(*amounts, Cell(format_euro(line.total))),
        marks=_marks([line.footnote] if line.footnote else [], footnotes),
    )


def _financing_rows(overview, columns, footnotes) -> list[TableRow]:
    rows = []
    for funder in overview.funders:
        notes = list(funder.footnotes)
        for code, name in overview.locations:
            if code in funder.in_kind:
                notes.append(
                    _("%(location)s: waarvan %(amount)s in natura")
                    % {"location": name, "amount": format_euro(funder.in_kind[code])}
                )
            if code in funder.earmarked:
                notes.append(
                    _("%(location)s: waarvan %(amount)s geoormerkt")
                    % {"location": name, "amount": format_euro(funder.earmarked[code])}
                )
        cells = [
            Cell(format_euro(funder.amounts[code]) if code in funder.amounts else "")
            for code, _name in overview.locations
        ]
        rows.append(
            TableRow(
                "funder",
                funder.code,
                funder.name,
                cells=(*cells, Cell(format_euro(funder.total))),
                marks=_marks(notes, footnotes),
            )
        )
    for name, kind in (
        ("financing_subtotal_housing", "subtotal"),
        ("financing_total", "total"),
        ("surplus", "total"),
    ):
        if _applicable(overview, name):
            rows.append(_figure_row(overview, name, columns, kind))
    return rows


def _popular_rows(overview, columns) -> list[TableRow]:
    names = (
        "volunteer_hours_residents",
        "volunteer_hours_professionals",
        "volunteer_hours",
        "volunteer_value",
        "financing_total",
        "popular_budget",
        "funders_share",
    )
    return [
        _figure_row(overview, name, columns, "total" if name == "popular_budget" else "figure")
        for name in names
        if _applicable(overview, name)
    ]


def _differences(overview: BudgetOverview) -> list[Difference]:
    names = dict(overview.locations)
    names[ALL] = _("Totaal")
    return [
        Difference(
            location_name=names.get(code, code),
            figure_label=figure_label(figure.name, overview),
            stated=figure.stated_text or format_value(figure.kind, figure.stated),
            computed=format_value(figure.kind, figure.computed),
            difference=_signed(figure.kind, figure.difference),
        )
        for code, figure in overview.differences()
    ]


def _signed(kind: str, value: Decimal | None) -> str:
    if kind == "share":
        # A difference of shares in percentage points, one decimal.
        if value is None:
            return "—"
        points = (value * 100).quantize(Decimal("0.1"))
        text = f"+{format_number(points)}" if points > 0 else format_number(points)
        return _("%(points)s procentpunt") % {"points": text}
    text = format_value(kind, value)
    return f"+{text}" if value is not None and value > 0 else text


def _actual_line(code: str, label: str, row) -> ActualLine:
    share = row.share_of_budget
    return ActualLine(
        code=code,
        label=label,
        budget=format_euro(row.budget),
        spent=format_euro(row.spent),
        share=format_percentage(None if share is None else share * 100),
        forecast=format_euro(row.forecast),
        over_budget=row.forecast_over_budget,
    )


def report_actual(report: ProgressReport) -> BudgetVsActual | None:
    """Budget versus actual from 1 January to the period's end over the report's locations,
    or None when nothing has been spent in that time."""
    agreement = Agreement.objects.get(pk=report.agreement_id)
    actual = budget_vs_actual(
        agreement,
        end=report.period.end,
        location_codes=[block.code for block in report.locations],
    )
    total = actual.totals.get(ALL)
    return actual if total is not None and total.spent else None


def financial_section(report: ProgressReport) -> FinancialSection | None:
    """The financial section of ``report``, or None when the agreement has no budget,
    financing, volunteer hours or stated figures for the report's locations.

    Reads through the default (scoped) managers, limited to the report's locations (so a
    coordinator's report shows only their rooms; "all" is the sum over those rooms).
    """
    overview = report_overview(report)
    if overview is None:
        return None
    columns = [*(code for code, _name in overview.locations), ALL]
    line_footnotes: list[tuple[str, str]] = []
    financing_footnotes: list[tuple[str, str]] = []
    rates = []
    for kind, label in (
        ("residents", _("Uurtarief bewoners")),
        ("professionals", _("Uurtarief professionals")),
    ):
        if kind in overview.rates:
            rates.append((label, format_euro(overview.rates[kind][0])))
    actual = report_actual(report)
    actual_locations: list[ActualLine] = []
    actual_lines: list[ActualLine] = []
    if actual is not None:
        names = dict(actual.locations)
        actual_locations = [
            _actual_line(code, names.get(code, _("Totaal")), actual.totals[code])
            for code in [*names, ALL]
            if code in actual.totals
        ]
        actual_lines = [
            _actual_line(row.line_code, row.description, row) for row in actual.line_totals.values()
        ]
    return FinancialSection(
        overview=overview,
        columns=[*overview.locations, (ALL, _("Totaal"))],
        budget_rows=_budget_rows(overview, columns, line_footnotes),
        line_footnotes=line_footnotes,
        financing_rows=_financing_rows(overview, columns, financing_footnotes),
        financing_footnotes=financing_footnotes,
        popular_rows=_popular_rows(overview, columns),
        rates=rates,
        differences=_differences(overview),
        actual=actual,
        actual_locations=actual_locations,
        actual_lines=actual_lines,
    )
