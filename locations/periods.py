"""Reporting periods: a quarter, a four-month period, a half year or a full year of an
agreement (pure, no database).

The 2019 agreement has interim reports per quarter and a final report over the year
(DOMAIN.md "Who and what"); other agreements report per four months or per half year
(issue 12); figures are year-to-date from 1 January of the agreement year.

The one place that knows the period codes "YYYY-Qn" (quarter, n 1-4), "YYYY-Tn" (four-month
period, "tertaal", n 1-3), "YYYY-Hn" (half year, n 1-2) and "YYYY": the reports, the budget
board page, the agreement file loader, the entered-results forms and the admin all parse and
check them here (:func:`parse_period`, :func:`is_period_code`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _

#: Period kind -> the number of such periods in a year: quarters, four-month periods (T for
#: "tertaal") and half years.
PARTS_PER_YEAR = {"Q": 4, "T": 3, "H": 2}
QUARTER = "Q"
_PERIOD_RE = re.compile(r"^\s*(\d{4})(?:-([QqTtHh])(\d))?\s*$")


@dataclass(frozen=True)
class Period:
    """A part of ``year`` or the full year (``quarter`` None).

    ``kind``: "Q" (a quarter, ``quarter`` 1-4; the default), "T" (a four-month period,
    ``quarter`` 1-3: January-April, May-August, September-December) or "H" (a half year,
    ``quarter`` 1-2). ``quarter`` is the number of the part whatever its kind (the name stays
    from when every part was a quarter). Raises ValueError on a year outside 1900-2999, an
    unknown kind or a number outside the kind's range.
    """

    year: int
    quarter: int | None = None
    kind: str = QUARTER

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2999:
            raise ValueError(f"year out of range: {self.year}")
        if self.kind not in PARTS_PER_YEAR:
            raise ValueError(f"period kind must be Q, T or H, not {self.kind!r}")
        parts = PARTS_PER_YEAR[self.kind]
        if self.quarter is not None and self.quarter not in range(1, parts + 1):
            if self.kind == QUARTER:
                raise ValueError(f"quarter must be 1-4, not {self.quarter}")
            raise ValueError(f"{self.kind} period must be 1-{parts}, not {self.quarter}")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """The JSON shape of a stored report's period (``reports.serialise``): the fields,
        but ``kind`` only when it is not "Q", so a quarter or a year is stored exactly as
        before issue 12 (``{"year": 2019, "quarter": 2}``) and a four-month period as
        ``{"year": 2018, "quarter": 2, "kind": "T"}``; read back, an absent kind is "Q"."""
        from pydantic_core import core_schema

        def serialise(value: Any, default: Any) -> Any:
            data = default(value)
            if isinstance(data, dict) and data.get("kind") == QUARTER:
                del data["kind"]
            return data

        schema = handler(source)
        schema["serialization"] = core_schema.wrap_serializer_function_ser_schema(serialise)
        return schema

    @property
    def _months(self) -> int:
        """Months in one part of this kind: 3, 4 or 6."""
        return 12 // PARTS_PER_YEAR[self.kind]

    @property
    def start(self) -> date:
        """First day of the period (1 Jan for a year, first day of the part otherwise)."""
        month = 1 if self.quarter is None else self._months * (self.quarter - 1) + 1
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        """Last day of the period (inclusive)."""
        if self.quarter is None or self.quarter == PARTS_PER_YEAR[self.kind]:
            return date(self.year, 12, 31)
        next_start = date(self.year, self._months * self.quarter + 1, 1)
        return date.fromordinal(next_start.toordinal() - 1)

    @property
    def ytd_start(self) -> date:
        """1 January of the year: the start of every year-to-date figure."""
        return date(self.year, 1, 1)

    @property
    def is_quarter(self) -> bool:
        """True for a part of the year (a quarter, four-month period or half year: the
        report then also shows the part alone), False for a full year."""
        return self.quarter is not None

    @property
    def label(self) -> str:
        """Dutch label: "2e kwartaal 2019", "2e viermaandsperiode 2018", "1e halfjaar 2019"
        or "2019"."""
        if self.quarter is None:
            return str(self.year)
        values = {"quarter": self.quarter, "year": self.year}
        if self.kind == "T":
            return _("%(quarter)se viermaandsperiode %(year)s") % values
        if self.kind == "H":
            return _("%(quarter)se halfjaar %(year)s") % values
        return _("%(quarter)se kwartaal %(year)s") % values

    @property
    def part_heading(self) -> str:
        """The heading of the column with the period part's own figures, in the active
        language: "Dit kwartaal", "Deze viermaandsperiode" or "Dit halfjaar" (issue 12: an
        agreement reporting per four months or half year); a full year's reports keep
        "Dit kwartaal" (the column is empty or shows last year there)."""
        if self.kind == "T":
            return _("Deze viermaandsperiode")
        if self.kind == "H":
            return _("Dit halfjaar")
        return _("Dit kwartaal")

    @property
    def part_name(self) -> str:
        """:attr:`part_heading` within a sentence: "dit kwartaal", "deze viermaandsperiode"
        or "dit halfjaar"."""
        if self.kind == "T":
            return _("deze viermaandsperiode")
        if self.kind == "H":
            return _("dit halfjaar")
        return _("dit kwartaal")

    @property
    def code(self) -> str:
        """Stable code: "2019-Q2", "2018-T2", "2019-H1" or "2019" (the inverse of
        :func:`parse_period`)."""
        return str(self.year) if self.quarter is None else f"{self.year}-{self.kind}{self.quarter}"

    @property
    def fraction_of_year(self) -> Decimal:
        """Share of the year elapsed at the period's end: Q1 0.25, Q2 0.5, Q3 0.75, Q4/year 1;
        T1 1/3, T2 2/3; H1 0.5 (exact for quarters and half years; a four-month period's
        share is a Decimal of 28 digits, use :func:`pro_rata` with :attr:`share_of_year` for
        exact arithmetic)."""
        if self.quarter is None:
            return Decimal(1)
        return Decimal(self.quarter) / Decimal(PARTS_PER_YEAR[self.kind])

    @property
    def share_of_year(self) -> Fraction:
        """:attr:`fraction_of_year` as an exact Fraction (T1: 1/3)."""
        if self.quarter is None:
            return Fraction(1)
        return Fraction(self.quarter, PARTS_PER_YEAR[self.kind])


def _month_position(day: date) -> Fraction:
    """Months elapsed in ``day``'s year before ``day``: 1 January 0, 1 April 3, 16 April 3.5."""
    next_month = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    days_in_month = (next_month - date(day.year, day.month, 1)).days
    return Fraction(day.month - 1) + Fraction(day.day - 1, days_in_month)


