"""The progress page's filters: period, locations and sections, limited to what the user sees."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agreements.choices import Section
from agreements.models import Agreement, Indicator
from locations.models import Location
from locations.periods import Period


class ProgressFilterForm(forms.Form):
    """Base form of :class:`ProgressFilterSet`: adds the period (a part of the year, or the
    year)."""

    period = forms.ChoiceField(
        label=_("Periode"),
        required=False,
        help_text=_("Kies het kwartaal of het jaar. Cijfers tellen vanaf 1 januari."),
    )


class ProgressFilterSet(django_filters.FilterSet):
    """Location and section filters over an agreement's indicators, plus the period.

    The location choices are the agreement's locations in the active scope; the period
    choices the agreement's reporting periods (``periods`` when the caller has read them
    already, else ``Agreement.reporting_periods``): its quarters, four-month periods or half
    years and the full year ("2019-Q1" ... "2019"; issue 12).
    The view passes the cleaned values to ``reports.selectors.progress_report``.
    """

    location = django_filters.ModelMultipleChoiceFilter(
        label=_("Buurtwerkkamer"),
        help_text=_("Zet een vinkje bij de buurtwerkkamers die u wilt zien. Geen vinkje: alle."),
        field_name="targets__location",
        to_field_name="code",
        queryset=Location.objects.none(),
        distinct=True,
        widget=forms.CheckboxSelectMultiple,
    )
    section = django_filters.MultipleChoiceFilter(
        label=_("Onderdeel"),
        help_text=_("Bijvoorbeeld alleen OUTPUT. Geen vinkje: alle onderdelen."),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = ["location", "section"]
        form = ProgressFilterForm

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        agreement: Agreement,
        periods: list[Period] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, queryset=Indicator.objects.filter(agreement=agreement), **kwargs)
        self.filters["location"].queryset = Location.objects.filter(agreements=agreement).order_by(
            "name"
        )
        self.form.fields["period"].choices = [
            (period.code, period.label)
            for period in (agreement.reporting_periods() if periods is None else periods)
        ]
