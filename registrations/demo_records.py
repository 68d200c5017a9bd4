"""Demo data for everything else coordinators record (issue 3), one agreement year at a time.

Called by :func:`registrations.demo.generate_demo_registrations` after the participants,
sessions and jobs are saved. Per location of the agreement, sized from the location's targets
so that the demo progress report has no empty row and lands a little above target:

- volunteers: about the "active_volunteers" target × 1.1 residents active at the year's end
  (some also participants), a few who stop during the year, and 2 professionals; weekly hours
  (residents about 250 h a year on average, professionals' hours recorded separately);
- key holdings (target + 2..4 at the year's end, some handed in mid-year), 10 to 14 volunteer
  groups (two starting in Q3, one stopping in Q2) with memberships;
- residents' association members, registered and paying;
- incoming referrals by agency and newcomers (about 60% take part), outgoing referrals to care
  and welfare organisations, placements of every kind, paid work found, minima-scheme
  applications, debt-assistance support and partner agreements;
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
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from agreements.choices import Method
from agreements.models import Agreement, Indicator, Target
from locations.models import Location
from registrations.models import (
    AssociationMember,
    DebtSupport,
    EnteredResult,
    HoursSpan,
    IncomingReferral,
    KeyHolding,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    PartnerAgreement,
    Placement,
    PlacementKind,
    ReferralKind,
    SurveyAudience,
    SurveyResult,
    SurveyRound,
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
GROUP_NAMES = [
    "Klussendienst", "Tuingroep", "Formulierenbrigade", "Kookgroep", "Taalteam", "Computerhulp",
    "Koffieteam", "Schoonmaakploeg", "Naaiatelier", "Wandelgroep", "Ontbijtteam",
    "Repair Café", "Kinderactiviteiten", "Welkomstteam",
]  # fmt: skip
AGENCIES = [
    ("WPI", 5), ("Buurtteam", 4), ("Rochdale", 2), ("Ymere", 2), ("Eigen Haard", 1),
    ("Stadgenoot", 1), ("SDZO", 2), ("Wijkzorg Team", 2), ("Huisarts", 1),
]  # fmt: skip
NEWCOMER_AGENCIES = [("VluchtelingenWerk", 4), ("Gemeente (inburgering)", 3), ("", 2)]
CARE_ORGANISATIONS = [
    ("MaDi Zuidoost", 5), ("Samen DOEN", 4), ("Buurtteam", 5), ("Schuldhulpverlening", 3),
    ("Wijkzorg Team", 2), ("GGD", 1), ("Juridisch Loket", 2), ("Vraagwijzer", 2),
    ("Humanitas", 1), ("Voedselbank", 1),
]  # fmt: skip
MINIMA_SCHEMES = [
    "Stadspas", "Individuele inkomenstoeslag", "Tegemoetkoming meerkosten zorg",
    "Collectieve zorgverzekering", "Scholierenvergoeding", "Kwijtschelding gemeentebelasting",
]  # fmt: skip
DEBT_ORGANISATIONS = [
    "Schuldhulpverlening Amsterdam", "MaDi Zuidoost (budgetadvies)", "Humanitas Thuisadministratie",
    "Schuldhulpmaatje", "Vraagwijzer",
]  # fmt: skip
PAID_WORK_NOTES = [
    "Baan in de schoonmaak", "Parttime in de zorg", "Magazijnmedewerker", "Horeca",
    "Beveiliging", "Kinderopvang", "Klantenservice", "Bezorger",
]  # fmt: skip
PARTNERS = [
    "MaDi Zuidoost", "Samen DOEN", "Buurtteam Zuidoost", "Wijkzorg Team", "Rochdale", "Ymere",
    "Eigen Haard", "Stadgenoot", "VluchtelingenWerk", "Humanitas", "Voedselbank Zuidoost",
    "OBA Zuidoost", "Huisartsenpraktijk", "GGD", "Wijkagent", "Cordaan", "Combiwel", "Dock",
    "Taalhuis", "Streetcornerwork", "WPI", "Leger des Heils", "Juridisch Loket",
    "Basisschool in de buurt", "Sportbuurtwerk", "Kinderboerderij", "Bibliotheek Taalcafé",
    "Stichting Pameijer", "Moskee", "Kerk in de buurt", "Buurtcentrum", "Repair Café Zuidoost",
]  # fmt: skip
#: Survey indicator codes -> who is asked (others: participants).
SURVEY_AUDIENCE = {
    "staff_volunteers_score": SurveyAudience.VOLUNTEERS,
    "partner_consultation_score": SurveyAudience.PARTNERS,
}
#: Months of the survey rounds per audience.
SURVEY_MONTHS = {
    SurveyAudience.PARTICIPANTS: (3, 6, 9, 11),
    SurveyAudience.VOLUNTEERS: (6, 11),
    SurveyAudience.PARTNERS: (5, 11),
}


@dataclass(frozen=True)
class _Target:
    value: Decimal | None
    value_of: Decimal | None
    percentage: bool


def _int(target: _Target | None, default: int) -> int:
    return int(target.value) if target is not None and target.value is not None else default


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


class RecordsGenerator:
    """Builds the issue 3 demo records of one agreement year in memory, then bulk-creates them.

    ``pools`` maps a location id to the saved demo participants of that location (their home
    location), which volunteers, members, referrals, placements and the like link to.
    """

    def __init__(self, agreement: Agreement, rng: random.Random, pools: dict[int, list]):
        self.agreement = agreement
        self.year = agreement.year
        self.rng = rng
        self.pools = pools
        self.targets = self._targets(agreement)
        self.survey_codes = list(
            Indicator.objects.filter(agreement=agreement, method=Method.SURVEY)
            .order_by("position", "code")
            .values_list("code", flat=True)
        )
        self.entered_codes = list(
            Indicator.objects.filter(
                agreement=agreement, method__in=[Method.INTERVIEWS, Method.AUDIT]
            )
            .order_by("position", "code")
            .values_list("code", "method")
        )
        self.taken_volunteer_codes = {
            code.lower()
            for code in Volunteer.objects.filter(organisation=agreement.organisation).values_list(
                "code", flat=True
            )
        }
        self.volunteers: list[Volunteer] = []
        self.volunteer_locations: list[tuple[int, int]] = []  # (volunteer index, location id)
        self.key_holdings: list[tuple[KeyHolding, int]] = []
        self.groups: list[VolunteerGroup] = []
        self.memberships: list[tuple[int, int, VolunteerGroupMembership]] = []
        self.hours: list[tuple[VolunteerHours, int]] = []
        self.rows: dict[type, list] = {}
        self.rounds: list[tuple[SurveyRound, list[SurveyResult]]] = []
        self._weekdays: dict[tuple[int, int], list[datetime.date]] = {}

    @staticmethod
    def _targets(agreement: Agreement) -> dict[tuple[str, int], _Target]:
        return {
            (t.indicator.code, t.location_id): _Target(t.value, t.value_of, "%" in t.text)
            for t in Target.objects.filter(indicator__agreement=agreement).select_related(
                "indicator"
            )
        }

    # --- helpers -------------------------------------------------------------------------

    def _date(self, start: datetime.date, end: datetime.date) -> datetime.date:
        return start + datetime.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def _before_year(self) -> datetime.date:
        return self._date(datetime.date(self.year - 1, 7, 1), datetime.date(self.year - 1, 12, 31))

    def _next_year(self) -> datetime.date:
        return self._date(datetime.date(self.year + 1, 1, 2), datetime.date(self.year + 1, 6, 30))

    def _in_year(self, first_month: int = 1, last_month: int = 12) -> datetime.date:
        """A weekday (rooms are open on weekdays) from ``first_month`` to ``last_month``."""
        key = (first_month, last_month)
        if key not in self._weekdays:
            day = datetime.date(self.year, first_month, 1)
            days = []
            while day.year == self.year and day.month <= last_month:
                if day.weekday() < 5:
                    days.append(day)
                day += datetime.timedelta(days=1)
            self._weekdays[key] = days
        return self.rng.choice(self._weekdays[key])

    def _dates(self, count: int) -> list[datetime.date]:
        return sorted(self._in_year(1, 12) for _n in range(count))

    def _people(self, location: Location, count: int) -> list[Participant | None]:
        pool = self.pools.get(location.pk, [])
        chosen = self.rng.sample(pool, min(count, len(pool)))
        return chosen + [None] * (count - len(chosen))

    def _weighted(self, options: list[tuple[str, int]]) -> str:
        names, weights = zip(*options, strict=True)
        return self.rng.choices(names, weights=weights)[0]

    def _add(self, model: type, row) -> None:
        self.rows.setdefault(model, []).append(row)

    def _target(self, code: str, location: Location) -> _Target | None:
        return self.targets.get((code, location.pk))

    # --- per location --------------------------------------------------------------------

    def location(self, location: Location, others: list[Location], prefix: str) -> None:
        """Generate every record type for one location."""
        volunteers = self._volunteers(location, others, prefix)
        self._key_holdings(location, volunteers)
        self._groups(location, volunteers)
        self._hours(location, volunteers)
        self._members(location)
        self._referrals(location)
        self._placements(location)
        self._point_records(location)
        self._partners(location)
        self._surveys(location, volunteers)
        self._entered(location)

    def _new_volunteer(self, location: Location, prefix: str, **fields) -> int:
        number = 1
        while f"{prefix}-V{number:03d}".lower() in self.taken_volunteer_codes:
            number += 1
        code = f"{prefix}-V{number:03d}"
        self.taken_volunteer_codes.add(code.lower())
        from registrations.demo import NICKNAMES

        nickname = self.rng.choice(NICKNAMES) if self.rng.random() < 0.6 else ""
        self.volunteers.append(
            Volunteer(
                organisation=self.agreement.organisation,
                home_location=location,
                code=code,
                nickname=nickname,
                is_demo=True,
                **fields,
            )
        )
        index = len(self.volunteers) - 1
        self.volunteer_locations.append((index, location.pk))
        return index

    def _volunteers(self, location: Location, others: list[Location], prefix: str) -> list[int]:
        """Resident volunteers (active at the year's end, then a few who stop) and 2
        professionals; returns their indexes, residents first."""
        rng = self.rng
        active = round(_int(self._target("active_volunteers", location), 20) * 1.1) + 1
        stopping = rng.randint(2, 4)
        people = self._people(location, round((active + stopping) * 0.3))
        indexes = []
        for n in range(active + stopping):
            started = self._before_year() if rng.random() < 0.8 else self._in_year(1, 9)
            ended = self._in_year(4, 9) if n >= active else self._next_year()
            if n >= active:
                started = self._before_year()
            participant = people[n] if n < len(people) else None
            index = self._new_volunteer(
                location, prefix, participant=participant, started_on=started, ended_on=ended
            )
            if others and rng.random() < 0.1:
                self.volunteer_locations.append((index, rng.choice(others).pk))
            indexes.append(index)
        for _n in range(2):
            indexes.append(
                self._new_volunteer(
                    location,
                    prefix,
                    is_professional=True,
                    started_on=self._before_year(),
                    ended_on=self._next_year(),
                )
            )
        return indexes

    def _key_holdings(self, location: Location, volunteers: list[int]) -> None:
        rng = self.rng
        residents = [i for i in volunteers if not self.volunteers[i].is_professional]
        at_end = [i for i in residents if self.volunteers[i].ended_on.year > self.year]
        stopped = [i for i in residents if self.volunteers[i].ended_on.year == self.year]
        wanted = min(
            len(at_end), _int(self._target("key_holders", location), 8) + rng.randint(2, 4)
        )
        for index in rng.sample(at_end, wanted) + stopped[:2]:
            volunteer = self.volunteers[index]
            started = max(volunteer.started_on, self._before_year())
            holding = KeyHolding(
                location=location,
                started_on=started,
                ended_on=volunteer.ended_on,
                is_demo=True,
            )
            self.key_holdings.append((holding, index))

    def _groups(self, location: Location, volunteers: list[int]) -> None:
        rng = self.rng
        count = min(
            len(GROUP_NAMES), max(10, _int(self._target("volunteer_groups", location), 8) + 3)
        )
        names = rng.sample(GROUP_NAMES, count)
        first = len(self.groups)
        for n, name in enumerate(names):
            if n >= count - 2:  # two groups start in Q3
                active_from, active_to = self._in_year(7, 9), self._next_year()
            elif n == count - 3:  # one stops in Q2
                active_from, active_to = self._before_year(), self._in_year(4, 6)
            else:
                active_from, active_to = self._before_year(), self._next_year()
            self.groups.append(
                VolunteerGroup(
                    location=location,
                    name=name,
                    active_from=active_from,
                    active_to=active_to,
                    is_demo=True,
                )
            )
        groups = range(first, len(self.groups))
        residents = [i for i in volunteers if not self.volunteers[i].is_professional]
        members: Counter = Counter()
        for index in residents:
            for group_index in rng.sample(groups, rng.randint(1, 2)):
                self._join(index, group_index)
                members[group_index] += 1
        for group_index in groups:  # every group has at least three members
            for index in rng.sample(residents, max(0, 3 - members[group_index])):
                self._join(index, group_index)

    def _join(self, volunteer_index: int, group_index: int) -> None:
        volunteer, group = self.volunteers[volunteer_index], self.groups[group_index]
        joined = max(volunteer.started_on, group.active_from)
        left = min(volunteer.ended_on, group.active_to)
        if left < joined:
            return
        membership = VolunteerGroupMembership(joined_on=joined, left_on=left)
        self.memberships.append((volunteer_index, group_index, membership))

    def _hours(self, location: Location, volunteers: list[int]) -> None:
        """Weekly entries (span "week", dated on the Monday) while the volunteer is active."""
        from registrations.demo import _season

        rng = self.rng
        first_monday = datetime.date(self.year, 1, 1)
        first_monday += datetime.timedelta(days=(7 - first_monday.weekday()) % 7)
        last = min(datetime.date(self.year, 12, 31), location.closed_on or datetime.date.max)
        for index in volunteers:
            volunteer = self.volunteers[index]
            base = rng.uniform(5.2, 6.4) if volunteer.is_professional else rng.uniform(3.6, 7.6)
            monday = first_monday
            while monday <= min(last, volunteer.ended_on):
                if monday >= volunteer.started_on and rng.random() > 0.08:
                    hours = round(base * _season(monday) * rng.uniform(0.6, 1.4) * 2) / 2
                    entry = VolunteerHours(
                        location=location,
                        date=monday,
                        span=HoursSpan.WEEK,
                        hours=Decimal(str(max(hours, 0.5))),
                        is_professional=volunteer.is_professional,
                        is_demo=True,
                    )
                    self.hours.append((entry, index))
                monday += datetime.timedelta(days=7)

    def _members(self, location: Location) -> None:
        rng = self.rng
        paying_target = _int(self._target("paying_members", location), 0)
        registered_target = _int(self._target("registered_members", location), 60)
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

    def _referrals(self, location: Location) -> None:
        rng = self.rng
        for code, kind, agencies in (
            ("referred_by_agencies", ReferralKind.AGENCY, AGENCIES),
            ("newcomers", ReferralKind.NEWCOMER, NEWCOMER_AGENCIES),
        ):
            target = self._target(code, location)
            of = int(target.value_of) if target and target.value_of else 20
            count = round(of * rng.uniform(1.1, 1.35))
            taking_part = min(
                count, max(round(count * rng.uniform(0.55, 0.65)), _int(target, 10) + 1)
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
            max(_int(self._target("referrals", location), 30), 30) * rng.uniform(1.05, 1.3)
        )
        for day, person in zip(self._dates(count), self._people(location, count), strict=True):
            self._add(
                OutgoingReferral,
                OutgoingReferral(
                    location=location,
                    date=day,
                    organisation_name=self._weighted(CARE_ORGANISATIONS),
                    participant=person,
                    is_demo=True,
                ),
            )

    def _placements(self, location: Location) -> None:
        target = _int(self._target("work_learning_places", location), 2)
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
        count = _int(self._target("paid_work", location), 5) + rng.randint(2, 4)
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
        count = max(8, round(_int(self._target("debt", location), 40) * rng.uniform(0.25, 0.4)))
        for day, person in zip(self._dates(count), self._people(location, count), strict=True):
            self._add(
                DebtSupport,
                DebtSupport(
                    location=location,
                    participant=person,
                    date=day,
                    organisation_name=rng.choice(DEBT_ORGANISATIONS),
                    is_demo=True,
                ),
            )

    def _partners(self, location: Location) -> None:
        rng = self.rng
        target = max(
            _int(self._target("neighbourhood_partners", location), 0),
            _int(self._target("scaling_partners", location), 0),
            6,
        )
        running = min(len(PARTNERS) - 1, target + rng.randint(2, 4))
        for n, name in enumerate(rng.sample(PARTNERS, running + 1)):
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

    def _surveys(self, location: Location, volunteers: list[int]) -> None:
        rng = self.rng
        by_audience: dict[str, list[str]] = {}
        for code in self.survey_codes:
            audience = SURVEY_AUDIENCE.get(code, SurveyAudience.PARTICIPANTS)
            by_audience.setdefault(audience, []).append(code)
        active = sum(1 for i in volunteers if self.volunteers[i].ended_on.year > self.year)
        for audience, codes in sorted(by_audience.items()):
            for month in SURVEY_MONTHS[audience]:
                if audience == SurveyAudience.PARTICIPANTS:
                    respondents = rng.randint(20, 60)
                elif audience == SurveyAudience.VOLUNTEERS:
                    respondents = max(5, round(active * rng.uniform(0.5, 0.7)))
                else:
                    respondents = rng.randint(4, 10)
                survey = SurveyRound(
                    location=location,
                    date=self._in_year(month, month),
                    audience=audience,
                    respondents=respondents,
                    title=str(_("Enquête %(audience)s (demo)"))
                    % {"audience": SurveyAudience(audience).label},
                    is_demo=True,
                )
                results = [self._result(location, code, respondents) for code in codes]
                self.rounds.append((survey, results))

    def _result(self, location: Location, code: str, respondents: int) -> SurveyResult:
        """A share a little above a percentage target (agreeing respondents / respondents), or
        a mean score between 8.1 and 8.9 out of 10."""
        target = self._target(code, location)
        if target is not None and not target.percentage and target.value is not None:
            score = Decimal(str(round(self.rng.uniform(8.1, 8.9), 2)))
            return SurveyResult(question=code, mean_score=score)
        floor = float(target.value) / 100 if target and target.value is not None else 0.5
        agree = round(respondents * min(0.97, self.rng.uniform(floor + 0.04, floor + 0.2)))
        share = (Decimal(agree) / Decimal(respondents)).quantize(Decimal("0.0001"))
        return SurveyResult(question=code, share_agree=share)

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
