"""Scope.whole_organisations: where a user reaches every location (the organisations whose
own figures, distinct over their rooms, the counting may use for them)."""

from locations.access import Action, Area, build_scope
from locations.access.scope import SYSTEM


def test_board_and_admin_reach_every_room_coordinators_and_funders_do_not(tenants):
    a, b = tenants.a, tenants.b
    view = (Action.VIEW, Area.REGISTRATION)
    assert build_scope(a.board).whole_organisations(*view) == {a.organisation.pk}
    assert build_scope(b.admin).whole_organisations(*view) == {b.organisation.pk}
    # A coordinator reaches their own room only; a funder sees no registrations.
    assert build_scope(a.coordinator).whole_organisations(*view) == frozenset()
    assert build_scope(a.funder).whole_organisations(*view) == frozenset()
    # The board may not add registrations anywhere.
    assert build_scope(a.board).whole_organisations(Action.ADD, Area.REGISTRATION) == frozenset()
    assert SYSTEM.whole_organisations(*view) is None
