"""Accounts (issue 10, docs/security.md "Accounts and sessions"): lockout after failed
logins, two-factor login, password reset and change, session timeouts, sessions ended.

Every login here goes through the login page (``/inloggen/``, django-two-factor-auth's
wizard), never ``force_login`` (which the root conftest treats as verified), except where a
test needs a logged-in session to end.
"""

from __future__ import annotations

import base64
import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from locations.access import system_scope
from locations.accounts.middleware import LOGIN_AT, SEEN_AT
from locations.accounts.policy import two_factor_required
from locations.factories import MembershipFactory, UserFactory
from locations.models import Membership, Role

PASSWORD = "test-password-123"
HOME = reverse("home")
LOGIN = reverse("login")
SETUP = reverse("two_factor:setup")


def _password(client, username: str, password: str = PASSWORD, next_url: str = ""):
    """The login page's first step: user name and password."""
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(
        url,
        {"login_view-current_step": "auth", "username": username, "password": password},
    )


def _token(client, token: str, next_url: str = ""):
    url = f"{LOGIN}?next={next_url}" if next_url else LOGIN
    return client.post(url, {"login_view-current_step": "token", "token-otp_token": token})


def _recovery(client, code: str):
    client.post(LOGIN, {"login_view-current_step": "token", "wizard_goto_step": "backup"})
    return client.post(LOGIN, {"login_view-current_step": "backup", "backup-otp_token": code})


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


def _totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def _sessions_of(user) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk)
    )


# --- lockout (django-axes) -------------------------------------------------------------


