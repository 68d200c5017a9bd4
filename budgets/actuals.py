"""Budget versus actual spending of an agreement, per budget line and location, to a date.

Rules (issue 4 "Actual spending"; documented in docs/import-expenditures.md):

- **Spent** is the sum of the expenditures (:class:`budgets.models.Expenditure`) booked on the
  lines of the agreement's budgets at a location, dated from 1 January of the agreement year up
  to and including ``end``. Spending on a line of an older budget version counts on the line
  with the same code in the current version (the version with the highest position); a code
  the current version lacks gets its own row with budget 0, so no spending disappears.
- **Budget** is the line's amount at the location in the current budget (0 when none).
- **The region or a room group** (issue 12): a line's amount stated for the region (or a
  group) is compared with the spending on that line at all the agreement's rooms (the
  group's rooms), in rows of their own (``location_code`` ``region`` or the group's code),
  only when the selection covers all those rooms (:mod:`budgets.figures.wider`). It counts in
  the line totals' and the total's budget ("all"); the spending is the rooms' and is counted
  once. A room's own rows are unchanged.
- **Share of budget** = spent / budget as a fraction (None when the budget is 0); rounded only
  for display.
- **Forecast** (straight line) = spent / days elapsed × days in the year, where days elapsed
  counts 1 January up to and including ``end`` (31 March 2021 is day 90 of 365), rounded to the
  cent (half up). Totals use the same rule on the total spent.
- **Petty cash** (handgeld, DOMAIN.md: € 250 a month per location): spending on the budget's
  petty-cash line (``BudgetLine.is_petty_cash``, 2021: D1) is that line's row. The yearly
  allowance is the petty-cash line's amount at the location; where the budget has no
  petty-cash line (or no amount for the location) it is 12 × ``settings.BWK_PETTY_CASH_MONTHLY``.

Everything reads through the default (scoped) managers: a user sees only their locations.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from agreements.models import Agreement
from budgets.figures import BudgetRows, read_budget_rows
from budgets.figures.wider import wider_columns
from budgets.models import BudgetLine, Expenditure
from locations.models import Location

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
ALL = "all"
#: ``line_code`` of the total rows.
TOTAL = "total"


def days_in_year(year: int) -> int:
    """365, or 366 in a leap year."""
    return 366 if calendar.isleap(year) else 365


def days_elapsed(end: date) -> int:
    """Days from 1 January of ``end``'s year up to and including ``end`` (1 Jan is 1)."""
    return (end - date(end.year, 1, 1)).days + 1


def straight_line_forecast(spent: Decimal, end: date) -> Decimal:
    """Year-end forecast in euros: ``spent`` / days elapsed × days in the year, to the cent.

    E.g. € 900 spent by 31 March 2021 (day 90 of 365) forecasts € 3,650.00. Rounded half up.
    """
    forecast = spent / Decimal(days_elapsed(end)) * Decimal(days_in_year(end.year))
    return forecast.quantize(CENT, rounding=ROUND_HALF_UP)


def share_of(spent: Decimal, budget: Decimal) -> Decimal | None:
    """``spent`` / ``budget`` as an unrounded fraction, or None when the budget is 0."""
    if not budget:
        return None
    return spent / budget


def petty_cash_yearly_default() -> Decimal:
    """The yearly petty-cash allowance of a location without a budgeted one:
    12 × ``settings.BWK_PETTY_CASH_MONTHLY`` (default € 3,000.00)."""
    return (Decimal(settings.BWK_PETTY_CASH_MONTHLY) * 12).quantize(CENT)


@dataclass(frozen=True)
class ActualRow:
    """Budget versus actual of one line (or a total) at one location (or ``"all"``).

    Euros as Decimal with cents; ``share_of_budget`` a fraction (None when the budget is 0).
    """

    location_code: str
    line_code: str
    group: str
    description: str
    is_petty_cash: bool
    budget: Decimal
    spent: Decimal
    share_of_budget: Decimal | None
    forecast: Decimal

    @property
    def remaining(self) -> Decimal:
        """Budget minus spent (negative when overspent)."""
        return self.budget - self.spent

    @property
    def forecast_over_budget(self) -> bool:
        """True when the straight-line forecast exceeds the budget."""
        return self.forecast > self.budget


@dataclass(frozen=True)
class PettyCash:
    """Petty cash (handgeld) of one location in the agreement year, in euros.

    ``allowance``: the year's amount (budgeted on the petty-cash line, else the default of 12 ×
    ``BWK_PETTY_CASH_MONTHLY``; ``from_budget`` says which). ``allowance_to_date``: allowance /
    12 × the months begun by ``end`` (the month of ``end``). ``spent``: spending on the
    petty-cash line up to ``end`` (0 when the budget has no such line).
    """

    location_code: str
    allowance: Decimal
    allowance_to_date: Decimal
    spent: Decimal
    from_budget: bool
    has_line: bool

    @property
    def remaining_to_date(self) -> Decimal:
        """Allowance to date minus spent (negative when more was spent than allowed so far)."""
        return self.allowance_to_date - self.spent


