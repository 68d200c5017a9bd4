"""The validated budget sections of an agreement file: plain frozen values, no YAML, no
database. Built by :mod:`budgets.loader.schema`, written by :mod:`budgets.loader.writer`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from budgets.figures.groups import GroupDef, RatioDef


@dataclass(frozen=True)
class VolunteerRateSpec:
    """Euros per volunteer hour of one kind (``residents`` / ``professionals``) in the
    agreement's year, with its source."""

    kind: str
    rate: Decimal
    source: str


@dataclass(frozen=True)
class BudgetLineSpec:
    """A cost line; ``group`` is "" for an ungrouped line, ``amounts`` euros per location code
    (format 2: also ``region`` or a room group's code)."""

    code: str
    position: int
    group: str
    description: str
    note: str
    footnote: str
    is_petty_cash: bool
    amounts: tuple[tuple[str, Decimal], ...]


@dataclass(frozen=True)
class BudgetSpec:
    """One version of the budget; ``position`` is its index in the file (last = current)."""

    version: str
    position: int
    source: str
    lines: tuple[BudgetLineSpec, ...]
    #: The budget's own line groups and ratios (format 2, issue 12); empty groups: today's
    #: A-E; ratios None (no ``ratios`` key): the default ratios, () (``ratios: []``): none.
    groups: tuple[GroupDef, ...] = ()
    ratios: tuple[RatioDef, ...] | None = None

    def stored_groups(self) -> list[dict[str, Any]]:
        """``groups`` as :attr:`budgets.models.Budget.groups` stores them."""
        return [{"code": group.code, "name": group.name} for group in self.groups]

    def stored_ratios(self) -> list[dict[str, Any]] | None:
        """``ratios`` as :attr:`budgets.models.Budget.ratios` stores them (None: not stated)."""
        if self.ratios is None:
            return None
        return [
            {
                "code": ratio.code,
                "name": ratio.name,
                "numerator": list(ratio.numerator),
                "denominator": list(ratio.denominator),
            }
            for ratio in self.ratios
        ]


@dataclass(frozen=True)
class FinancingSpec:
    """What one funder (a party code) commits per location code (format 2: also ``region`` or
    a room group's code), in euros; ``in_kind`` and
    ``earmarked`` the parts of some of those amounts, per location code; ``is_intended``
    (format 2): the amounts are intended ("beoogd"), not committed."""

    funder: str
    amounts: tuple[tuple[str, Decimal], ...]
    in_kind: tuple[tuple[str, Decimal], ...]
    earmarked: tuple[tuple[str, Decimal], ...]
    footnote: str
    is_intended: bool = False


@dataclass(frozen=True)
class VolunteerHoursSpec:
    """Residents' and professionals' volunteer hours at one location (``location`` its code;
    format 2: also ``region`` or a room group's code)."""

    location: str
    residents: Decimal
    professionals: Decimal


@dataclass(frozen=True)
class StatedFigureSpec:
    """A figure as printed in the source; ``location`` is None for the agreement total
    ("all"), ``value`` the number (shares as fractions), ``text`` the printed form;
    ``position`` the value's index when the figure is stated several times (format 2's list
    form), 0 otherwise."""

    location: str | None
    figure: str
    value: Decimal
    text: str
    source: str
    position: int = 0


@dataclass(frozen=True)
class BudgetSectionsSpec:
    """Everything a file states in its budget sections (each empty when absent)."""

    volunteer_rates: tuple[VolunteerRateSpec, ...] = ()
    budgets: tuple[BudgetSpec, ...] = ()
    financing: tuple[FinancingSpec, ...] = ()
    volunteer_hours: tuple[VolunteerHoursSpec, ...] = ()
    stated_figures: tuple[StatedFigureSpec, ...] = ()
