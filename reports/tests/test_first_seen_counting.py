"""Year-to-date unique participants from the first-seen rollup (issue 13, "a year over all
locations"): the same figures as counted from the participant-month rollup and the
registrations, for rooms, totals over whole organisations and over some rooms of one, in
every scope; one query whatever the number of rooms.

The hand-built data's expected numbers are worked out in the comments.
"""

import random
from datetime import date, timedelta

import pytest

from locations.access import system_scope, user_scope
from locations.factories import LocationFactory, OrganisationFactory
from reports import counting
from reports.counting import Window, unique_participant_counts
from reports.tests.factories import (
    AttendanceFactory,
    JobFactory,
    ParticipantFactory,
    SessionFactory,
)

ALL = frozenset({"all"})
SOCIAL = frozenset({"social"})
FORMS = frozenset({"forms"})
JOBS = frozenset({"jobs"})
SETS = [ALL, SOCIAL, FORMS, JOBS]
# The year to the end of January, of March, the whole year; and last year.
WINDOWS = {
    "jan": Window(date(2019, 1, 1), date(2019, 1, 31)),
    "mar": Window(date(2019, 1, 1), date(2019, 3, 31)),
    "year": Window(date(2019, 1, 1), date(2019, 12, 31)),
    "last": Window(date(2018, 1, 1), date(2018, 12, 31)),
}


def _registrations_counts(monkeypatch, **arguments):
    """The same figures by the path that does not read the first-seen rollup."""
    with monkeypatch.context() as patched:
        patched.setattr(counting, "_year_to_date_ends", lambda windows: None)
        return unique_participant_counts(**arguments)


def _attend(location, day, category, *people):
    session = SessionFactory(location=location, date=day, category=category)
    for person in people:
        AttendanceFactory(session=session, participant=person)


@pytest.fixture
def world(db):
    """Organisation a with rooms l1, l2; organisation b with room l3.

    - p (a): forms at l2 on 10-01-2019, social at l1 on 05-02-2019, a job at l1 in April;
    - q (a): social at l2 on 15-12-2018 and on 12-03-2019;
    - r (b): social at l3 on 20-05-2019.
    """
    with system_scope():
        a, b = OrganisationFactory(slug="fs-a"), OrganisationFactory(slug="fs-b")
        l1 = LocationFactory(organisation=a, code="l1")
        l2 = LocationFactory(organisation=a, code="l2")
        l3 = LocationFactory(organisation=b, code="l3")
        p, q = (ParticipantFactory(home_location=l1) for _ in range(2))
        r = ParticipantFactory(home_location=l3)
        _attend(l2, date(2019, 1, 10), "forms", p)
        _attend(l1, date(2019, 2, 5), "social", p)
        JobFactory(location=l1, participant=p, date=date(2019, 4, 2))
        _attend(l2, date(2018, 12, 15), "social", q)
        _attend(l2, date(2019, 3, 12), "social", q)
        _attend(l3, date(2019, 5, 20), "social", r)
    return l1, l2, l3


@pytest.mark.usefixtures("system")
def test_rooms_and_totals_to_the_end_of_a_month(world, monkeypatch):
    l1, l2, l3 = world
    arguments = {
        "location_ids": [l1.pk, l2.pk, l3.pk],
        "category_sets": SETS,
        "windows": WINDOWS,
    }
    counts = unique_participant_counts(**arguments)

    def row(cats, location):
        return [counts[(cats, name, location)] for name in WINDOWS]

    # l1: p from February (social), p's job in April.
    assert row(ALL, l1.pk) == [0, 1, 1, 0]
    assert row(JOBS, l1.pk) == [0, 0, 1, 0]
    # l2: p in January (forms), q in March (2019) and in December 2018.
    assert row(ALL, l2.pk) == [1, 2, 2, 1]
    assert row(FORMS, l2.pk) == [1, 1, 1, 0]
    assert row(SOCIAL, l2.pk) == [0, 1, 1, 1]
    # All rooms (both organisations whole): p in January, q by March, r by May, once each
    # although p was at two rooms.
    assert row(ALL, None) == [1, 2, 3, 1]
    assert row(SOCIAL, None) == [0, 2, 3, 1]
    assert counts == _registrations_counts(monkeypatch, **arguments)


@pytest.mark.usefixtures("system")
def test_a_total_over_some_rooms_of_an_organisation(world, monkeypatch):
    l1, l2, l3 = world
    arguments = {"location_ids": [l1.pk, l3.pk], "category_sets": SETS, "windows": WINDOWS}
    counts = unique_participant_counts(**arguments)
    # l1 alone of a (p from February) and all of b (r in May).
    assert [counts[(ALL, name, None)] for name in WINDOWS] == [0, 1, 2, 0]
    assert counts == _registrations_counts(monkeypatch, **arguments)
    arguments["location_ids"] = [l2.pk]
    assert unique_participant_counts(**arguments) == _registrations_counts(monkeypatch, **arguments)


