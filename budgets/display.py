"""How the budget figures are shown: labels, formatted values and differences, table cells.

One implementation for the budget page, the board page, the admin and the financial section of
the quarterly report (PDF and Excel). Numbers, euros, percentages and hours are formatted by
:mod:`locations.formatting`; this module only knows the budget's figure names and kinds
(:mod:`budgets.figures`).

The budget page and the report word and show some figures differently, and each keeps its
own way (``report=False``: the budget page and the admin; ``report=True``: the
report):

- labels: the page says "Uren bewoners", the report "Vrijwillige inzet bewoners (uren)"
  (:data:`PAGE_LABELS`, :data:`REPORT_LABELS`; the labels both use are in :data:`LABELS`);
- money: the page shows whole euros unless an amount has cents ("€ 125.568",
  "€ 1.234,50"), the report always shows cents ("€ 35.460,00");
- a difference of shares: the page in whole percentage points ("+3 %-punt"), the report
  with at most one decimal ("+2,5 procentpunt").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.figures import FUNDER_FIGURE, BudgetOverview, Figure, Statement
from budgets.figures.groups import GroupDef
from budgets.models import LineGroup
from locations.formatting import (
    EMPTY,
    document_name,
    format_euro,
    format_hours,
    format_number,
    format_share,
    round_half_up,
)

#: Labels the budget page and the report share.
LABELS = {
    "subtotal_AB": gettext_lazy("(A) + (B) Subtotaal inzet mensen"),
    "total": gettext_lazy("Totaal begroting"),
    "sroi_share": gettext_lazy("Social Return On Investment (SROI): (B) als percentage van totaal"),
    "people_share": gettext_lazy(
        "Aandeel investering in mensen: (A) + (B) als percentage van totaal"
    ),
    "financing_subtotal_housing": gettext_lazy("Subtotaal woningcorporaties"),
    "surplus": gettext_lazy("Overschot (+) of tekort (-): financiering min begroting"),
    "popular_budget": gettext_lazy("Populaire begroting: financiering plus vrijwillige inzet"),
    "funders_share": gettext_lazy("Aandeel financiers in de populaire begroting"),
    "financing_intended": gettext_lazy("Totaal beoogde financiering (nog niet toegezegd)"),
    "surplus_with_intended": gettext_lazy(
        "Overschot (+) of tekort (-) met de beoogde financiering erbij"
    ),
    "popular_budget_with_intended": gettext_lazy(
        "Populaire begroting met de beoogde financiering erbij"
    ),
}
#: The budget page's own wording ("subtotal_<G>" is "Subtotaal " and the group's label).
PAGE_LABELS = {
    "overhead_share": gettext_lazy("Aandeel overhead: (A3) + (E) als percentage van totaal"),
    "financing_total": gettext_lazy("Totaal financiering (directe euro's)"),
    "volunteer_hours_residents": gettext_lazy("Uren bewoners"),
    "volunteer_hours_professionals": gettext_lazy("Uren professionals"),
    "volunteer_hours": gettext_lazy("Uren vrijwillige inzet totaal"),
    "volunteer_value": gettext_lazy("Vrijwillige inzet in euro's"),
}
#: The report's own wording (PDF and Excel).
REPORT_LABELS = {
    "subtotal_A": gettext_lazy("Subtotaal (A) inzet mensen"),
    "subtotal_B": gettext_lazy("Subtotaal (B) inzet mensen met een 'social return'"),
    "subtotal_C": gettext_lazy("Subtotaal (C) huisvestingskosten"),
    "subtotal_D": gettext_lazy("Subtotaal (D) locatiekosten"),
    "subtotal_E": gettext_lazy("Subtotaal (E) verenigingskosten"),
    "overhead_share": gettext_lazy(
        "Aandeel indirecte kosten (overhead): (A3) + (E) als percentage van totaal"
    ),
    "financing_total": gettext_lazy("Totaal financiering"),
    "volunteer_hours_residents": gettext_lazy("Vrijwillige inzet bewoners (uren)"),
    "volunteer_hours_professionals": gettext_lazy("Vrijwillige inzet professionals (uren)"),
    "volunteer_hours": gettext_lazy("Vrijwillige inzet totaal (uren)"),
    "volunteer_value": gettext_lazy("Waarde vrijwillige inzet"),
}


def figure_label(
    name: str,
    funder_names: Mapping[str, str] | None = None,
    *,
    report: bool = False,
    names: Mapping[str, str] | None = None,
) -> str:
    """The Dutch label of a figure name (:data:`budgets.figures.BUDGET_DATA_FIGURES` and the
    other computed or stated names), in the budget page's or (``report``) the report's words.

    ``financing:<code>`` is "Financiering " and the funder's name from ``funder_names``
    (party code -> name; the code when unknown). An unknown name is returned as it is.
    "subtotal_A" -> "Subtotaal (A) Inzet mensen" on the page, "Subtotaal (A) inzet mensen"
    in the report; "total" -> "Totaal begroting" in both. ``names``: the document's own
    labels (:attr:`budgets.figures.BudgetOverview.figure_names`), used first.
    """
    if names and name in names:
        return names[name]
    if name.startswith(FUNDER_FIGURE):
        code = name.removeprefix(FUNDER_FIGURE)
        return _("Financiering %(funder)s") % {"funder": (funder_names or {}).get(code, code)}
    group = name.removeprefix("subtotal_")
    if not report and name.startswith("subtotal_") and group in LineGroup.values:
        return _("Subtotaal %(group)s") % {"group": LineGroup(group).label}
    label = (REPORT_LABELS if report else PAGE_LABELS).get(name, LABELS.get(name))
    return str(label) if label is not None else name


def group_label(overview: BudgetOverview, group: GroupDef) -> str:
    """The heading of a line group: today's translated label ("(A) Inzet mensen") for a
    budget without groups of its own, else the name the document gives."""
    if not overview.stated_groups and group.code in LineGroup.values:
        return str(LineGroup(group.code).label)
    return group.name


def format_value(
    kind: str, value: Decimal | None, *, report: bool = False, signed: bool = False
) -> str:
    """A figure value by its kind (:func:`budgets.figures.figure_kind`); "—" when None.

    "share" (a fraction): a whole percentage, 0.375 -> "38%"; "hours": "10.500", "12,5";
    "money": on the page "€ 125.568" or "€ 1.234,50" (cents only when the amount has them),
    in the ``report`` always with cents ("€ 35.460,00"). ``signed``: "+" before a positive
    value; a negative one is "-€ 68" (docs/report-formats.md).
    """
    if kind == "share":
        return format_share(value, signed=signed)
    if kind == "hours":
        return format_hours(value, signed=signed)
    return format_euro(value, cents=True if report else None, signed=signed)


def format_difference(kind: str, difference: Decimal | None, *, report: bool = False) -> str:
    """A difference computed - stated with its sign; "—" when there is none.

    Money and hours as values with "+" or "-" ("+€ 1.000", "-€ 68", "+1.500"); shares in
    percentage points: on the page whole points rounded half-up ("+3 %-punt"), in the
    ``report`` at most one decimal ("+2,5 procentpunt", "-3 procentpunt").
    """
    if difference is None:
        return EMPTY
    if kind != "share":
        return format_value(kind, difference, report=report, signed=True)
    points = difference * 100
    if report:
        return _("%(points)s procentpunt") % {
            "points": format_number(points, places=1, signed=True)
        }
    return _("%(points)s %%-punt") % {"points": format_number(round_half_up(points), signed=True)}


def stated_text(kind: str, statement: Statement, *, report: bool = False) -> str:
    """A stated value as shown: its printed text, or the value in the page's or the
    ``report``'s format when the file gave no text."""
    return statement.text or format_value(kind, statement.value, report=report)


