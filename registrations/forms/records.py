"""Forms of the coordinator's records page (dossier) of one location.

The longer-lived records that used to be entered in the Django admin only: key holders,
volunteer groups, members of the residents' association, partner agreements, survey rounds
with their results, and results entered from outside (interviews, Controle) (issue 3, models
at the bottom of :mod:`registrations.models`).

Every form works on one location (from the URL, never from the form), keeps what was entered
when it is shown again with errors and says in plain Dutch what is wrong. A form is built with
``user`` and ``location``; :meth:`RecordForm.save` calls the kind's service
(:mod:`registrations.services.volunteers`, :mod:`registrations.services.records`,
:mod:`registrations.services.surveys`) and returns the record, or returns ``None`` after
adding the service's errors to the form. The checks are the services' rules
(:mod:`registrations.services.rules`); the service checks the access rules and the same rules
again.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.models import Location
from registrations.forms.common import ContactCheckMixin, ServiceFormMixin, date_field
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.volunteers import KeyHolding, Volunteer, VolunteerGroup
from registrations.services.records import (
    association_member_register,
    entered_result_register,
    partner_agreement_register,
)
from registrations.services.rules import (
    end_errors,
    entered_period_errors,
    entered_taken_errors,
    entered_value_errors,
    member_code_errors,
    paying_errors,
    period_errors,
)
from registrations.services.volunteers import key_holding_register, volunteer_group_register


class RecordForm(ContactCheckMixin, ServiceFormMixin, forms.Form):
    """Base of the records-page add forms; see the module docstring."""

    kind = ""

    def __init__(self, data=None, *, user, location: Location):
        self.user, self.location = user, location
        super().__init__(data, prefix=self.kind)

    def check_period(self, start: str, end: str) -> None:
        """Add a Dutch error to ``end`` when it lies before ``start`` (both field names)."""
        for error in period_errors(self.cleaned_data.get(start), self.cleaned_data.get(end)):
            self.add_error(end, error)


class KeyHoldingForm(RecordForm):
    """A volunteer (by code, of the location's organisation) who holds a key of the room."""

    kind = "keyholding"
    volunteer = forms.CharField(
        label=gettext_lazy("Vrijwilligerscode"),
        help_text=gettext_lazy(
            "De code van de vrijwilliger, bijvoorbeeld V-CJM-012. Kies uit de lijst."
        ),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "volunteer-codes"}),
        error_messages={"required": gettext_lazy("Vul de code van de vrijwilliger in.")},
    )
    started_on = date_field(
        gettext_lazy("Sleutel sinds"),
        help_text=gettext_lazy(
            "Sinds wanneer heeft de vrijwilliger een sleutel? Bijvoorbeeld 01-03-2019."
        ),
    )
    ended_on = date_field(
        gettext_lazy("Sleutel ingeleverd op (optioneel)"),
        help_text=gettext_lazy("Leeg laten zolang de vrijwilliger de sleutel nog heeft."),
        required=False,
    )

    def clean_volunteer(self) -> Volunteer:
        code = self.cleaned_data["volunteer"].strip()
        volunteer = Volunteer.objects.filter(
            organisation_id=self.location.organisation_id, code__iexact=code
        ).first()
        if volunteer is None:
            raise ValidationError(
                _(
                    "Vrijwilliger %(code)s niet gevonden. Controleer de code, of registreer de "
                    "vrijwilliger eerst bij de vrijwilligersuren op het dagoverzicht."
                )
                % {"code": code}
            )
        return volunteer

    def clean(self):
        cleaned = super().clean()
        self.check_period("started_on", "ended_on")
        return cleaned

    def save_with_service(self, data: dict) -> KeyHolding:
        return key_holding_register(
            user=self.user,
            location=self.location,
            volunteer=data["volunteer"],
            started_on=data["started_on"],
            ended_on=data["ended_on"],
        )


