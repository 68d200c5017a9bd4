"""The computed budget figures of an agreement, per location and in total, beside the stated ones.

Rules (DOMAIN.md "Budget, financing and the popular budget"; issue 4; the 2021 agreement,
BEGROTING and FINANCIERING):

- ``subtotal_<G>`` = the sum of the amounts of the current budget's lines in group G (A-E);
  None when the budget has no line in that group. ``subtotal_AB`` = A + B.
- ``total`` = the sum of all lines, ungrouped ones included (2019 states only a total per
  location, transcribed as one ungrouped line); None when the agreement has no budget (or a
  budget without lines).
- ``sroi_share`` = B / total; ``people_share`` = (A + B) / total; ``overhead_share`` =
  (A3 + E) / total, A3 being the line coded "A3". A ratio is None ("not applicable", never
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
never replace them; see :class:`Figure` for when they differ.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from agreements.choices import PartyKind
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    HourKind,
    LineGroup,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)
from locations.access import system_scope
from locations.models import Location

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
#: Prefix of the per-funder financing figures, e.g. "financing:rochdale".
FUNDER_FIGURE = "financing:"
#: The key of the agreement total (over the selected locations) in ``BudgetOverview.figures``.
ALL = "all"

SHARE_FIGURES = frozenset({"sroi_share", "people_share", "overhead_share", "funders_share"})
HOUR_FIGURES = frozenset(
    {"volunteer_hours_residents", "volunteer_hours_professionals", "volunteer_hours"}
)
CENT = Decimal("0.01")
#: The line whose amount counts as overhead besides group E (2021 agreement, BEGROTING).
OVERHEAD_LINE = "A3"
_PERCENT_TEXT = re.compile(r"(\d+)(?:[.,](\d+))?\s*%")


def figure_kind(name: str) -> str:
    """ "share", "hours" or "money" for a figure name (``financing:<code>`` is money)."""
    if name in SHARE_FIGURES:
        return "share"
    if name in HOUR_FIGURES:
        return "hours"
    return "money"


def share_places(stated_text: str) -> int:
    """The decimals of the fraction a share was stated with: "38%" -> 2, "38,5%" -> 3.

    A share without a readable percentage in its text is taken as a whole percent (2).
    """
    match = _PERCENT_TEXT.search(stated_text or "")
    decimals = len(match.group(2)) if match and match.group(2) else 0
    return decimals + 2


def compare(
    kind: str, computed: Decimal | None, stated: Decimal | None, stated_text: str = ""
) -> bool:
    """True when a stated figure and the computed one both exist and differ.

    The rule: a share is compared after rounding the computed fraction half-up to the stated
    precision ("38%" -> 2 decimals of the fraction, so 0.3786 agrees with 0.38); money to the
    cent (both rounded half-up to cents); hours exactly.
    """
    if computed is None or stated is None:
        return False
    if kind == "share":
        quantum = Decimal(1).scaleb(-share_places(stated_text))
        return computed.quantize(quantum, rounding=ROUND_HALF_UP) != stated.quantize(
            quantum, rounding=ROUND_HALF_UP
        )
    if kind == "money":
        return computed.quantize(CENT, rounding=ROUND_HALF_UP) != stated.quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    return computed != stated


@dataclass(frozen=True)
class Figure:
    """One computed figure at one location (or "all") with the figure the source states.

    ``computed`` is None when not applicable / not computable; shares are fractions.
    ``stated`` / ``stated_text`` come from :class:`~budgets.models.StatedFigure` (None / ""
    when the source states nothing). ``differs`` follows :func:`compare`; ``difference`` is
    computed - stated (exact), None unless both exist.
    """

    name: str
    computed: Decimal | None
    stated: Decimal | None
    stated_text: str
    kind: str
    differs: bool
    difference: Decimal | None

    @classmethod
    def build(cls, name: str, computed: Decimal | None, stated: StatedFigure | None) -> Figure:
        """A figure from its computed value and the stated row (or None)."""
        kind = figure_kind(name)
        value = stated.value if stated is not None else None
        text = stated.text if stated is not None else ""
        both = computed is not None and value is not None
        return cls(
            name=name,
            computed=computed,
            stated=value,
            stated_text=text,
            kind=kind,
            differs=compare(kind, computed, value, text),
            difference=computed - value if both else None,
        )


@dataclass(frozen=True)
class LineRow:
    """A budget line: its amount per selected location (euros; 0 where none) and their sum."""

    code: str
    group: str
    description: str
    note: str
    footnote: str
    is_petty_cash: bool
    amounts: dict[str, Decimal]
    total: Decimal


@dataclass(frozen=True)
class FunderRow:
    """A funder (party code, name, kind) and what it commits to the selected locations.

    ``amounts`` has only the locations it finances (a row in the source, € 0 included);
    ``in_kind`` / ``earmarked`` the parts in kind / earmarked per location where stated;
    ``footnotes`` the distinct source notes of its rows, in location order.
    """

    code: str
    name: str
    kind: str
    amounts: dict[str, Decimal]
    total: Decimal
    in_kind: dict[str, Decimal] = field(default_factory=dict)
    earmarked: dict[str, Decimal] = field(default_factory=dict)
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class BudgetOverview:
    """Everything the budget page, the report and the board page show of one agreement.

    ``figures`` maps a location code or "all" to figure name -> :class:`Figure` for every
    name in :data:`BUDGET_DATA_FIGURES`, :data:`EXTRA_FIGURES`, ``financing:<code>`` per funder
    and any other stated figure name. ``rates`` maps "residents" / "professionals" to
    (euros per hour, source) where a rate is recorded.
    """

    agreement_id: int
    agreement_slug: str
    year: int
    budget_version: str | None
    locations: list[tuple[str, str]]
    lines: list[LineRow]
    funders: list[FunderRow]
    figures: dict[str, dict[str, Figure]]
    rates: dict[str, tuple[Decimal, str]]

    @property
    def funder_names(self) -> dict[str, str]:
        """Party code -> name of every funder of the overview, in source order."""
        return {funder.code: funder.name for funder in self.funders}

    def figure(self, location_code: str, name: str) -> Figure:
        """The figure ``name`` at ``location_code`` (or "all"); KeyError when unknown."""
        return self.figures[location_code][name]

    def differences(self) -> list[tuple[str, Figure]]:
        """(location code or "all", figure) for every figure whose stated value differs,
        in location order then figure order."""
        return [
            (code, figure)
            for code in [*(code for code, _name in self.locations), ALL]
            if code in self.figures
            for figure in self.figures[code].values()
            if figure.differs
        ]

    def has_shortfall(self, location_code: str) -> bool | None:
        """True when financing is below the budget total at the location (or "all"),
        False when not, None when the total or the financing is not computable."""
        surplus = self.figures[location_code]["surplus"].computed
        if surplus is None:
            return None
        return surplus < 0


def _sum(values) -> Decimal:
    return sum(values, Decimal(0))


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _add(*values: Decimal | None) -> Decimal | None:
    """Sum of the values present; None when all are None."""
    present = [value for value in values if value is not None]
    return _sum(present) if present else None


def budget_overview(agreement, *, location_codes: list[str] | None = None) -> BudgetOverview:
    """Compute the budget figures of ``agreement`` per location and over the selection.

    ``location_codes`` limits the locations (None: every location of the agreement visible
    in the active scope; unknown or invisible codes are ignored). Reads through the default
    (scoped) managers in a constant number of queries (9, or 10 when no financing is
    visible), whatever the number of locations, lines or funders. Stated figures of the
    whole agreement ("all") are only attached when the selection covers every location of
    the agreement, since "all" is the sum over the selection. Raises nothing for missing
    data: what cannot be computed is None.
    """
    locations = list(
        Location.objects.filter(agreements=agreement).order_by("name", "code").distinct()
    )
    if location_codes is not None:
        wanted = set(location_codes)
        locations = [location for location in locations if location.code in wanted]
    codes = [location.code for location in locations]
    location_ids = {location.pk: location.code for location in locations}
    with system_scope():  # whether the selection covers the agreement: codes only, no figures
        every_location = set(
            Location.objects.filter(agreements=agreement).values_list("code", flat=True)
        ) <= set(codes)

    budget = Budget.objects.filter(agreement=agreement).order_by("-position", "-pk").first()
    line_objects: list[BudgetLine] = []
    amounts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    if budget is not None:
        line_objects = list(
            BudgetLine.objects.filter(budget=budget).order_by("position", "code", "pk")
        )
        for line_id, location_id, amount in BudgetAmount.objects.filter(
            line__budget=budget, location_id__in=location_ids
        ).values_list("line_id", "location_id", "amount"):
            amounts[line_id][location_ids[location_id]] = amount
    lines = [
        LineRow(
            code=line.code,
            group=line.group,
            description=line.description,
            note=line.note,
            footnote=line.footnote,
            is_petty_cash=line.is_petty_cash,
            amounts={code: amounts[line.pk].get(code, Decimal(0)) for code in codes},
            total=_sum(amounts[line.pk].get(code, Decimal(0)) for code in codes),
        )
        for line in line_objects
    ]

    financing_rows = list(
        Financing.objects.filter(agreement=agreement).select_related("party").order_by("pk")
    )
    # A room the user sees may have no financing while others have: that is 0, not unknown.
    if financing_rows:
        has_financing = True
    else:
        with system_scope():  # whether the agreement has financing at all: yes or no only
            has_financing = Financing.objects.filter(agreement=agreement).exists()
    funders = _funder_rows(financing_rows, location_ids, codes)

    investments = {
        location_ids[row.location_id]: row
        for row in VolunteerInvestment.objects.filter(
            agreement=agreement, location_id__in=location_ids
        )
    }
    rates = {
        rate.kind: (rate.rate, rate.source)
        for rate in VolunteerRate.objects.filter(
            organisation_id=agreement.organisation_id, year=agreement.year
        )
    }

    stated: dict[str, dict[str, StatedFigure]] = defaultdict(dict)
    for row in StatedFigure.objects.filter(agreement=agreement).select_related("location"):
        if row.location_id is None:
            if every_location:
                stated[ALL][row.figure] = row
        elif row.location_id in location_ids:
            stated[location_ids[row.location_id]][row.figure] = row

    figures: dict[str, dict[str, Figure]] = {}
    for where in [*codes, ALL]:
        selection = codes if where == ALL else [where]
        computed = _computed(
            selection=selection,
            has_budget=bool(line_objects),
            lines=lines,
            funders=funders,
            has_financing=has_financing,
            investments=[investments[code] for code in selection if code in investments],
            rates=rates,
        )
        for name in stated[where]:
            computed.setdefault(name, None)
        figures[where] = {
            name: Figure.build(name, value, stated[where].get(name))
            for name, value in computed.items()
        }

    return BudgetOverview(
        agreement_id=agreement.pk,
        agreement_slug=agreement.slug,
        year=agreement.year,
        budget_version=budget.version if budget is not None else None,
        locations=[(location.code, location.name) for location in locations],
        lines=lines,
        funders=funders,
        figures=figures,
        rates=rates,
    )


def _funder_rows(
    financing_rows: list[Financing], location_ids: dict[int, str], codes: list[str]
) -> list[FunderRow]:
    """One :class:`FunderRow` per party with financing in the agreement, in source order
    (the order the rows were loaded), limited to the selected locations."""
    by_party: dict[int, list[Financing]] = {}
    for row in financing_rows:
        by_party.setdefault(row.party_id, []).append(row)
    order = {code: index for index, code in enumerate(codes)}
    funders = []
    for rows in by_party.values():
        party = rows[0].party
        selected = sorted(
            (row for row in rows if row.location_id in location_ids),
            key=lambda row: order[location_ids[row.location_id]],
        )
        footnotes = []
        for row in selected:
            if row.footnote and row.footnote not in footnotes:
                footnotes.append(row.footnote)
        funders.append(
            FunderRow(
                code=party.code,
                name=party.name,
                kind=party.kind,
                amounts={location_ids[row.location_id]: row.amount for row in selected},
                total=_sum(row.amount for row in selected),
                in_kind={
                    location_ids[row.location_id]: row.in_kind
                    for row in selected
                    if row.in_kind is not None
                },
                earmarked={
                    location_ids[row.location_id]: row.earmarked
                    for row in selected
                    if row.earmarked is not None
                },
                footnotes=tuple(footnotes),
            )
        )
    return funders


def _computed(
    *,
    selection: list[str],
    has_budget: bool,
    lines: list[LineRow],
    funders: list[FunderRow],
    has_financing: bool,
    investments: list[VolunteerInvestment],
    rates: dict[str, tuple[Decimal, str]],
) -> dict[str, Decimal | None]:
    """Every computed figure over the locations in ``selection`` (one, or all selected)."""

    def amount(line: LineRow) -> Decimal:
        return _sum(line.amounts[code] for code in selection)

    values: dict[str, Decimal | None] = {}
    for group in LineGroup.values:
        group_lines = [line for line in lines if line.group == group]
        values[f"subtotal_{group}"] = _sum(map(amount, group_lines)) if group_lines else None
    total = _sum(map(amount, lines)) if has_budget else None
    subtotal_ab = _add(values["subtotal_A"], values["subtotal_B"])
    overhead_lines = [line for line in lines if line.code == OVERHEAD_LINE]
    overhead = _add(
        _sum(map(amount, overhead_lines)) if overhead_lines else None, values["subtotal_E"]
    )
    values.update(
        total=total,
        sroi_share=_ratio(values["subtotal_B"], total),
        people_share=_ratio(subtotal_ab, total),
        overhead_share=_ratio(overhead, total),
    )

    financing_total = None
    if has_financing:
        financing_total = _sum(
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
    if residents is not None and HourKind.RESIDENTS in rates and HourKind.PROFESSIONALS in rates:
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
        financing_subtotal_housing=_sum(
            funder.amounts.get(code, Decimal(0)) for funder in housing for code in selection
        )
        if housing
        else None,
        volunteer_hours=_add(residents, professionals),
    )
    for funder in funders:
        values[f"{FUNDER_FIGURE}{funder.code}"] = _sum(
            funder.amounts.get(code, Decimal(0)) for code in selection
        )
    return values


def budget_check(agreement, *, location_codes: list[str] | None = None) -> dict[str, bool | None]:
    """Per location code (and "all"): True when there is no shortfall (the INPUT indicator
    "Goede besteding budget" is "Positief"), False on a shortfall, None when the budget total
    or the financing is not computable (DOMAIN.md; 2019 agreement, INPUT)."""
    overview = budget_overview(agreement, location_codes=location_codes)
    result = {}
    for code in [*(code for code, _name in overview.locations), ALL]:
        shortfall = overview.has_shortfall(code)
        result[code] = None if shortfall is None else not shortfall
    return result
