"""The board dashboard's figures (issue 11, "The board steers on it"):
:func:`reports.selectors.dashboard.board_dashboard` over the hand-built world of
``reports/tests/conftest.py`` (expected values worked out by hand from its registrations),
its pages, and a query count that does not grow with the number of locations."""

from datetime import date
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Target
from locations.access import system_scope
from locations.factories import LocationFactory
from reports.selectors.dashboard import board_dashboard, month_ends
from reports.status import Status
from reports.tests.conftest import build_agreement
from reports.tests.factories import AttendanceFactory, ParticipantFactory, SessionFactory

D = Decimal
#: A day in July 2019: the report's default period is then 2019-Q2, the months Jan-Jul count.
TODAY = date(2019, 7, 15)


def _by_code(entry):
    return {location.code: location for location in entry.locations}


def test_the_dashboard_shows_every_location_of_the_agreement_with_its_figures(dashboard_world):
    a = dashboard_world.tenants.a
    dashboard = board_dashboard(user=a.board, today=TODAY)
    assert [entry.agreement for entry in dashboard.agreements] == [dashboard_world.agreement]
    assert dashboard.running  # on TODAY, 2019's agreement runs
    entry = dashboard.agreements[0]
    assert entry.period.code == "2019-Q2"
    assert entry.through == TODAY
    assert entry.next_deadline.due_on == date(2019, 9, 30)
    locations = _by_code(entry)
    noord, zuid = locations[a.location.code], locations[a.other_location.code]
    # Distinct participants year to date at each month's end (attendances and jobs for a
    # resident): noord pA in Feb, pB in Mar, pD (a job) in Apr; zuid pC on 01-01, pB in Apr.
    assert noord.participants == [0, 1, 2, 3, 3, 3, 3, None, None, None, None, None]
    assert zuid.participants == [1, 1, 1, 2, 2, 2, 2, None, None, None, None, None]
    assert entry.participants_total[:7] == [1, 2, 3, 4, 4, 4, 4]  # pB once over both
    # Last year: only pC's computer lesson on 31-12-2018 at zuid.
    assert zuid.participants_last_year == [0] * 11 + [1]
    assert noord.participants_last_year == [0] * 12
    assert (zuid.participants_to_date, zuid.participants_last_year_to_date) == (2, 0)
    assert noord.participants_indicator == "unique_total"
    # Hours per month, a week entry by its start date, professionals' hours too.
    assert noord.hours == [
        D(0),
        D(0),
        D("14.5"),
        D(0),
        D(2),
        D(0),
        D(3),
        None,
        None,
        None,
        None,
        None,
    ]
    assert noord.hours_total == D("19.5")
    assert noord.hours_budget == D(1500)
    assert zuid.hours[:2] == [D(0), D(1)] and zuid.hours_budget is None
    # The year's budget, and spending up to the period's end (30-06): the € 80 of July not.
    assert (noord.budget, noord.spent) == (D("2000.50"), D("450.00"))
    assert noord.spent_share == D("450.00") / D("2000.50")
    assert (zuid.budget, zuid.spent, zuid.spent_share) == (D("999.50"), D(0), D(0))


def test_indicators_ahead_and_behind_are_the_reports_rows_by_their_status(dashboard_world):
    a = dashboard_world.tenants.a
    entry = board_dashboard(user=a.board, today=TODAY).agreements[0]
    zuid = _by_code(entry)[a.other_location.code]
    block = next(b for b in entry.report.locations if b.code == a.other_location.code)
    assert [row.indicator_code for row in zuid.rows] == [row.indicator_code for row in block.rows]
    computer = next(row for row in zuid.rows if row.indicator_code == "computer")
    assert computer.status == Status.ON_TRACK and computer in zuid.ahead
    # zuid's social row: pB only, against a pro-rata 137,5.
    social = next(row for row in zuid.rows if row.indicator_code == "social")
    assert (social.realised, social.status) == (1, Status.BEHIND) and social in zuid.behind
    # Worked out by hand at Q2 (half the year): computer 1 against a pro-rata 1 is on track;
    # behind: social (1 of 137,5), jobs (zuid's job of 01-07 is after Q2: 0 of 37,5),
    # unique_total (2 of 175), key holders (none of "> 5") and the budget check (zuid's
    # financing, € 800, falls short of its budget, € 999,50). Nothing is left unmeasured.
    assert [row.indicator_code for row in zuid.ahead] == ["computer"]
    assert {row.indicator_code for row in zuid.behind} == {
        "social", "jobs", "unique_total", "key_holders", "budget"
    }  # fmt: skip
    assert zuid.unmeasured == 0
    # The month-end line is the report's year-to-date count: June's value is the Q2 figure.
    total = next(row for row in block.rows if row.indicator_code == "unique_total")
    assert zuid.participants[5] == total.realised == 2


