"""Admin of association members, partner agreements and entered results (Interviews,
Controle)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from locations.periods import is_period_code
from registrations.admin.base import RecordedAdmin, RegistrationModelForm, record_form
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.services.rules import member_code_errors


class AssociationMemberForm(RegistrationModelForm):
    """A member: registered and paying periods in order and paying with a start date (the
    registration rules), and a member number not taken at the location, ignoring case (as on
    the records page)."""

    same_organisation = ("location", "participant")

    class Meta:
        model = AssociationMember
        fields = [
            "location",
            "member_code",
            "participant",
            "registered_on",
            "deregistered_on",
            "paying_from",
            "paying_to",
        ]

    def clean(self):
        cleaned = super().clean()
        location, code = cleaned.get("location"), (cleaned.get("member_code") or "").strip()
        if location is not None and code and "member_code" not in self.errors:
            for error in member_code_errors(location, code, exclude_pk=self.instance.pk):
                self.add_error("member_code", error)
        return cleaned


@admin.register(AssociationMember)
class AssociationMemberAdmin(RecordedAdmin):
    form = AssociationMemberForm
    list_display = [
        "member_code",
        "location",
        "registered_on",
        "deregistered_on",
        "paying_from",
        "paying_to",
        "is_demo",
    ]
    list_filter = ["location", "registered_on", "paying_from", "is_demo"]
    search_fields = ["member_code", "participant__code"]
    list_select_related = ["location"]
    autocomplete_fields = ["participant"]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(RecordedAdmin):
    form = record_form(PartnerAgreement)
    list_display = ["partner_name", "location", "agreed_on", "ended_on", "is_demo"]
    list_filter = ["location", "agreed_on", "is_demo"]
    search_fields = ["partner_name", "note"]
    list_select_related = ["location"]


class EnteredResultForm(forms.ModelForm):
    """Period "YYYY-Qn" or "YYYY"; a value (Interviews) or an outcome (Controle)."""

    class Meta:
        model = EnteredResult
        fields = [
            "location",
            "indicator_code",
            "period",
            "value",
            "positive",
            "explanation",
            "source",
        ]

    def clean_period(self):
        period = self.cleaned_data["period"].strip().upper()
        if not is_period_code(period):
            raise forms.ValidationError(
                _("Schrijf de periode als jaar en kwartaal (2019-Q2) of alleen het jaar (2019).")
            )
        return period

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("value") is None and cleaned.get("positive") is None:
            raise forms.ValidationError(
                _("Vul een waarde in (bij Interviews) of kies positief/negatief (bij Controle).")
            )
        return cleaned


@admin.register(EnteredResult)
class EnteredResultAdmin(RecordedAdmin):
    """Who entered the figure is the person who last saved a change to it (history keeps
    earlier versions); it is shown read-only."""

    form = EnteredResultForm
    list_display = [
        "indicator_code",
        "period",
        "location",
        "value",
        "positive",
        "source",
        "created_by",
        "is_demo",
    ]
    list_filter = ["location", "indicator_code", "period", "positive", "is_demo"]
    search_fields = ["indicator_code", "source", "explanation"]
    list_select_related = ["location", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change or form.has_changed():
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
