"""The privacy statement (issue 10, "Privacy by design": "what is stored, why, how long, who
sees it"), input for the organisation's DPIA and processing register.

Public, no login: the people it is about (residents and volunteers) have no account, and the
AVG (art. 12-14) asks that they can read it; it shows nothing of any organisation, only how
the product works. What it says is generated where the code decides it, so it stays true:

- what is stored and what is removed: the table of personal fields
  (:data:`registrations.privacy.personal.PERSONAL_FIELDS`, :data:`~registrations.privacy.
  personal.KEPT_FIELDS`) with the models' own field names;
- how long: ``settings.BWK_RETENTION_MONTHS``;
- who sees what: the rules table (:data:`locations.access.RULES`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from locations.access import RULES, Action, Area, Role
from registrations.privacy.personal import KEPT_FIELDS, PERSONAL_FIELDS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Dutch names of the areas of the rules table (tests/test_privacy_page.py: every area).
AREA_LABELS: dict[Area, StrOrPromise] = {
    Area.ORGANISATION: _("de organisatie"),
    Area.LOCATION: _("buurtwerkkamers"),
    Area.MEMBERSHIP: _("gebruikers en hun rollen"),
    Area.AGREEMENT: _("samenwerkingsafspraken, prestaties en streefcijfers"),
    Area.BUDGET: _("begrotingen"),
    Area.FINANCING: _("financiering per financier"),
    Area.SPENDING: _("uitgaven"),
    Area.REGISTRATION: _(
        "registraties: deelnemers, vrijwilligers en alles wat over hen is vastgelegd "
        "(persoonsgegevens)"
    ),
    Area.REPORT: _("voortgangsrapportages (alleen aantallen)"),
    Area.ISSUED: _("uitgegeven rapportages (alleen aantallen)"),
    Area.OVERSIGHT: _("bestuurspagina's"),
    Area.PRIVACY: _("privacyverzoeken: inzage en verwijdering, het register van verwijderingen"),
    Area.ACCESS_LOG: _("het toegangslog: wie persoonsgegevens bekeek, zocht of exporteerde"),
    Area.NARRATIVE: _(
        "verhalen per buurtwerkkamer en kwartaal (zonder persoonsgegevens van bewoners)"
    ),
}

#: Dutch names of the actions (every action).
ACTION_LABELS: dict[Action, StrOrPromise] = {
    Action.VIEW: _("inzien"),
    Action.ADD: _("toevoegen"),
    Action.CHANGE: _("wijzigen"),
    Action.DELETE: _("verwijderen"),
    Action.EXPORT: _("downloaden"),
    Action.ISSUE: _("uitgeven"),
    Action.ERASE: _("persoonsgegevens wissen"),
    Action.APPROVE: _("bewerken en goedkeuren"),
}

#: Where each role reaches (README "Roles").
REACH: dict[Role, StrOrPromise] = {
    Role.COORDINATOR: _("bij de eigen buurtwerkkamers (één of meer)"),
    Role.BOARD: _("bij alle buurtwerkkamers van de organisatie"),
    Role.ADMIN: _("bij alle buurtwerkkamers van de organisatie"),
    Role.FUNDER: _(
        "alleen wat de eigen partij aangaat: de afspraken, de eigen financiering en de "
        "rapportages die aan hem zijn uitgegeven; nooit persoonsgegevens"
    ),
}


def who_sees_what() -> list[dict[str, Any]]:
    """Per role (in :class:`Role` order): its Dutch name, its reach and per area (in
    :class:`Area` order) the Dutch names of the actions :data:`RULES` give it."""
    return [
        {
            "role": role.label,
            "reach": REACH[role],
            "areas": [
                {
                    "area": AREA_LABELS[area],
                    "actions": [ACTION_LABELS[a] for a in Action if a in RULES[role][area]],
                }
                for area in Area
                if RULES[role].get(area)
            ],
        }
        for role in Role
    ]


def what_is_stored() -> list[dict[str, Any]]:
    """Per kind of record about a person (participants first, then volunteers; each model
    once): its Dutch name, the personal fields removed after the retention period or on
    request, and the text fields kept with the reason."""
    removed: dict[Any, list[str]] = {}
    for links in PERSONAL_FIELDS.values():
        for linked in links:
            removed.setdefault(linked.model, [])
            removed[linked.model] += [f for f in linked.fields if f not in removed[linked.model]]
    lines = []
    for model, fields in removed.items():
        meta = model._meta
        lines.append(
            {
                "name": meta.verbose_name_plural,
                "removed": [meta.get_field(name).verbose_name for name in fields],
                "kept": [
                    (meta.get_field(name).verbose_name, reason)
                    for (kept_model, name), reason in KEPT_FIELDS.items()
                    if kept_model is model
                ],
            }
        )
    return lines


class PrivacyView(TemplateView):
    """The privacy statement (GET only; public)."""

    template_name = "privacy.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            retention_months=settings.BWK_RETENTION_MONTHS,
            who_sees_what=who_sees_what(),
            stored=what_is_stored(),
        )
        return context
