"""Template context: what the requesting user may do, for navigation."""

from dataclasses import dataclass

from locations.access import NO_ACCESS, Action, Area


@dataclass(frozen=True)
class Pages:
    """Which parts of the navigation the user may use (from the rules, never from role names
    in templates): ``register`` logging registrations somewhere, ``oversee`` the board's
    pages, ``report`` the live progress reports, ``issued`` issued reports, ``budget`` the
    budget pages, ``audit`` the access log, ``privacy`` the privacy requests (export and
    erasure), ``agreement_files`` uploading and downloading agreement files."""

    register: bool
    oversee: bool
    report: bool = False
    issued: bool = False
    budget: bool = False
    audit: bool = False
    privacy: bool = False
    agreement_files: bool = False


def memberships(request) -> dict:
    """Return ``{"roles": set of role codes, "may": Pages, "organisation_name": str}`` for
    the requesting user, from the scope the request already holds (no query; nothing when
    anonymous). ``organisation_name`` is the name of the user's organisation when all their
    memberships are in one, else "" (the header then shows the product's name)."""
    scope = getattr(request, "scope", NO_ACCESS)
    names = {grant.organisation_name for grant in scope.grants}
    return {
        "organisation_name": names.pop() if len(names) == 1 else "",
        "roles": set(scope.roles),
        "may": Pages(
            register=scope.allows(Action.ADD, Area.REGISTRATION),
            oversee=scope.allows(Action.VIEW, Area.OVERSIGHT),
            report=scope.allows(Action.VIEW, Area.REPORT),
            issued=scope.allows(Action.VIEW, Area.ISSUED),
            budget=scope.allows(Action.VIEW, Area.BUDGET),
            audit=scope.allows(Action.VIEW, Area.ACCESS_LOG),
            privacy=scope.allows(Action.VIEW, Area.PRIVACY),
            agreement_files=scope.allows(Action.CHANGE, Area.AGREEMENT),
        ),
    }
