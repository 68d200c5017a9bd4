"""The financial section of the quarterly report (PDF and Excel): formatted from its figures.

The figures are computed once, by the selector (:func:`reports.selectors.progress_report`,
inside the report's scope): :func:`budgets.figures.budget_overview` (budget lines,
subtotals, ratios, financing, surplus or shortfall, volunteer value, popular budget and the
stated figures beside them) and, when the agreement has anything financial,
:func:`budgets.actuals.budget_vs_actual` up to the period's end. :func:`financial_section`
turns those two into the :class:`FinancialSection` the report carries. Nothing is computed and
nothing is read from the database here: this module only selects and formats (DOMAIN.md
"Budget, financing and the popular budget"; issue 4, "Where users see it").

Display rules (:mod:`budgets.display` in its report wording, on :mod:`locations.formatting`):
money as euros with cents ("€ 35.460,00", "-€ 99,50"), shares rounded half-up to a whole
percent ("38%"), hours as Dutch numbers ("10.500"), "—" when a figure is not applicable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.actuals import ActualRow, BudgetVsActual
from budgets.display import Cell, figure_label, format_difference, format_value, group_label
from budgets.figures import ALL, POPULAR_BUDGET_FIGURES, BudgetOverview, FunderRow, LineRow
from budgets.figures.wider import wider_note
from locations.formatting import format_euro, format_share


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
    """A stated value that differs from the computed figure: where, what, both figures and
    computed minus stated, formatted; ``source`` where the value is stated ("" when the file
    names none). A figure stated several times gives one per differing value (issue 12)."""

    location_name: str
    figure_label: str
    stated: str
    computed: str
    difference: str
    source: str = ""


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
    """The financial section of one report (``ProgressReport.financial``).

    ``overview`` and ``actual`` are the figures it was built from (the Excel ``begroting`` and
    ``budget_data`` sheets write their numbers and formulas from ``overview``); the rest is
    formatted for the PDF: the budget, financing and popular-budget tables, their footnotes,
    the hourly rates, the differences with the source and budget versus actual per location
    and per line. ``columns`` are (code, name) of the locations plus ("all", "Totaal");
    ``actual`` is None when nothing has been spent up to the period's end."""

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
    #: Issue 12: the note that region or room-group figures are left out ("" when none are).
    wider_note: str = ""


def budget_and_spent(section: FinancialSection) -> dict[str, tuple[Decimal, Decimal]]:
    """Per location code of the section (in its order), the year's budget total and the
    spending up to the report period's end (euros; 0 when nothing was spent), for the
    locations that have a budget total. The board dashboard and the budget chart both read
    these, so they cannot differ."""
    overview, actual = section.overview, section.actual
    result: dict[str, tuple[Decimal, Decimal]] = {}
    for code, _name in overview.locations:
        figure = overview.figures.get(code, {}).get("total")
        if figure is None or figure.computed is None:
            continue
        row = actual.totals.get(code) if actual is not None else None
        result[code] = (figure.computed, row.spent if row is not None else Decimal(0))
    return result


def has_content(overview: BudgetOverview) -> bool:
    """True when the agreement has a budget line, financing, volunteer hours or a stated
    figure for the selected locations (otherwise the report has no financial section)."""
    if overview.lines or overview.funders or overview.intended_funders:
        return True
    return any(
        figure.computed is not None or figure.stated is not None
        for figures in overview.figures.values()
        for figure in figures.values()
    )


def _cells(overview: BudgetOverview, name: str, columns: list[str]) -> tuple[Cell, ...]:
    return tuple(Cell.of(overview.figures[code].get(name), report=True) for code in columns)


def _figure_row(
    overview: BudgetOverview, name: str, columns: list[str], kind: str = "figure"
) -> TableRow:
    label = figure_label(name, overview.funder_names, report=True, names=overview.figure_names)
    return TableRow(kind, name, label, cells=_cells(overview, name, columns))


def _applicable(overview: BudgetOverview, name: str) -> bool:
    return any(
        name in figures and (figures[name].computed is not None or figures[name].stated is not None)
        for figures in overview.figures.values()
    )


_SOURCE_MARKS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _marks(texts: Iterable[str], footnotes: list[tuple[str, str]]) -> str:
    """Give each distinct footnote text one mark (in order of first use) and return the
    row's marks. A note as printed in the source keeps its own mark ("③ ..."); other notes
    (in kind, earmarked) get a letter: a, b, c, ..."""
    marks: list[str] = []
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


def _budget_rows(
    overview: BudgetOverview, columns: list[str], footnotes: list[tuple[str, str]]
) -> list[TableRow]:
    rows: list[TableRow] = []
    for group in overview.groups:
        lines = [line for line in overview.lines if line.group == group.code]
        if not lines:
            continue
        rows.append(TableRow("group", group.code, group_label(overview, group)))
        for line in lines:
            rows.append(_line_row(line, overview, footnotes))
        rows.append(_figure_row(overview, f"subtotal_{group.code}", columns, "subtotal"))
        if (
            not overview.stated_groups
            and group.code == "B"
            and _applicable(overview, "subtotal_AB")
        ):
            rows.append(_figure_row(overview, "subtotal_AB", columns, "subtotal"))
    for line in overview.lines:
        if not line.group:
            rows.append(_line_row(line, overview, footnotes))
    if _applicable(overview, "total"):
        rows.append(_figure_row(overview, "total", columns, "total"))
    for ratio in overview.ratios:
        if _applicable(overview, ratio.code):
            rows.append(_figure_row(overview, ratio.code, columns, "ratio"))
    return rows


