"""The demo users' second step (``setup_demo``, DEBUG only): known keys, never in production.

A demo user who must use two-factor login (:func:`~locations.accounts.policy.
two_factor_required`: board, admin, funder) gets a TOTP device with a key derived from the
user name (the same on every run) and five recovery codes (``board-1`` … ``board-5``: at
most 13 characters of the user name and a number; reset on every run), so that the printed
login works at once: with an authenticator app given the key, or with a recovery code
(each once).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from locations.accounts.policy import two_factor_required

RECOVERY_CODES = 5


def demo_totp_key(username: str) -> bytes:
    """The demo TOTP key of ``username``: 20 bytes, the same on every run."""
    return hashlib.sha1(f"bwk-demo-{username}".encode(), usedforsecurity=False).digest()


def set_up_demo_second_steps(usernames: Iterable[str]) -> list[str]:
    """Give each demo user (by user name) who must use two-factor login a TOTP device with
    :func:`demo_totp_key` and fresh recovery codes; return the lines to print (empty when
    none must). Idempotent; raises ``User.DoesNotExist`` for an unknown user name."""
    lines = []
    for username in usernames:
        user = get_user_model().objects.get(username=username)
        if not two_factor_required(user):
            continue
        key = demo_totp_key(username)
        TOTPDevice.objects.update_or_create(
            user=user, name="default", defaults={"key": key.hex(), "confirmed": True}
        )
        backup, _created = StaticDevice.objects.get_or_create(user=user, name="backup")
        backup.token_set.all().delete()
        # A recovery code has at most 16 characters (django-otp's StaticToken).
        codes = [f"{username[:13]}-{number}" for number in range(1, RECOVERY_CODES + 1)]
        for code in codes:
            backup.token_set.create(token=code)
        lines.append(
            f"  {username:<13} TOTP key {base64.b32encode(key).decode()} "
            f"or a recovery code {codes[0]} … {codes[-1]}"
        )
    if lines:
        lines.insert(
            0,
            "Second step (board, admin, funder): a code from an authenticator app given the "
            "key, or a recovery code (each works once; setup_demo makes new ones):",
        )
    return lines
