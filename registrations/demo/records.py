"""Demo data for everything else coordinators record (issue 3), one agreement year at a time.

Called by :func:`registrations.demo.generate_demo_registrations` after the participants,
sessions and jobs are saved. Per location of the agreement, sized from the location's targets
so that the demo progress report has no empty row and lands a little above target:

- volunteers: about the "active_volunteers" target × 1.1 residents active at the year's end
  (some also participants), a few who stop during the year, and 2 professionals; weekly hours
  (residents about 250 h a year on average, professionals' hours recorded separately);
- key holdings (target + 2..4 at the year's end, some handed in mid-year), 10 to 14 volunteer
  groups (two starting in Q3, one stopping in Q2) with memberships;
- residents' association members, registered and paying (only at a room the agreement names
  a residents' association for: its ``residents_association`` or a party of that kind);
- incoming referrals by agency and newcomers (about 60% take part), outgoing referrals to care
  and welfare organisations, placements of every kind, paid work found, minima-scheme
  applications, debt-assistance support and partner agreements (agencies, organisations and
  partners are the agreement's own parties and generic descriptions, never another region's
  names: :mod:`registrations.demo.names`);
- survey rounds (participants every quarter, volunteers and partners in Q2 and Q4) with a
  result for every survey indicator of the agreement;
- entered results (Interviews estimates and Controle outcomes) for every quarter and the year,
  with explanation and source "demo".

Dates: records running before the year start in the second half of the previous year; records
still running at the year's end stop in the first half of the next year. So a year's demo
records start between 1 July of the previous year and 31 December of the year, which is how a
new run finds and replaces them; demo years two apart (2019, 2021) never overlap. Everything is
marked ``is_demo``. Deterministic for the generator's ``random.Random``. Written with plain
``bulk_create`` and deleted with raw deletes: no history, on purpose (see
:mod:`registrations.demo`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from agreements.choices import Method
from agreements.models import Agreement
from locations.models import Location
from registrations.demo.base import RecordsBase, target_int
from registrations.demo.referrals import ReferralRecords
from registrations.demo.surveys import SurveyRecords
from registrations.demo.volunteers import VolunteerRecords
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
)
from registrations.models.surveys import SurveyResult, SurveyRound
from registrations.models.volunteers import (
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)

DEMO_SOURCE = "demo"
#: Every model whose demo rows are written here (and deleted by delete_demo_records).
RECORD_MODELS = [
    Volunteer,
    Volunteer.locations.through,
    KeyHolding,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
    AssociationMember,
    IncomingReferral,
    OutgoingReferral,
    Placement,
    PaidWork,
    MinimaApplication,
    DebtSupport,
    PartnerAgreement,
    SurveyRound,
    SurveyResult,
    EnteredResult,
]


def delete_demo_records(agreement: Agreement, locations: list[Location]) -> dict[str, int]:
    """Delete the demo records of ``agreement``'s year at ``locations`` (see the module
    docstring for how they are found). Raw deletes: no signals, so no history rows for demo
    data. Returns the number of rows deleted per model name."""
    year = agreement.year
    window = (datetime.date(year - 1, 7, 1), datetime.date(year, 12, 31))
    volunteers = Volunteer.objects.filter(
        is_demo=True, home_location__in=locations, started_on__range=window
    )
    at = {"is_demo": True, "location__in": locations}
    steps = [
        (VolunteerHours, Q(volunteer__in=volunteers) | Q(**at, date__year=year)),
        (
            VolunteerGroupMembership,
            Q(volunteer__in=volunteers)
            | Q(
                group__is_demo=True, group__location__in=locations, group__active_from__range=window
            ),
        ),  # fmt: skip
        (KeyHolding, Q(volunteer__in=volunteers) | Q(**at, started_on__range=window)),
        (VolunteerGroup, Q(**at, active_from__range=window)),
        (Volunteer.locations.through, Q(volunteer__in=volunteers)),
        (Volunteer, Q(pk__in=volunteers)),
        (AssociationMember, Q(**at, registered_on__range=window)),
        (IncomingReferral, Q(**at, date__year=year)),
        (OutgoingReferral, Q(**at, date__year=year)),
        (Placement, Q(**at, started_on__range=window)),
        (PaidWork, Q(**at, date__year=year)),
        (MinimaApplication, Q(**at, date__year=year)),
        (DebtSupport, Q(**at, date__year=year)),
        (PartnerAgreement, Q(**at, agreed_on__range=window)),
        (
            SurveyResult,
            Q(
                survey_round__is_demo=True,
                survey_round__location__in=locations,
                survey_round__date__year=year,
            ),
        ),  # fmt: skip
        (SurveyRound, Q(**at, date__year=year)),
        (EnteredResult, Q(**at, period__startswith=str(year))),
    ]
    deleted = {}
    for model, condition in steps:
        manager = model._default_manager
        queryset = manager.filter(condition)
        deleted[model.__name__] = queryset._raw_delete(queryset.db)
    return deleted


class RecordsGenerator(VolunteerRecords, ReferralRecords, SurveyRecords, RecordsBase):
    """Builds the issue 3 demo records of one agreement year in memory, then bulk-creates them.

    ``pools`` maps a location id to the saved demo participants of that location (their home
    location), which volunteers, members, referrals, placements and the like link to.
    """

    # --- per location --------------------------------------------------------------------

    def location(self, location: Location, others: list[Location], prefix: str) -> None:
        """Generate every record type for one location."""
        volunteers = self._volunteers(location, others, prefix)
        self._key_holdings(location, volunteers)
        self._groups(location, volunteers)
        self._hours(location, volunteers)
        if location.pk in self.names.association_rooms:
            self._members(location)
        self._referrals(location)
        self._placements(location)
        self._point_records(location)
        self._partners(location)
        self._surveys(location, volunteers)
        self._entered(location)

    def _members(self, location: Location) -> None:
        rng = self.rng
        paying_target = target_int(self._target("paying_members", location), 0)
        registered_target = target_int(self._target("registered_members", location), 60)
        paying = round(paying_target * rng.uniform(1.05, 1.15)) + 1 if paying_target else 0
        registered = max(
            round(registered_target * rng.uniform(1.15, 1.3)), round(paying / 0.85) + 1
        )
        if not paying:
            paying = round(registered * 0.55)
        leaving = round(registered * 0.05)
        people = self._people(location, round(registered * 0.2))
        taken = set(
            AssociationMember.objects.filter(location=location).values_list(
                "member_code", flat=True
            )
        )
        number = 0
        for n in range(registered + leaving):
            number += 1
            while f"L{self.year}-{number:04d}" in taken:
                number += 1
            joined = self._in_year(1, 10) if rng.random() < 0.08 else self._before_year()
            left = self._in_year(3, 10) if n >= registered else self._next_year()
            if left < joined:
                joined = self._before_year()
            pays = n < paying or (n >= registered and rng.random() < 0.5)
            self._add(
                AssociationMember,
                AssociationMember(
                    location=location,
                    member_code=f"L{self.year}-{number:04d}",
                    participant=people[n] if n < len(people) else None,
                    registered_on=joined,
                    deregistered_on=left,
                    paying_from=joined if pays else None,
                    paying_to=left if pays else None,
                    is_demo=True,
                ),
            )

    def _partners(self, location: Location) -> None:
        rng = self.rng
        target = max(
            target_int(self._target("neighbourhood_partners", location), 0),
            target_int(self._target("scaling_partners", location), 0),
            6,
        )
        partners = self.names.partners
        running = min(len(partners) - 1, target + rng.randint(2, 4))
        for n, name in enumerate(rng.sample(partners, running + 1)):
            agreed = self._before_year() if rng.random() < 0.75 else self._in_year(1, 10)
            ended = self._next_year() if n < running else self._in_year(3, 9)
            if ended < agreed:
                agreed = self._before_year()
            self._add(
                PartnerAgreement,
                PartnerAgreement(
                    location=location,
                    partner_name=name,
                    agreed_on=agreed,
                    ended_on=ended,
                    note=str(_("Samenwerkingsafspraak (demo)")),
                    is_demo=True,
                ),
            )

    def _entered(self, location: Location) -> None:
        """Interviews estimates and Controle outcomes for Q1-Q4 and the year, source "demo"."""
        rng = self.rng
        periods = [f"{self.year}-Q{q}" for q in range(1, 5)] + [str(self.year)]
        for code, method in self.entered_codes:
            target = self._target(code, location)
            factor = rng.uniform(1.1, 1.6)
            for quarter, period in enumerate(periods, start=1):
                quarter = min(quarter, 4)
                if method == Method.AUDIT:
                    value, positive = None, True
                    text = _("Demo: de kascommissie controleerde de uitgaven; geen bevindingen.")
                elif target is not None and target.percentage:
                    base = float(target.value or 2) * factor * rng.uniform(0.9, 1.1)
                    value, positive = Decimal(str(round(base, 1))), None
                    text = _(
                        "Demo: geschat percentage op basis van gesprekken met deelnemers, "
                        "het buurtteam en de woningcorporatie."
                    )
                else:
                    yearly = float(target.value if target and target.value else 5) * factor
                    value, positive = Decimal(round(yearly * quarter / 4)), None
                    text = _(
                        "Demo: aantal huishoudens volgens gesprekken met deelnemers en de "
                        "woningcorporatie, opgeteld sinds 1 januari."
                    )
                self._add(
                    EnteredResult,
                    EnteredResult(
                        location=location,
                        indicator_code=code,
                        period=period,
                        value=value,
                        positive=positive,
                        explanation=str(text),
                        source=DEMO_SOURCE,
                        is_demo=True,
                    ),
                )

    # --- saving --------------------------------------------------------------------------

    def save(self) -> dict[str, int]:
        """Bulk-create everything; returns the number of rows per model name."""
        Volunteer.objects.bulk_create(self.volunteers, batch_size=2000)
        through = Volunteer.locations.through
        through.objects.bulk_create(
            [
                through(volunteer_id=self.volunteers[v].pk, location_id=loc)
                for v, loc in self.volunteer_locations
            ],
            batch_size=2000,
        )
        for holding, index in self.key_holdings:
            holding.volunteer = self.volunteers[index]
        KeyHolding.objects.bulk_create([h for h, _i in self.key_holdings], batch_size=2000)
        VolunteerGroup.objects.bulk_create(self.groups, batch_size=2000)
        for volunteer, group, membership in self.memberships:
            membership.volunteer = self.volunteers[volunteer]
            membership.group = self.groups[group]
        VolunteerGroupMembership.objects.bulk_create(
            [m for _v, _g, m in self.memberships], batch_size=2000
        )
        for entry, index in self.hours:
            entry.volunteer = self.volunteers[index]
        VolunteerHours.objects.bulk_create([h for h, _i in self.hours], batch_size=5000)
        for model, rows in self.rows.items():
            model.objects.bulk_create(rows, batch_size=2000)
        SurveyRound.objects.bulk_create([r for r, _results in self.rounds], batch_size=2000)
        results = []
        for survey, found in self.rounds:
            for result in found:
                result.survey_round = survey
                results.append(result)
        SurveyResult.objects.bulk_create(results, batch_size=2000)
        counts = {
            Volunteer.__name__: len(self.volunteers),
            KeyHolding.__name__: len(self.key_holdings),
            VolunteerGroup.__name__: len(self.groups),
            VolunteerGroupMembership.__name__: len(self.memberships),
            VolunteerHours.__name__: len(self.hours),
            SurveyRound.__name__: len(self.rounds),
            SurveyResult.__name__: len(results),
        }
        counts.update({model.__name__: len(rows) for model, rows in self.rows.items()})
        return counts
