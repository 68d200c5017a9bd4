"""The plain dataclasses of a budget overview: lines, funders and every figure per location.

Built by :func:`budgets.figures.compute.budget_overview`; the budget page, the board page,
the admin and the reports (screen, PDF, Excel) all read these rows, never the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext

from budgets.figures.comparison import Figure, Statement
from budgets.figures.groups import DEFAULT_GROUPS, DEFAULT_RATIOS, GroupDef, RatioDef
from budgets.figures.names import ALL


@dataclass(frozen=True)
class LineRow:
    """A budget line: its amount per selected location and per column of the region or a room
    group (:attr:`BudgetOverview.wider`; euros, 0 where none) and their sum."""

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

    ``amounts`` has only the locations (and region or group columns) it finances (a row in
    the source, € 0 included);
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

    ``figures`` maps a location code, a :attr:`wider` column's code or "all" to figure
    name -> :class:`Figure` for every name in :data:`BUDGET_DATA_FIGURES`,
    :data:`EXTRA_FIGURES`, ``financing:<code>`` per funder and any other stated figure name;
    with intended financing also :data:`INTENDED_FIGURES`. ``funders`` are the committed
    funders only. ``rates`` maps "residents" / "professionals" to (euros per hour, source)
    where a rate is recorded.
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
    #: Intended ("beoogd", not committed) financing per funder, shown apart (issue 12); empty
    #: for an agreement without any (then no intended figure exists either).
    intended_funders: list[FunderRow] = field(default_factory=list)
    #: The budget's line groups and ratios (issue 12): the document's, or today's A-E and
    #: three ratios (``stated_groups`` False) when it states none.
    groups: tuple[GroupDef, ...] = DEFAULT_GROUPS
    ratios: tuple[RatioDef, ...] = DEFAULT_RATIOS
    stated_groups: bool = False
    #: Columns beside the rooms (issue 12): (``region`` or a room group's code, "Regio" or
    #: the group's name) for the amounts, financing and volunteer hours stated for the region
    #: or a group, when the overview's rooms cover all of its rooms; their amounts count in
    #: "all". ``wider_left_out``: the agreement has such figures this overview leaves out
    #: (its rooms do not cover them, or the viewer may not see them).
    wider: list[tuple[str, str]] = field(default_factory=list)
    wider_left_out: bool = False

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(code, name) of every column before the total: the rooms, then :attr:`wider`."""
        return [*self.locations, *self.wider]

    @cached_property
    def figure_names(self) -> dict[str, str]:
        """Figure name -> the document's own label, for a budget that states its groups:
        "subtotal_<code>" -> "Subtotaal " and the group's name; for ratios of its own, a
        ratio's code -> its name. Empty for today's groups and ratios (their labels are
        :mod:`budgets.display`'s)."""
        names = {}
        if self.stated_groups:
            names = {
                f"subtotal_{group.code}": gettext("Subtotaal %(group)s") % {"group": group.name}
                for group in self.groups
            }
        if self.ratios != DEFAULT_RATIOS:
            names.update((ratio.code, ratio.name) for ratio in self.ratios)
        return names

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

    def stated_differences(self) -> list[tuple[str, Figure, Statement]]:
        """(location code or "all", figure, stated value) for every stated value that differs
        from its computed figure (a figure stated several times gives one entry per differing
        value, issue 12), in location order, figure order, then file order."""
        return [
            (code, figure, statement)
            for code, figure in self.differences()
            for statement in figure.differing_statements
        ]

    def has_shortfall(self, location_code: str) -> bool | None:
        """True when financing is below the budget total at the location (or "all"),
        False when not, None when the total or the financing is not computable."""
        surplus = self.figures[location_code]["surplus"].computed
        if surplus is None:
            return None
        return surplus < 0
