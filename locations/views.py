"""The list of rooms the user may see and one room (the home page, which also lists the
agreements, is :class:`agreements.views.HomeView`)."""

from django.views.generic import DetailView, ListView

from locations.access import Area
from locations.access.views import AccessMixin
from locations.models import Location


class LocationListView(AccessMixin, ListView):
    """All rooms in the user's scope."""

    access_area = Area.LOCATION
    model = Location
    template_name = "locations/location_list.html"

    def get_queryset(self):
        return self.restrict(Location.objects.select_related("organisation"))


class LocationDetailView(AccessMixin, DetailView):
    """One room; 404 outside the user's scope."""

    access_area = Area.LOCATION
    model = Location
    template_name = "locations/location_detail.html"

    def get_target(self) -> Location:
        return self.find(Location.objects.select_related("organisation"), pk=self.kwargs["pk"])

    def get_object(self, queryset=None) -> Location:
        return self.target
