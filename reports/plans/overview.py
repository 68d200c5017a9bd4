"""The rows of plan against realised per year (issue 12, "Multi-year plans"): plain
dataclasses, built by :func:`reports.plans.selectors.year_over_year` and carried by a plan's
progress report (``ProgressReport.plan``), so the page, the Excel sheet and a stored report
render the same rows without a query. Fields are only appended, with a default
(:mod:`reports.serialise`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class PlanCell:
    """One year of one row: the plan's figure (``plan``; for a target its value, with the
    target as stated in ``plan_text``), the realised figure (None: the year has no
    registrations, or nothing is realised for this row) and realised minus plan."""

    year: int
    plan: Decimal | None
    plan_text: str = ""
    realised: Decimal | None = None
    #: In a row of a total as stated: the computed total it is compared with.
    computed: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        """Realised minus plan; in a row of a stated total, computed minus stated (None when
        either is missing)."""
        other = self.computed if self.computed is not None else self.realised
        if self.plan is None or other is None:
            return None
        return other - self.plan


@dataclass(frozen=True)
class PlanRow:
    """One row of a table: its label, a cell per year, and whether it is the total computed
    from the rows above (``is_total``) or the total as the document states it
    (``is_stated``: its cells' ``plan`` is the stated total, ``computed`` the computed one).
    """

    label: str
    cells: tuple[PlanCell, ...]
    is_total: bool = False
    is_stated: bool = False


@dataclass(frozen=True)
class PlanTable:
    """One measure's table: a heading and its rows."""

    key: str
    title: str
    rows: tuple[PlanRow, ...]


@dataclass(frozen=True)
class YearOverYear:
    """Plan against realised for one plan: the years (reference year first), which of them
    have registrations (``realised_years``) and the tables."""

    title: str
    reference_year: int
    years: tuple[int, ...]
    realised_years: frozenset[int]
    tables: tuple[PlanTable, ...]