def _position_after(day: date, year: int) -> Fraction:
    """Months of ``year`` elapsed at the end of ``day``: 0 before the year, 12 after it."""
    if day.year < year:
        return Fraction(0)
    following = day + timedelta(days=1)
    return _month_position(following) if following.year == year else Fraction(12)


def open_share(period: Period, opened_on: date | None, closed_on: date | None) -> Fraction:
    """The share of a room's open time in ``period.year`` elapsed at the period's end.

    Rule (issue 12, "rooms that open or close during the year"; docs/report-formats.md "Rooms
    that open or close"): a yearly target covers the time the room is open in the year, from
    its opening day (or 1 January) up to its closing day (or 31 December), both inclusive.
    Time is counted in months, a day as its share of its month, so a room open all year gives
    exactly :attr:`Period.fraction_of_year` (Q1 0.25, Q2 0.5, Q3 0.75); a room opening on
    1 April is expected at 1/3 by 30 June (3 of its 9 months) and at 1 by 31 December.
    Out: an exact Fraction from 0 to 1 (applied with :func:`pro_rata`); 0 when the room has
    not opened by the period's end, 1 once it has closed (all its time in the year has
    passed) or when it is open for no time in the year.
    """
    if opened_on is not None and opened_on > period.end:
        return Fraction(0)
    start = Fraction(0)
    if opened_on is not None and opened_on.year == period.year:
        start = _month_position(opened_on)
    end = Fraction(12)
    if closed_on is not None and closed_on.year <= period.year:
        end = _position_after(closed_on, period.year)
    if end <= start:
        return Fraction(1)
    elapsed = min(_position_after(period.end, period.year) - start, end - start)
    return elapsed / (end - start)


