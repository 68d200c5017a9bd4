"""The validated content of an agreement file: plain frozen values, no YAML, no database.

Built by :mod:`agreements.loader.schema`, written by :mod:`agreements.loader.writer`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from agreements.targets import ParsedTarget


@dataclass(frozen=True)
class LocationSpec:
    """A room as stated in the file (blank texts are "")."""

    code: str
    name: str
    neighbourhood: str
    city: str
    address: str
    residents_association: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None


@dataclass(frozen=True)
class PartySpec:
    """A party and its role in this agreement; ``location_code`` for residents' associations."""

    code: str
    name: str
    kind: str
    is_funder: bool
    is_signatory: bool
    location_code: str | None


@dataclass(frozen=True)
class DeadlineSpec:
    """A reporting deadline; ``period`` is ``YYYY-Qn`` or ``YYYY``."""

    kind: str
    due_on: datetime.date
    period: str


@dataclass(frozen=True)
class IndicatorSpec:
    """One row of the targets table with its parsed target per location code."""

    code: str
    position: int
    section: str
    description: str
    method: str
    method_text: str
    housing_corporation: bool
    categories: tuple[str, ...]
    source: str
    targets: tuple[tuple[str, ParsedTarget], ...]


@dataclass(frozen=True)
class VolunteerRateSpec:
    """Euros per volunteer hour of one kind (``residents`` / ``professionals``) in the
    agreement's year, with its source."""

    kind: str
    rate: Decimal
    source: str


@dataclass(frozen=True)
class BudgetLineSpec:
    """A cost line; ``group`` is "" for an ungrouped line, ``amounts`` euros per location code."""

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


@dataclass(frozen=True)
class FinancingSpec:
    """What one funder (a party code) commits per location code, in euros; ``in_kind`` and
    ``earmarked`` the parts of some of those amounts, per location code."""

    funder: str
    amounts: tuple[tuple[str, Decimal], ...]
    in_kind: tuple[tuple[str, Decimal], ...]
    earmarked: tuple[tuple[str, Decimal], ...]
    footnote: str


@dataclass(frozen=True)
class VolunteerHoursSpec:
    """Residents' and professionals' volunteer hours at one location."""

    location: str
    residents: Decimal
    professionals: Decimal


@dataclass(frozen=True)
class StatedFigureSpec:
    """A figure as printed in the source; ``location`` is None for the agreement total
    ("all"), ``value`` the number (shares as fractions), ``text`` the printed form."""

    location: str | None
    figure: str
    value: Decimal
    text: str
    source: str


@dataclass(frozen=True)
class AgreementSpec:
    """A whole agreement file, validated."""

    file: str
    organisation_slug: str
    organisation_name: str
    region: str
    region_name: str
    year: int
    title: str
    signed_on: datetime.date | None
    status: str
    source: str
    locations: tuple[LocationSpec, ...]
    parties: tuple[PartySpec, ...]
    deadlines: tuple[DeadlineSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    volunteer_rates: tuple[VolunteerRateSpec, ...] = ()
    budgets: tuple[BudgetSpec, ...] = ()
    financing: tuple[FinancingSpec, ...] = ()
    volunteer_hours: tuple[VolunteerHoursSpec, ...] = ()
    stated_figures: tuple[StatedFigureSpec, ...] = ()

    @property
    def key(self) -> tuple[str, str, int]:
        """The agreement's natural key: (organisation slug, region, year)."""
        return (self.organisation_slug, self.region, self.year)
