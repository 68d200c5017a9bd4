"""Who may do what: the actions, the areas of records, and the one rules table.

Every question "may this user do this to this record here" is answered from :data:`RULES`
(through :class:`locations.access.scope.Scope`): a role gives a set of actions per area, and
its *reach* says where those actions apply:

- a **coordinator** (teamcoördinator) acts at the locations of their membership;
- the **board** (bestuur) and **admins** (beheerders) act at every location of their
  organisation;
- a **funder** (financier) is tied to a party of the agreements and reaches the locations
  its party finances (the budgets app says which, :func:`locations.access.grants.register_reach`);
  it sees the agreements its party is in, its own financing and the reports issued to its
  party, and never personal data (issue 9, "The funder portal").

A record belongs to one area (``access_area`` on the model, :func:`area_of`). Records that
belong to a location (``location_path`` on the model) are reached through the grant's
locations; organisation-level records (no ``location_path``) are reached by any grant in the
organisation whose role allows the action, except records with an ``owner_path`` (report
files): a grant limited to locations reaches only the user's own ones there. A record with a
``party_path`` (issued reports, financing, an agreement and its indicators) is reached by a
funder's grant only when it concerns the funder's party.

Requests of data subjects (exporting everything about one person, erasing them on request:
:attr:`Area.PRIVACY`, :attr:`Action.ERASE`) are for the board and admins only (issue 10,
"Subject access and erasure").

Sources: README "Roles" (issue 2), DOMAIN.md "Who and what" and "Privacy" (funders never see
personal data), the house issue (issue 8, "Who may see or do what").
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(StrEnum):
    """What a user wants to do with a record."""

    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    #: Download or build a report file.
    EXPORT = "export"
    #: Issue a report to funders (issue 9).
    ISSUE = "issue"
    #: Erase one person's personal details on their request (AVG art. 17; issue 10, "Subject
    #: access and erasure"): not undoable, so not a kind of DELETE the board otherwise lacks.
    ERASE = "erase"
    #: Edit and approve what a coordinator wrote, for the report (narratives, issue 11: "the
    #: coordinator writes ...; the board edits and approves"). The board's editing is part of
    #: approving: it writes nothing else.
    APPROVE = "approve"


class Area(StrEnum):
    """The kind of record an action concerns (each tenant-owned model names one)."""

    #: The organisation (tenant) itself.
    ORGANISATION = "organisation"
    #: Locations (rooms).
    LOCATION = "location"
    #: Memberships: who has which role where.
    MEMBERSHIP = "membership"
    #: Agreements, parties, indicators, targets, reporting deadlines.
    AGREEMENT = "agreement"
    #: Budgets, lines, amounts, volunteer hours and rates, stated figures.
    BUDGET = "budget"
    #: Financing: what each funder commits to each location (a funder sees its own).
    FINANCING = "financing"
    #: Actual spending (expenditures, petty cash).
    SPENDING = "spending"
    #: Registrations and the pseudonymous people in them: participants, sessions,
    #: attendances, jobs, volunteers and every other registration record. Personal data.
    REGISTRATION = "registration"
    #: Progress reports built live, report files built on request, and issuing them.
    REPORT = "report"
    #: Issued reports: the archive of versions issued to an audience (a funder sees the ones
    #: issued to its party).
    ISSUED = "issued"
    #: The board's organisation-wide steering pages (the board page).
    OVERSIGHT = "oversight"
    #: The access log: who viewed, searched or exported personal data (issue 10, "Privacy by
    #: design"). Read by the board and admins, written only by the application, never changed.
    ACCESS_LOG = "access_log"
    #: Requests of data subjects (AVG): exporting everything about one participant or
    #: volunteer and erasing them on request, and the register of erasures (issue 10).
    PRIVACY = "privacy"
    #: Narratives per location and quarter (highlights, a resident's story, points of
    #: attention): written by the location's coordinators, edited and approved by the board
    #: (issue 11, "The board steers on it"). Funders read approved ones only inside the
    #: reports issued to them, never here.
    NARRATIVE = "narrative"


class Role(models.TextChoices):
    """A membership's role (:class:`locations.models.Membership`); what each may do is in
    :data:`RULES`."""

    COORDINATOR = "coordinator", _("teamcoördinator")
    BOARD = "board", _("bestuur")
    FUNDER = "funder", _("financier")
    ADMIN = "admin", _("beheerder")


#: Areas of personal data: their pages do not exist (404, not 403) for a user who may see
#: none of it (funders: "no participant codes, nicknames, session lists, search endpoints or
#: history pages: all answer 404 for them", issue 9).
PRIVATE_AREAS = frozenset({Area.REGISTRATION})

#: Roles whose actions reach every location of their organisation.
ORGANISATION_WIDE = frozenset({Role.BOARD, Role.ADMIN})

# Erasing concerns people, approving narratives: not reports.
_ALL = frozenset(Action) - {Action.ERASE, Action.APPROVE}
_READ = frozenset({Action.VIEW})
_WRITE = frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.DELETE})
#: Requests of data subjects: the board and admins (issue 10, "Subject access and erasure").
_PRIVACY = frozenset({Action.VIEW, Action.EXPORT, Action.ERASE})

#: role -> area -> the actions the role may take there (within its reach).
RULES: dict[Role, dict[Area, frozenset[Action]]] = {
    Role.COORDINATOR: {
        Area.ORGANISATION: _READ,
        Area.LOCATION: _READ,
        Area.AGREEMENT: _READ,
        Area.BUDGET: _READ,
        Area.FINANCING: _READ,
        Area.SPENDING: _READ,
        Area.REGISTRATION: _WRITE,
        Area.REPORT: frozenset({Action.VIEW, Action.EXPORT}),
        Area.NARRATIVE: frozenset({Action.VIEW, Action.ADD, Action.CHANGE}),
    },
    Role.BOARD: {
        Area.ORGANISATION: _READ,
        Area.LOCATION: _READ,
        Area.MEMBERSHIP: _READ,
        Area.AGREEMENT: _READ,
        Area.BUDGET: _READ,
        Area.FINANCING: _READ,
        Area.SPENDING: _READ,
        Area.REGISTRATION: _READ,
        Area.REPORT: frozenset({Action.VIEW, Action.EXPORT, Action.ISSUE}),
        Area.ISSUED: frozenset({Action.VIEW, Action.EXPORT}),
        Area.OVERSIGHT: _READ,
        Area.ACCESS_LOG: _READ,
        Area.PRIVACY: _PRIVACY,
        Area.NARRATIVE: frozenset({Action.VIEW, Action.APPROVE}),
    },
    Role.ADMIN: {
        Area.ORGANISATION: frozenset({Action.VIEW, Action.CHANGE}),
        Area.LOCATION: frozenset({Action.VIEW, Action.ADD, Action.CHANGE}),
        Area.MEMBERSHIP: _WRITE,
        Area.AGREEMENT: _WRITE,
        Area.BUDGET: _WRITE,
        Area.FINANCING: _WRITE,
        Area.SPENDING: _WRITE,
        Area.REGISTRATION: _WRITE,
        Area.REPORT: _ALL,
        Area.ISSUED: frozenset({Action.VIEW, Action.EXPORT}),
        Area.OVERSIGHT: _READ,
        Area.ACCESS_LOG: _READ,
        Area.PRIVACY: _PRIVACY,
        Area.NARRATIVE: frozenset({Action.VIEW, Action.ADD, Action.CHANGE, Action.APPROVE}),
    },
    Role.FUNDER: {
        Area.ORGANISATION: _READ,
        Area.LOCATION: _READ,
        Area.AGREEMENT: _READ,
        Area.FINANCING: _READ,
        Area.ISSUED: frozenset({Action.VIEW, Action.EXPORT}),
    },
}


def allowed(role: str, area: Area, action: Action) -> bool:
    """True when :data:`RULES` give ``role`` the ``action`` in ``area`` (within its reach)."""
    return action in RULES.get(Role(role), {}).get(area, frozenset())


def area_of(model: object) -> Area:
    """The :class:`Area` of a tenant-owned model class or instance (its ``access_area``;
    a historical model takes the area of the model it tracks).

    Raises TypeError for a model that declares no area (not tenant-owned).
    """
    area = getattr(model, "access_area", None)
    if area is None:
        name = getattr(model, "__name__", type(model).__name__)
        raise TypeError(f"{name} declares no access_area: it is not a tenant-owned model")
    return Area(area)


#: Dutch messages of a refused action, per area (PermissionDenied texts users may see).
DENIED = {
    Area.REGISTRATION: _("U mag geen registraties vastleggen."),
    Area.OVERSIGHT: _("Deze pagina is voor het bestuur en beheerders."),
    Area.SPENDING: _("Alleen beheerders voeren uitgaven in."),
    Area.ACCESS_LOG: _("Het toegangslog is voor het bestuur en beheerders."),
    Area.PRIVACY: _("Privacyverzoeken zijn voor het bestuur en beheerders."),
    Area.NARRATIVE: _("U mag hier geen verhaal schrijven of goedkeuren."),
}
#: The same at one location (``%(location)s``: its name).
DENIED_AT = {
    Area.REGISTRATION: _("U mag bij %(location)s geen registraties vastleggen."),
}
DEFAULT_DENIED = _("U heeft hier geen toegang toe.")
