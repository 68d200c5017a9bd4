"""The arithmetic of the budget figures over rows already read (no database).

:func:`computed_figures` applies the rules listed in :mod:`budgets.figures` (DOMAIN.md
"Budget, financing and the popular budget"; issue 4; the 2021 agreement, BEGROTING and
FINANCIERING) to the lines and funders of one overview, for one location or the whole
selection. Nothing is rounded; what cannot be computed is None.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from agreements.choices import PartyKind
from budgets.figures.groups import DEFAULT_GROUPS, DEFAULT_RATIOS, GroupDef, RatioDef
from budgets.figures.names import FUNDER_FIGURE
from budgets.figures.overview import FunderRow, LineRow
from budgets.models import HourKind, VolunteerInvestment


def sum_decimals(values: Iterable[Decimal]) -> Decimal:
    """The sum of ``values`` (euros or hours), ``Decimal(0)`` when there are none."""
    return sum(values, Decimal(0))


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _add(*values: Decimal | None) -> Decimal | None:
    """Sum of the values present; None when all are None."""
    present = [value for value in values if value is not None]
    return sum_decimals(present) if present else None


def computed_figures(
    *,
    selection: list[str],
    has_budget: bool,
    lines: list[LineRow],
    funders: list[FunderRow],
    has_financing: bool,
    investments: list[VolunteerInvestment],
    rates: dict[str, tuple[Decimal, str]],
    intended: list[FunderRow] | None = None,
    groups: Sequence[GroupDef] = DEFAULT_GROUPS,
    ratios: Sequence[RatioDef] = DEFAULT_RATIOS,
) -> dict[str, Decimal | None]:
    """Every computed figure over the locations in ``selection`` (one, or all selected).

    ``lines`` / ``funders`` carry the amounts (euros) per selected location code;
    ``has_budget`` / ``has_financing`` say whether the agreement has budget lines / financing
    at all (without them total / financing_total are None, not 0); ``investments`` are the
    volunteer hours of the locations in ``selection``; ``rates`` maps "residents" /
    "professionals" to (euros per hour, source). Returns figure name -> value (euros, hours or
    an exact fraction; None where not computable) for every name of
    :data:`~budgets.figures.names.BUDGET_DATA_FIGURES` and
    :data:`~budgets.figures.names.EXTRA_FIGURES` and ``financing:<code>`` per funder.
    ``intended`` (issue 12): the intended ("beoogd") funders; when there are any, the
    :data:`~budgets.figures.names.INTENDED_FIGURES` are added (``surplus`` and
    ``popular_budget`` stay committed money only). ``groups`` / ``ratios``: the budget's
    (:mod:`budgets.figures.groups`; default today's A-E and three ratios): a
    ``subtotal_<code>`` per group and a figure per ratio code; ``subtotal_AB`` only when
    the budget has groups A and B.
    """

    def amount(line: LineRow) -> Decimal:
        return sum_decimals(line.amounts[code] for code in selection)

    values: dict[str, Decimal | None] = {}
    group_codes = [group.code for group in groups]
    for group in group_codes:
        group_lines = [line for line in lines if line.group == group]
        values[f"subtotal_{group}"] = (
            sum_decimals(map(amount, group_lines)) if group_lines else None
        )
    total = sum_decimals(map(amount, lines)) if has_budget else None
    values["total"] = total

    def part(codes: Sequence[str]) -> Decimal | None:
        """The sum of the group subtotals and line amounts named (a group code first);
        None when none of them has a line."""
        parts: list[Decimal | None] = []
        for code in codes:
            if code in group_codes:
                parts.append(values[f"subtotal_{code}"])
            else:
                named = [line for line in lines if line.code == code]
                parts.append(sum_decimals(map(amount, named)) if named else None)
        return _add(*parts)

    for ratio in ratios:
        whole = part(ratio.denominator) if ratio.denominator else total
        values[ratio.code] = _ratio(part(ratio.numerator), whole)
    subtotal_ab = (
        _add(values["subtotal_A"], values["subtotal_B"]) if {"A", "B"} <= set(group_codes) else None
    )

    financing_total = None
    if has_financing:
        financing_total = sum_decimals(
            funder.amounts.get(code, Decimal(0)) for funder in funders for code in selection
        )
    housing = [f for f in funders if f.kind == PartyKind.HOUSING_CORPORATION]
    values.update(
        financing_total=financing_total,
        surplus=financing_total - total
        if financing_total is not None and total is not None
        else None,
    )

    residents = _add(*(row.residents_hours for row in investments))
    professionals = _add(*(row.professionals_hours for row in investments))
    volunteer_value = None
    # Both hours are non-null fields: residents and professionals are None together (no row).
    if (
        residents is not None
        and professionals is not None
        and HourKind.RESIDENTS in rates
        and HourKind.PROFESSIONALS in rates
    ):
        volunteer_value = (
            residents * rates[HourKind.RESIDENTS][0]
            + professionals * rates[HourKind.PROFESSIONALS][0]
        )
    popular_budget = (
        financing_total + volunteer_value
        if financing_total is not None and volunteer_value is not None
        else None
    )
    values.update(
        volunteer_hours_residents=residents,
        volunteer_hours_professionals=professionals,
        volunteer_value=volunteer_value,
        popular_budget=popular_budget,
        funders_share=_ratio(financing_total, popular_budget),
        subtotal_AB=subtotal_ab,
        financing_subtotal_housing=sum_decimals(
            funder.amounts.get(code, Decimal(0)) for funder in housing for code in selection
        )
        if housing
        else None,
        volunteer_hours=_add(residents, professionals),
    )
    for funder in funders:
        values[f"{FUNDER_FIGURE}{funder.code}"] = sum_decimals(
            funder.amounts.get(code, Decimal(0)) for code in selection
        )
    if intended:
        intended_total = sum_decimals(
            funder.amounts.get(code, Decimal(0)) for funder in intended for code in selection
        )
        committed = financing_total if financing_total is not None else Decimal(0)
        values.update(
            financing_intended=intended_total,
            surplus_with_intended=committed + intended_total - total if total is not None else None,
            popular_budget_with_intended=committed + intended_total + volunteer_value
            if volunteer_value is not None
            else None,
        )
    return values