@pytest.mark.usefixtures("system")
def test_a_set_of_categories_and_a_quarter_alone_count_on_the_other_path(world):
    l1, l2, _l3 = world
    # p's social (February, l1) and forms (January, l2): once in a set of both.
    both = frozenset({"social", "forms"})
    quarter = {"q1": Window(date(2019, 1, 1), date(2019, 3, 31))}
    counts = unique_participant_counts(
        location_ids=[l1.pk, l2.pk], category_sets=[both], windows=quarter
    )
    assert counts[(both, "q1", None)] == 2  # p and q
    # A quarter alone: q's March visit only (p's visits are in January and February).
    alone = {"q1": Window(date(2019, 3, 1), date(2019, 3, 31))}
    counts = unique_participant_counts(
        location_ids=[l1.pk, l2.pk], category_sets=[ALL], windows=alone
    )
    assert counts[(ALL, "q1", None)] == 1


def test_every_scope_counts_what_it_sees(world, tenants, monkeypatch):
    l1, l2, l3 = world
    arguments = {"location_ids": [l1.pk, l2.pk, l3.pk], "category_sets": SETS, "windows": WINDOWS}
    a = tenants.a
    with system_scope():
        room = LocationFactory(organisation=a.organisation, code="fs-room")
        person = ParticipantFactory(home_location=a.location)
        _attend(a.location, date(2019, 2, 1), "social", person)
        _attend(room, date(2019, 3, 1), "social", person)
    ids = [a.location.pk, a.other_location.pk, room.pk]
    for user in (a.board, a.coordinator, a.admin, tenants.b.board):
        with user_scope(user):
            for location_ids in (ids, ids[:1], ids[1:], arguments["location_ids"]):
                asked = {**arguments, "location_ids": location_ids}
                assert unique_participant_counts(**asked) == _registrations_counts(
                    monkeypatch, **asked
                ), (user, location_ids)
    with user_scope(a.board):
        seen = unique_participant_counts(**{**arguments, "location_ids": ids})
    with user_scope(a.coordinator):  # a.location only
        seen_at_one = unique_participant_counts(**{**arguments, "location_ids": ids})
    assert [seen[(ALL, name, None)] for name in WINDOWS] == [0, 1, 1, 0]
    assert [seen_at_one[(ALL, name, None)] for name in WINDOWS] == [0, 1, 1, 0]
    assert seen_at_one[(ALL, "year", room.pk)] == 0 and seen[(ALL, "year", room.pk)] == 1
    # A funder sees no registrations: every figure 0 (the other path raises EmptyResultSet
    # when the scope leaves no row, so it is not compared here).
    with user_scope(a.funder):
        assert set(unique_participant_counts(**{**arguments, "location_ids": ids}).values()) == {0}


def _random_world(rng: random.Random, rooms_per_organisation: int):
    organisations = [OrganisationFactory() for _ in range(2)]
    rooms = {
        org: [LocationFactory(organisation=org) for _ in range(rooms_per_organisation)]
        for org in organisations
    }
    for locations in rooms.values():
        people = [ParticipantFactory(home_location=locations[0]) for _ in range(10)]
        for _ in range(25):
            day = date(2018, 1, 1) + timedelta(days=rng.randrange(730))
            category = rng.choice(["social", "forms", "computer"])
            _attend(rng.choice(locations), day, category, *rng.sample(people, 3))
        for _ in range(4):
            JobFactory(
                location=rng.choice(locations),
                participant=rng.choice(people),
                date=date(2019, 1, 1) + timedelta(days=rng.randrange(365)),
            )
    return [loc.pk for locations in rooms.values() for loc in locations]


@pytest.mark.usefixtures("system")
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_registrations_count_the_same_on_both_paths(db, monkeypatch, seed):
    rng = random.Random(seed)
    ids = _random_world(rng, 3)
    # The board dashboard's windows: the year to each month's end, this year and last.
    ends = [date(2019, m + 1, 1) - timedelta(days=1) for m in range(1, 12)] + [date(2019, 12, 31)]
    windows = {f"m{i}": Window(date(2019, 1, 1), end) for i, end in enumerate(ends)}
    windows |= {
        f"p{i}": Window(date(2018, 1, 1), end.replace(year=2018)) for i, end in enumerate(ends)
    }
    sets = [ALL, SOCIAL, FORMS, JOBS, frozenset({"computer"})]
    for location_ids in (ids, ids[:3], ids[2:], rng.sample(ids, 2)):
        arguments = {"location_ids": location_ids, "category_sets": sets, "windows": windows}
        counts = unique_participant_counts(**arguments)
        assert counts == _registrations_counts(monkeypatch, **arguments)
    assert counts[(ALL, "m11", None)] > 0


@pytest.mark.usefixtures("system")
@pytest.mark.parametrize("rooms", [1, 4])
def test_one_query_whatever_the_number_of_rooms(db, django_assert_num_queries, rooms):
    ids = _random_world(random.Random(5), rooms)
    with django_assert_num_queries(1):
        counts = unique_participant_counts(
            location_ids=ids,
            category_sets=SETS,
            windows={"year": Window(date(2019, 1, 1), date(2019, 12, 31))},
        )
    assert counts[(ALL, "year", None)] > 0
