"""Counting in the database (DOMAIN.md "Uniek #", "Klussen #", anonymous head counts).

The data below is small and built by hand; every expected number is worked out in comments.
"""

from datetime import date

import pytest

from locations.factories import LocationFactory, OrganisationFactory
from reports.counting import (
    VisitCount,
    Window,
    job_counts,
    unique_participant_counts,
    visit_counts,
)
from reports.tests.factories import (
    AttendanceFactory,
    JobFactory,
    ParticipantFactory,
    SessionFactory,
)

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

SOCIAL = frozenset({"social", "activation"})
COMPUTER = frozenset({"computer"})
JOBS = frozenset({"jobs"})
ALL = frozenset({"all"})
# A second-quarter 2019 report: year to date and the quarter alone.
WINDOWS = {
    "ytd": Window(date(2019, 1, 1), date(2019, 6, 30)),
    "quarter": Window(date(2019, 4, 1), date(2019, 6, 30)),
}


@pytest.fixture
def world(db):
    """Two locations of one organisation.

    - p1: social (Feb) and activation (Mar) at L1;
    - p2: social at L1 (Feb) and social at L2 (May);
    - p3: computer at L2 on 31-12-2018 (previous year) and on 01-01-2019;
    - p4: no sessions, a job done for them at L1 in April;
    - p5: only a social session at L1 on 31-12-2018;
    - the Feb social session at L1 also had 7 anonymous walk-ins, a Q2 social session at L1
      had only 4 anonymous walk-ins, the Dec 2018 session 5;
    - jobs at L1: two in Q1 without a resident, one in April for p4; at L2 one in August.
    """
    organisation = OrganisationFactory(slug="coop")
    l1 = LocationFactory(organisation=organisation, code="l1", name="Een")
    l2 = LocationFactory(organisation=organisation, code="l2", name="Twee")
    p1, p2, p3, p4, p5 = (ParticipantFactory(home_location=l1) for _ in range(5))
    feb_social = SessionFactory(location=l1, date=date(2019, 2, 5), anonymous_count=7)
    AttendanceFactory(session=feb_social, participant=p1)
    AttendanceFactory(session=feb_social, participant=p2)
    march_activation = SessionFactory(location=l1, date=date(2019, 3, 12), category="activation")
    AttendanceFactory(session=march_activation, participant=p1)
    SessionFactory(location=l1, date=date(2019, 5, 1), anonymous_count=4)
    may_social = SessionFactory(location=l2, date=date(2019, 5, 20))
    AttendanceFactory(session=may_social, participant=p2)
    for day in (date(2018, 12, 31), date(2019, 1, 1)):
        computer = SessionFactory(location=l2, date=day, category="computer")
        AttendanceFactory(session=computer, participant=p3)
    december = SessionFactory(location=l1, date=date(2018, 12, 31), anonymous_count=5)
    AttendanceFactory(session=december, participant=p5)
    JobFactory(location=l1, date=date(2019, 1, 10))
    JobFactory(location=l1, date=date(2019, 3, 31))
    JobFactory(location=l1, date=date(2019, 4, 1), participant=p4)
    JobFactory(location=l2, date=date(2019, 8, 1))
    return l1, l2