def test_filters_by_location_and_agreement_and_never_shows_another_organisation(dashboard_world):
    a = dashboard_world.tenants.a
    only_zuid = board_dashboard(user=a.board, today=TODAY, location_ids=[a.other_location.pk])
    assert [loc.code for loc in only_zuid.agreements[0].locations] == [a.other_location.code]
    other = dashboard_world.other_agreement
    assert board_dashboard(user=a.board, today=TODAY, agreement_ids=[other.pk]).agreements == []
    b_location = dashboard_world.tenants.b.location
    assert board_dashboard(user=a.board, today=TODAY, location_ids=[b_location.pk]).agreements == []


def test_this_years_agreements_are_the_running_ones(dashboard_world):
    a = dashboard_world.tenants.a
    dashboard = board_dashboard(user=a.board, today=date(2019, 12, 1))
    assert dashboard.running
    participants = dashboard.agreements[0].participants_total
    assert participants[10] is not None  # November counts
    assert participants[11] is not None  # December has begun


def test_month_ends():
    assert month_ends(2020)[1] == date(2020, 2, 29)
    assert month_ends(2019)[-1] == date(2019, 12, 31)


def _queries(user) -> int:
    user = type(user).objects.get(pk=user.pk)  # fresh: its scope is built again (memberships)
    with CaptureQueriesContext(connection) as queries:
        board_dashboard(user=user, today=TODAY)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_locations(tenants):
    a = tenants.a
    with system_scope():
        extra = [LocationFactory(organisation=a.organisation) for _ in range(4)]
        agreement = build_agreement(a.organisation, a.location, a.other_location)
        for location in [a.location, a.other_location]:
            AttendanceFactory(
                session=SessionFactory(location=location, date=date(2019, 2, 5)),
                participant=ParticipantFactory(home_location=location),
            )
    with_two = _queries(a.board)
    with system_scope():
        agreement.locations.add(*extra)
        for indicator in agreement.indicators.all():
            template = indicator.targets.first()
            for location in extra:
                Target.unscoped.create(
                    indicator=indicator,
                    location=location,
                    text=template.text,
                    comparator=template.comparator,
                    value=template.value,
                )
        for location in extra:
            AttendanceFactory(
                session=SessionFactory(location=location, date=date(2019, 2, 5)),
                participant=ParticipantFactory(home_location=location),
            )
    with_six = _queries(a.board)
    assert len(board_dashboard(user=a.board, today=TODAY).agreements[0].locations) == 6
    assert with_six == with_two


def test_the_dashboard_page_links_every_realised_value_to_what_was_counted(client, dashboard_world):
    a = dashboard_world.tenants.a
    client.force_login(a.board)
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    agreement = dashboard_world.agreement
    trace = reverse("reports:trace", args=[agreement.pk])
    # 2026: the latest year's agreement, at its default period (Q4 for a past year).
    assert f"{trace}?indicator=unique_total&amp;period=2019-Q4&amp;location={a.location.pk}" in html
    assert reverse("dashboard:location", args=[agreement.pk, a.location.pk]) in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "Geheime" not in html


def test_the_location_page_and_a_location_outside_the_agreement(client, dashboard_world):
    a, b = dashboard_world.tenants.a, dashboard_world.tenants.b
    agreement = dashboard_world.agreement
    client.force_login(a.board)
    page = client.get(reverse("dashboard:location", args=[agreement.pk, a.location.pk]))
    assert page.status_code == 200
    trace = reverse("reports:trace", args=[agreement.pk])
    assert f"{trace}?indicator=social&amp;period=2019-Q4&amp;location={a.location.pk}" in (
        page.content.decode()
    )
    with system_scope():
        outside = LocationFactory(organisation=a.organisation)
    for location in (outside, b.location):
        url = reverse("dashboard:location", args=[agreement.pk, location.pk])
        assert client.get(url).status_code == 404
