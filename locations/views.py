"""The list of rooms the user may see and one room (the home page, which also lists the
agreements, is :class:`agreements.views.HomeView`)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView

from locations.models import Location


class LocationListView(LoginRequiredMixin, ListView):
    """All rooms in the user's scope."""

    model = Location
    template_name = "locations/location_list.html"

    def get_queryset(self):
        return Location.objects.select_related("organisation")


class LocationDetailView(LoginRequiredMixin, DetailView):
    """One room; 404 outside the user's scope (the default manager is scoped)."""

    model = Location
    template_name = "locations/location_detail.html"
