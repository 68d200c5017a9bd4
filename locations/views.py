"""The list of rooms the user may see and one room (the home page, which also lists the
agreements, is :class:`agreements.views.HomeView`), and the access log for the board."""

from django.views.generic import DetailView, ListView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from locations.access import Area
from locations.access.views import AccessMixin
from locations.audit import AccessLogEntry
from locations.filtersets import AccessLogFilterSet
from locations.models import Location
from locations.tables import AccessLogTable


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


class AccessLogView(AccessMixin, SingleTableMixin, FilterView):
    """The access log (Toegangslog) for the board and admins of the organisation: who viewed,
    searched or exported personal data, when, filtered by date range, user, kind and subject
    (:class:`locations.filtersets.AccessLogFilterSet`), 100 a page. 403 for coordinators and
    funders."""

    access_area = Area.ACCESS_LOG
    template_name = "locations/access_log.html"
    table_class = AccessLogTable
    filterset_class = AccessLogFilterSet
    table_pagination = {"per_page": 100}

    def get_queryset(self):
        return self.restrict(AccessLogEntry.objects.select_related("user", "organisation"))
