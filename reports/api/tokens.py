"""API tokens: who may hold one, creating and revoking them (django-rest-knox).

A token acts as its user: the API answers it with exactly what that user may see. knox stores
only a digest (SHA-512) of the token and the first characters (``token_key``) to find it;
the token itself is shown once, when it is created, and never stored.

Who manages whose tokens is read from the *active* scope, like every query of the access
layer (outside any scope it raises ScopeError): an organisation's admins (in the admin site:
its admin scope) manage the tokens of users whose every membership is in an organisation
where they may change memberships, so that a token never reaches another organisation's
data; system code (the ``api_token`` command, :func:`locations.access.system_scope`)
manages everyone's. Nobody gets a token for a superuser (a superuser's token would see every
organisation). knox's token model is not tenant-owned, so it is restricted here explicitly,
through its user's memberships.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken, get_digest_token
from knox.settings import CONSTANTS, knox_settings

from locations.access import Action, Area, require_scope


def token_owners() -> QuerySet[Any]:
    """The users whose tokens the active scope may manage: for an unrestricted scope every
    user but superusers; otherwise users (no superuser) with at least one membership, each in
    an organisation where the scope may change memberships (:data:`Area.MEMBERSHIP`: admins).
    Raises ScopeError outside any scope."""
    scope = require_scope()
    users = get_user_model().objects.filter(is_superuser=False)
    if scope.unrestricted:
        return users
    managed = sorted(
        organisation_id
        for organisation_id in scope.organisation_ids
        if scope.can(Action.CHANGE, Area.MEMBERSHIP, organisation_id=organisation_id)
    )
    inside = Q(memberships__organisation_id__in=managed)
    return users.annotate(
        memberships_inside=Count("memberships", filter=inside),
        memberships_outside=Count("memberships", filter=~inside),
    ).filter(memberships_inside__gt=0, memberships_outside=0)


def api_tokens() -> QuerySet[AuthToken]:
    """The tokens the active scope may see and revoke: those of :func:`token_owners`,
    newest first."""
    owners = token_owners().values("pk")
    return AuthToken.objects.filter(user__in=owners).select_related("user").order_by("-created")


def default_lifetime() -> timedelta | None:
    """How long a new token is valid unless said otherwise: ``API_TOKEN_TTL_DAYS``
    (docs/configuration.md; None: it never expires)."""
    lifetime: timedelta | None = knox_settings.TOKEN_TTL
    return lifetime


def api_token_create(*, token: AuthToken, valid_for: timedelta | None) -> str:
    """Store the new ``token`` (an unsaved :class:`knox.models.AuthToken` whose ``user`` is
    set), valid for ``valid_for`` from now (None: it never expires), and return the token
    itself, to be shown once: only its digest and first characters are stored (as knox's
    own ``AuthToken.objects.create`` does).

    Raises PermissionDenied (Dutch) unless the active scope may manage the user's tokens
    (:func:`token_owners`), ScopeError outside any scope."""
    owner = token.user
    if not token_owners().filter(pk=owner.pk).exists():
        raise PermissionDenied(
            _("U mag geen API-token maken voor %(user)s.") % {"user": owner.get_username()}
        )
    digest, shown_once = get_digest_token()
    token.digest = digest
    token.token_key = shown_once[: CONSTANTS.TOKEN_KEY_LENGTH]
    token.expiry = timezone.now() + valid_for if valid_for is not None else None
    token.save(force_insert=True)
    return shown_once


def api_token_revoke(*, tokens: QuerySet[AuthToken]) -> int:
    """Revoke (delete) those of ``tokens`` the active scope may manage (:func:`api_tokens`);
    a revoked token is refused at once (401). Returns how many were revoked. Raises
    ScopeError outside any scope."""
    deleted, _per_model = api_tokens().filter(pk__in=tokens.values("pk")).delete()
    return deleted
