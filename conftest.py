"""Shared fixtures: two organisations, each with two locations and a user per role.

``tenants`` gives a :class:`Tenants` with ``a`` and ``b`` (each a :class:`TenantWorld`). The
coordinator of each organisation works at its first location only, so location-level
scoping can be tested inside one organisation too.
"""

from dataclasses import dataclass

import pytest

from locations.access import system_scope
from locations.factories import LocationFactory, MembershipFactory, OrganisationFactory, UserFactory
from locations.models import Location, Organisation, Role


@dataclass
class TenantWorld:
    organisation: Organisation
    location: Location  # the coordinator's location
    other_location: Location  # same organisation, not the coordinator's
    coordinator: object
    board: object
    admin: object
    funder: object


@dataclass
class Tenants:
    a: TenantWorld
    b: TenantWorld


def _world(slug: str) -> TenantWorld:
    organisation = OrganisationFactory(slug=slug, name=f"Coöperatie {slug}")
    location = LocationFactory(
        organisation=organisation, code=f"{slug}-noord", name=f"{slug} Noord"
    )
    other = LocationFactory(organisation=organisation, code=f"{slug}-zuid", name=f"{slug} Zuid")
    users = {}
    for role in (Role.COORDINATOR, Role.BOARD, Role.ADMIN, Role.FUNDER):
        user = UserFactory(username=f"{slug}-{role}", is_staff=role == Role.ADMIN)
        MembershipFactory(
            user=user,
            organisation=organisation,
            role=role,
            locations=[location] if role == Role.COORDINATOR else None,
        )
        users[str(role)] = user
    return TenantWorld(
        organisation,
        location,
        other,
        users["coordinator"],
        users["board"],
        users["admin"],
        users["funder"],
    )


@pytest.fixture
def tenants(db) -> Tenants:
    """Two organisations (``a`` and ``b``) with locations and a user for every role."""
    return Tenants(_world("a"), _world("b"))


@pytest.fixture
def system():
    """Run the test as system code (:func:`locations.access.system_scope`): for tests of
    computations, loaders and generators called directly, not through a request or a task."""
    with system_scope():
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests do not need slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
