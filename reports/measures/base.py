"""The shared parts of the measures: figure keys, kinds, the measured figure, the context
every measure gets, and small counting helpers (rules: :mod:`reports.measures`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import cached_property, lru_cache
from typing import Any

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from agreements.models import Agreement
from budgets.figures import BudgetOverview
from locations import formatting
from locations.models import Location
from locations.periods import Period, open_share
from reports.counting import Window

#: Key of a figure: (indicator code, location id); location None is the totals block.
Key = tuple[str, int | None]

POSITIVE_TEXT = "Positief"
NEGATIVE_TEXT = "Negatief"


class Kind:
    """How a measure's figure behaves (see the module docstring)."""

    CUMULATIVE = "cumulative"  # a count over the year to date; pro rata during the year
    STATE = "state"  # a count of people/groups in a state on the period's end date
    X_OF_Y = "x_of_y"  # "X op Y": X take part of Y referred, year to date; pro rata
    SHARE = "share"  # survey: respondent-weighted share who agree, in percent
    SCORE = "score"  # survey: respondent-weighted mean score out of 10
    ENTERED = "entered"  # Interviews: an estimate entered by staff
    CHECK = "check"  # Controle (entered) and Begroting (budget): Positief / Negatief

    PRO_RATA = frozenset({CUMULATIVE, X_OF_Y})


@dataclass(frozen=True)
class Measured:
    """A realised figure of one indicator at one location or in the totals block.

    ``value``: the figure in the target's unit (a count; a share in percent, e.g. 62.5 for
    62.5%; a mean score out of 10; an entered estimate), None when there is none.
    ``value_of``: Y of "X op Y" (the number referred). ``quarter``: the quarter alone (X for
    "X op Y"), only for cumulative kinds in a quarterly report. ``positive``: the outcome of a
    check (True "Positief", False "Negatief"). ``respondents``: survey respondents behind the
    result. ``entered_by`` / ``entered_source``: who entered an estimate or check and its
    source. ``note``: shown under the row. ``unit``: "%" when ``value`` is a percentage.
    ``public_note``: the note as a funder's version of the report shows it, without who
    entered the figure (staff names stay internal); None when ``note`` names nobody.
    """

    kind: str
    value: int | Decimal | None = None
    value_of: int | None = None
    quarter: int | None = None
    positive: bool | None = None
    respondents: int | None = None
    entered_by: str = ""
    entered_source: str = ""
    note: str = ""
    unit: str = ""
    public_note: str | None = None

    @property
    def text(self) -> str:
        """The display text: "12 op 18", "62%", "8,1", "3%", "Positief"; "—" when none.
        Formatted once per text and active language (:func:`_display_text`)."""
        if self.positive is None and self.value is None:
            return "—"
        return _display_text(
            self.kind, self.positive, self.value, self.value_of, self.unit, get_language()
        )


@lru_cache(maxsize=4096)
def _display_text(
    kind: str,
    positive: bool | None,
    value: int | Decimal | None,
    value_of: int | None,
    unit: str,
    language: str | None,
) -> str:
    """:attr:`Measured.text` of these fields in ``language`` (the active one: the cache key).
    Equal numbers format alike (``locations.formatting`` drops trailing zeros), so 1 and
    Decimal("1.0") may share an entry."""
    if positive is not None:
        return _(POSITIVE_TEXT) if positive else _(NEGATIVE_TEXT)
    if value is None:
        return "—"
    if kind == Kind.X_OF_Y:
        return _("%(x)s op %(y)s") % {
            "x": formatting.format_number(value),
            "y": formatting.format_number(value_of),
        }
    if kind == Kind.SHARE:
        return formatting.format_percentage(value)
    return f"{formatting.format_number(value)}{unit}"


