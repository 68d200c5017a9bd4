"""Forms of the coordinator's records page (dossier) of one location.

The longer-lived records that used to be entered in the Django admin only: key holders,
volunteer groups, members of the residents' association, partner agreements, survey rounds
with their results, and results entered from outside (interviews, Controle) (issue 3, models
at the bottom of :mod:`registrations.models`).

Every form works on one location (from the URL, never from the form), keeps what was entered
when it is shown again with errors and says in plain Dutch what is wrong. A form is built with
``user`` and ``location``; :meth:`RecordForm.save` stores the record with ``location`` and
``created_by`` set and returns it, or returns ``None`` after adding the model's validation
errors to the form. Writing checks the access rules again (:mod:`locations.access`).
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from locations.access import Action, Area, build_scope, user_scoped
from locations.models import Location
from locations.periods import is_period_code
from registrations.forms.fields import date_field
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.volunteers import KeyHolding, Volunteer, VolunteerGroup


@user_scoped
def store(*, user, location: Location, record: models.Model) -> models.Model:
    """Save a new ``record`` at ``location`` with ``created_by=user``; return it.

    Checks that ``user`` may write at ``location`` (PermissionDenied otherwise) and runs the
    model's validation (ValidationError with Dutch messages, keyed by field).
    """
    build_scope(user).check_at(Action.ADD, Area.REGISTRATION, location)
    record.location = location
    record.created_by = user
    record.full_clean(exclude=["created_by"])
    with transaction.atomic():
        record.save()
    return record


def end_before_start(start: datetime.date | None, end: datetime.date | None) -> bool:
    """True when both dates are known and ``end`` lies before ``start``."""
    return start is not None and end is not None and end < start


class RecordForm(forms.Form):
    """Base of the records-page add forms; see the module docstring."""

    kind = ""
    model: type[models.Model]

    def __init__(self, data=None, *, user, location: Location):
        self.user, self.location = user, location
        super().__init__(data, prefix=self.kind)

    def check_period(self, start: str, end: str) -> None:
        """Add a Dutch error to ``end`` when it lies before ``start`` (both field names)."""
        if end_before_start(self.cleaned_data.get(start), self.cleaned_data.get(end)):
            self.add_error(end, _("De einddatum ligt vóór de begindatum."))

    def build(self, data: dict) -> models.Model:
        """The unsaved record from the cleaned data."""
        return self.model(**{name: data[name] for name in self.fields})

    def save(self) -> models.Model | None:
        """Store the record; return it, or None with the model's errors added to the form."""
        try:
            return self.save_record(self.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, messages)
            else:
                self.add_error(None, error.messages)
            return None

    def save_record(self, data: dict) -> models.Model:
        return store(user=self.user, location=self.location, record=self.build(data))


class KeyHoldingForm(RecordForm):
    """A volunteer (by code, of the location's organisation) who holds a key of the room."""

    kind = "keyholding"
    model = KeyHolding
    volunteer = forms.CharField(
        label=gettext_lazy("Vrijwilligerscode"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "volunteer-codes"}),
        error_messages={"required": gettext_lazy("Vul de code van de vrijwilliger in.")},
    )
    started_on = date_field(gettext_lazy("Sleutel sinds"))
    ended_on = date_field(gettext_lazy("Sleutel ingeleverd op (optioneel)"), required=False)

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


class VolunteerGroupForm(RecordForm):
    """A named volunteer group (klussendienst, tuingroep, ...) of the location."""

    kind = "group"
    model = VolunteerGroup
    name = forms.CharField(
        label=gettext_lazy("Naam van de groep"),
        max_length=100,
        error_messages={"required": gettext_lazy("Vul de naam van de groep in.")},
    )
    active_from = date_field(gettext_lazy("Actief vanaf"))
    active_to = date_field(gettext_lazy("Actief tot en met (optioneel)"), required=False)

    def clean(self):
        cleaned = super().clean()
        self.check_period("active_from", "active_to")
        return cleaned


