"""generate_demo_registrations: deterministic, about 1.5x the targets, replaces only demo rows."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection

from agreements.choices import Comparator, Method, Section
from agreements.factories import AgreementFactory, IndicatorFactory, TargetFactory
from registrations.factories import ParticipantFactory, SessionFactory
from registrations.models import Attendance, Job, Participant, Session

CLOSED_ON = datetime.date(2019, 6, 30)


@pytest.fixture
def agreement(tenants):
    """Organisation a's 2019 agreement; 'zuid' closes on 30-06-2019.

    Targets noord / zuid: social [social+activation] 40 / 30, social [social] 30 / -,
    activation 10 / -, computer 8 / 6, forms 20 / 10, unique_total [all] 60 / 40, jobs 12 / 8.
    """
    noord, zuid = tenants.a.location, tenants.a.other_location
    zuid.closed_on = CLOSED_ON
    zuid.save()
    agreement = AgreementFactory(
        organisation=tenants.a.organisation, region="zuidoost", year=2019, locations=[noord, zuid]
    )
    rows = [
        ("social", ["social", "activation"], Method.UNIQUE, 40, 30),
        ("social_connection", ["social"], Method.UNIQUE, 30, None),
        ("activation", ["activation"], Method.UNIQUE, 10, None),
        ("computer", ["computer"], Method.UNIQUE, 8, 6),
        ("forms", ["forms"], Method.UNIQUE, 20, 10),
        ("unique_total", ["all"], Method.UNIQUE, 60, 40),
        ("jobs", ["jobs"], Method.JOBS, 12, 8),
    ]
    for code, categories, method, at_noord, at_zuid in rows:
        indicator = IndicatorFactory(
            agreement=agreement,
            code=code,
            section=Section.PROCES,
            method=method,
            categories=categories,
        )
        for location, value in ((noord, at_noord), (zuid, at_zuid)):
            if value is not None:
                TargetFactory(
                    indicator=indicator,
                    location=location,
                    text=str(value),
                    comparator=Comparator.AT_LEAST,
                    value=Decimal(value),
                )
    return agreement


def _generate(seed):
    call_command("generate_demo_registrations", "--agreement", "zuidoost-2019", "--seed", seed)


def _unique(location, categories=None):
    attendances = Attendance.unscoped.filter(session__location=location)
    if categories:
        attendances = attendances.filter(session__category__in=categories)
    return attendances.values("participant").distinct().count()


def _snapshot(tenants):
    return (
        Participant.unscoped.count(),
        Session.unscoped.count(),
        Attendance.unscoped.count(),
        Job.unscoped.count(),
        _unique(tenants.a.location),
        _unique(tenants.a.other_location),
    )


def test_same_seed_gives_same_data_and_rerun_doubles_nothing(agreement, tenants):
    _generate(7)
    first = _snapshot(tenants)
    codes = list(Participant.unscoped.order_by("code").values_list("code", "nickname"))
    _generate(7)
    assert _snapshot(tenants) == first
    assert list(Participant.unscoped.order_by("code").values_list("code", "nickname")) == codes
    _generate(8)
    assert _snapshot(tenants) != first


def test_unique_participants_are_about_one_and_a_half_times_the_targets(agreement, tenants):
    _generate(3)
    noord, zuid = tenants.a.location, tenants.a.other_location
    checks = [
        (_unique(noord), 60),
        (_unique(zuid), 40),
        (_unique(noord, ["social", "activation"]), 40),
        (_unique(noord, ["social"]), 30),
        (_unique(noord, ["activation"]), 10),
        (_unique(noord, ["computer"]), 8),
        (_unique(noord, ["forms"]), 20),
        (_unique(zuid, ["social", "activation"]), 30),
        (_unique(zuid, ["forms"]), 10),
    ]
    for realised, target in checks:
        assert 1.2 * target <= realised <= 1.9 * target, (realised, target)
    # Jobs: 1 to 1.25 times the jobs target, per location.
    assert 12 <= Job.unscoped.filter(location=noord).count() <= 15
    assert 8 <= Job.unscoped.filter(location=zuid).count() <= 10


def test_regulars_occasional_visitors_and_two_locations(agreement, tenants):
    _generate(3)
    noord, zuid = tenants.a.location, tenants.a.other_location
    visits = [
        Attendance.unscoped.filter(participant=p, session__location=noord).count()
        for p in Participant.unscoped.filter(attendances__session__location=noord).distinct()
    ]
    assert max(visits) >= 20  # a regular comes about weekly
    assert sum(1 for v in visits if v <= 3) > len(visits) / 2  # most come now and then
    both = (
        Participant.unscoped.filter(attendances__session__location=noord)
        .filter(attendances__session__location=zuid)
        .distinct()
    )
    assert both.exists()
    assert Participant.unscoped.exclude(nickname="").exists()
    assert Session.unscoped.filter(anonymous_count__gt=0).exists()


def test_nothing_after_closing_and_quieter_in_summer(agreement, tenants):
    _generate(5)
    zuid = tenants.a.other_location
    assert not Session.unscoped.filter(location=zuid, date__gt=CLOSED_ON).exists()
    assert not Job.unscoped.filter(location=zuid, date__gt=CLOSED_ON).exists()
    noord = Session.unscoped.filter(location=tenants.a.location)
    assert noord.filter(date__month=10).count() > noord.filter(date__month=8).count()
    assert noord.filter(date__year=2019).count() == noord.count()


def test_only_demo_rows_are_replaced(agreement, tenants):
    real_participant = ParticipantFactory(home_location=tenants.a.location, code="ANO-0001")
    real_session = SessionFactory(location=tenants.a.location, date=datetime.date(2019, 5, 1))
    _generate(1)
    _generate(2)
    assert Session.unscoped.filter(pk=real_session.pk).exists()
    real_participant.refresh_from_db()
    assert not real_participant.is_demo
    # Demo codes are "<first 3 letters of the location code>-NNNN" and skip taken codes.
    assert Participant.unscoped.filter(is_demo=True, code="ANO-0002").exists()
    assert Participant.unscoped.filter(code__iexact="ANO-0001").count() == 1


def test_demo_tables_get_fresh_statistics(agreement, tenants):
    """After a run PostgreSQL knows the new row counts (ANALYZE), so the next run's deletes
    and the reports are planned for the rows really there, also inside the same transaction."""
    _generate(4)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(%s)",
            [[model._meta.db_table for model in (Attendance, Session, Participant)]],
        )
        estimates = dict(cursor.fetchall())
    assert estimates == {
        Attendance._meta.db_table: Attendance.unscoped.count(),
        Session._meta.db_table: Session.unscoped.count(),
        Participant._meta.db_table: Participant.unscoped.count(),
    }
