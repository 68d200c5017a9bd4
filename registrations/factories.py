"""factory_boy factories for participants, sessions, attendances and jobs."""

import datetime

import factory

from agreements.choices import Category
from locations.factories import LocationFactory
from registrations.models import Attendance, Job, Participant, Session


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    home_location = factory.SubFactory(LocationFactory)
    organisation = factory.SelfAttribute("home_location.organisation")
    code = factory.Sequence(lambda n: f"DLN-{n:04d}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    category = Category.SOCIAL
    title = "Koffie-inloop"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(
        ParticipantFactory, home_location=factory.SelfAttribute("..session.location")
    )


class JobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Job

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    description = "Lamp opgehangen"
