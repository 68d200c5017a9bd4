"""Demo support given at a location: incoming referrals and newcomers, referrals out,
placements, paid work, minima applications and debt support (part of the records
generator). Agencies and organisations are the agreement's own parties and generic
descriptions (:mod:`registrations.demo.names`)."""

from __future__ import annotations

from locations.models import Location
from registrations.demo.base import RecordsBase, target_int
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
    PlacementKind,
    ReferralKind,
)

MINIMA_SCHEMES = [
    "Minimapas van de gemeente", "Individuele inkomenstoeslag", "Tegemoetkoming meerkosten zorg",
    "Collectieve zorgverzekering", "Scholierenvergoeding", "Kwijtschelding gemeentebelasting",
]  # fmt: skip
PAID_WORK_NOTES = [
    "Baan in de schoonmaak", "Parttime in de zorg", "Magazijnmedewerker", "Horeca",
    "Beveiliging", "Kinderopvang", "Klantenservice", "Bezorger",
]  # fmt: skip


class ReferralRecords(RecordsBase):
    """Referrals, placements and dated support records of one location."""

    def _referrals(self, location: Location) -> None:
        rng = self.rng
        for code, kind, agencies in (
            ("referred_by_agencies", ReferralKind.AGENCY, self.names.agencies),
            ("newcomers", ReferralKind.NEWCOMER, self.names.newcomer_agencies),
        ):
            target = self._target(code, location)
            of = int(target.value_of) if target and target.value_of else 20
            count = round(of * rng.uniform(1.1, 1.35))
            taking_part = min(
                count, max(round(count * rng.uniform(0.55, 0.65)), target_int(target, 10) + 1)
            )
            flags = [True] * taking_part + [False] * (count - taking_part)
            rng.shuffle(flags)
            people = iter(self._people(location, taking_part))
            for day, takes_part in zip(self._dates(count), flags, strict=True):
                self._add(
                    IncomingReferral,
                    IncomingReferral(
                        location=location,
                        date=day,
                        kind=kind,
                        agency=self._weighted(agencies),
                        participant=next(people) if takes_part else None,
                        takes_part=takes_part,
                        is_demo=True,
                    ),
                )
        count = round(
            max(target_int(self._target("referrals", location), 30), 30) * rng.uniform(1.05, 1.3)
        )
        for day, person in zip(self._dates(count), self._people(location, count), strict=True):
            self._add(
                OutgoingReferral,
                OutgoingReferral(
                    location=location,
                    date=day,
                    organisation_name=self._weighted(self.names.care),
                    participant=person,
                    is_demo=True,
                ),
            )

    def _placements(self, location: Location) -> None:
        target = target_int(self._target("work_learning_places", location), 2)
        running = [PlacementKind.WORK_LEARNING] * max(1, target - 1) + [
            PlacementKind.INTERNSHIP,
            PlacementKind.PARTICIPATION,
            PlacementKind.SHELTERED,
        ]
        stopping = [PlacementKind.INTERNSHIP, PlacementKind.PARTICIPATION]
        people = self._people(location, len(running) + len(stopping))
        for n, kind in enumerate(running + stopping):
            started = self._before_year() if self.rng.random() < 0.6 else self._in_year(1, 6)
            ended = self._next_year() if n < len(running) else self._in_year(7, 10)
            self._add(
                Placement,
                Placement(
                    location=location,
                    participant=people[n],
                    kind=kind,
                    started_on=started,
                    ended_on=ended,
                    is_demo=True,
                ),
            )

    def _point_records(self, location: Location) -> None:
        """Paid work found, minima applications and debt support: dated events in the year."""
        rng = self.rng
        count = target_int(self._target("paid_work", location), 5) + rng.randint(2, 4)
        for day, person in zip(self._dates(count), self._people(location, count), strict=True):
            self._add(
                PaidWork,
                PaidWork(
                    location=location,
                    participant=person,
                    date=day,
                    note=rng.choice(PAID_WORK_NOTES),
                    is_demo=True,
                ),
            )
        count = rng.randint(15, 35)
        for day, person in zip(self._dates(count), self._people(location, count), strict=True):
            self._add(
                MinimaApplication,
                MinimaApplication(
                    location=location,
                    participant=person,
                    date=day,
                    scheme=rng.choice(MINIMA_SCHEMES),
                    is_demo=True,
                ),
            )
        count = max(
            8, round(target_int(self._target("debt", location), 40) * rng.uniform(0.25, 0.4))
        )
        for day, person in zip(self._dates(count), self._people(location, count), strict=True):
            self._add(
                DebtSupport,
                DebtSupport(
                    location=location,
                    participant=person,
                    date=day,
                    organisation_name=rng.choice(self.names.debt),
                    is_demo=True,
                ),
            )
