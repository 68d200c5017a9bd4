"""Calendar feed tokens (issue 11): a secret per user and organisation in the feed's URL,
stored hashed, renewable and revocable from the calendar page.

A token is 32 random bytes, URL-safe base64 (:func:`secrets.token_urlsafe`); only its SHA-256
(hex) is stored (:class:`~reports.calendar.models.CalendarToken`), so the token is shown once,
when it is made, and a leaked database holds no usable link. Looking a token up compares
digests in the database (an index lookup on a unique column): a wrong token finds nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.access import Action, Area, require_scope, system_scope, user_scoped
from locations.access.grants import AnyUser
from reports.calendar.models import CalendarToken

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _signed_in(user: AnyUser) -> User:
    if not isinstance(user, get_user_model()):
        raise PermissionDenied(_("U heeft geen agenda in deze organisatie."))
    return user


def token_digest(token: str) -> str:
    """The SHA-256 of ``token`` as 64 hex characters (what is stored)."""
    return hashlib.sha256(token.encode()).hexdigest()


@user_scoped
def calendar_token_renew(*, user: AnyUser, organisation_id: int) -> str:
    """Make a new feed token for ``user`` in the organisation ``organisation_id``, replacing
    any earlier one (its link stops working), and return it (shown once; only its digest is
    stored). Raises PermissionDenied (Dutch) when the user has no membership there that may
    see agreements."""
    owner = _signed_in(user)
    if not require_scope().can(Action.VIEW, Area.AGREEMENT, organisation_id=organisation_id):
        raise PermissionDenied(_("U heeft geen agenda in deze organisatie."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarToken.objects.filter(user=owner, organisation_id=organisation_id).delete()
        CalendarToken.objects.create(
            organisation_id=organisation_id,
            user=owner,
            digest=token_digest(token),
            created_at=timezone.now(),
        )
    return token


@user_scoped
def calendar_token_revoke(*, user: AnyUser, organisation_id: int) -> bool:
    """Delete ``user``'s feed token in the organisation (the feed then answers 404). Returns
    True when there was one."""
    deleted, _rows = CalendarToken.objects.filter(
        user=_signed_in(user), organisation_id=organisation_id
    ).delete()
    return bool(deleted)


def calendar_token_find(token: str) -> CalendarToken | None:
    """The token row whose digest is that of ``token`` (with its user and organisation), or
    None (unknown, revoked, renewed, or the user is inactive). Marks it used now. System code:
    the feed has no session, the token is the whole credential."""
    if not token or len(token) > 200:
        return None
    with system_scope():
        found = (
            CalendarToken.objects.select_related("user", "organisation")
            .filter(digest=token_digest(token), user__is_active=True)
            .first()
        )
        if found is not None:
            CalendarToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found
