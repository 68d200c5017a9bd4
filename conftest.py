"""Shared fixtures: two organisations, each with two locations and a user per role.

``tenants`` gives a :class:`Tenants` with ``a`` and ``b`` (each a :class:`TenantWorld`). The
coordinator of each organisation works at its first location only, so location-level
scoping can be tested inside one organisation too.

``module_transaction`` and ``class_transaction`` let a module or a class of tests build
expensive rows once (the real agreement files) for all its tests instead of once per test.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.utils import translation

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


@pytest.fixture
def english():
    """Run the test with English active (Dutch is the source language and the default): for
    tests that assert the English text of messages, e.g. the agreement loader's problems."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (Dutch) and leaves none active: a request
    through the test client activates the request's language in this thread and leaves it
    active (Django's LocaleMiddleware does not deactivate it), so a test that asked for an
    English page would otherwise leave English on for the next test of the process."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _archive_in_tmp(settings, tmp_path):
    """Issued reports are stored in a folder of the test, never in the project's archive."""
    settings.STORAGES = {
        **settings.STORAGES,
        "archive": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "archive")},
        },
    }


@pytest.fixture(autouse=True, scope="session")
def _force_login_is_verified():
    """``client.force_login(user)`` logs in as far as the application asks: for a user who
    must use two-factor login (locations.accounts.policy) the session is also verified with
    a confirmed device of that user (a django-otp static device named ``test``), as after
    entering a token at the login page. Tests of the login itself
    (locations/tests/test_accounts.py) log in through the login page instead. Patched for
    the whole session, not with ``monkeypatch`` (a test's ``monkeypatch.undo()`` would
    undo it)."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from locations.accounts.policy import two_factor_required

    force_login = ClientMixin.force_login

    def verified_force_login(self, user, backend=None):
        force_login(self, user, backend)
        if two_factor_required(user):
            device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    ClientMixin.force_login = verified_force_login
    yield
    ClientMixin.force_login = force_login


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests do not need slow password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _rolled_back(django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """One transaction around a whole test module, rolled back when the module is done.

    A module-scoped fixture that requests it writes rows that every test of the module then
    sees, written once instead of once per test (e.g. the agreement files loaded once). Each
    test still runs in its own savepoint (pytest-django's ``db``), so what a test writes is
    undone after it; the module's rows are undone after its last test. Every test of the module
    sees those rows, also those that do not ask for them: use it in modules whose tests all
    expect them (else group those tests in a class and use :func:`class_transaction`).
    """
    yield from _rolled_back(django_db_blocker)


@pytest.fixture(scope="class")
def class_transaction(django_db_setup, django_db_blocker):
    """:func:`module_transaction` for the tests of one class: rolled back after the class."""
    yield from _rolled_back(django_db_blocker)


#: How the browser tests start Debian's Chromium (headless, nothing fetched from outside).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(live_server, settings):
    """Open one page in headless Chromium against the live server: ``browser_page(width,
    height, downloads=False)`` returns a Playwright page (Dutch locale, 10 s timeouts). After
    the test the browser is closed, and the test fails on anything the Content-Security-Policy
    blocked (an inline script or style: tests/test_headers.py)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    settings.SESSION_COOKIE_SECURE = False  # the live server speaks plain http
    settings.CSRF_COOKIE_SECURE = False
    blocked: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )

        def open_page(width: int, height: int, *, downloads: bool = False):
            context = browser.new_context(
                viewport={"width": width, "height": height},
                locale="nl-NL",
                accept_downloads=downloads,
            )
            page = context.new_page()
            page.set_default_timeout(10_000)

            def note_blocked(message) -> None:
                if "Content Security Policy" in message.text:
                    blocked.append(f"{message.location} {message.text}")

            page.on("console", note_blocked)
            return page

        yield open_page
        browser.close()
        # The ORM calls made while Playwright ran used a connection of their own context.
        connections.close_all()
    assert not blocked, blocked
