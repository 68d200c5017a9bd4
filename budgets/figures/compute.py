"""Reading one agreement's budget rows and computing its :class:`BudgetOverview`.

:func:`budget_overview` reads the budget, financing, volunteer hours and rates and the stated
figures of an agreement through the default (scoped) managers, arranges them into the rows
of :mod:`budgets.figures.overview`, computes every figure with
:func:`budgets.figures.formulas.computed_figures` and puts the stated figure beside each one
(:class:`~budgets.figures.comparison.Figure`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from agreements.models import Agreement, AgreementParty
from budgets.figures.comparison import Figure
from budgets.figures.formulas import computed_figures, sum_decimals
from budgets.figures.groups import groups_of, ratios_of
from budgets.figures.names import ALL
from budgets.figures.overview import BudgetOverview, FunderRow, LineRow
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)
from locations.access import system_scope
from locations.models import Location


@dataclass(frozen=True)
class BudgetRows:
    """The latest budget of an agreement as read once (:func:`read_budget_rows`) for both
    :func:`budget_overview` and ``budgets.actuals.budget_vs_actual``: ``budget`` (None: the
    agreement has none visible), its ``lines`` ordered by position, code and id, and the
    ``amounts`` (line id, location id, euros) of those lines at the locations read for."""

    budget: Budget | None
    lines: list[BudgetLine]
    amounts: list[tuple[int, int, Decimal]]


def read_budget_rows(agreement: Agreement, location_ids: Collection[int]) -> BudgetRows:
    """The latest budget of ``agreement`` (highest position, then highest id) with its lines
    and their amounts at ``location_ids``, through the scoped managers: 2 queries with lines
    (the lines with the budget, the amounts), 2 without (the lines, the budget)."""
    latest = Budget.objects.filter(agreement=agreement).order_by("-position", "-pk")
    lines: list[BudgetLine] = list(
        BudgetLine.objects.filter(budget=Subquery(latest.values("pk")[:1]))
        .select_related("budget")
        .order_by("position", "code", "pk")
    )
    if not lines:
        return BudgetRows(budget=latest.first(), lines=[], amounts=[])
    amounts = list(
        BudgetAmount.objects.filter(
            line__budget=lines[0].budget, location_id__in=location_ids
        ).values_list("line_id", "location_id", "amount")
    )
    return BudgetRows(budget=lines[0].budget, lines=lines, amounts=amounts)


def budget_overview(
    agreement: Agreement,
    *,
    location_codes: list[str] | None = None,
    locations: Sequence[Location] | None = None,
    budget_rows: BudgetRows | None = None,
) -> BudgetOverview:
    """Compute the budget figures of ``agreement`` per location and over the selection.

    ``location_codes`` limits the locations (None: every location of the agreement visible
    in the active scope; unknown or invisible codes are ignored). ``locations``: the caller's
    own list of those locations when it has read them already (the agreement's locations
    visible in the active scope, ordered by name and code, limited to ``location_codes``;
    e.g. the progress report's), which saves reading them again; None: read here.
    ``budget_rows``: the budget as :func:`read_budget_rows` read it for exactly those
    locations, when the caller has it (shared with budget versus actual); None: read here.
    Reads through the default (scoped) managers in a constant number of queries (6: the
    budget's lines and amounts, or the budget alone without lines (2,
    :func:`read_budget_rows`; none with ``budget_rows``), financing, volunteer investments,
    rates and stated figures; one more each without ``locations``, without visible financing
    and with agreement-wide stated figures), whatever the number of locations, lines or
    funders. Stated figures of the whole agreement ("all") are only attached when the
    selection covers every location of the agreement, since "all" is the sum over the
    selection. Raises nothing for missing data: what cannot be computed is None.
    """
    if locations is None:
        locations = list(
            Location.objects.filter(agreements=agreement).order_by("name", "code").distinct()
        )
    if location_codes is not None:
        wanted = set(location_codes)
        locations = [location for location in locations if location.code in wanted]
    codes = [location.code for location in locations]
    location_ids = {location.pk: location.code for location in locations}

    # The party's name and kind as this agreement states them (AgreementParty, issue 12).
    roles = AgreementParty.objects.filter(agreement=OuterRef("agreement"), party=OuterRef("party"))
    if budget_rows is None:
        budget_rows = read_budget_rows(agreement, list(location_ids))
    budget = budget_rows.budget
    line_objects = budget_rows.lines
    amounts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for line_id, location_id, amount in budget_rows.amounts:
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
            total=sum_decimals(amounts[line.pk].get(code, Decimal(0)) for code in codes),
        )
        for line in line_objects
    ]

    financing_rows = list(
        Financing.objects.filter(agreement=agreement)
        .select_related("party")
        .annotate(
            stated_name=Subquery(roles.values("name")[:1]),
            stated_kind=Subquery(roles.values("kind")[:1]),
        )
        .order_by("pk")
    )
    # A room the user sees may have no financing while others have: that is 0, not unknown.
    if financing_rows:
        has_financing = True
    else:
        with system_scope():  # whether the agreement has financing at all: yes or no only
            has_financing = Financing.objects.filter(agreement=agreement).exists()
    funders = _funder_rows(
        [row for row in financing_rows if not row.is_intended], location_ids, codes
    )
    intended = _funder_rows([row for row in financing_rows if row.is_intended], location_ids, codes)

    investments = {
        location_ids[row.location_id]: row
        for row in VolunteerInvestment.objects.filter(
            agreement=agreement, location_id__in=location_ids
        )
    }
    rates = {
        rate.kind: (rate.rate, rate.source)
        for rate in VolunteerRate.objects.filter(agreement=agreement)
    }

    stated: dict[str, dict[str, list[StatedFigure]]] = defaultdict(lambda: defaultdict(list))
    every_location: bool | None = None  # read only when there is an agreement-wide figure
    for row in StatedFigure.objects.filter(agreement=agreement).order_by("position", "pk"):
        if row.location_id is None:
            if every_location is None:
                every_location = _covers_every_location(agreement, codes)
            if every_location:
                stated[ALL][row.figure].append(row)
        elif row.location_id in location_ids:
            stated[location_ids[row.location_id]][row.figure].append(row)

    stored_groups = budget.groups if budget is not None else []
    groups = groups_of(stored_groups)
    stored_ratios = budget.ratios if budget is not None else None
    ratios = ratios_of(stored_ratios, has_groups=bool(stored_groups))
    figures: dict[str, dict[str, Figure]] = {}
    for where in [*codes, ALL]:
        selection = codes if where == ALL else [where]
        computed = computed_figures(
            selection=selection,
            has_budget=bool(line_objects),
            lines=lines,
            funders=funders,
            has_financing=has_financing,
            investments=[investments[code] for code in selection if code in investments],
            rates=rates,
            intended=intended,
            groups=groups,
            ratios=ratios,
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
        intended_funders=intended,
        groups=groups,
        ratios=ratios,
        stated_groups=bool(stored_groups),
    )


def _covers_every_location(agreement: Agreement, codes: list[str]) -> bool:
    """Whether ``codes`` hold every location of ``agreement`` (read in the system scope:
    location codes only, no figures). One query."""
    with system_scope():
        return set(
            Location.objects.filter(agreements=agreement).values_list("code", flat=True)
        ) <= set(codes)


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
                # The name and kind this agreement states (issue 12), else the party's own.
                name=getattr(rows[0], "stated_name", "") or party.name,
                kind=getattr(rows[0], "stated_kind", "") or party.kind,
                amounts={location_ids[row.location_id]: row.amount for row in selected},
                total=sum_decimals(row.amount for row in selected),
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
