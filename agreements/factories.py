"""factory_boy factories for agreements, parties, indicators and targets."""

from decimal import Decimal

import factory
from django.utils import timezone

from agreements.choices import Comparator, Method, PartyKind, Section
from agreements.models import Agreement, AgreementParty, Indicator, Party, PeriodClosure, Target
from locations.factories import LocationFactory, OrganisationFactory, TenantFactory
from locations.periods import parse_period


class AgreementFactory(TenantFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    region = factory.Sequence(lambda n: f"regio-{n}")
    region_name = factory.Sequence(lambda n: f"Regio {n}")
    year = 2019
    title = factory.LazyAttribute(lambda o: f"Samenwerkingsafspraken {o.region_name} {o.year}")

    @factory.post_generation
    def locations(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.locations.set(extracted)


class PartyFactory(TenantFactory):
    class Meta:
        model = Party

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"partij-{n}")
    name = factory.Sequence(lambda n: f"Partij {n}")
    kind = PartyKind.MUNICIPALITY


class AgreementPartyFactory(TenantFactory):
    class Meta:
        model = AgreementParty

    agreement = factory.SubFactory(AgreementFactory)
    party = factory.SubFactory(
        PartyFactory, organisation=factory.SelfAttribute("..agreement.organisation")
    )
    is_funder = True
    is_signatory = True


class IndicatorFactory(TenantFactory):
    class Meta:
        model = Indicator

    agreement = factory.SubFactory(AgreementFactory)
    code = factory.Sequence(lambda n: f"indicator_{n}")
    position = factory.Sequence(lambda n: n)
    section = Section.OUTPUT
    description = factory.Sequence(lambda n: f"Prestatie {n}")
    method = Method.COUNT
    method_text = "Aantal"


class TargetFactory(TenantFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    location = factory.SubFactory(
        LocationFactory, organisation=factory.SelfAttribute("..indicator.agreement.organisation")
    )
    text = "> 10"
    comparator = Comparator.GT
    value = Decimal("10")


class PeriodClosureFactory(TenantFactory):
    """A closed (not reopened) period of an agreement; ``period`` "YYYY-Qn" or "YYYY" sets
    its first and last day."""

    class Meta:
        model = PeriodClosure

    agreement = factory.SubFactory(AgreementFactory)
    period = factory.LazyAttribute(lambda o: f"{o.agreement.year}-Q1")
    starts_on = factory.LazyAttribute(lambda o: parse_period(o.period).start)
    ends_on = factory.LazyAttribute(lambda o: parse_period(o.period).end)
    closed_at = factory.LazyFunction(timezone.now)
