"""Filters of the session list: location, category and a date range, limited to the scope."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.choices import Category
from locations.models import Location
from registrations.models.participants import Session


def _scoped_locations(request):
    """Locations offered in the filter: the scoped default manager (active request scope)."""
    return Location.objects.all()


class SessionFilterSet(django_filters.FilterSet):
    """Filter sessions by location, category and date range (``date_from``/``date_to``)."""

    location = django_filters.ModelChoiceFilter(
        label=_("Buurtwerkkamer"), queryset=_scoped_locations, empty_label=_("Alle")
    )
    category = django_filters.ChoiceFilter(
        label=_("Soort activiteit"), choices=Category.choices, empty_label=_("Alle")
    )
    date_from = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label=_("Vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label=_("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Session
        fields = ["location", "category", "date_from", "date_to"]