@dataclass(frozen=True)
class BudgetVsActual:
    """Budget versus actual of an agreement from ``start`` (1 January) to ``end``.

    ``rows``: per location (in ``locations`` order) its lines in budget order, then lines only
    older versions have. ``totals``: location code or ``"all"`` -> the total row
    (``line_code == "total"``). ``line_totals``: line code -> that line over all locations
    (``location_code == "all"``). ``petty_cash``: location code -> :class:`PettyCash`.
    ``wider``: (code, name) of the region's and room groups' columns (issue 12) whose rows
    and totals (under their code) compare their stated lines with their rooms' spending.
    """

    agreement_slug: str
    year: int
    start: date
    end: date
    budget_version: str | None
    locations: list[tuple[str, str]]
    rows: list[ActualRow]
    totals: dict[str, ActualRow]
    line_totals: dict[str, ActualRow] = field(default_factory=dict)
    petty_cash: dict[str, PettyCash] = field(default_factory=dict)
    wider: list[tuple[str, str]] = field(default_factory=list)

    @property
    def days_elapsed(self) -> int:
        """Days of the year up to and including ``end``."""
        return days_elapsed(self.end)

    @property
    def elapsed_share(self) -> Decimal:
        """Fraction of the year elapsed at ``end`` (what a straight-line spender has spent)."""
        return Decimal(self.days_elapsed) / Decimal(days_in_year(self.year))

    @cached_property
    def _rows_by_location(self) -> dict[str, list[ActualRow]]:
        """``rows`` grouped by location code, in their order (built once: one pass)."""
        grouped: dict[str, list[ActualRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.location_code, []).append(row)
        return grouped

    def rows_for(self, location_code: str) -> list[ActualRow]:
        """The line rows of one location (``"all"``: the line totals), in ``rows`` order.

        The rows are grouped once per object, so asking for every location reads ``rows``
        once instead of once per location."""
        if location_code == ALL:
            return list(self.line_totals.values())
        return list(self._rows_by_location.get(location_code, []))


def _row(
    location_code: str,
    line_code: str,
    group: str,
    description: str,
    is_petty_cash: bool,
    budget: Decimal,
    spent: Decimal,
    end: date,
) -> ActualRow:
    return ActualRow(
        location_code=location_code,
        line_code=line_code,
        group=group,
        description=description,
        is_petty_cash=is_petty_cash,
        budget=budget,
        spent=spent,
        share_of_budget=share_of(spent, budget),
        forecast=straight_line_forecast(spent, end),
    )


def counted_expenditures(
    agreement: Agreement, locations: Iterable[Location], end: date
) -> QuerySet[Expenditure]:
    """The expenditures :func:`budget_vs_actual` counts as spent up to ``end``: those booked
    on a line of any budget version of ``agreement`` at one of ``locations``, dated from
    1 January of the agreement year up to and including ``end`` (euros in ``amount``). Read
    through the default (scoped) manager. The trace of the board dashboard's spending
    (:mod:`reports.trace.figures`) lists these same rows."""
    return Expenditure.objects.filter(
        line__budget__agreement=agreement,
        location__in=list(locations),
        date__range=(date(agreement.year, 1, 1), end),
    )


def budget_vs_actual(
    agreement: Agreement,
    *,
    end: date,
    location_codes: Iterable[str] | None = None,
    locations: Sequence[Location] | None = None,
    budget_rows: BudgetRows | None = None,
) -> BudgetVsActual:
    """Budget versus actual of ``agreement`` from 1 January of its year to ``end`` (inclusive).

    ``location_codes`` limits the locations (default: all the agreement's locations visible in
    the active scope). ``locations``: the caller's own list of exactly those locations
    (ordered by name and code) when it has read them already (the progress report's), which
    saves reading them again. ``budget_rows``: the latest budget, its lines and their amounts
    at those locations as ``budgets.figures.read_budget_rows`` read them (shared with the
    budget overview); None: read here. Raises ValueError when ``end`` is not in the agreement
    year. Reads through the scoped managers in a constant number of queries (the spending;
    the budget's 2 without ``budget_rows``; the locations without ``locations``; with
    amounts of the region or a room group, 1-2 for the rooms they cover). Rules: module
    docstring.
    """
    if end.year != agreement.year:
        raise ValueError(f"end {end} is not in the agreement year {agreement.year}")
    start = date(agreement.year, 1, 1)
    if locations is None:
        visible = Location.objects.filter(agreements=agreement)
        if location_codes is not None:
            visible = visible.filter(code__in=list(location_codes))
        locations = list(visible.order_by("name", "code"))
    if budget_rows is None:
        budget_rows = read_budget_rows(agreement, [location.pk for location in locations])
    budget = budget_rows.budget
    lines = sorted(budget_rows.lines, key=lambda line: (line.position, line.pk))
    #: (location id, line id) -> euros budgeted; looked up with line id None for a line no
    #: longer in the budget, which has no amount.
    amounts: dict[tuple[int, int | None], Decimal] = {
        (location_id, line_id): amount for line_id, location_id, amount in budget_rows.amounts
    }
    #: (location id, line code) -> euros spent
    spent_by: defaultdict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    old_lines: dict[str, tuple[str, str, bool]] = {}
    current_codes = {line.code for line in lines}
    spending = (
        counted_expenditures(agreement, locations, end)
        .values(
            "location_id", "line__code", "line__group", "line__description", "line__is_petty_cash"
        )
        .annotate(total=Sum("amount"))
        .order_by("line__code")
    )
    for item in spending:
        spent_by[(item["location_id"], item["line__code"])] += item["total"]
        if item["line__code"] not in current_codes:
            old_lines.setdefault(
                item["line__code"],
                (item["line__group"], item["line__description"], item["line__is_petty_cash"]),
            )
    all_lines = [
        (line.code, line.group, line.description, line.is_petty_cash, line.pk) for line in lines
    ] + [(code, *info, None) for code, info in sorted(old_lines.items())]

    rows: list[ActualRow] = []
    totals: dict[str, ActualRow] = {}
    per_line_budget: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    per_line_spent: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    petty_cash: dict[str, PettyCash] = {}
    petty_line = next((line for line in lines if line.is_petty_cash), None)
    for location in locations:
        budget_total = spent_total = ZERO
        for code, group, description, is_petty, line_pk in all_lines:
            amount = amounts.get((location.pk, line_pk), ZERO)
            spent = spent_by[(location.pk, code)]
            rows.append(_row(location.code, code, group, description, is_petty, amount, spent, end))
            budget_total += amount
            spent_total += spent
            per_line_budget[code] += amount
            per_line_spent[code] += spent
        totals[location.code] = _row(
            location.code, TOTAL, "", _("Totaal"), False, budget_total, spent_total, end
        )
        petty_cash[location.code] = _petty_cash(location, petty_line, amounts, spent_by, end)
    columns = wider_columns(
        agreement,
        [location.pk for location in locations],
        {group_id for _line, group_id, _amount in budget_rows.wider_amounts},
    )
    for column in columns:
        stated = {
            line_id: amount
            for line_id, group_id, amount in budget_rows.wider_amounts
            if group_id == column.group_id
        }
        budget_total = spent_total = ZERO
        for line in lines:
            if line.pk not in stated:
                continue
            spent = sum((spent_by[(pk, line.code)] for pk in column.location_ids), ZERO)
            rows.append(
                _row(
                    column.code, line.code, line.group, line.description, line.is_petty_cash,
                    stated[line.pk], spent, end,
                )
            )  # fmt: skip
            budget_total += stated[line.pk]
            spent_total += spent
            per_line_budget[line.code] += stated[line.pk]
        totals[column.code] = _row(
            column.code, TOTAL, "", _("Totaal"), False, budget_total, spent_total, end
        )
    line_totals = {
        code: _row(
            ALL, code, group, description, is_petty, per_line_budget[code],
            per_line_spent[code], end,
        )
        for code, group, description, is_petty, _pk in all_lines
    }  # fmt: skip
    totals[ALL] = _row(
        ALL,
        TOTAL,
        "",
        _("Totaal"),
        False,
        sum((row.budget for row in line_totals.values()), ZERO),
        sum((row.spent for row in line_totals.values()), ZERO),
        end,
    )
    return BudgetVsActual(
        agreement_slug=agreement.slug,
        year=agreement.year,
        start=start,
        end=end,
        budget_version=budget.version if budget else None,
        locations=[(location.code, location.name) for location in locations],
        rows=rows,
        totals=totals,
        line_totals=line_totals,
        petty_cash=petty_cash,
        wider=[(column.code, column.name) for column in columns],
    )


def _petty_cash(
    location: Location,
    petty_line: BudgetLine | None,
    amounts: dict[tuple[int, int | None], Decimal],
    spent_by: defaultdict[tuple[int, str], Decimal],
    end: date,
) -> PettyCash:
    budgeted = amounts.get((location.pk, petty_line.pk)) if petty_line else None
    allowance = budgeted if budgeted is not None else petty_cash_yearly_default()
    to_date = (allowance / 12 * end.month).quantize(CENT, rounding=ROUND_HALF_UP)
    spent = spent_by[(location.pk, petty_line.code)] if petty_line else ZERO
    return PettyCash(
        location_code=location.code,
        allowance=allowance,
        allowance_to_date=to_date,
        spent=spent,
        from_budget=budgeted is not None,
        has_line=petty_line is not None,
    )
