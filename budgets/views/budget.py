"""The budget page of an agreement: lines x locations, financing, volunteer value, differences.

Every figure comes from :func:`budgets.figures.budget_overview` (computed, never typed); this
module only arranges them into rows for the template. A figure the source states differently
is shown in place with both values and listed again under "Verschillen met de bron".
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from agreements.models import Agreement
from agreements.views import AgreementPageMixin
from budgets.display import Cell, figure_label, group_label
from budgets.figures import ALL, POPULAR_BUDGET_FIGURES, BudgetOverview, budget_overview
from budgets.figures.wider import wider_note
from locations.access import Area
from locations.formatting import EMPTY, format_euro
from locations.models import Location


@dataclass(frozen=True)
class Row:
    """A table row: label, optional note/footnote markers, one cell per column, CSS class."""

    label: str
    cells: list[Cell]
    note: str = ""
    css: str = ""
    code: str = ""
    footnotes: tuple[str, ...] = ()


class BudgetFilterSet(django_filters.FilterSet):
    """The budget page's location filter: the agreement's locations in the active scope.

    An empty selection means every visible location.
    """

    location = django_filters.ModelMultipleChoiceFilter(
        label=gettext_lazy("Buurtwerkkamer"),
        field_name="code",
        to_field_name="code",
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Location
        fields = ["location"]

    def __init__(self, data=None, *, agreement: Agreement, **kwargs):
        queryset = Location.objects.filter(agreements=agreement).order_by("name", "code")
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["location"].queryset = queryset


def _figure_row(overview: BudgetOverview, columns: list[str], name: str, css: str = "") -> Row:
    return Row(
        label=figure_label(name, overview.funder_names, names=overview.figure_names),
        cells=[Cell.of(overview.figures[column].get(name)) for column in columns],
        css=css,
        code=name,
    )


def budget_rows(overview: BudgetOverview, columns: list[str]) -> list[Row]:
    """The budget table: per group of the budget (the document's, or A-E) its lines and
    subtotal (with A + B after B for today's groups), ungrouped lines, the total and the
    budget's ratios (only those it defines)."""
    rows: list[Row] = []
    for group in overview.groups:
        lines = [line for line in overview.lines if line.group == group.code]
        if not lines:
            continue
        rows.append(Row(label=group_label(overview, group), cells=[], css="group"))
        for line in lines:
            rows.append(_line_row(line, columns))
        rows.append(_figure_row(overview, columns, f"subtotal_{group.code}", "subtotal"))
        if (
            not overview.stated_groups
            and group.code == "B"
            and any(line.group == "A" for line in overview.lines)
        ):
            rows.append(_figure_row(overview, columns, "subtotal_AB", "subtotal"))
    for line in overview.lines:
        if not line.group:
            rows.append(_line_row(line, columns))
    rows.append(_figure_row(overview, columns, "total", "total"))
    for ratio in overview.ratios:
        rows.append(_figure_row(overview, columns, ratio.code, "ratio"))
    return rows


def line_footnotes(overview: BudgetOverview) -> list[tuple[str, str]]:
    """The distinct footnotes of the budget lines, each with the codes that carry it
    (e.g. ("C3, D1, D2", "③ Nagenoeg alle kosten ...")), in line order."""
    codes: dict[str, list[str]] = {}
    for line in overview.lines:
        if line.footnote:
            codes.setdefault(line.footnote, []).append(line.code)
    return [(", ".join(line_codes), text) for text, line_codes in codes.items()]


def _line_row(line, columns: list[str]) -> Row:
    cells = [
        Cell(format_euro(line.total if column == ALL else line.amounts[column], cents=False))
        for column in columns
    ]
    return Row(
        label=f"({line.code}) {line.description}",
        cells=cells,
        note=line.note,
        code=line.code,
        footnotes=(line.footnote,) if line.footnote else (),
    )


def financing_rows(overview: BudgetOverview, columns: list[str]) -> list[Row]:
    """The financing table: one row per funder (amount where it finances, "—" elsewhere, with
    the parts in kind / earmarked), the housing corporations' subtotal, the total and the
    surplus or shortfall; then, apart, the intended ("beoogd", not committed) financing per
    funder, its total and the surplus or shortfall counting it (issue 12)."""
    rows = _funder_rows(overview.funders, overview, columns)
    if any(figures.get("financing_subtotal_housing") for figures in overview.figures.values()):
        rows.append(_figure_row(overview, columns, "financing_subtotal_housing", "subtotal"))
    rows.append(_figure_row(overview, columns, "financing_total", "total"))
    rows.append(_figure_row(overview, columns, "surplus", "surplus"))
    if overview.intended_funders:
        rows.append(
            Row(label=_("Beoogde financiering (nog niet toegezegd)"), cells=[], css="group")
        )
        rows.extend(_funder_rows(overview.intended_funders, overview, columns))
        rows.append(_figure_row(overview, columns, "financing_intended", "total"))
        rows.append(_figure_row(overview, columns, "surplus_with_intended", "surplus"))
    return rows


def _funder_rows(funders, overview: BudgetOverview, columns: list[str]) -> list[Row]:
    """One row per funder of ``funders`` (:class:`~budgets.figures.FunderRow`)."""
    rows = []
    for funder in funders:
        cells = []
        for column in columns:
            if column == ALL:
                cells.append(Cell(format_euro(funder.total, cents=False)))
            elif column in funder.amounts:
                cells.append(Cell(format_euro(funder.amounts[column], cents=False)))
            else:
                cells.append(Cell(EMPTY))
        rows.append(
            Row(
                label=funder.name,
                cells=cells,
                code=funder.code,
                footnotes=funder.footnotes,
                note=_parts_note(funder, dict(overview.columns)),
            )
        )
    return rows


def _parts_note(funder, names: dict[str, str]) -> str:
    """E.g. "waarvan in natura: De Handreiking € 12.000 · waarvan geoormerkt: ... € 5.000"."""
    parts = []
    for label, values in (
        (_("waarvan in natura"), funder.in_kind),
        (_("waarvan geoormerkt"), funder.earmarked),
    ):
        if values:
            listed = "; ".join(
                f"{names.get(code, code)} {format_euro(value, cents=None)}"
                for code, value in values.items()
            )
            parts.append(f"{label}: {listed}")
    return " · ".join(parts)


class BudgetView(AgreementPageMixin, TemplateView):
    """The budget page of one agreement (``budgets:budget``), for the locations the user sees.

    Board and admin see every location of their organisation, coordinators only theirs
    (the active scope, :mod:`locations.access`); an agreement outside the scope answers 404.
    GET ``location`` (codes, repeatable) limits the locations; "Totaal" is then the sum over
    the selection.
    """

    template_name = "budgets/budget.html"
    access_area = Area.BUDGET

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.target
        filterset = BudgetFilterSet(self.request.GET or None, agreement=agreement)
        location_codes = None
        if filterset.is_bound and filterset.form.is_valid():
            selected = filterset.form.cleaned_data["location"]
            if selected:
                location_codes = [location.code for location in selected]
        overview = budget_overview(agreement, location_codes=location_codes)
        # The rooms, then the region's and room groups' own columns (issue 12), then the total.
        columns = [code for code, _name in overview.columns]
        if columns:
            columns.append(ALL)
        names = dict(overview.columns)
        rooms = {code for code, _name in overview.locations}
        funder_names = {funder.code: funder.name for funder in overview.funders}
        figure_names = overview.figure_names
        context.update(
            agreement=agreement,
            filterset=filterset,
            overview=overview,
            headers=[names.get(code, _("Totaal")) for code in columns],
            budget_rows=budget_rows(overview, columns) if overview.lines else [],
            budget_footnotes=line_footnotes(overview),
            financing_rows=financing_rows(overview, columns)
            if overview.funders or overview.intended_funders
            else [],
            volunteer_rows=[_figure_row(overview, columns, n) for n in POPULAR_BUDGET_FIGURES]
            + (
                [_figure_row(overview, columns, "popular_budget_with_intended")]
                if overview.intended_funders
                else []
            ),
            shortfalls=[
                names[code] for code in columns if code in rooms and overview.has_shortfall(code)
            ],
            wider_note=wider_note(overview),
            differences=[
                {
                    "location": names.get(code, _("Totaal")),
                    "label": figure_label(figure.name, funder_names, names=figure_names),
                    "cell": Cell.of_statement(figure, statement),
                }
                for code, figure, statement in overview.stated_differences()
            ],
            rates=[
                (_("bewoners"), format_euro(rate), source)
                if kind == "residents"
                else (_("professionals"), format_euro(rate), source)
                for kind, (rate, source) in sorted(overview.rates.items(), reverse=True)
            ],
        )
        return context