class VolunteerGroupForm(RecordForm):
    """A named volunteer group (klussendienst, tuingroep, ...) of the location."""

    kind = "group"
    name = forms.CharField(
        label=gettext_lazy("Naam van de groep"),
        help_text=gettext_lazy("Bijvoorbeeld klussendienst of tuingroep."),
        max_length=100,
        error_messages={"required": gettext_lazy("Vul de naam van de groep in.")},
    )
    active_from = date_field(
        gettext_lazy("Actief vanaf"),
        help_text=gettext_lazy("Sinds wanneer doet de groep mee? Bijvoorbeeld 01-04-2019."),
    )
    active_to = date_field(
        gettext_lazy("Actief tot en met (optioneel)"),
        help_text=gettext_lazy("Leeg laten zolang de groep bestaat."),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        self.check_period("active_from", "active_to")
        return cleaned

    def save_with_service(self, data: dict) -> VolunteerGroup:
        return volunteer_group_register(
            user=self.user,
            location=self.location,
            name=data["name"],
            active_from=data["active_from"],
            active_to=data["active_to"],
        )


class AssociationMemberForm(RecordForm):
    """A member of the residents' association, by its own member number.

    Paying: ``paying_from`` up to and including ``paying_to``; a paying end needs a start.
    """

    kind = "member"
    member_code = forms.CharField(
        label=gettext_lazy("Lidnummer"),
        help_text=gettext_lazy(
            "Het nummer van het lid in de ledenlijst van de bewonersvereniging, bijvoorbeeld L-017."
        ),
        max_length=40,
        error_messages={"required": gettext_lazy("Vul het lidnummer in.")},
    )
    registered_on = date_field(
        gettext_lazy("Ingeschreven op"),
        help_text=gettext_lazy("De dag waarop het lid zich inschreef, bijvoorbeeld 15-01-2019."),
    )
    deregistered_on = date_field(
        gettext_lazy("Uitgeschreven op (optioneel)"),
        help_text=gettext_lazy("Leeg laten zolang de persoon lid is."),
        required=False,
    )
    paying_from = date_field(
        gettext_lazy("Betalend vanaf (optioneel)"),
        help_text=gettext_lazy(
            "Sinds wanneer betaalt het lid contributie? Leeg als het lid niet betaalt."
        ),
        required=False,
    )
    paying_to = date_field(
        gettext_lazy("Betalend tot en met (optioneel)"),
        help_text=gettext_lazy("Leeg laten zolang het lid betaalt."),
        required=False,
    )

    def clean_member_code(self) -> str:
        code = self.cleaned_data["member_code"].strip()
        errors = member_code_errors(self.location, code)
        if errors:
            raise ValidationError(errors)
        return code

    def clean(self):
        cleaned = super().clean()
        self.check_period("registered_on", "deregistered_on")
        self.check_period("paying_from", "paying_to")
        for error in paying_errors(cleaned.get("paying_from"), cleaned.get("paying_to")):
            self.add_error("paying_from", error)
        return cleaned

    def save_with_service(self, data: dict) -> AssociationMember:
        fields = ("member_code", "registered_on", "deregistered_on", "paying_from", "paying_to")
        return association_member_register(
            user=self.user, location=self.location, **{name: data[name] for name in fields}
        )


class PartnerAgreementForm(RecordForm):
    """A partner organisation the room works with under an agreement."""

    kind = "partner"
    partner_name = forms.CharField(
        label=gettext_lazy("Partnerorganisatie"),
        help_text=gettext_lazy("De naam van de organisatie, bijvoorbeeld Buurtteam Holendrecht."),
        max_length=150,
        error_messages={"required": gettext_lazy("Vul de naam van de partner in.")},
    )
    agreed_on = date_field(
        gettext_lazy("Datum afspraak"),
        help_text=gettext_lazy("De dag waarop u de afspraak maakte, bijvoorbeeld 01-02-2019."),
    )
    ended_on = date_field(
        gettext_lazy("Beëindigd op (optioneel)"),
        help_text=gettext_lazy("Leeg laten zolang de afspraak loopt."),
        required=False,
    )
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        help_text=gettext_lazy("Kort, in een paar woorden. Schrijf geen namen van bewoners."),
        required=False,
        max_length=200,
    )

    def clean(self):
        cleaned = super().clean()
        self.check_period("agreed_on", "ended_on")
        return cleaned

    def save_with_service(self, data: dict) -> PartnerAgreement:
        fields = ("partner_name", "agreed_on", "ended_on", "note")
        return partner_agreement_register(
            user=self.user, location=self.location, **{name: data[name] for name in fields}
        )


