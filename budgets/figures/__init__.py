"""The computed budget figures of an agreement, per location and in total, beside the stated ones.

Rules (DOMAIN.md "Budget, financing and the popular budget"; issue 4; the 2021 agreement,
BEGROTING and FINANCIERING):

- The groups and ratios are the budget's (:mod:`budgets.figures.groups`): those its
  document states (issue 12), or today's A-E and the three ratios below when it states none.
- ``subtotal_<G>`` = the sum of the amounts of the current budget's lines in group G;
  None when the budget has no line in that group. ``subtotal_AB`` = A + B (groups A and B).
- ``total`` = the sum of all lines, ungrouped ones included (2019 states only a total per
  location, transcribed as one ungrouped line); None when the agreement has no budget (or a
  budget without lines).
- ``sroi_share`` = B / total; ``people_share`` = (A + B) / total; ``overhead_share`` =
  (A3 + E) / total, A3 being the line coded "A3" (today's ratios); a ratio of the document
  = the sum of its numerator's group subtotals and line amounts / the total (or the sum of
  its denominator's). A ratio is None ("not applicable", never
  zero) when the budget has none of the lines it needs, or the total is None or zero.
- ``financing_total`` = the sum of the funders' amounts (0 at a location nobody finances;
  None when the agreement has no financing at all); ``financing:<party code>`` per funder
  (0 where it does not finance); ``financing_subtotal_housing`` over the funders whose party
  kind is housing corporation (None when no funder is one).
- ``surplus`` = financing_total - total (negative: a shortfall).
- ``volunteer_hours_residents`` / ``volunteer_hours_professionals`` from
  :class:`~budgets.models.VolunteerInvestment` (None where none is recorded),
  ``volunteer_hours`` their sum; ``volunteer_value`` = residents' hours x the residents' rate
  + professionals' hours x the professionals' rate (the :class:`~budgets.models.VolunteerRate`
  of the agreement's organisation and year; None when a rate is missing).
- ``popular_budget`` = financing_total + volunteer_value; ``funders_share`` =
  financing_total / popular_budget.
- "all" is computed over the selected locations (sums of the per-location parts; ratios
  from those sums, not averaged).

Money is ``Decimal`` euros with cents, hours ``Decimal`` hours, shares exact ``Decimal``
fractions (0.378...). Nothing is rounded here; how the figures are shown (labels, shares
rounded half-up to a whole percent, money in whole euros or cents) is :mod:`budgets.display`
on top of :mod:`locations.formatting`.
Stated figures (:class:`~budgets.models.StatedFigure`) are kept beside the computed ones and
never replace them; a figure may be stated several times (several passages or documents,
issue 12): :class:`Figure` keeps every :class:`Statement` and says when any differs.

Where things are: the figure names and kinds in :mod:`budgets.figures.names`; the
stated-vs-computed rule and :class:`Figure` in :mod:`budgets.figures.comparison`; the
overview's dataclasses in :mod:`budgets.figures.overview`; the arithmetic above (no database)
in :mod:`budgets.figures.formulas`; reading an agreement into a :class:`BudgetOverview` in
:mod:`budgets.figures.compute`; the INPUT budget check in :mod:`budgets.figures.check`.
Import the names from this package (``from budgets.figures import budget_overview``).
"""

from budgets.figures.check import budget_check
from budgets.figures.comparison import CENT, Figure, Statement, compare, share_places
from budgets.figures.compute import BudgetRows, budget_overview, read_budget_rows
from budgets.figures.names import (
    ALL,
    BUDGET_DATA_FIGURES,
    EXTRA_FIGURES,
    FUNDER_FIGURE,
    HOUR_FIGURES,
    OVERHEAD_LINE,
    POPULAR_BUDGET_FIGURES,
    SHARE_FIGURES,
    figure_kind,
)
from budgets.figures.overview import BudgetOverview, FunderRow, LineRow

__all__ = [
    "ALL",
    "BUDGET_DATA_FIGURES",
    "CENT",
    "EXTRA_FIGURES",
    "FUNDER_FIGURE",
    "HOUR_FIGURES",
    "OVERHEAD_LINE",
    "POPULAR_BUDGET_FIGURES",
    "SHARE_FIGURES",
    "BudgetOverview",
    "BudgetRows",
    "Figure",
    "FunderRow",
    "LineRow",
    "Statement",
    "budget_check",
    "budget_overview",
    "compare",
    "figure_kind",
    "read_budget_rows",
    "share_places",
]
