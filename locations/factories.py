"""factory_boy factories for organisations, locations, users and memberships."""

import factory
from django.contrib.auth import get_user_model

from locations.access import system_scope
from locations.models import Location, Membership, Organisation, Role


class TenantFactory(factory.django.DjangoModelFactory):
    """Base of the factories of tenant-owned models: test data is written as system code
    (:func:`locations.access.system_scope`), also its get-or-create look-ups and
    many-to-many links; the test itself runs outside any scope until it activates one."""

    class Meta:
        abstract = True

    @classmethod
    def _generate(cls, strategy, params):
        with system_scope():
            return super()._generate(strategy, params)


class OrganisationFactory(TenantFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Coöperatie {n}")


class LocationFactory(TenantFactory):
    class Meta:
        model = Location
        django_get_or_create = ("organisation", "code")

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"kamer{n}")
    name = factory.Sequence(lambda n: f"Buurtwerkkamer {n}")
    city = "Amsterdam"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("test-password-123")


class MembershipFactory(TenantFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.COORDINATOR

    @factory.post_generation
    def locations(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.locations.set(extracted)
