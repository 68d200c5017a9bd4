"""Ending a user's sessions, and stamping a session at login.

A user's sessions end (their rows in the database session store are deleted) when the user
is deactivated, when one of their memberships is removed, and when a coordinator loses one
of their locations: the receivers below, connected in ``LocationsConfig.ready()``.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.http import HttpRequest
from django.utils import timezone

from locations.access import system_scope
from locations.accounts.middleware import LOGIN_AT, SEEN_AT


def end_sessions(user_id: int) -> int:
    """Delete every unexpired session of the user with id ``user_id`` from the database
    session store (``SESSION_ENGINE`` is the database backend, settings); returns how many.

    Sessions are not indexed by user, so this decodes each unexpired session: fine for the
    hundreds of sessions of this application (each ends within ``SESSION_COOKIE_AGE``).
    """
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == str(user_id)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def stamp_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: note the login time (and last-seen time) in the session,
    for :class:`~locations.accounts.middleware.SessionTimeoutMiddleware`."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


def user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """``post_save`` receiver of the user model: a deactivated user's sessions end."""
    if not created and not instance.is_active:
        end_sessions(instance.pk)


def membership_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_delete`` receiver of Membership: the member's sessions end."""
    end_sessions(instance.user_id)


def membership_locations_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """``m2m_changed`` receiver of Membership.locations: a membership that loses locations
    (removed or cleared; from a location's side: removed) ends its member's sessions."""
    if action not in ("post_remove", "post_clear"):
        return
    if not reverse:
        end_sessions(instance.user_id)
    elif action == "post_remove":
        from locations.models import Membership

        with system_scope():
            user_ids = set(
                Membership.objects.filter(pk__in=pk_set).values_list("user_id", flat=True)
            )
        for user_id in user_ids:
            end_sessions(user_id)