class EnteredResultForm(RecordForm):
    """A realised figure from outside the registrations (interview estimate or Controle).

    ``value`` (the indicator's unit) or ``positive`` (outcome of a check) is required, and
    always an ``explanation`` and a ``source`` (accountability; EnteredResult docstring).
    """

    kind = "entered"
    indicator_code = forms.SlugField(
        label=gettext_lazy("Prestatie"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "indicator-codes"}),
        help_text=gettext_lazy(
            "Kies de prestatie uit de lijst. Typ een deel van de naam, bijvoorbeeld "
            "huurachterstand."
        ),
        error_messages={
            "required": gettext_lazy("Kies de prestatie uit de lijst."),
            "invalid": gettext_lazy(
                "Deze prestatie kennen we niet. Kies de prestatie uit de lijst."
            ),
        },
    )
    period = forms.CharField(
        label=gettext_lazy("Periode"),
        max_length=7,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "period-codes"}),
        help_text=gettext_lazy(
            "Over welk kwartaal of jaar gaat het? Kies uit de lijst, bijvoorbeeld het 3e "
            "kwartaal van 2020."
        ),
        error_messages={"required": gettext_lazy("Kies de periode uit de lijst.")},
    )
    value = forms.DecimalField(
        label=gettext_lazy("Waarde (optioneel)"),
        help_text=gettext_lazy(
            "Het cijfer uit de gesprekken, bijvoorbeeld 3,5. Of kies "
            "hieronder de uitkomst van de controle."
        ),
        required=False,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": gettext_lazy("Vul een getal in, bijvoorbeeld 3,5."),
            "max_decimal_places": gettext_lazy("Gebruik hooguit twee decimalen."),
        },
    )
    positive = forms.TypedChoiceField(
        label=gettext_lazy("Uitkomst controle (optioneel)"),
        help_text=gettext_lazy("Alleen voor een controle: was de uitkomst positief of negatief?"),
        required=False,
        choices=[
            ("", gettext_lazy("— geen —")),
            ("yes", gettext_lazy("positief")),
            ("no", gettext_lazy("negatief")),
        ],
        coerce=lambda raw: raw == "yes",
        empty_value=None,
    )
    explanation = forms.CharField(
        label=gettext_lazy("Toelichting"),
        help_text=gettext_lazy("Kort, in een paar woorden. Schrijf geen namen van bewoners."),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Vul een toelichting in.")},
    )
    source = forms.CharField(
        label=gettext_lazy("Bron"),
        help_text=gettext_lazy(
            "Waar komt het cijfer vandaan? Bijvoorbeeld: interviews met bewoners, maart 2020."
        ),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. interviews 2020")}),
        error_messages={"required": gettext_lazy("Vul de bron in.")},
    )

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip().upper()
        errors = entered_period_errors(period)
        if errors:
            raise ValidationError(errors)
        return period

    def clean(self):
        cleaned = super().clean()
        if "value" not in self.errors:
            for error in entered_value_errors(cleaned.get("value"), cleaned.get("positive")):
                self.add_error("value", error)
        code, period = cleaned.get("indicator_code"), cleaned.get("period")
        if code and period:
            for error in entered_taken_errors(self.location, code, period):
                self.add_error("period", error)
        return cleaned

    def save_with_service(self, data: dict) -> EnteredResult:
        fields = ("indicator_code", "period", "value", "positive", "explanation", "source")
        return entered_result_register(
            user=self.user, location=self.location, **{name: data[name] for name in fields}
        )


class EndForm(forms.Form):
    """End a record that has an end date (key holding, group, member, partner agreement).

    ``start`` is the record's start date: the end date may not lie before it.
    """

    ended_on = date_field(
        gettext_lazy("Einddatum"),
        help_text=gettext_lazy("De laatste dag, bijvoorbeeld vandaag. Niet vóór de begindatum."),
    )

    def __init__(self, data=None, *, start: datetime.date, prefix: str):
        self.start = start
        super().__init__(data, prefix=prefix, initial={"ended_on": timezone.localdate()})

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        errors = end_errors(self.start, ended_on)
        if errors:
            raise ValidationError(errors)
        return ended_on
