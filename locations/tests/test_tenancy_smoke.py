from locations.access import activate, build_scope
from locations.models import Location


def test_coordinator_scope_sees_only_own_location(tenants):
    with activate(build_scope(tenants.a.coordinator)):
        assert list(Location.objects.all()) == [tenants.a.location]
    with activate(build_scope(tenants.a.board)):
        assert set(Location.objects.all()) == {tenants.a.location, tenants.a.other_location}