def pro_rata(value: Decimal | int, share: Fraction | Decimal) -> Decimal:
    """``value`` × ``share`` as a Decimal, exact where the result is (300 × 1/3 = 100)."""
    fraction = Fraction(share)
    return Decimal(value) * fraction.numerator / fraction.denominator


def is_open_in(period: Period, opened_on: date | None, closed_on: date | None) -> bool:
    """True when a room is open on some day from 1 January of ``period.year`` to the period's
    end: it opened on or before the period's end and did not close before 1 January.

    Reports leave a room out of a period in which this is False (issue 12: a room that
    closed before the year, or opens after the period, has no figures to show).
    """
    if opened_on is not None and opened_on > period.end:
        return False
    return closed_on is None or closed_on >= period.ytd_start


def parse_period(text: str) -> Period:
    """Parse "YYYY-Qn" (n 1-4), "YYYY-Tn" (n 1-3), "YYYY-Hn" (n 1-2; the letter in either
    case) or "YYYY" into a :class:`Period`.

    Raises ValueError on anything else (e.g. "2019-Q5", "2018-T4", "2019Q2", "").
    """
    match = _PERIOD_RE.match(text or "")
    if match is None:
        raise ValueError(f"not a period (YYYY-Qn, YYYY-Tn, YYYY-Hn or YYYY): {text!r}")
    year, kind, number = match.groups()
    if kind is None:
        return Period(int(year))
    return Period(int(year), int(number), kind.upper())


def is_period_code(text: str) -> bool:
    """True when ``text`` is a period code exactly as :attr:`Period.code` writes it.

    "2019-Q2", "2018-T2", "2019-H1" and "2019" are; "2019-q2", " 2019", "2019-Q5", "2018-T4",
    "2019Q2", "1899" (a year outside 1900-2999) and "" are not. For stored codes (deadlines,
    entered results), which must compare equal to :attr:`Period.code`; callers normalise
    input (strip, upper-case) first when they accept it loosely.
    """
    try:
        return parse_period(text).code == text
    except ValueError:
        return False


def periods_of_year(year: int, kind: str = QUARTER) -> list[Period]:
    """The reportable periods of an agreement year: its parts of ``kind`` (four quarters by
    default, three four-month periods for "T", two half years for "H"), then the full year.
    Raises ValueError on an unknown kind."""
    if kind not in PARTS_PER_YEAR:
        raise ValueError(f"period kind must be Q, T or H, not {kind!r}")
    parts = [Period(year, n, kind) for n in range(1, PARTS_PER_YEAR[kind] + 1)]
    return [*parts, Period(year)]


def default_period(year: int, today: date, kind: str = QUARTER) -> Period:
    """The period a report opens on: the latest part (of ``kind``) of ``year`` finished by
    ``today``.

    Before the end of the first part this is the first part; for a year in the past it is
    the last part (Q4, T3, H2).
    """
    finished = [p for p in periods_of_year(year, kind)[:-1] if p.end < today]
    return finished[-1] if finished else Period(year, 1, kind)


def period_label(value: Period | str | None) -> str:
    """The Dutch words of a period for the interface: a :class:`Period` or a code ("2019-Q2")
    in, "2e kwartaal 2019" out (:attr:`Period.label`); "" for None or "", and text that is
    no period code unchanged."""
    if isinstance(value, Period):
        return value.label
    if not value:
        return ""
    try:
        return parse_period(value).label
    except ValueError:
        return value
