"""Target comparison, status and percentages: pure functions, no database.

Rules from DOMAIN.md "Targets and status": a report shows realised next to the target, the
difference and a neutral status; during the year a year-to-date count is "on track" when it
meets the pro-rata share of the yearly target (Q1 25%, Q2 50%, Q3 75%). Counts are integers;
percentages are exact here and rounded half-up to a whole percent for display only, by
:mod:`locations.formatting` (which also formats every number of the report).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.choices import Comparator
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
NUMERIC_COMPARATORS = frozenset({Comparator.GT, Comparator.GTE, Comparator.AT_LEAST})


class Status(models.TextChoices):
    """Neutral status of a realised figure against its target."""

    ACHIEVED = "achieved", _("behaald")
    ON_TRACK = "on_track", _("op koers")
    BEHIND = "behind", _("achter op schema")
    BELOW_TARGET = "below_target", _("onder streefcijfer")
    NOT_RECORDED = "not_recorded", _("nog niet geregistreerd")
    NO_TARGET = "no_target", _("geen streefcijfer")


def meets(realised: Number, comparator: str, value: Number) -> bool:
    """True when ``realised`` satisfies ``comparator value``.

    "> 10" (gt) is met by 11, not by 10; "≥ 10" (gte) and "400" (at_least, a plain figure)
    are met by the value itself. Raises ValueError for a non-numeric comparator ("Positief").
    """
    if comparator == Comparator.GT:
        return realised > value
    if comparator in (Comparator.GTE, Comparator.AT_LEAST):
        return realised >= value
    raise ValueError(f"not a numeric comparator: {comparator!r}")


def expected_to_date(target_value: Number | None, period: Period) -> Decimal | None:
    """The pro-rata share of a yearly target at the end of ``period``.

    ``target_value`` × 0.25 / 0.5 / 0.75 / 1 for Q1 / Q2 / Q3 / Q4 or the full year, exact
    (e.g. 275 in Q1 gives 68.75). None when there is no target value.
    """
    if target_value is None:
        return None
    return Decimal(target_value) * period.fraction_of_year


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
) -> Status:
    """The neutral status of a realised figure against its target (DOMAIN.md "Targets and
    status"; issue 3 for the "X op Y", survey, state-count and Positief rules).

    In: the realised figure (a count, a percentage in percent or a mean score) and, for
    "Aantal op aangemeld", ``realised_of`` (Y, the number referred); the target's comparator
    and value (and ``target_value_of`` for "> 10 op 20"); ``positive`` the outcome of a
    Begroting/Controle check (None when there is none); ``pro_rata`` False for figures that
    are not year-to-date cumulative counts (states at the period's end, survey results,
    entered estimates), which are never compared with a pro-rata share.

    - a check (``positive`` not None): with a "Positief" target ACHIEVED when positive,
      BELOW_TARGET when negative ("Negatief"); without such a target NO_TARGET;
    - realised None: NOT_RECORDED (nothing registered or entered);
    - no numeric target (none, or "Positief"): NO_TARGET;
    - meets the yearly target: ACHIEVED; for "X op Y" both must hold: X meets the comparator
      and Y is at least the target's Y;
    - at the year's end (Q4 or full year) otherwise: BELOW_TARGET;
    - during the year, ``pro_rata``: ON_TRACK when X (and Y) meet the pro-rata share of the
      yearly target(s), else BEHIND; without ``pro_rata``: BEHIND.
    """
    if positive is not None:
        if comparator == Comparator.POSITIVE:
            return Status.ACHIEVED if positive else Status.BELOW_TARGET
        return Status.NO_TARGET
    if realised is None:
        return Status.NOT_RECORDED
    if target_value is None or comparator not in NUMERIC_COMPARATORS:
        return Status.NO_TARGET

    def met(share: Decimal) -> bool:
        value = target_value if share == 1 else Decimal(target_value) * share
        if not meets(realised, comparator, value):
            return False
        if target_value_of is None:
            return True
        of_value = target_value_of if share == 1 else Decimal(target_value_of) * share
        return realised_of is not None and realised_of >= of_value

    if met(Decimal(1)):
        return Status.ACHIEVED
    if period.fraction_of_year == 1:
        return Status.BELOW_TARGET
    if pro_rata and met(period.fraction_of_year):
        return Status.ON_TRACK
    return Status.BEHIND


def percentage(part: Number, whole: Number) -> Decimal | None:
    """``part`` as a percentage of ``whole`` (exact Decimal), None when ``whole`` is 0."""
    if not whole:
        return None
    return Decimal(part) * 100 / Decimal(whole)
