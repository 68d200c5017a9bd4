"""The reports app's condition for closing a period (issue 9, "Closing a period": "the board
closes a quarter once it is issued"), registered with :mod:`agreements.services`.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from agreements.models import Agreement
from locations.periods import Period
from reports.models import IssuedReport


def issued_periods(period: Period) -> list[str]:
    """The period codes whose issued report lets ``period`` be closed: a quarter's own code;
    for the year, the year's code or its last part's (Q4, or T3 / H2 of an agreement
    reporting per four months or half year: that report holds the whole year's figures:
    DOMAIN.md, year to date)."""
    if period.is_quarter:
        return [period.code]
    return [period.code, *(f"{period.year}-{last}" for last in ("Q4", "T3", "H2"))]


def issue_before_closing(agreement: Agreement, period: Period) -> str | None:
    """None when a report of ``period`` (:func:`issued_periods`) was issued for
    ``agreement`` to any audience; else the Dutch reason the period may not be closed yet.
    One query, in the active scope."""
    if IssuedReport.objects.filter(agreement=agreement, period__in=issued_periods(period)).exists():
        return None
    return _(
        "Geef eerst de rapportage over %(period)s uit (Uitgegeven rapportages); daarna kan "
        "de periode worden afgesloten."
    ) % {"period": period.label}
