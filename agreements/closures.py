"""Which days are closed where: the closed reporting periods of the agreements (issue 9,
"Closing a period"), read for the rules every registration obeys.

A registration at a location dated ``day`` lies in a closed period when a
:class:`~agreements.models.PeriodClosure` that is not reopened, of an agreement covering that
location (``Agreement.locations``), includes ``day`` (``starts_on <= day <= ends_on``).

Both reads run in the active scope (:mod:`locations.access`), like every read of a tenant-owned
model: closures belong to the organisation level of the agreement area, which every role that
writes registrations (coordinators, admins, system code) may view in its organisation. The
rules that use them are in :mod:`registrations.services.rules`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F

from agreements.models import PeriodClosure
from locations.models import Location


@dataclass(frozen=True)
class ClosedPeriods:
    """The closures that hold at some locations over some dates, read once
    (:func:`closed_periods`).

    ``by_location``: location id -> its closures (a closure of an agreement covering several
    of the locations appears under each), earliest first day first.
    """

    by_location: dict[int, list[PeriodClosure]] = field(default_factory=dict)

    def covering(
        self, location_id: int, start: datetime.date, end: datetime.date | None
    ) -> PeriodClosure | None:
        """The first closure at ``location_id`` that includes a day from ``start`` up to and
        including ``end`` (None: no end), or None when every such day is open."""
        for closure in self.by_location.get(location_id, ()):
            if closure.ends_on >= start and (end is None or closure.starts_on <= end):
                return closure
        return None

    def on(self, location_id: int, day: datetime.date) -> PeriodClosure | None:
        """The first closure at ``location_id`` that includes ``day``, or None."""
        return self.covering(location_id, day, day)


def closed_periods(
    location_ids: Iterable[int], start: datetime.date, end: datetime.date | None = None
) -> ClosedPeriods:
    """The closures that hold (not reopened) at ``location_ids`` and include a day from
    ``start`` up to and including ``end`` (None: no end), for checking many records at once.

    One query (none for no locations); read in the active scope (module docstring).
    """
    ids = sorted(set(location_ids))
    if not ids:
        return ClosedPeriods()
    closures = PeriodClosure.objects.filter(
        reopened_at__isnull=True, agreement__locations__in=ids, ends_on__gte=start
    )
    if end is not None:
        closures = closures.filter(starts_on__lte=end)
    # The annotation reuses the join of the filter: one row per closure and location asked.
    closures = closures.annotate(at_location=F("agreement__locations")).order_by("starts_on", "pk")
    by_location: dict[int, list[PeriodClosure]] = defaultdict(list)
    for closure in closures:
        by_location[closure.at_location].append(closure)
    return ClosedPeriods(dict(by_location))


def closed_on(location: Location, day: datetime.date) -> PeriodClosure | None:
    """The closure that makes ``day`` closed at ``location`` (the earliest when several do),
    or None when registrations dated ``day`` may be written there. One query."""
    return closed_periods([location.pk], day, day).on(location.pk, day)
