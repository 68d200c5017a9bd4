"""factory_boy factories for the report tests: agreements, indicators, targets, registrations."""

from datetime import date
from decimal import Decimal

import factory

from agreements.choices import Comparator, Method, Section
from agreements.models import Agreement, Indicator, Target
from locations.factories import LocationFactory, OrganisationFactory
from registrations.models import Attendance, Job, Participant, Session


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    region = "zuidoost"
    region_name = "Amsterdam Zuidoost"
    year = 2019
    title = factory.LazyAttribute(lambda o: f"Samenwerkingsafspraken {o.region_name} {o.year}")

    @factory.post_generation
    def locations(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.locations.set(extracted)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    agreement = factory.SubFactory(AgreementFactory)
    code = factory.Sequence(lambda n: f"indicator{n}")
    position = factory.Sequence(int)
    section = Section.PROCES
    description = factory.LazyAttribute(lambda o: f"Omschrijving {o.code}")
    method = Method.UNIQUE
    categories = factory.LazyFunction(list)


class TargetFactory(factory.django.DjangoModelFactory):
    """A plain-figure target ("400") unless told otherwise."""

    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    location = factory.SubFactory(LocationFactory)
    comparator = Comparator.AT_LEAST
    value = Decimal(10)
    text = factory.LazyAttribute(
        lambda o: f"{o.value:.0f}" if o.comparator == Comparator.AT_LEAST else f"> {o.value:.0f}"
    )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    home_location = factory.SubFactory(LocationFactory)
    organisation = factory.SelfAttribute("home_location.organisation")
    code = factory.Sequence(lambda n: f"P{n:05d}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    location = factory.SubFactory(LocationFactory)
    date = date(2019, 2, 1)
    category = "social"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(ParticipantFactory)


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    location = factory.SubFactory(LocationFactory)
    date = date(2019, 2, 1)
    description = "Kraan repareren"