def _line_row(
    line: LineRow, overview: BudgetOverview, footnotes: list[tuple[str, str]]
) -> TableRow:
    amounts = [Cell(format_euro(line.amounts.get(code))) for code, _name in overview.columns]
    return TableRow(
        "line",
        line.code,
        line.description,
        note=line.note,
        cells=(*amounts, Cell(format_euro(line.total))),
        marks=_marks([line.footnote] if line.footnote else [], footnotes),
    )


def _financing_rows(
    overview: BudgetOverview, columns: list[str], footnotes: list[tuple[str, str]]
) -> list[TableRow]:
    rows = _funder_table_rows(overview.funders, overview, footnotes)
    for name, kind in (
        ("financing_subtotal_housing", "subtotal"),
        ("financing_total", "total"),
        ("surplus", "total"),
    ):
        if _applicable(overview, name):
            rows.append(_figure_row(overview, name, columns, kind))
    if overview.intended_funders:
        # Intended ("beoogd", not committed) money apart, with the shortfall counting it
        # (issue 12, "Funding that is intended, not committed"), as on the budget page.
        rows.append(TableRow("group", "intended", _("Beoogde financiering (nog niet toegezegd)")))
        rows += _funder_table_rows(overview.intended_funders, overview, footnotes)
        for name in ("financing_intended", "surplus_with_intended"):
            if _applicable(overview, name):
                rows.append(_figure_row(overview, name, columns, "total"))
    return rows


def _funder_table_rows(
    funders: list[FunderRow], overview: BudgetOverview, footnotes: list[tuple[str, str]]
) -> list[TableRow]:
    """One row per funder of ``funders`` (committed or intended), with its footnotes and the
    parts in kind / earmarked as marks."""
    rows: list[TableRow] = []
    for funder in funders:
        notes = list(funder.footnotes)
        for code, name in overview.columns:
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
            for code, _name in overview.columns
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
    return rows


def _popular_rows(overview: BudgetOverview, columns: list[str]) -> list[TableRow]:
    names = list(POPULAR_BUDGET_FIGURES)
    if overview.intended_funders:  # issue 12: the popular budget counting intended money too
        names.insert(names.index("popular_budget") + 1, "popular_budget_with_intended")
    totals = ("popular_budget", "popular_budget_with_intended")
    return [
        _figure_row(overview, name, columns, "total" if name in totals else "figure")
        for name in names
        if _applicable(overview, name)
    ]


def _differences(overview: BudgetOverview) -> list[Difference]:
    """One row per stated value that differs from its computed figure (issue 12: a figure
    stated twice, once agreeing, gives one row), with its source."""
    names = dict(overview.columns)
    names[ALL] = _("Totaal")
    return [
        Difference(
            location_name=names.get(code, code),
            figure_label=figure_label(
                figure.name, overview.funder_names, report=True, names=overview.figure_names
            ),
            stated=statement.text or format_value(figure.kind, statement.value, report=True),
            computed=format_value(figure.kind, figure.computed, report=True),
            difference=format_difference(figure.kind, statement.difference, report=True),
            source=statement.source,
        )
        for code, figure, statement in overview.stated_differences()
    ]


def _actual_line(code: str, label: str, row: ActualRow) -> ActualLine:
    share = row.share_of_budget
    return ActualLine(
        code=code,
        label=label,
        budget=format_euro(row.budget),
        spent=format_euro(row.spent),
        share=format_share(share),
        forecast=format_euro(row.forecast),
        over_budget=row.forecast_over_budget,
    )


def financial_section(
    overview: BudgetOverview, actual: BudgetVsActual | None
) -> FinancialSection | None:
    """The financial section of a report, formatted from its figures; no database access.

    In: the budget overview over the report's locations (``budget_overview(agreement,
    location_codes=<the report's locations>)``, so a coordinator's report shows only their
    rooms and "all" is the sum over those rooms) and budget versus actual from 1 January to
    the period's end over the same locations (None when not computed).
    Out: None when the overview has no location or nothing financial (:func:`has_content`);
    otherwise the section, whose ``actual`` is None when nothing has been spent in that time.
    """
    if not overview.locations or not has_content(overview):
        return None
    columns = [*(code for code, _name in overview.columns), ALL]
    line_footnotes: list[tuple[str, str]] = []
    financing_footnotes: list[tuple[str, str]] = []
    rates = []
    for kind, label in (
        ("residents", _("Uurtarief bewoners")),
        ("professionals", _("Uurtarief professionals")),
    ):
        if kind in overview.rates:
            rates.append((label, format_euro(overview.rates[kind][0])))
    total = actual.totals.get(ALL) if actual is not None else None
    if total is None or not total.spent:
        actual = None
    actual_locations: list[ActualLine] = []
    actual_lines: list[ActualLine] = []
    if actual is not None:
        names = dict([*actual.locations, *actual.wider])
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
        columns=[*overview.columns, (ALL, _("Totaal"))],
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
        wider_note=wider_note(overview),
    )