@dataclass(frozen=True)
class MeasureContext:
    """What every measure needs: the agreement, the period, the selected locations, the
    windows ("ytd" and, for a quarter, "quarter") and each target's unit
    (``{(indicator code, location id): "%" or ""}``). ``budget_overview``: the budget
    figures over the selected locations when the caller has them already
    (``budgets.figures.budget_overview``; the selector computes them once for the report's
    financial section too); None: the Begroting measure computes them itself.
    ``descriptions``: indicator code -> the indicator's description as stated (a measure
    reads a rule's parameter from it, e.g. "gem. 250 uren/jaar"; issue 12)."""

    agreement: Agreement
    period: Period
    locations: Sequence[Location]
    windows: dict[str, Window]
    units: dict[tuple[str, int], str] = field(default_factory=dict)
    budget_overview: BudgetOverview | None = None
    descriptions: dict[str, str] = field(default_factory=dict)
    #: The measures' rows read ahead by :func:`reports.measures.registry.measure_all` in one
    #: query (tag -> rows, :func:`_rows`); empty: each measure reads its own.
    read_ahead: dict[str, list[Row]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def location_ids(self) -> list[int]:
        """The selected locations' ids (worked out once per context)."""
        return [location.pk for location in self.locations]

    @cached_property
    def _shares(self) -> dict[int, Fraction]:
        """Location id -> :func:`~locations.periods.open_share` at the period's end."""
        return {
            location.pk: open_share(self.period, location.opened_on, location.closed_on)
            for location in self.locations
        }

    @property
    def end(self) -> date:
        """The period's last day: the date states are counted on."""
        return self.period.end

    @property
    def ytd(self) -> Window:
        """1 January of the agreement year up to the period's end."""
        return self.windows["ytd"]

    def share_elapsed(self, location_id: int | None) -> Fraction | Decimal:
        """The share of the location's open time in the year elapsed at the period's end
        (``locations.periods.open_share``; the period's share of the year for a room open
        all year, and for the totals block, ``location_id`` None, or an id not selected). A
        dict lookup: the shares are worked out once per context."""
        if location_id is None:
            return self.period.share_of_year
        return self._shares.get(location_id, self.period.share_of_year)


MeasureFunction = Callable[[MeasureContext, Sequence[str]], dict[Key, Measured]]

#: A row a measure counts, in the shape every measure's rows share so that several measures'
#: tables are read in one ``UNION ALL`` (:func:`reports.measures.registry.measure_all`):
#: (location id, person id, record id, name, date, flag), None where the table has no such
#: column. Typed loosely on purpose: which columns a table fills (and whether they can be
#: NULL) is each measure's row builder's, and its measure reads them as such.
Row = tuple[int, Any, Any, Any, Any, Any]

#: A measure's row builder: the context and the measure's indicator codes -> the
#: :func:`_columns` queryset of its rows.
RowBuilder = Callable[["MeasureContext", Sequence[str]], QuerySet]

_COLUMN_FIELDS = {
    "person": IntegerField,
    "record": IntegerField,
    "name": CharField,
    "day": DateField,
    "flag": BooleanField,
}


def _columns(queryset: QuerySet, tag: str, **columns: str | Combinable) -> QuerySet:
    """``queryset`` as rows of the shared shape: (tag, location id, person, record, name,
    day, flag); ``columns`` names the field (or expression) for each of person, record, name,
    day and flag the table has, the others are typed NULLs (so any tables' rows can be
    UNIONed)."""
    values: dict[str, Combinable] = {}
    for column, output in _COLUMN_FIELDS.items():
        given = columns.get(column)
        if given is None:
            values[f"m_{column}"] = Cast(Value(None), output_field=output())
        elif isinstance(given, str):
            values[f"m_{column}"] = F(given)
        else:
            values[f"m_{column}"] = given
    return (
        queryset.annotate(m_tag=Cast(Value(tag), output_field=CharField()), **values)
        .values_list("m_tag", "location_id", *(f"m_{column}" for column in _COLUMN_FIELDS))
        .order_by()
    )


def _rows(ctx: MeasureContext, tag: str, builder: RowBuilder, codes: Sequence[str]) -> list[Row]:
    """The rows of the measure tagged ``tag``: those read ahead in the context, else read
    now from ``builder(ctx, codes)`` (one query); the same rows either way."""
    found = ctx.read_ahead.get(tag)
    if found is None:
        found = [tuple(row[1:]) for row in builder(ctx, codes)]
    return found


@dataclass(frozen=True)
class Measure:
    """A registry entry: the kind, the function computing it, and its rule (for docs)."""

    kind: str
    function: MeasureFunction
    rule: str


def _keys(ctx: MeasureContext) -> list[int | None]:
    return [*ctx.location_ids, None]


def _active_on(day: date, start: str, end: str) -> Q:
    """Rows whose ``start`` field is on or before ``day`` and whose ``end`` field is empty or on
    or after ``day`` (the end date is the last day in the state)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def _distinct_counts(
    ctx: MeasureContext, pairs: Iterable[tuple[int, object]]
) -> dict[int | None, int]:
    """Distinct people (or records) per location, and over all locations together (None)."""
    per_location: dict[int | None, set[object]] = defaultdict(set)
    for location_id, person in pairs:
        per_location[location_id].add(person)
        per_location[None].add(person)
    return {key: len(per_location.get(key, ())) for key in _keys(ctx)}


def _person(participant_id: int | None, tag: str, pk: int) -> tuple[str, int]:
    """The identity counted: the participant when known, else the record itself."""
    return ("participant", participant_id) if participant_id else (tag, pk)


def _state(ctx: MeasureContext, code: str, counts: dict[int | None, int]) -> dict[Key, Measured]:
    return {(code, key): Measured(Kind.STATE, value=counts[key]) for key in _keys(ctx)}
