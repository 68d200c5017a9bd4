"""The scope of one user: their grants, and every access question answered from them.

A :class:`Scope` is built once per request (:func:`locations.access.grants.build_scope`) and
answers, from the one rules table (:mod:`locations.access.rules`):

- :meth:`Scope.restrict`: a queryset limited to the rows the user may act on (view by default);
- :meth:`Scope.can` / :meth:`Scope.check`: may the user take an action in an area at a location
  (or in an organisation);
- :meth:`Scope.can_object` / :meth:`Scope.check_object`: the same for one record;
- :meth:`Scope.allows`: may the user take an action in an area anywhere (for pages);
- :meth:`Scope.whole_organisations`: where the user reaches every location (figures kept
  per organisation);
- :meth:`Scope.sees_details`: may the user see a person's details (their history), i.e.
  registrations at the person's home location (DOMAIN.md, Privacy);
- :meth:`Scope.sees_nickname`: may the user see a person's nickname: staff who log
  registrations at the person's home location (the board sees codes only);
- :meth:`Scope.only`: the same scope limited to some roles (the admin site uses the admin
  role only).

No method reads the database except :meth:`Scope.can_object` (one query) and the querysets
:meth:`Scope.restrict` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Model, Q, QuerySet

from locations.access.rules import (
    DEFAULT_DENIED,
    DENIED,
    DENIED_AT,
    ORGANISATION_WIDE,
    Action,
    Area,
    Role,
    allowed,
    area_of,
)

_NOTHING = Q(pk__in=[])
_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class Grant:
    """One membership as the access layer sees it.

    ``organisation_id``: the organisation; ``role``: a :class:`Role` code; ``location_ids``:
    None when the role reaches every location of the organisation (board, admin), else the
    locations it reaches (a coordinator's; a funder's, empty until the funder portal);
    ``party_id``: the party a funder is tied to (None for other roles);
    ``coordinators_need_two_factor``: the organisation's setting as read with the membership
    (:func:`locations.accounts.policy.two_factor_required` answers from it; not compared);
    ``organisation_name``: the organisation's name as read with the membership (the page
    header shows it; not compared).
    """

    organisation_id: int
    role: str
    location_ids: frozenset[int] | None = None
    party_id: int | None = None
    coordinators_need_two_factor: bool = field(default=False, compare=False)
    organisation_name: str = field(default="", compare=False)

    @property
    def organisation_wide(self) -> bool:
        """True when the grant reaches every location of its organisation."""
        return self.location_ids is None

    def reaches(self, location_id: int | None) -> bool:
        """True when the grant reaches ``location_id`` (None: organisation-level records)."""
        return location_id is None or self.location_ids is None or location_id in self.location_ids


def _is_location(model: Any) -> bool:
    """True for the Location model (its own location, directly in its organisation)."""
    return getattr(model, "location_path", None) == "" and model.tenant_path == "organisation"


def _path(base: str, tail: str) -> str:
    return tail if not base else f"{base}__{tail}"


def _covering(model: Any, location_ids: list[int]) -> Q | None:
    """For a model whose rows may have no location (a budget amount, financing or volunteer
    hours stated for a room group or the region, issue 12): the rows without a location
    that cover only rooms among ``location_ids``, or None for a model without such rows.

    The model declares ``room_group_path`` (lookup to its group, empty: the region),
    ``region_rooms_path`` (lookup to every room of its agreement) and ``group_rooms_path``
    (lookup to the rooms of its group). A region row is selected only when the agreement has
    rooms and every one of them is in ``location_ids``, a group row only when its group has
    rooms and all of them are: fails closed (a group or agreement without rooms, a room not
    in the grant). One subquery per kind, in the same SQL query."""
    group_path = getattr(model, "room_group_path", None)
    region_rooms = getattr(model, "region_rooms_path", None)
    group_rooms = getattr(model, "group_rooms_path", None)
    if not (group_path and region_rooms and group_rooms):
        return None
    location = _path(model.location_path, "id") if model.location_path else "pk"

    def covered(rooms: str) -> QuerySet[Any]:
        return (
            model._base_manager.filter(**{f"{location}__isnull": True})
            .annotate(
                _rooms=Count(rooms, distinct=True),
                _inside=Count(rooms, distinct=True, filter=Q(**{f"{rooms}__in": location_ids})),
            )
            .filter(_rooms__gt=0, _rooms=F("_inside"))
            .values("pk")
        )

    nowhere = Q(**{f"{location}__isnull": True})
    return (nowhere & Q(**{f"{group_path}__isnull": True}) & Q(pk__in=covered(region_rooms))) | (
        nowhere & Q(**{f"{group_path}__isnull": False}) & Q(pk__in=covered(group_rooms))
    )


@dataclass(frozen=True)
class Scope:
    """What one user may see and do.

    ``user_id``: the user (None for the system scope and anonymous visitors); ``grants``:
    one :class:`Grant` per membership; ``unrestricted``: superusers and system code (loaders,
    commands, the demo: :func:`locations.access.state.system_scope`) may do everything.
    """

    user_id: int | None = None
    grants: tuple[Grant, ...] = ()
    unrestricted: bool = False
    _cache: dict[tuple[Any, ...], Any] = field(
        default_factory=dict, compare=False, repr=False, hash=False
    )

    # -- what the scope holds -------------------------------------------------------------

    @property
    def organisation_ids(self) -> frozenset[int]:
        """The organisations of the user's memberships (any role)."""
        return frozenset(grant.organisation_id for grant in self.grants)

    @property
    def roles(self) -> frozenset[str]:
        """The user's role codes in any organisation (every role when unrestricted)."""
        if self.unrestricted:
            return frozenset(Role.values)
        return frozenset(grant.role for grant in self.grants)

    def roles_in(self, organisation_id: int) -> frozenset[str]:
        """The user's role codes in one organisation (every role when unrestricted)."""
        if self.unrestricted:
            return frozenset(Role.values)
        return frozenset(g.role for g in self.grants if g.organisation_id == organisation_id)

    def only(self, *roles: str) -> Scope:
        """This scope limited to the grants of ``roles`` (unrestricted stays unrestricted)."""
        if self.unrestricted:
            return self
        wanted = {str(role) for role in roles}
        return Scope(
            user_id=self.user_id,
            grants=tuple(g for g in self.grants if g.role in wanted),
        )

    # -- questions about one place --------------------------------------------------------

    def _grants_for(self, action: Action, area: Area) -> list[Grant]:
        key = ("grants", action, area)
        if key not in self._cache:
            self._cache[key] = [g for g in self.grants if allowed(g.role, area, action)]
        return self._cache[key]

    def can(
        self,
        action: Action,
        area: Area,
        *,
        organisation_id: int,
        location_id: int | None = None,
    ) -> bool:
        """True when the user may take ``action`` in ``area`` in the organisation, at
        ``location_id`` (None: an organisation-level record, such as an agreement)."""
        if self.unrestricted:
            return True
        return any(
            g.organisation_id == organisation_id and g.reaches(location_id)
            for g in self._grants_for(action, area)
        )

    def can_at(self, action: Action, area: Area, location: Any) -> bool:
        """:meth:`can` at a :class:`~locations.models.Location` instance."""
        return self.can(
            action, area, organisation_id=location.organisation_id, location_id=location.pk
        )

    def check(
        self,
        action: Action,
        area: Area,
        *,
        organisation_id: int,
        location_id: int | None = None,
        message: str | None = None,
    ) -> None:
        """Raise PermissionDenied (``message``, else the area's Dutch text) unless :meth:`can`."""
        if not self.can(action, area, organisation_id=organisation_id, location_id=location_id):
            raise PermissionDenied(message or str(DENIED.get(area, DEFAULT_DENIED)))

    def check_at(
        self, action: Action, area: Area, location: Any, message: str | None = None
    ) -> None:
        """:meth:`check` at a :class:`~locations.models.Location` instance; the default
        message names the location ("U mag bij MultiBron geen registraties vastleggen.")."""
        if message is None and area in DENIED_AT:
            message = str(DENIED_AT[area]) % {"location": location}
        self.check(
            action,
            area,
            organisation_id=location.organisation_id,
            location_id=location.pk,
            message=message,
        )

    def locations(self, action: Action = Action.VIEW, area: Area = Area.LOCATION) -> QuerySet[Any]:
        """The locations where the user may take ``action`` in ``area``, ordered by name
        (a queryset restricted by this scope itself, so usable outside an active scope), e.g.
        where registrations may be logged: ``locations(Action.ADD, Area.REGISTRATION)``."""
        location_model = apps.get_model("locations", "Location")
        queryset = location_model._base_manager.order_by("name", "pk")
        return self.restrict(queryset, action, area)

    def whole_organisations(self, action: Action, area: Area) -> frozenset[int] | None:
        """The organisations where the user may take ``action`` in ``area`` at every location
        (a grant reaching every room: board, admin), None when unrestricted (all of them).
        Figures kept per organisation (distinct over its rooms) are for these users only."""
        if self.unrestricted:
            return None
        return frozenset(
            g.organisation_id for g in self._grants_for(action, area) if g.organisation_wide
        )

    def allows(self, action: Action, area: Area) -> bool:
        """True when the user may take ``action`` in ``area`` somewhere (in some organisation,
        at some location or on organisation-level records): whether a page is for them."""
        return self.unrestricted or bool(self._grants_for(action, area))

    def sees_details(self, *, organisation_id: int, home_location_id: int) -> bool:
        """True when the user may see a participant's or volunteer's details (their history
        page): they see registrations at the person's home location (DOMAIN.md, Privacy).
        Whether the nickname shows there too is :meth:`sees_nickname`."""
        return self.can(
            Action.VIEW,
            Area.REGISTRATION,
            organisation_id=organisation_id,
            location_id=home_location_id,
        )

    def sees_nickname(self, *, organisation_id: int, home_location_id: int) -> bool:
        """True when the user may see a participant's or volunteer's nickname: they are staff
        of the person's home location, i.e. they may log registrations there (its
        coordinators, the organisation's admins; superusers). DOMAIN.md, Privacy: "a nickname
        visible only to that location's staff"; issue 10: the board sees codes, funders see
        nothing. The one rule for every page, export and the admin that shows a nickname."""
        return self.can(
            Action.ADD,
            Area.REGISTRATION,
            organisation_id=organisation_id,
            location_id=home_location_id,
        )

    # -- questions about rows -------------------------------------------------------------

    def q(self, model: Any, action: Action = Action.VIEW, area: Area | None = None) -> Q | None:
        """The filter selecting the rows of ``model`` the user may take ``action`` on
        (None: every row). ``area`` overrides the model's own area, e.g. the locations where
        registrations may be added: ``q(Location, Action.ADD, Area.REGISTRATION)``.

        The model must declare ``tenant_path`` (lookup to its organisation, "" for the
        organisation itself) and may declare ``location_path`` (lookup to its location, ""
        for a location), ``owner_path`` (lookup to the user who owns it) and ``party_path``
        (lookup to the party it concerns: a funder's grant reaches only its party's rows,
        matched in a subquery so that a many-valued path never repeats a row). A row of a
        model with a location but without one (a room group's or the region's budget
        amount, financing or volunteer hours) is reached by a grant limited to some
        locations only when they hold every room the row covers (:func:`_covering`), never
        because its location is empty.
        """
        if self.unrestricted:
            return None
        area = area_of(model) if area is None else Area(area)
        key = ("q", model, action, area)
        if key in self._cache:
            return self._cache[key]
        grants = self._grants_for(action, area)
        tenant = _path(model.tenant_path, "id") if model.tenant_path else "pk"
        location_path = getattr(model, "location_path", None)
        wide = {g.organisation_id for g in grants if g.organisation_wide}
        party_path = getattr(model, "party_path", None)
        limited = [
            g for g in grants if not g.organisation_wide and (g.party_id is None or not party_path)
        ]
        parties = [g for g in grants if not g.organisation_wide and g not in limited]
        parts: list[Q] = []
        if wide:
            parts.append(Q(**{f"{tenant}__in": sorted(wide)}))
        if location_path is None:
            orgs = sorted({g.organisation_id for g in limited} - wide)
            owner_path = getattr(model, "owner_path", None)
            if orgs and owner_path:
                parts.append(Q(**{f"{tenant}__in": orgs, owner_path: self.user_id}))
            elif orgs:
                parts.append(Q(**{f"{tenant}__in": orgs}))
        else:
            location = _path(location_path, "id") if location_path else "pk"
            locations = sorted({pk for g in limited for pk in g.location_ids or ()})
            orgs = sorted({g.organisation_id for g in limited if g.location_ids})
            if locations:
                here = Q(**{f"{location}__in": locations})
                wider = _covering(model, locations)
                if wider is not None:  # rows of a room group or the region: all its rooms
                    here |= wider
                parts.append(Q(**{f"{tenant}__in": orgs}) & here)
        for grant in parties:
            if grant.organisation_id in wide or not party_path:
                continue
            condition = Q(**{tenant: grant.organisation_id}) & Q(
                pk__in=model._base_manager.filter(**{str(party_path): grant.party_id}).values("pk")
            )
            if location_path is not None:
                location = _path(location_path, "id") if location_path else "pk"
                reached = sorted(grant.location_ids or ())
                here = Q(**{f"{location}__in": reached})
                wider = _covering(model, reached) if reached else None
                condition &= here | wider if wider is not None else here
            parts.append(condition)
        result = reduce(or_, parts) if parts else _NOTHING
        self._cache[key] = result
        return result

    def restrict(
        self, queryset: QuerySet[_M], action: Action = Action.VIEW, area: Area | None = None
    ) -> QuerySet[_M]:
        """``queryset`` limited to the rows the user may take ``action`` on (see :meth:`q`).

        A queryset of a model without ``tenant_path`` (not tenant-owned, e.g. users) raises
        TypeError: restricting it means nothing.
        """
        model = queryset.model
        if getattr(model, "tenant_path", None) is None:
            raise TypeError(f"{model.__name__} is not tenant-owned")
        condition = self.q(model, action, area)
        return queryset if condition is None else queryset.filter(condition)

    def can_object(self, action: Action, obj: Model, area: Area | None = None) -> bool:
        """True when the user may take ``action`` on the record ``obj`` (in ``area``, default
        the model's own): the same answer as :meth:`restrict`. A location, and a record
        directly in its organisation without a location or an owner (an agreement, a
        participant), is answered from the grants; any other record with one query."""
        if self.unrestricted:
            return True
        model: Any = type(obj)
        area = area_of(model) if area is None else area
        if _is_location(model):
            org_id = getattr(obj, "organisation_id")  # noqa: B009 (typed Model has none)
            return self.can(action, area, organisation_id=org_id, location_id=obj.pk)
        if (
            model.tenant_path == "organisation"
            and getattr(model, "location_path", None) is None
            and getattr(model, "owner_path", None) is None
            and not (
                getattr(model, "party_path", None)
                and any(g.party_id is not None for g in self._grants_for(action, area))
            )
        ):
            return self.can(action, area, organisation_id=getattr(obj, "organisation_id"))  # noqa: B009
        return self.restrict(model._base_manager.filter(pk=obj.pk), action, area).exists()

    def check_object(
        self, action: Action, obj: Model, area: Area | None = None, message: str | None = None
    ) -> None:
        """Raise PermissionDenied unless :meth:`can_object` (at a location: the message names
        it, see :meth:`check_at`)."""
        if not self.can_object(action, obj, area):
            area = area_of(obj) if area is None else area
            if message is None and _is_location(type(obj)) and area in DENIED_AT:
                message = str(DENIED_AT[area]) % {"location": obj}
            raise PermissionDenied(message or str(DENIED.get(area, DEFAULT_DENIED)))


#: Anonymous visitors and inactive users: nothing.
NO_ACCESS = Scope()
#: System code (loaders, commands, the demo, retention): everything, explicitly.
SYSTEM = Scope(unrestricted=True)
#: Roles whose grants reach a whole organisation (re-exported for callers).
__all__ = ["Grant", "NO_ACCESS", "ORGANISATION_WIDE", "SYSTEM", "Scope"]
