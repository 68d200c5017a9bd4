"""The list of sessions and one session with its participants."""

from __future__ import annotations

from django.views.generic import DetailView
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from locations.access import Area
from locations.access.views import AccessMixin
from registrations.filtersets import SessionFilterSet
from registrations.models.participants import Session
from registrations.selectors import session_participants, sessions_for_user
from registrations.tables import SessionTable


class SessionListView(AccessMixin, SingleTableMixin, FilterView):
    """All sessions in the user's scope, filterable by location, category and date range."""

    access_area = Area.REGISTRATION
    template_name = "registrations/session_list.html"
    table_class = SessionTable
    filterset_class = SessionFilterSet
    table_pagination = {"per_page": 50}  # the table paginates; the list view must not too

    def get_queryset(self):
        return sessions_for_user(user=self.request.user)


class SessionDetailView(AccessMixin, DetailView):
    """One session with its participants (nicknames only for the home location's staff); 404
    outside the user's scope."""

    access_area = Area.REGISTRATION
    template_name = "registrations/session_detail.html"
    context_object_name = "session"

    def get_queryset(self):
        return sessions_for_user(user=self.request.user)

    def get_target(self) -> Session:
        return self.find(self.get_queryset(), pk=self.kwargs["pk"])

    def get_object(self, queryset=None) -> Session:
        return self.target

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["participants"] = session_participants(user=self.request.user, session=self.object)
        return context
