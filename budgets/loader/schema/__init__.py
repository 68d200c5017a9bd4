"""The budget sections of an agreement file (docs/agreement-format.md, "Budget and financing").

:func:`read_budget_sections` checks the optional top-level keys ``volunteer_rates``,
``budgets``, ``financing``, ``volunteer_hours`` and ``stated_figures`` of one composed file
and returns plain specs (:mod:`budgets.loader.specs`); the agreement loader calls it as the
budgets app's file section (:mod:`budgets.loader`). The rules come from DOMAIN.md
("Budget, financing and the popular budget") and issue 4: amounts are euros with at most two
decimals, never negative; a stated figure is kept as printed, whether or not it agrees with
its parts (the product compares them, the loader does not).

One module per section: :mod:`~budgets.loader.schema.lines` (``budgets``: versions and
lines), :mod:`~budgets.loader.schema.financing`, :mod:`~budgets.loader.schema.volunteers`
(``volunteer_rates`` and ``volunteer_hours``), :mod:`~budgets.loader.schema.stated`
(``stated_figures``); the values they share (euros, amounts per room) in
:mod:`~budgets.loader.schema.values`.
"""

from __future__ import annotations

from agreements.loader.sections import ReadContext
from budgets.loader.schema.financing import read_financing
from budgets.loader.schema.lines import read_budgets
from budgets.loader.schema.stated import read_stated_figures
from budgets.loader.schema.values import wider_keys
from budgets.loader.schema.volunteers import read_volunteer_hours, read_volunteer_rates
from budgets.loader.specs import BudgetSectionsSpec

SECTIONS = ("volunteer_rates", "budgets", "financing", "volunteer_hours", "stated_figures")


def read_budget_sections(context: ReadContext) -> BudgetSectionsSpec:
    """Check the budget sections of a file; their validated values.

    ``context.top`` holds the file's top-level nodes, ``context.location_codes`` its rooms
    (None when the locations list is unusable) and ``context.parties`` its parties (funders
    are those with ``funder: true``). In a format-2 file line amounts, financing and volunteer
    hours may also be keyed ``region`` or a room group's code (``context.group_codes``).
    Problems are recorded in ``context.reader``.
    """
    reader, top, location_codes = context.reader, context.top, context.location_codes
    funders = {party.code for party in context.parties if party.is_funder}
    party_codes = {party.code for party in context.parties}
    # Format 2 (issue 12): amounts, financing and hours may be keyed region or a group code.
    wider = wider_keys(context)
    budgets = read_budgets(reader, top.get("budgets"), location_codes, wider)
    # The document's own group subtotals and ratios may be stated too (issue 12).
    own_figures = {
        *(f"subtotal_{group.code}" for budget in budgets for group in budget.groups),
        *(ratio.code for budget in budgets for ratio in budget.ratios or ()),
    }
    return BudgetSectionsSpec(
        volunteer_rates=read_volunteer_rates(reader, top.get("volunteer_rates")),
        budgets=budgets,
        financing=read_financing(
            reader, top.get("financing"), location_codes, funders, party_codes, wider
        ),
        volunteer_hours=read_volunteer_hours(
            reader, top.get("volunteer_hours"), location_codes, wider
        ),
        stated_figures=read_stated_figures(
            reader, top.get("stated_figures"), location_codes, funders, own_figures
        ),
    )
