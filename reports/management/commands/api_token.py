"""``manage.py api_token``: create, revoke and list API tokens (docs/api.md)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from knox.models import AuthToken

from locations.access import system_scope
from locations.formatting import format_date
from reports.api.tokens import api_token_create, api_token_revoke, api_tokens, default_lifetime


class Command(BaseCommand):
    help = (
        "API-tokens: 'create GEBRUIKER [--days N]' maakt er een en toont het één keer, "
        "'revoke GEBRUIKER [--key BEGIN]' trekt ze in, 'list [GEBRUIKER]' toont ze (nooit het "
        "token zelf)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="maak een token voor een gebruiker")
        create.add_argument("username")
        create.add_argument(
            "--days",
            type=int,
            help="dagen geldig (0: verloopt nooit; standaard API_TOKEN_TTL_DAYS)",
        )
        revoke = actions.add_parser("revoke", help="trek de tokens van een gebruiker in")
        revoke.add_argument("username")
        revoke.add_argument("--key", help="alleen het token dat zo begint (zie 'list')")
        listing = actions.add_parser("list", help="toon de tokens (begin, gebruiker, geldig tot)")
        listing.add_argument("username", nargs="?")

    @system_scope()  # a command is system code: the operator manages every user's tokens
    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "create":
            self._create(options["username"], options["days"])
        elif options["action"] == "revoke":
            self._revoke(options["username"], options["key"])
        else:
            self._list(options["username"])

    def _user(self, username: str) -> Any:
        try:
            return get_user_model().objects.get_by_natural_key(username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(_("Onbekende gebruiker: %(user)s") % {"user": username}) from error

    def _create(self, username: str, days: int | None) -> None:
        if days is not None and days < 0:
            raise CommandError(_("--days is 0 (verloopt nooit) of meer."))
        lifetime = default_lifetime() if days is None else (timedelta(days=days) or None)
        token = AuthToken(user=self._user(username))
        try:
            shown_once = api_token_create(token=token, valid_for=lifetime)
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        until = (
            format_date(timezone.localdate(token.expiry)) if token.expiry else _("verloopt nooit")
        )
        self.stderr.write(
            _("API-token voor %(user)s (%(until)s), alleen nu getoond:")
            % {"user": username, "until": until}
        )
        self.stdout.write(shown_once)

    def _revoke(self, username: str, key: str | None) -> None:
        tokens = AuthToken.objects.filter(user=self._user(username))
        if key:
            tokens = tokens.filter(token_key__startswith=key)
        count = api_token_revoke(tokens=tokens)
        self.stdout.write(_("%(count)d token(s) ingetrokken.") % {"count": count})

    def _list(self, username: str | None) -> None:
        tokens = api_tokens()
        if username:
            tokens = tokens.filter(user=self._user(username))
        for token in tokens:
            until = format_date(timezone.localdate(token.expiry)) if token.expiry else "-"
            self.stdout.write(f"{token.token_key}\t{token.user.get_username()}\t{until}")