class AssociationMemberForm(RecordForm):
    """A member of the residents' association, by its own member number.

    Paying: ``paying_from`` up to and including ``paying_to``; a paying end needs a start.
    """

    kind = "member"
    model = AssociationMember
    member_code = forms.CharField(
        label=gettext_lazy("Lidnummer"),
        max_length=40,
        error_messages={"required": gettext_lazy("Vul het lidnummer in.")},
    )
    registered_on = date_field(gettext_lazy("Ingeschreven op"))
    deregistered_on = date_field(gettext_lazy("Uitgeschreven op (optioneel)"), required=False)
    paying_from = date_field(gettext_lazy("Betalend vanaf (optioneel)"), required=False)
    paying_to = date_field(gettext_lazy("Betalend tot en met (optioneel)"), required=False)

    def clean_member_code(self) -> str:
        code = self.cleaned_data["member_code"].strip()
        if AssociationMember.objects.filter(
            location=self.location, member_code__iexact=code
        ).exists():
            raise ValidationError(
                _("Lidnummer %(code)s bestaat al bij deze buurtwerkkamer.") % {"code": code}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        self.check_period("registered_on", "deregistered_on")
        self.check_period("paying_from", "paying_to")
        if cleaned.get("paying_to") and not cleaned.get("paying_from"):
            self.add_error("paying_from", _("Vul in vanaf wanneer het lid betaalt."))
        return cleaned


class PartnerAgreementForm(RecordForm):
    """A partner organisation the room works with under an agreement."""

    kind = "partner"
    model = PartnerAgreement
    partner_name = forms.CharField(
        label=gettext_lazy("Partnerorganisatie"),
        max_length=150,
        error_messages={"required": gettext_lazy("Vul de naam van de partner in.")},
    )
    agreed_on = date_field(gettext_lazy("Datum afspraak"))
    ended_on = date_field(gettext_lazy("Beëindigd op (optioneel)"), required=False)
    note = forms.CharField(label=gettext_lazy("Toelichting"), required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        self.check_period("agreed_on", "ended_on")
        return cleaned


class EnteredResultForm(RecordForm):
    """A realised figure from outside the registrations (interview estimate or Controle).

    ``value`` (the indicator's unit) or ``positive`` (outcome of a check) is required, and
    always an ``explanation`` and a ``source`` (accountability; EnteredResult docstring).
    """

    kind = "entered"
    model = EnteredResult
    indicator_code = forms.SlugField(
        label=gettext_lazy("Prestatie (code)"),
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "indicator-codes"}),
        error_messages={
            "required": gettext_lazy("Vul de code van de prestatie in."),
            "invalid": gettext_lazy(
                "Een code bestaat uit letters, cijfers, - en _ (geen spaties)."
            ),
        },
    )
    period = forms.CharField(
        label=gettext_lazy("Periode"),
        max_length=7,
        help_text=gettext_lazy("Een jaar (2020) of een kwartaal (2020-Q3)."),
        error_messages={"required": gettext_lazy("Vul de periode in, bijvoorbeeld 2020-Q3.")},
    )
    value = forms.DecimalField(
        label=gettext_lazy("Waarde (optioneel)"),
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
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Vul een toelichting in.")},
    )
    source = forms.CharField(
        label=gettext_lazy("Bron"),
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. interviews 2020")}),
        error_messages={"required": gettext_lazy("Vul de bron in.")},
    )

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip().upper()
        if not is_period_code(period):
            raise ValidationError(
                _("Vul een jaar (2020) of een kwartaal (2020-Q3) in; u vulde %(value)s in.")
                % {"value": period}
            )
        return period

    def clean(self):
        cleaned = super().clean()
        if (
            "value" not in self.errors
            and cleaned.get("value") is None
            and cleaned.get("positive") is None
        ):
            self.add_error("value", _("Vul een waarde in of kies de uitkomst van de controle."))
        code, period = cleaned.get("indicator_code"), cleaned.get("period")
        if (
            code
            and period
            and EnteredResult.objects.filter(
                location=self.location, indicator_code=code, period=period
            ).exists()
        ):
            self.add_error(
                "period",
                _("Voor %(code)s is over %(period)s al een resultaat ingevoerd.")
                % {"code": code, "period": period},
            )
        return cleaned


class EndForm(forms.Form):
    """End a record that has an end date (key holding, group, member, partner agreement).

    ``start`` is the record's start date: the end date may not lie before it.
    """

    ended_on = date_field(gettext_lazy("Einddatum"))

    def __init__(self, data=None, *, start: datetime.date, prefix: str):
        self.start = start
        super().__init__(data, prefix=prefix, initial={"ended_on": timezone.localdate()})

    def clean_ended_on(self) -> datetime.date:
        ended_on = self.cleaned_data["ended_on"]
        if end_before_start(self.start, ended_on):
            raise ValidationError(
                _("De einddatum ligt vóór de begindatum (%(start)s).")
                % {"start": f"{self.start:%d-%m-%Y}"}
            )
        return ended_on
