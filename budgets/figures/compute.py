"""Reading one agreement's budget rows and computing its :class:`BudgetOverview`.

:func:`budget_overview` reads the budget, financing, volunteer hours and rates and the stated
figures of an agreement through the default (scoped) managers, arranges them into the rows
of :mod:`budgets.figures.overview`, computes every figure with
:func:`budgets.figures.formulas.computed_figures` and puts the stated figure beside each one
(:class:`~budgets.figures.comparison.Figure`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Q, Subquery

from agreements.models import Agreement, AgreementParty
from budgets.figures.comparison import Figure
from budgets.figures.formulas import computed_figures, sum_decimals
from budgets.figures.groups import groups_of, ratios_of
from budgets.figures.names import ALL
from budgets.figures.overview import BudgetOverview, FunderRow, LineRow
from budgets.figures.wider import investments_and_stated, wider_columns
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    StatedFigure,
    VolunteerRate,
)
from locations.access import system_scope
from locations.models import Location


@dataclass(frozen=True)
class BudgetRows:
    """The latest budget of an agreement as read once (:func:`read_budget_rows`) for both
    :func:`budget_overview` and ``budgets.actuals.budget_vs_actual``: ``budget`` (None: the
    agreement has none visible), its ``lines`` ordered by position, code and id, the
    ``amounts`` (line id, location id, euros) of those lines at the locations read for, and
    the visible ``wider_amounts`` (line id, room group id or None for the region, euros)
    stated for a room group or the region (issue 12; :mod:`budgets.figures.wider`)."""

    budget: Budget | None
    lines: list[BudgetLine]
    amounts: list[tuple[int, int, Decimal]]
    wider_amounts: list[tuple[int, int | None, Decimal]] = field(default_factory=list)


def read_budget_rows(agreement: Agreement, location_ids: Collection[int]) -> BudgetRows:
    """The latest budget of ``agreement`` (highest position, then highest id) with its lines
    and their amounts at ``location_ids`` and for a room group or the region (those the scope
    sees), through the scoped managers: 2 queries with lines (the lines with the budget, the
    amounts), 2 without (the lines, the budget)."""
    latest = Budget.objects.filter(agreement=agreement).order_by("-position", "-pk")
    lines: list[BudgetLine] = list(
        BudgetLine.objects.filter(budget=Subquery(latest.values("pk")[:1]))
        .select_related("budget")
        .order_by("position", "code", "pk")
    )
    if not lines:
        return BudgetRows(budget=latest.first(), lines=[], amounts=[])
    amounts: list[tuple[int, int, Decimal]] = []
    wider: list[tuple[int, int | None, Decimal]] = []
    for line_id, location_id, group_id, amount in BudgetAmount.objects.filter(
        Q(location_id__in=location_ids) | Q(location__isnull=True), line__budget=lines[0].budget
    ).values_list("line_id", "location_id", "room_group_id", "amount"):
        if location_id is None:
            wider.append((line_id, group_id, amount))
        else:
            amounts.append((line_id, location_id, amount))
    return BudgetRows(budget=lines[0].budget, lines=lines, amounts=amounts, wider_amounts=wider)


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
    selection. Amounts, financing and hours stated for the region or a room group (issue
    12) get columns of their own (``wider``) and count in "all" when the selection covers
    all their rooms (:mod:`budgets.figures.wider`: 1-2 more queries only when the scope sees
    such rows; whether there are any it leaves out is read with the hours, in the same
    query). Raises nothing for missing data: what cannot be computed is None.
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
    financing_rows = list(
        Financing.objects.filter(agreement=agreement)
        .select_related("party")
        .annotate(
            stated_name=Subquery(roles.values("name")[:1]),
            stated_kind=Subquery(roles.values("kind")[:1]),
        )
        .order_by("pk")
    )
    investment_rows, stated_anywhere = investments_and_stated(agreement, list(location_ids), budget)

    # Region and room-group rows (issue 12): columns of their own when the selection covers
    # every room they cover; otherwise left out, and the overview says so.
    stated_for = {
        *(group_id for _line, group_id, _amount in budget_rows.wider_amounts),
        *(row.room_group_id for row in financing_rows if row.location_id is None),
        *(row.room_group_id for row in investment_rows if row.location_id is None),
    }
    columns = wider_columns(agreement, location_ids, stated_for)
    left_out = bool(stated_anywhere - {column.group_id for column in columns})
    wider_codes = {column.group_id: column.code for column in columns}
    keys = [*codes, *(column.code for column in columns)]

    def key_of(location_id: int | None, group_id: int | None) -> str | None:
        """The column of a row: its room's code, its group's or the region's; None when the
        row is not in this overview."""
        if location_id is not None:
            return location_ids.get(location_id)
        return wider_codes.get(group_id)

    amounts: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for line_id, location_id, amount in budget_rows.amounts:
        amounts[line_id][location_ids[location_id]] = amount
    for line_id, group_id, amount in budget_rows.wider_amounts:
        if group_id in wider_codes:
            amounts[line_id][wider_codes[group_id]] = amount
    lines = [
        LineRow(
            code=line.code,
            group=line.group,
            description=line.description,
            note=line.note,
            footnote=line.footnote,
            is_petty_cash=line.is_petty_cash,
            amounts={code: amounts[line.pk].get(code, Decimal(0)) for code in keys},
            total=sum_decimals(amounts[line.pk].get(code, Decimal(0)) for code in keys),
        )
        for line in line_objects
    ]

    # A room the user sees may have no financing while others have: that is 0, not unknown.
    if financing_rows:
        has_financing = True
    else:
        with system_scope():  # whether the agreement has financing at all: yes or no only
            has_financing = Financing.objects.filter(agreement=agreement).exists()
    funders = _funder_rows([row for row in financing_rows if not row.is_intended], key_of, keys)
    intended = _funder_rows([row for row in financing_rows if row.is_intended], key_of, keys)

    investments = {}
    for investment in investment_rows:
        key = key_of(investment.location_id, investment.room_group_id)
        if key is not None:
            investments[key] = investment
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
    for where in [*keys, ALL]:
        selection = keys if where == ALL else [where]
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
        wider=[(column.code, column.name) for column in columns],
        wider_left_out=left_out,
    )


def _covers_every_location(agreement: Agreement, codes: list[str]) -> bool:
    """Whether ``codes`` hold every location of ``agreement`` (read in the system scope:
    location codes only, no figures). One query."""
    with system_scope():
        return set(
            Location.objects.filter(agreements=agreement).values_list("code", flat=True)
        ) <= set(codes)


def _funder_rows(
    financing_rows: list[Financing],
    key_of: Callable[[int | None, int | None], str | None],
    keys: list[str],
) -> list[FunderRow]:
    """One :class:`FunderRow` per party with financing in the agreement, in source order
    (the order the rows were loaded), limited to the overview's columns (``key_of`` gives a
    row's column, None for a row outside the overview; ``keys`` the columns in order)."""
    by_party: dict[int, list[Financing]] = {}
    for row in financing_rows:
        by_party.setdefault(row.party_id, []).append(row)
    order = {code: index for index, code in enumerate(keys)}
    funders = []
    for rows in by_party.values():
        party = rows[0].party
        placed = [(key_of(row.location_id, row.room_group_id), row) for row in rows]
        selected = sorted(
            ((key, row) for key, row in placed if key is not None),
            key=lambda pair: order[pair[0]],
        )
        footnotes = []
        for _key, row in selected:
            if row.footnote and row.footnote not in footnotes:
                footnotes.append(row.footnote)
        funders.append(
            FunderRow(
                code=party.code,
                # The name and kind this agreement states (issue 12), else the party's own.
                name=getattr(rows[0], "stated_name", "") or party.name,
                kind=getattr(rows[0], "stated_kind", "") or party.kind,
                amounts={key: row.amount for key, row in selected},
                total=sum_decimals(row.amount for _key, row in selected),
                in_kind={key: row.in_kind for key, row in selected if row.in_kind is not None},
                earmarked={
                    key: row.earmarked for key, row in selected if row.earmarked is not None
                },
                footnotes=tuple(footnotes),
            )
        )
    return funders
