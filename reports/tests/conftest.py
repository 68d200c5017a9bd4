"""A small 2019 agreement of organisation "a" with hand-built registrations.

Locations: ``noord`` (the coordinator's) and ``zuid``. Indicators (targets noord / zuid):
social [social+activation] 400 / 275, jobs (housing corporations) 100 / 75, computer 40 / 40,
unique_total [all] 500 / 350, key_holders (OUTPUT) "> 10" / "> 5", budget (INPUT) "Positief".

Registrations:
- pA: social at noord 05-02, activation at noord 14-05;
- pB: social at noord 12-03 (with 6 anonymous walk-ins), social at zuid 02-04;
- pC: computer at zuid 31-12-2018 and 01-01-2019;
- pD: a job at noord on 10-04 done for them;
- two more jobs at noord in Q1 (no resident), one at zuid on 01-07;
- a language session at zuid on 20-06 with 3 anonymous walk-ins only.
Organisation "b" has its own agreement and a participant, which must never show up.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from agreements.choices import Comparator, Method, Section
from agreements.models import Agreement, ReportingDeadline, Target
from budgets.models import BudgetLine, Expenditure
from locations.access import system_scope
from locations.periods import Period
from registrations.factories import VolunteerFactory, VolunteerHoursFactory
from registrations.models import DebtSupport, MinimaApplication, OutgoingReferral, PartnerAgreement
from reports.selectors import ProgressReport, progress_report
from reports.tests.factories import (
    AgreementFactory,
    AttendanceFactory,
    IndicatorFactory,
    JobFactory,
    ParticipantFactory,
    SessionFactory,
    TargetFactory,
)
from reports.tests.test_financial_world import build_budget


@dataclass
class ReportWorld:
    tenants: object
    agreement: Agreement
    other_agreement: Agreement


def _indicator(agreement, code, position, targets, **kwargs):
    indicator = IndicatorFactory(agreement=agreement, code=code, position=position, **kwargs)
    for location, (comparator, value, text) in targets.items():
        TargetFactory(
            indicator=indicator, location=location, comparator=comparator, value=value, text=text
        )
    return indicator


def _plain(value: int):
    return (Comparator.AT_LEAST, Decimal(value), str(value))


def build_agreement(organisation, noord, zuid, region="zuidoost"):
    agreement = AgreementFactory(organisation=organisation, region=region, locations=[noord, zuid])
    _indicator(
        agreement,
        "social",
        1,
        {noord: _plain(400), zuid: _plain(275)},
        description="Sociale ontmoeting",
        categories=["social", "activation"],
    )
    _indicator(
        agreement,
        "jobs",
        2,
        {noord: _plain(100), zuid: _plain(75)},
        description="Klussen",
        method=Method.JOBS,
        categories=["jobs"],
        housing_corporation=True,
    )
    _indicator(
        agreement,
        "computer",
        3,
        {noord: _plain(40), zuid: _plain(40)},
        description="Computervaardigheid",
        categories=["computer"],
    )
    _indicator(
        agreement,
        "unique_total",
        4,
        {noord: _plain(500), zuid: _plain(350)},
        description="Totaal unieke deelnemers",
        categories=["all"],
    )
    _indicator(
        agreement,
        "key_holders",
        0,
        {noord: (Comparator.GT, Decimal(10), "> 10"), zuid: (Comparator.GT, Decimal(5), "> 5")},
        description="Sleutelbeheerders",
        section=Section.OUTPUT,
        method=Method.COUNT,
    )
    _indicator(
        agreement,
        "budget",
        5,
        {
            noord: (Comparator.POSITIVE, None, "Positief"),
            zuid: (Comparator.POSITIVE, None, "Positief"),
        },
        description="Geen tekort financiering",
        section=Section.INPUT,
        method=Method.BUDGET,
    )
    return agreement


def _registrations(noord, zuid):
    p_a, p_b, p_c, p_d = (ParticipantFactory(home_location=noord) for _ in range(4))
    AttendanceFactory(
        session=SessionFactory(location=noord, date=date(2019, 2, 5)), participant=p_a
    )
    AttendanceFactory(
        session=SessionFactory(location=noord, date=date(2019, 5, 14), category="activation"),
        participant=p_a,
    )
    AttendanceFactory(
        session=SessionFactory(location=noord, date=date(2019, 3, 12), anonymous_count=6),
        participant=p_b,
    )
    AttendanceFactory(session=SessionFactory(location=zuid, date=date(2019, 4, 2)), participant=p_b)
    for day in (date(2018, 12, 31), date(2019, 1, 1)):
        AttendanceFactory(
            session=SessionFactory(location=zuid, date=day, category="computer"), participant=p_c
        )
    JobFactory(location=noord, date=date(2019, 4, 10), participant=p_d)
    JobFactory(location=noord, date=date(2019, 1, 15))
    JobFactory(location=noord, date=date(2019, 3, 1))
    JobFactory(location=zuid, date=date(2019, 7, 1))
    SessionFactory(location=zuid, date=date(2019, 6, 20), category="language", anonymous_count=3)


@pytest.fixture
@system_scope()  # test data is written as system code
def world(tenants) -> ReportWorld:
    a, b = tenants.a, tenants.b
    agreement = build_agreement(a.organisation, a.location, a.other_location)
    _registrations(a.location, a.other_location)
    other = build_agreement(b.organisation, b.location, b.other_location)
    outsider = ParticipantFactory(home_location=b.location)
    AttendanceFactory(
        session=SessionFactory(location=b.location, date=date(2019, 2, 5)), participant=outsider
    )
    return ReportWorld(tenants, agreement, other)


@pytest.fixture
def full_report(world) -> ProgressReport:
    """The 2019-Q2 report of ``world`` with everything a report can show, built as system code
    (the test itself runs outside any scope): the hand-worked budget of
    ``test_financial_world`` (lines, financing, volunteer hours and rates, noord's stated total
    € 2.100 against the computed € 2.000,50), € 450 spent at noord on 31-03-2019 and one record
    of every municipality item (a)-(d) at noord."""
    noord = world.tenants.a.location
    with system_scope():
        build_budget(world)
        line = BudgetLine.unscoped.get(budget__agreement=world.agreement, code="A1")
        Expenditure.unscoped.create(location=noord, line=line, date="2019-03-31", amount="450.00")
        OutgoingReferral.unscoped.create(
            location=noord, date=date(2019, 2, 10), organisation_name="MaDi"
        )
        MinimaApplication.unscoped.create(location=noord, date=date(2019, 4, 4), scheme="Stadspas")
        PartnerAgreement.unscoped.create(
            location=noord, partner_name="Samen DOEN", agreed_on=date(2018, 6, 1)
        )
        DebtSupport.unscoped.create(
            location=noord, date=date(2019, 6, 1), organisation_name="Schuldhulp Zuidoost"
        )
        built = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    assert built.financial is not None and built.financial.actual is not None
    assert built.financial.differences
    return built


@pytest.fixture
def dashboard_world(world):
    """``world`` plus its budget (noord € 2.000,50 with 1.500 volunteer hours budgeted, zuid
    € 999,50 without hours), € 450 spent at noord on 31-03-2019 and € 80 on 01-07-2019 (after
    Q2), volunteer hours at noord (4,5 h on 04-03, a week of 10 h from 20-03, a
    professional's 2 h on 05-05, 3 h on 01-07, 7 h on 01-08 after today) and 1 h at zuid on
    01-02, zuid's computer target lowered to 2 (pro rata at Q2: 1, realised 1: on track) and
    a deadline on 30-09-2019."""
    a = world.tenants.a
    noord, zuid = a.location, a.other_location
    with system_scope():
        build_budget(world)
        line = BudgetLine.unscoped.get(budget__agreement=world.agreement, code="A1")
        Expenditure.unscoped.create(location=noord, line=line, date="2019-03-31", amount="450.00")
        Expenditure.unscoped.create(location=noord, line=line, date="2019-07-01", amount="80.00")
        volunteer = VolunteerFactory(home_location=noord)
        professional = VolunteerFactory(home_location=noord, is_professional=True)
        for day, span, hours, who in (
            (date(2019, 3, 4), "day", "4.5", volunteer),
            (date(2019, 3, 20), "week", "10", volunteer),
            (date(2019, 5, 5), "day", "2", professional),
            (date(2019, 7, 1), "day", "3", volunteer),
            (date(2019, 8, 1), "day", "7", volunteer),
        ):
            VolunteerHoursFactory(volunteer=who, date=day, span=span, hours=Decimal(hours))
        VolunteerHoursFactory(
            volunteer=VolunteerFactory(home_location=zuid), date=date(2019, 2, 1), hours=Decimal(1)
        )
        Target.unscoped.filter(
            indicator__agreement=world.agreement, indicator__code="computer", location=zuid
        ).update(value=Decimal(2), text="2")
        ReportingDeadline.unscoped.create(
            agreement=world.agreement, kind="interim", due_on=date(2019, 9, 30), period="2019-Q3"
        )
    return world
