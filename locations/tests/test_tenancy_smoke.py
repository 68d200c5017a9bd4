from locations.models import Location
from locations.tenancy import activate, build_scope


def test_coordinator_scope_sees_only_own_location(tenants):
    with activate(build_scope(tenants.a.coordinator)):
        assert list(Location.objects.all()) == [tenants.a.location]
    with activate(build_scope(tenants.a.board)):
        assert set(Location.objects.all()) == {tenants.a.location, tenants.a.other_location}