def test_unique_participants(world, django_assert_num_queries):
    l1, l2 = world
    with django_assert_num_queries(1):
        counts = unique_participant_counts(
            location_ids=[l1.pk, l2.pk],
            category_sets=[SOCIAL, COMPUTER, JOBS, ALL],
            windows=WINDOWS,
        )
    expected = {
        # social+activation: p1 once although in both categories; p2 at both locations.
        (SOCIAL, "ytd", l1.pk): 2,  # p1, p2
        (SOCIAL, "quarter", l1.pk): 0,  # the Q2 session at L1 had only anonymous visitors
        (SOCIAL, "ytd", l2.pk): 1,  # p2
        (SOCIAL, "quarter", l2.pk): 1,  # p2 in May
        (SOCIAL, "ytd", None): 2,  # p1, p2: p2 once over both locations
        (SOCIAL, "quarter", None): 1,  # p2
        # computer: only the 01-01-2019 session counts, not 31-12-2018.
        (COMPUTER, "ytd", l1.pk): 0,
        (COMPUTER, "quarter", l1.pk): 0,
        (COMPUTER, "ytd", l2.pk): 1,  # p3
        (COMPUTER, "quarter", l2.pk): 0,
        (COMPUTER, "ytd", None): 1,
        (COMPUTER, "quarter", None): 0,
        # jobs: the resident a job was done for (p4) is a unique participant.
        (JOBS, "ytd", l1.pk): 1,
        (JOBS, "quarter", l1.pk): 1,
        (JOBS, "ytd", l2.pk): 0,
        (JOBS, "quarter", l2.pk): 0,
        (JOBS, "ytd", None): 1,
        (JOBS, "quarter", None): 1,
        # all categories: p5 (only 2018) never counts.
        (ALL, "ytd", l1.pk): 3,  # p1, p2, p4
        (ALL, "quarter", l1.pk): 1,  # p4
        (ALL, "ytd", l2.pk): 2,  # p2, p3
        (ALL, "quarter", l2.pk): 1,  # p2
        (ALL, "ytd", None): 4,  # p1, p2, p3, p4 (not 3 + 2)
        (ALL, "quarter", None): 2,  # p2, p4
    }
    assert counts == expected


def test_unique_participants_of_one_location_and_full_year(world):
    l1, _l2 = world
    year = {"year": Window(date(2019, 1, 1), date(2019, 12, 31))}
    counts = unique_participant_counts(location_ids=[l1.pk], category_sets=[ALL], windows=year)
    assert counts == {(ALL, "year", l1.pk): 3, (ALL, "year", None): 3}


def test_previous_year_alone(world):
    l1, l2 = world
    last_year = {"ytd": Window(date(2018, 1, 1), date(2018, 12, 31))}
    counts = unique_participant_counts(
        location_ids=[l1.pk, l2.pk], category_sets=[ALL], windows=last_year
    )
    # 31-12-2018: p5 at L1, p3 at L2.
    assert counts[(ALL, "ytd", l1.pk)] == 1
    assert counts[(ALL, "ytd", l2.pk)] == 1
    assert counts[(ALL, "ytd", None)] == 2


def test_anonymous_head_counts_are_never_unique_participants(db):
    location = LocationFactory()
    SessionFactory(location=location, date=date(2019, 2, 1), anonymous_count=25)
    counts = unique_participant_counts(
        location_ids=[location.pk], category_sets=[ALL, SOCIAL], windows=WINDOWS
    )
    assert set(counts.values()) == {0}


def test_no_locations_means_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        counts = unique_participant_counts(location_ids=[], category_sets=[ALL], windows=WINDOWS)
    assert counts == {(ALL, "ytd", None): 0, (ALL, "quarter", None): 0}


def test_jobs_are_counted_per_job(world, django_assert_num_queries):
    l1, l2 = world
    with django_assert_num_queries(1):
        counts = job_counts(location_ids=[l1.pk, l2.pk], windows=WINDOWS)
    assert counts == {
        ("ytd", l1.pk): 3,  # 10-01, 31-03, 01-04
        ("quarter", l1.pk): 1,  # 01-04
        ("ytd", l2.pk): 0,  # August is after the period
        ("quarter", l2.pk): 0,
        ("ytd", None): 3,
        ("quarter", None): 1,
    }


def test_visits(world, django_assert_num_queries):
    l1, l2 = world
    with django_assert_num_queries(1):
        counts = visit_counts(location_ids=[l1.pk, l2.pk], windows=WINDOWS)
    # L1 social: Feb 2 identified + 7 anonymous, May 4 anonymous; Dec 2018 excluded.
    assert counts[("ytd", l1.pk, "social")] == VisitCount(anonymous=11, identified=2)
    assert counts[("ytd", l1.pk, "social")].total == 13
    assert counts[("quarter", l1.pk, "social")] == VisitCount(anonymous=4, identified=0)
    assert counts[("ytd", l1.pk, "activation")] == VisitCount(anonymous=0, identified=1)
    assert counts[("quarter", l1.pk, "activation")] == VisitCount(anonymous=0, identified=0)
    assert counts[("ytd", l2.pk, "social")] == VisitCount(anonymous=0, identified=1)
    assert counts[("ytd", l2.pk, "computer")] == VisitCount(anonymous=0, identified=1)
    assert ("ytd", l2.pk, "jobs") not in counts
