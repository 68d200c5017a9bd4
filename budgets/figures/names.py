"""The names of the budget figures and the kind of value each one is (money, hours, share).

A figure name is one of :data:`BUDGET_DATA_FIGURES` (the Excel ``budget_data`` sheet, issue 4),
one of :data:`EXTRA_FIGURES`, or ``financing:<party code>`` per funder (:data:`FUNDER_FIGURE`).
The figures of the whole selection are kept under the location key :data:`ALL`.
"""

from __future__ import annotations

from budgets.figures.groups import is_ratio_name

#: The public figure names of the Excel budget_data sheet, in this order (issue 4).
BUDGET_DATA_FIGURES = (
    "subtotal_A",
    "subtotal_B",
    "subtotal_C",
    "subtotal_D",
    "subtotal_E",
    "total",
    "sroi_share",
    "people_share",
    "overhead_share",
    "financing_total",
    "surplus",
    "volunteer_hours_residents",
    "volunteer_hours_professionals",
    "volunteer_value",
    "popular_budget",
    "funders_share",
)
#: Extra figures some sources state, also computed: "subtotal_AB" (A+B),
#: "financing_subtotal_housing" (housing corporations' financing), "volunteer_hours" (total).
EXTRA_FIGURES = ("subtotal_AB", "financing_subtotal_housing", "volunteer_hours")
#: Figures of intended ("beoogd", not committed) financing (issue 12), computed only for an
#: agreement that has some: the intended euros, the surplus (negative: shortfall) counting
#: committed and intended money, and the popular budget with the intended euros.
INTENDED_FIGURES = ("financing_intended", "surplus_with_intended", "popular_budget_with_intended")
#: Prefix of the per-funder financing figures, e.g. "financing:rochdale".
FUNDER_FIGURE = "financing:"
#: The figures of the popular budget table (budget page and report), in this order: the
#: volunteer hours, their value, the funders' euros, the popular budget and the funders' share.
POPULAR_BUDGET_FIGURES = (
    "volunteer_hours_residents",
    "volunteer_hours_professionals",
    "volunteer_hours",
    "volunteer_value",
    "financing_total",
    "popular_budget",
    "funders_share",
)
#: The key of the agreement total (over the selected locations) in ``BudgetOverview.figures``.
ALL = "all"

SHARE_FIGURES = frozenset({"sroi_share", "people_share", "overhead_share", "funders_share"})
HOUR_FIGURES = frozenset(
    {"volunteer_hours_residents", "volunteer_hours_professionals", "volunteer_hours"}
)
#: The line whose amount counts as overhead besides group E (2021 agreement, BEGROTING).
OVERHEAD_LINE = "A3"


def figure_kind(name: str) -> str:
    """ "share", "hours" or "money" for a figure name (``financing:<code>`` is money; a
    ratio of the document, its code ending in "_share", is a share)."""
    if is_ratio_name(name):  # SHARE_FIGURES all end in "_share" too
        return "share"
    if name in HOUR_FIGURES:
        return "hours"
    return "money"
