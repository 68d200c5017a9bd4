"""Home page and the list of rooms the user may see."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, ListView, TemplateView

from agreements.models import Agreement
from locations.access import Area
from locations.access.views import AccessMixin
from locations.models import Location


class HomeView(LoginRequiredMixin, TemplateView):
    """Start page: the user's rooms and agreements, with links to logging and reports."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locations"] = Location.objects.select_related("organisation")
        context["agreements"] = Agreement.objects.select_related("organisation")
        return context


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
