"""Target comparison, status and percentages: pure functions, no database.

Rules from DOMAIN.md "Targets and status": a report shows realised next to the target, the
difference and a neutral status; during the year a year-to-date count is "on track" when it
meets the pro-rata share of the yearly target (Q1 25%, Q2 50%, Q3 75%). Counts are integers;
percentages are exact here and rounded half-up to a whole percent for display only, by
:mod:`locations.formatting` (which also formats every number of the report).
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.choices import Comparator
from locations import periods
from locations.periods import Period

__all__ = [
    "NUMERIC_COMPARATORS",
    "Number",
    "Status",
    "difference",
    "expected_to_date",
    "meets",
    "percentage",
    "status_for",
]

Number = int | Decimal

#: Comparators whose target is a number a count can be compared with.
NUMERIC_COMPARATORS = frozenset(
    {Comparator.GT, Comparator.GTE, Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.RANGE}
)
#: Comparators with an upper bound: a figure above it is ABOVE_TARGET (issue 12).
_UPPER_BOUNDED = frozenset({Comparator.AT_MOST, Comparator.RANGE})


class Status(models.TextChoices):
    """Neutral status of a realised figure against its target."""

    ACHIEVED = "achieved", _("behaald")
    ON_TRACK = "on_track", _("op koers")
    BEHIND = "behind", _("achter op schema")
    BELOW_TARGET = "below_target", _("onder streefcijfer")
    ABOVE_TARGET = "above_target", _("boven streefcijfer")
    NOT_RECORDED = "not_recorded", _("nog niet geregistreerd")
    NO_TARGET = "no_target", _("geen streefcijfer")


#: The statuses at or ahead of the target ("behaald of op koers"): the PDF's summary page
#: and the board dashboard group rows by these two sets.
GOOD_STATUSES = frozenset({Status.ACHIEVED, Status.ON_TRACK})
#: The statuses behind it ("achter of onder streefcijfer").
ATTENTION_STATUSES = frozenset({Status.BEHIND, Status.BELOW_TARGET})


def meets(
    realised: Number, comparator: str, value: Number, value_max: Number | None = None
) -> bool:
    """True when ``realised`` satisfies ``comparator value``.

    "> 10" (gt) is met by 11, not by 10; "≥ 10" (gte) and "400" (at_least, a plain figure)
    are met by the value itself; "≤ 10" (at_most) by 10 and less; a range "10-20" (range,
    ``value`` 10, ``value_max`` 20) by 10 up to 20, both included. Raises ValueError for a
    non-numeric comparator ("Positief", "nog niet") and for a range without ``value_max``.
    """
    if comparator == Comparator.GT:
        return realised > value
    if comparator in (Comparator.GTE, Comparator.AT_LEAST):
        return realised >= value
    if comparator == Comparator.AT_MOST:
        return realised <= value
    if comparator == Comparator.RANGE:
        if value_max is None:
            raise ValueError("a range needs its upper bound")
        return value <= realised <= value_max
    raise ValueError(f"not a numeric comparator: {comparator!r}")


def expected_to_date(
    target_value: Number | None, period: Period, share: Fraction | Decimal | None = None
) -> Decimal | None:
    """The pro-rata share of a yearly target at the end of ``period``.

    ``target_value`` × 0.25 / 0.5 / 0.75 / 1 for Q1 / Q2 / Q3 / Q4 or the full year, exact
    (e.g. 275 in Q1 gives 68.75). ``share``: the share of the room's open time elapsed
    instead (``locations.periods.open_share``: a room opening on 1 April is at 1/3 by
    30 June); None means the period's :attr:`~locations.periods.Period.share_of_year`.
    None when there is no target value.
    """
    if target_value is None:
        return None
    return periods.pro_rata(target_value, period.share_of_year if share is None else share)


def difference(realised: Number | None, target_value: Number | None) -> Number | None:
    """Realised minus the (yearly) target value; None when either is missing."""
    if realised is None or target_value is None:
        return None
    return realised - target_value


def status_for(
    *,
    realised: Number | None,
    comparator: str | None,
    target_value: Number | None,
    period: Period,
    realised_of: Number | None = None,
    target_value_of: Number | None = None,
    positive: bool | None = None,
    pro_rata: bool = True,
    share: Fraction | Decimal | None = None,
    target_value_max: Number | None = None,
) -> Status:
    """The neutral status of a realised figure against its target (DOMAIN.md "Targets and
    status"; issue 3 for the "X op Y", survey, state-count and Positief rules).

    In: the realised figure (a count, a percentage in percent or a mean score) and, for
    "Aantal op aangemeld", ``realised_of`` (Y, the number referred); the target's comparator
    and value (and ``target_value_of`` for "> 10 op 20"); ``positive`` the outcome of a
    Begroting/Controle check (None when there is none); ``pro_rata`` False for figures that
    are not year-to-date cumulative counts (states at the period's end, survey results,
    entered estimates), which are never compared with a pro-rata share. ``share``: the
    share of the year (or of the room's open time in it) elapsed at the period's end
    (:func:`expected_to_date`); None means the period's share of the year.

    - a check (``positive`` not None): with a "Positief" target ACHIEVED when positive,
      BELOW_TARGET when negative ("Negatief"); without such a target NO_TARGET;
    - realised None: NOT_RECORDED (nothing registered or entered);
    - no numeric target (none, "Positief", or "nog niet": no target this year): NO_TARGET,
      never ACHIEVED;
    - an upper bound ("≤ 10", the 20 of a range "10-20", ``target_value_max``) exceeded:
      ABOVE_TARGET, whenever in the year (a year-to-date count only grows); "≤ 10" not
      exceeded: ACHIEVED at the year's end (or for a figure that is not pro rata), ON_TRACK
      during the year; a range's lower bound is compared like "≥ 10";
    - meets the yearly target: ACHIEVED; for "X op Y" the status is judged on X alone (how
      many take part) against the target's X (issue 12: "15 op 18" meets "> 10 op 20");
      ``realised_of`` and ``target_value_of`` only feed the row's note (fewer referred than
      the target's Y), see ``reports.selectors.rows``;
    - at the year's end (Q4 or full year, or ``share`` 1) otherwise: BELOW_TARGET;
    - during the year, ``pro_rata``: ON_TRACK when X meets the pro-rata share of the yearly
      target, else BEHIND; without ``pro_rata``: BEHIND.
    """
    if positive is not None:
        if comparator == Comparator.POSITIVE:
            return Status.ACHIEVED if positive else Status.BELOW_TARGET
        return Status.NO_TARGET
    if realised is None:
        return Status.NOT_RECORDED
    if target_value is None or comparator not in NUMERIC_COMPARATORS:
        return Status.NO_TARGET

    elapsed = period.share_of_year if share is None else share
    if comparator in _UPPER_BOUNDED:
        upper = target_value if comparator == Comparator.AT_MOST else target_value_max
        if upper is not None and realised > upper:
            return Status.ABOVE_TARGET
        if comparator == Comparator.AT_MOST:
            return Status.ON_TRACK if pro_rata and elapsed < 1 else Status.ACHIEVED
        comparator = Comparator.GTE

    def met(part: Fraction | Decimal) -> bool:
        value = target_value if part == 1 else periods.pro_rata(target_value, part)
        return meets(realised, comparator, value)

    if met(Fraction(1)):
        return Status.ACHIEVED
    if elapsed >= 1:
        return Status.BELOW_TARGET
    if pro_rata and met(elapsed):
        return Status.ON_TRACK
    return Status.BEHIND


def percentage(part: Number, whole: Number) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (exact Decimal), None when ``whole`` is 0."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)
