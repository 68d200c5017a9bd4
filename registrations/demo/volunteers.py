"""Demo volunteers of a location: residents and professionals, key holdings, volunteer groups
with their members, and weekly hours (part of the records generator)."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

from locations.models import Location
from registrations.demo.base import RecordsBase, target_int
from registrations.demo.common import NICKNAMES, season
from registrations.models.volunteers import (
    HoursSpan,
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)

GROUP_NAMES = [
    "Klussendienst", "Tuingroep", "Formulierenbrigade", "Kookgroep", "Taalteam", "Computerhulp",
    "Koffieteam", "Schoonmaakploeg", "Naaiatelier", "Wandelgroep", "Ontbijtteam",
    "Repair Café", "Kinderactiviteiten", "Welkomstteam",
]  # fmt: skip


class VolunteerRecords(RecordsBase):
    """Volunteers, key holdings, groups and hours of one location."""

    def _new_volunteer(self, location: Location, prefix: str, **fields) -> int:
        number = 1
        while f"{prefix}-V{number:03d}".lower() in self.taken_volunteer_codes:
            number += 1
        code = f"{prefix}-V{number:03d}"
        self.taken_volunteer_codes.add(code.lower())
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
        active = round(target_int(self._target("active_volunteers", location), 20) * 1.1) + 1
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
            len(at_end), target_int(self._target("key_holders", location), 8) + rng.randint(2, 4)
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
            len(GROUP_NAMES), max(10, target_int(self._target("volunteer_groups", location), 8) + 3)
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
                    hours = round(base * season(monday) * rng.uniform(0.6, 1.4) * 2) / 2
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
