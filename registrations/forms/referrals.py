"""Forms of the day page for the support given at a room: incoming referrals and newcomers,
referrals out, placements, paid work, minima applications and debt support (see
:mod:`registrations.forms.day`)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from registrations.forms.common import DATE_INPUT_FORMATS, participant_field
from registrations.forms.day import DayForm, ParticipantMixin
from registrations.models.referrals import PlacementKind, ReferralKind
from registrations.services.referrals import (
    debt_support_register,
    minima_application_register,
    outgoing_referral_register,
    paid_work_register,
    placement_register,
    record_update,
    referral_register,
)


class IncomingReferralDayForm(ParticipantMixin, DayForm):
    """A resident referred to the room by an agency, or a newcomer (statushouder)."""

    kind = "incoming"
    referral_kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        help_text=gettext_lazy("Kies wie de bewoner stuurde: een instantie of iemand anders."),
        choices=ReferralKind.choices,
        initial=ReferralKind.AGENCY,
    )
    agency = forms.CharField(
        label=gettext_lazy("Verwezen door"),
        help_text=gettext_lazy("Bijvoorbeeld buurtteam of MaDi."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. WPI, buurtteam")}),
    )
    participant = participant_field()
    takes_part = forms.BooleanField(
        label=gettext_lazy("Doet mee"),
        help_text=gettext_lazy("Zet een vinkje als de bewoner echt meedoet."),
        required=False,
    )

    def initial_from(self, instance) -> dict:
        return {
            "referral_kind": instance.kind,
            "agency": instance.agency,
            "participant": self.participant_code(instance),
            "takes_part": instance.takes_part,
        }

    def save_with_service(self, data: dict):
        fields = {
            "kind": data["referral_kind"],
            "agency": data["agency"],
            "participant": data["participant"],
            "takes_part": data["takes_part"],
        }
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return referral_register(user=self.user, location=self.location, date=self.date, **fields)

    def add_error(self, field, error):
        super().add_error("referral_kind" if field == "kind" else field, error)


class OutgoingReferralDayForm(ParticipantMixin, DayForm):
    """A referral from the room to a care or welfare organisation."""

    kind = "outgoing"
    organisation_name = forms.CharField(
        label=gettext_lazy("Doorverwezen naar"),
        help_text=gettext_lazy("Naar welke organisatie? Bijvoorbeeld schuldhulp of het buurtteam."),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. MaDi, Samen DOEN")}),
        error_messages={"required": gettext_lazy("Vul in naar welke organisatie is doorverwezen.")},
    )
    participant = participant_field()
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        help_text=gettext_lazy("Kort, in een paar woorden. Schrijf geen namen van bewoners."),
        required=False,
        max_length=200,
    )

    def initial_from(self, instance) -> dict:
        return {
            "organisation_name": instance.organisation_name,
            "participant": self.participant_code(instance),
            "note": instance.note,
        }

    def save_with_service(self, data: dict):
        fields = {k: data[k] for k in ("organisation_name", "participant", "note")}
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return outgoing_referral_register(
            user=self.user, location=self.location, date=self.date, **fields
        )


class PlacementDayForm(ParticipantMixin, DayForm):
    """A placement that started on the day; the end date is optional."""

    kind = "placement"
    placement_kind = forms.ChoiceField(
        label=gettext_lazy("Soort plek"),
        help_text=gettext_lazy("Kies wat voor plek het is, bijvoorbeeld werkervaringsplek."),
        choices=[("", gettext_lazy("— kies —")), *PlacementKind.choices],
        error_messages={"required": gettext_lazy("Kies de soort plek.")},
    )
    participant = participant_field()
    ended_on = forms.DateField(
        label=gettext_lazy("Gestopt op (optioneel)"),
        help_text=gettext_lazy("De laatste dag op de plek. Leeg als de bewoner er nog is."),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": gettext_lazy("Vul een geldige datum in, bijvoorbeeld 31-12-2019.")
        },
    )

    def initial_from(self, instance) -> dict:
        return {
            "placement_kind": instance.kind,
            "participant": self.participant_code(instance),
            "ended_on": instance.ended_on,
        }

    def save_with_service(self, data: dict):
        fields = {
            "kind": data["placement_kind"],
            "participant": data["participant"],
            "ended_on": data["ended_on"],
        }
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return placement_register(
            user=self.user, location=self.location, started_on=self.date, **fields
        )

    def add_error(self, field, error):
        super().add_error("placement_kind" if field == "kind" else field, error)


class PaidWorkDayForm(ParticipantMixin, DayForm):
    """A participant who found paid work on the day."""

    kind = "paidwork"
    participant = participant_field(gettext_lazy("Deelnemerscode"))
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        help_text=gettext_lazy("Kort, in een paar woorden. Schrijf geen namen van bewoners."),
        required=False,
        max_length=200,
    )

    def initial_from(self, instance) -> dict:
        return {"participant": self.participant_code(instance), "note": instance.note}

    def save_with_service(self, data: dict):
        fields = {"participant": data["participant"], "note": data["note"]}
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return paid_work_register(user=self.user, location=self.location, date=self.date, **fields)


class MinimaDayForm(ParticipantMixin, DayForm):
    """A minima-scheme application submitted through the room on the day."""

    kind = "minima"
    scheme = forms.CharField(
        label=gettext_lazy("Regeling (optioneel)"),
        help_text=gettext_lazy("Welke regeling? Bijvoorbeeld Stadspas."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. Stadspas")}),
    )
    participant = participant_field()

    def initial_from(self, instance) -> dict:
        return {"scheme": instance.scheme, "participant": self.participant_code(instance)}

    def save_with_service(self, data: dict):
        fields = {"scheme": data["scheme"], "participant": data["participant"]}
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return minima_application_register(
            user=self.user, location=self.location, date=self.date, **fields
        )


class DebtSupportDayForm(ParticipantMixin, DayForm):
    """A resident supported towards debt assistance on the day."""

    kind = "debt"
    organisation_name = forms.CharField(
        label=gettext_lazy("Naar (optioneel)"),
        help_text=gettext_lazy("Naar welke schuldhulp? Bijvoorbeeld Samen DOEN."),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("bijv. Madi, schuldhulp")}),
    )
    participant = participant_field()
    note = forms.CharField(
        label=gettext_lazy("Toelichting"),
        help_text=gettext_lazy("Kort, in een paar woorden. Schrijf geen namen van bewoners."),
        required=False,
        max_length=200,
    )

    def initial_from(self, instance) -> dict:
        return {
            "organisation_name": instance.organisation_name,
            "participant": self.participant_code(instance),
            "note": instance.note,
        }

    def save_with_service(self, data: dict):
        fields = {k: data[k] for k in ("organisation_name", "participant", "note")}
        if self.instance is not None:
            return record_update(user=self.user, record=self.instance, changes=fields)
        return debt_support_register(
            user=self.user, location=self.location, date=self.date, **fields
        )