def test_after_the_failure_limit_the_right_password_no_longer_logs_in(client, tenants, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = tenants.a.coordinator
    for _attempt in range(4):
        response = _password(client, user.username, "wrong")
        assert response.status_code == 200  # the login page again, with its error
    response = _password(client, user.username, "wrong")
    assert response.status_code == 429
    response = _password(client, user.username)  # the right password, too late
    assert response.status_code == 429
    assert "te vaak een verkeerd wachtwoord" in response.content.decode()
    assert not _logged_in(client)
    # The lockout lives in the database (not a cache that a restart forgets).
    attempt = AccessAttempt.objects.get(username=user.username)
    assert attempt.failures_since_start >= 5
    # Another client (another browser) is refused as well: the account is locked.
    assert _password(Client(), user.username).status_code == 429


def test_fewer_failures_than_the_limit_then_the_right_password_logs_in(client, tenants, settings):
    settings.AXES_FAILURE_LIMIT = 5
    for _attempt in range(4):
        _password(client, tenants.a.coordinator.username, "wrong")
    assert _password(client, tenants.a.coordinator.username).status_code == 302
    assert _logged_in(client)
    # A successful login starts the count again.
    assert not AccessAttempt.objects.filter(username=tenants.a.coordinator.username).exists()


def test_a_superuser_unlocks_an_account_in_the_admin(client, tenants, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = tenants.a.coordinator
    for _attempt in range(3):
        _password(client, user.username, "wrong")
    attempt = AccessAttempt.objects.get(username=user.username)
    # An organisation's admin cannot see the lockouts (they span organisations).
    organisation_admin = Client()
    organisation_admin.force_login(tenants.a.admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert organisation_admin.get(changelist).status_code == 403
    superuser = Client()
    superuser.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert user.username in superuser.get(changelist).content.decode()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert superuser.post(delete, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert _password(Client(), user.username).status_code == 302


def test_the_command_unlocks_an_account_too(client, tenants, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        _password(client, tenants.a.coordinator.username, "wrong")
    assert _password(client, tenants.a.coordinator.username).status_code == 429
    call_command("axes_reset_username", tenants.a.coordinator.username)
    assert _password(client, tenants.a.coordinator.username).status_code == 302


# --- who must use two-factor login -------------------------------------------------------


def test_board_admin_funder_and_superusers_must_use_two_factor_coordinators_may(tenants):
    assert two_factor_required(tenants.a.board)
    assert two_factor_required(tenants.a.admin)
    assert two_factor_required(tenants.a.funder)
    assert two_factor_required(UserFactory(username="root", is_superuser=True))
    assert not two_factor_required(tenants.a.coordinator)
    assert not two_factor_required(UserFactory(username="nobody"))


def test_the_organisation_setting_makes_it_required_for_its_coordinators(tenants):
    organisation = tenants.a.organisation
    organisation.coordinators_need_two_factor = True
    with system_scope():
        organisation.save()
    assert two_factor_required(tenants.a.coordinator)
    assert not two_factor_required(tenants.b.coordinator)  # the other organisation's


@pytest.mark.parametrize("role", ["board", "admin", "funder"])
def test_a_user_who_must_use_it_without_a_device_is_sent_to_setup(client, tenants, role):
    user = getattr(tenants.a, role)
    assert _password(client, user.username).status_code == 302
    for url in (HOME, reverse("agreements:list"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP, url
    # htmx requests are sent there as a whole page.
    response = client.get(reverse("agreements:list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == SETUP
    assert client.get(SETUP).status_code == 200


def test_setting_up_a_device_opens_the_application(client, tenants):
    user = tenants.a.board
    _password(client, user.username)
    client.get(SETUP)
    response = client.post(SETUP, {"setup_view-current_step": "welcome"})
    assert response.status_code == 200
    key = client.session["django_two_factor-qr_secret_key"]
    token = totp(base64.b32decode(key))
    response = client.post(
        SETUP, {"setup_view-current_step": "generator", "generator-token": f"{token:06d}"}
    )
    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=user, name="default", confirmed=True).exists()
    assert client.get(HOME).status_code == 200


def test_with_a_device_the_login_needs_the_token(client, tenants, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong token below
    user = tenants.a.board
    device = _totp_device(user)
    response = _password(client, user.username)
    assert response.status_code == 200  # the token step
    assert 'name="token-otp_token"' in response.content.decode()
    assert not _logged_in(client)
    assert client.get(HOME).status_code == 302  # not logged in yet
    _password(client, user.username)
    assert _token(client, "000000" if totp(device.bin_key) != 0 else "111111").status_code == 200
    assert not _logged_in(client)
    response = _token(client, f"{totp(device.bin_key):06d}")
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.get(HOME).status_code == 200


def test_a_recovery_code_logs_in_once(client, tenants):
    user = tenants.a.funder
    _totp_device(user)
    backup = StaticDevice.objects.create(user=user, name="backup")
    backup.token_set.create(token="herstel01")
    _password(client, user.username)
    response = _recovery(client, "herstel01")
    assert response.status_code == 302
    assert _logged_in(client)
    assert client.get(HOME).status_code == 200
    again = Client()
    _password(again, user.username)
    assert _recovery(again, "herstel01").status_code == 200  # refused: used already
    assert not _logged_in(again)


def test_the_admin_uses_the_same_login_with_its_second_step(client, tenants):
    user = tenants.a.admin
    device = _totp_device(user)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("admin:login"))
    response = client.get(response["Location"])
    assert response["Location"] == f"{LOGIN}?next={reverse('admin:index')}"
    _password(client, user.username, next_url=reverse("admin:index"))
    response = _token(client, f"{totp(device.bin_key):06d}", next_url=reverse("admin:index"))
    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_coordinators_log_in_without_a_device_unless_their_organisation_asks(client, tenants):
    user = tenants.a.coordinator
    _password(client, user.username)
    assert client.get(HOME).status_code == 200
    organisation = tenants.a.organisation
    organisation.coordinators_need_two_factor = True
    with system_scope():
        organisation.save()
    assert client.get(HOME)["Location"] == SETUP


def test_a_coordinator_who_set_up_a_device_needs_the_token_too(client, tenants):
    user = tenants.a.coordinator
    device = _totp_device(user)
    assert _password(client, user.username).status_code == 200
    assert not _logged_in(client)
    assert _token(client, f"{totp(device.bin_key):06d}").status_code == 302
    assert client.get(HOME).status_code == 200


# --- password reset and change ------------------------------------------------------------


def test_password_reset_by_email(client, tenants):
    user = tenants.a.coordinator
    user.email = "coordinator@example.org"
    user.save()
    response = client.post(reverse("accounts:password_reset"), {"email": user.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Nieuw wachtwoord voor Buurtwerkkamers"
    link = re.search(r"https?://[^/]+(/account/wachtwoord/nieuw/\S+)", message.body)[1]
    form_url = client.get(link)["Location"]  # Django moves the token into the session
    response = client.post(
        form_url, {"new_password1": "Een-nieuw-wachtw00rd", "new_password2": "Een-nieuw-wachtw00rd"}
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert _password(Client(), user.username, "Een-nieuw-wachtw00rd").status_code == 302
    assert _password(Client(), user.username).status_code == 200  # the old one no longer


def test_password_reset_says_the_same_for_an_unknown_address(client, tenants):
    response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_every_user_changes_their_password(client, tenants):
    for user in (tenants.a.coordinator, tenants.a.board, tenants.a.funder):
        client.force_login(user)
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "Nog-een-wachtw00rd",
                "new_password2": "Nog-een-wachtw00rd",
            },
        )
        assert response["Location"] == reverse("accounts:password_change_done"), user
        user.refresh_from_db()
        assert user.check_password("Nog-een-wachtw00rd")


def test_the_account_pages_are_dutch_and_english(client, db):
    assert "Wachtwoord vergeten" in client.get(reverse("accounts:password_reset")).content.decode()
    client.cookies["django_language"] = "en"
    assert "Forgot your password" in client.get(reverse("accounts:password_reset")).content.decode()


# --- session timeouts --------------------------------------------------------------------


def _age_session(client, *, idle_seconds: int = 0, since_login_seconds: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session[SEEN_AT] = now - idle_seconds
    session[LOGIN_AT] = now - since_login_seconds
    session.save()


def test_an_idle_session_ends_after_30_minutes_by_default(client, tenants, settings):
    assert settings.BWK_SESSION_IDLE_MINUTES == 30
    client.force_login(tenants.a.coordinator)
    _age_session(client, idle_seconds=29 * 60, since_login_seconds=29 * 60)
    assert client.get(HOME).status_code == 200
    _age_session(client, idle_seconds=31 * 60, since_login_seconds=31 * 60)
    response = client.get(HOME)
    assert response["Location"] == f"{LOGIN}?next={HOME}"
    assert not _logged_in(client)
    assert _sessions_of(tenants.a.coordinator) == 0


def test_the_idle_timeout_is_configurable(client, tenants, settings):
    settings.BWK_SESSION_IDLE_MINUTES = 5
    client.force_login(tenants.a.coordinator)
    _age_session(client, idle_seconds=6 * 60, since_login_seconds=6 * 60)
    assert client.get(HOME).status_code == 302
    assert not _logged_in(client)


def test_a_busy_session_still_ends_at_the_absolute_timeout(client, tenants, settings):
    settings.BWK_SESSION_ABSOLUTE_HOURS = 12
    client.force_login(tenants.a.coordinator)
    _age_session(client, idle_seconds=10, since_login_seconds=11 * 3600)
    assert client.get(HOME).status_code == 200
    _age_session(client, idle_seconds=10, since_login_seconds=12 * 3600 + 60)
    assert client.get(HOME).status_code == 302
    assert not _logged_in(client)


def test_a_request_keeps_the_session_alive(client, tenants):
    client.force_login(tenants.a.coordinator)
    _age_session(client, idle_seconds=20 * 60, since_login_seconds=20 * 60)
    assert client.get(HOME).status_code == 200
    assert int(time.time()) - client.session[SEEN_AT] < 5


# --- sessions end with the account or the membership ----------------------------------------


def _two_sessions(user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    assert _sessions_of(user) == 2
    return first, second


def test_deactivating_a_user_ends_their_sessions(tenants):
    user = tenants.a.coordinator
    first, _second = _two_sessions(user)
    other = Client()
    other.force_login(tenants.a.board)
    user.is_active = False
    user.save()
    assert _sessions_of(user) == 0
    assert _sessions_of(tenants.a.board) == 1  # others stay logged in
    assert first.get(HOME).status_code == 302


def test_removing_a_membership_ends_the_members_sessions(tenants):
    user = tenants.a.board
    first, _second = _two_sessions(user)
    with system_scope():
        Membership.objects.get(user=user).delete()
    assert _sessions_of(user) == 0
    assert first.get(HOME)["Location"].startswith(LOGIN)


def test_taking_a_location_from_a_coordinator_ends_their_sessions(tenants):
    user = tenants.a.coordinator
    _two_sessions(user)
    with system_scope():
        Membership.objects.get(user=user).locations.remove(tenants.a.location)
    assert _sessions_of(user) == 0


def test_adding_a_membership_keeps_the_sessions(tenants):
    user = tenants.a.coordinator
    _two_sessions(user)
    MembershipFactory(user=user, organisation=tenants.b.organisation, role=Role.COORDINATOR)
    assert _sessions_of(user) == 2
    assert get_user_model().objects.get(pk=user.pk).is_active


# --- the demo's logins ----------------------------------------------------------------------


def test_the_demo_users_log_in_with_the_printed_key_or_recovery_code(client, tenants, settings):
    from locations.accounts.demo import set_up_demo_second_steps

    lines = set_up_demo_second_steps([tenants.a.coordinator.username, tenants.a.board.username])
    assert len(lines) == 2  # the heading and the board user; the coordinator needs none
    printed_key = re.search(r"TOTP key (\w+)", lines[1])[1]
    _password(client, tenants.a.board.username)
    assert _token(client, f"{totp(base64.b32decode(printed_key)):06d}").status_code == 302
    assert client.get(HOME).status_code == 200
    # Run again (setup_demo is idempotent): the same key, fresh recovery codes.
    assert set_up_demo_second_steps([tenants.a.board.username]) == lines[:1] + lines[1:]
    other = Client()
    _password(other, tenants.a.board.username)
    assert _recovery(other, f"{tenants.a.board.username}-1").status_code == 302
    # The coordinator logs in with the password only.
    coordinator = Client()
    assert _password(coordinator, tenants.a.coordinator.username).status_code == 302
    assert coordinator.get(HOME).status_code == 200
