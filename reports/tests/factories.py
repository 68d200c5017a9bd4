"""Factories for the report tests: the app factories with defaults suited to PROCES rows of a
2019 Zuidoost-like agreement (unique-participant indicators, plain-figure targets, dates early
in 2019)."""

from datetime import date
from decimal import Decimal

import factory

from agreements import factories as agreement_factories
from agreements.choices import Comparator, Method, Section
from registrations import factories as registration_factories


class AgreementFactory(agreement_factories.AgreementFactory):
    region = "zuidoost"
    region_name = "Amsterdam Zuidoost"


class IndicatorFactory(agreement_factories.IndicatorFactory):
    agreement = factory.SubFactory(AgreementFactory)
    section = Section.PROCES
    method = Method.UNIQUE
    method_text = ""
    description = factory.LazyAttribute(lambda o: f"Omschrijving {o.code}")
    categories = factory.LazyFunction(list)


class TargetFactory(agreement_factories.TargetFactory):
    """A plain-figure target ("400") unless told otherwise."""

    indicator = factory.SubFactory(IndicatorFactory)
    comparator = Comparator.AT_LEAST
    value = Decimal(10)
    text = factory.LazyAttribute(
        lambda o: f"{o.value:.0f}" if o.comparator == Comparator.AT_LEAST else f"> {o.value:.0f}"
    )


class ParticipantFactory(registration_factories.ParticipantFactory):
    code = factory.Sequence(lambda n: f"P{n:05d}")


class SessionFactory(registration_factories.SessionFactory):
    date = date(2019, 2, 1)
    title = ""


class AttendanceFactory(registration_factories.AttendanceFactory):
    session = factory.SubFactory(SessionFactory)


class JobFactory(registration_factories.JobFactory):
    date = date(2019, 2, 1)
    description = "Kraan repareren"
