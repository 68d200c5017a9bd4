"""Forms of the reports app: issuing a report to an audience."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from agreements.models import Agreement, Party
from locations.access.forms import ScopedFormMixin
from locations.periods import parse_period
from reports.issuing import audience_parties
from reports.models import Audience


class IssueForm(ScopedFormMixin, forms.Form):
    """What to issue: a period of the agreement's year, the audience, its party (a funder of
    the agreement; none for the board) and, for a housing corporation, whether to leave out
    the indicators not marked for housing corporations."""

    period = forms.ChoiceField(label=gettext_lazy("Periode"))
    audience = forms.ChoiceField(
        label=gettext_lazy("Voor"),
        help_text=gettext_lazy("Voor wie is de rapportage? Bijvoorbeeld de gemeente."),
        choices=Audience.choices,
    )
    party = forms.ModelChoiceField(
        label=gettext_lazy("Partij"),
        help_text=gettext_lazy("Kies de financier. Leeg voor het bestuur."),
        queryset=Party.objects.none(),
        required=False,
        empty_label=gettext_lazy("— geen (bestuur) —"),
    )
    housing_only = forms.BooleanField(
        label=gettext_lazy("Alleen de prestaties voor woningcorporaties"), required=False
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        assert isinstance(period, forms.ChoiceField)
        period.choices = [(p.code, p.label) for p in agreement.reporting_periods()]
        party = self.fields["party"]
        assert isinstance(party, forms.ModelChoiceField)
        funders = [row.party_id for row in audience_parties(agreement)]
        party.queryset = Party.objects.filter(pk__in=funders).order_by("name")

    def clean_period(self) -> Any:
        return parse_period(self.cleaned_data["period"])