def stated_values_text(figure: Figure, *, report: bool = False) -> str:
    """Every stated value of ``figure`` with its source, in file order, as one line
    ("Vermeld: € 125.500 (begroting p. 3); € 126.000 (financieringstabel p. 5)"); "" when the
    source states nothing. The budget page shows it beside the computed figure (issue 12)."""
    if not figure.statements:
        return ""
    values = []
    for statement in figure.statements:
        text, source = (
            stated_text(figure.kind, statement, report=report),
            document_name(statement.source),
        )
        values.append(f"{text} ({source})" if source else text)
    return _("Vermeld: %(values)s") % {"values": "; ".join(values)}


@dataclass(frozen=True)
class Cell:
    """One figure of a table as shown: its text; when the source states it differently
    (``differs``) the stated text and the difference (computed - stated); ``negative`` for a
    computed value below zero (a shortfall).

    With several stated values (issue 12), ``stated_text`` / ``difference_text`` are the
    first differing one's (else the first's), ``differing`` the texts of every value that
    differs, ``statements`` every stated value with its source on one line
    (:func:`stated_values_text`); ``source`` the source of the value shown. The last three are
    left out of equality.
    """

    text: str
    differs: bool = False
    stated_text: str = ""
    difference_text: str = ""
    negative: bool = False
    differing: tuple[str, ...] = field(default=(), compare=False)
    statements: str = field(default="", compare=False)
    source: str = field(default="", compare=False)

    @classmethod
    def of(cls, figure: Figure | None, *, report: bool = False) -> Cell:
        """The cell of ``figure`` (None: "—") in the page's or the ``report``'s format."""
        if figure is None:
            return cls(EMPTY)
        differing = figure.differing_statements
        shown = differing[0] if differing else (figure.statements or (None,))[0]
        return cls.of_statement(figure, shown, report=report)

    @classmethod
    def of_statement(
        cls, figure: Figure, statement: Statement | None, *, report: bool = False
    ) -> Cell:
        """The cell of ``figure`` against one of its stated values (a row of the differences
        table: one per differing value, issue 12); None: against none."""
        difference_text = ""
        if statement is not None and statement.differs and statement.difference is not None:
            difference_text = format_difference(figure.kind, statement.difference, report=report)
        return cls(
            text=format_value(figure.kind, figure.computed, report=report),
            differs=figure.differs,
            stated_text=stated_text(figure.kind, statement, report=report) if statement else "",
            difference_text=difference_text,
            negative=figure.computed is not None and figure.computed < 0,
            differing=tuple(
                stated_text(figure.kind, other, report=report)
                for other in figure.differing_statements
            )
            or ((stated_text(figure.kind, statement, report=report),) if statement else ()),
            statements=stated_values_text(figure, report=report),
            source=document_name(statement.source) if statement else "",
        )
