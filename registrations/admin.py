"""Django admin for every registrations model, tenant-scoped through
:class:`locations.admin.ScopedAdminMixin` (rows, dropdowns and sidebar filters).

Participants, sessions (with attendances) and jobs; and the issue 3 records: volunteers (with
key holdings), key holdings, volunteer groups (with memberships), hours, association members,
referrals in and out, placements, paid work, minima applications, debt support, partner
agreements, survey rounds (with results) and entered results. Admin forms check date order
and value ranges with plain Dutch messages (the models stay as they are).
"""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from locations.access.admin import ScopedAdminMixin
from locations.periods import is_period_code
from registrations.duplicates_admin import DuplicateWarningAdminMixin
from registrations.models import (
    AssociationMember,
    Attendance,
    DebtSupport,
    EnteredResult,
    HoursSpan,
    IncomingReferral,
    Job,
    KeyHolding,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    PartnerAgreement,
    Placement,
    Session,
    SurveyResult,
    SurveyRound,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)


@admin.register(Participant)
class ParticipantAdmin(DuplicateWarningAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "nickname", "home_location", "organisation", "is_demo", "created_at"]
    list_filter = ["organisation", "home_location", "is_demo"]
    search_fields = ["code", "nickname"]
    list_select_related = ["home_location", "organisation"]
    readonly_fields = ["created_at", "is_demo"]


class AttendanceInline(ScopedAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["participant"]


@admin.register(Session)
class SessionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "location", "category", "title", "anonymous_count", "is_demo"]
    list_filter = ["location", "category", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["title"]
    list_select_related = ["location"]
    inlines = [AttendanceInline]
    readonly_fields = ["created_by", "created_at", "is_demo"]


@admin.register(Job)
class JobAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "location", "description", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["description", "participant__code"]
    list_select_related = ["location", "participant"]
    raw_id_fields = ["participant"]
    readonly_fields = ["created_by", "created_at", "is_demo"]


# --- Issue 3: everything else coordinators record ----------------------------------------------


def _check_order(form, start: str, end: str, message) -> None:
    """Add ``message`` to field ``end`` when both dates are filled and ``end`` < ``start``."""
    first, last = form.cleaned_data.get(start), form.cleaned_data.get(end)
    if first and last and last < first:
        form.add_error(end, message)


def _check_same_organisation(form, location_field: str, *people: str) -> None:
    """Add an error to each person field (volunteer, participant) whose organisation is not the
    organisation of the chosen location (possible only for a superuser, who sees every tenant)."""
    location = form.cleaned_data.get(location_field)
    if location is None:
        return
    for name in people:
        person = form.cleaned_data.get(name)
        if person is not None and person.organisation_id != location.organisation_id:
            form.add_error(name, _("Kies iemand van dezelfde organisatie als de buurtwerkkamer."))


class DateOrderForm(forms.ModelForm):
    """A ModelForm that checks from/to date pairs and the organisation of linked people.

    ``date_pairs``: ``(start field, end field, message)``; the message goes on the end field
    when the end lies before the start. ``same_organisation``: ``(location field, person
    fields...)``. Plain Dutch messages; the form keeps what was entered.
    """

    date_pairs: tuple = ()
    same_organisation: tuple = ()

    def clean(self):
        cleaned = super().clean()
        for start, end, message in self.date_pairs:
            if start in self.fields or start in cleaned:
                _check_order(self, start, end, message)
        if self.same_organisation:
            _check_same_organisation(self, *self.same_organisation)
        return cleaned


def _form(model_class, pairs=(), same=()):
    """A :class:`DateOrderForm` subclass for ``model_class`` with the given checks."""
    editable = [f.name for f in model_class._meta.get_fields() if getattr(f, "editable", False)]
    editable = [n for n in editable if n not in ("id", "created_by", "created_at", "is_demo")]
    meta = type("Meta", (), {"model": model_class, "fields": editable})
    return type(
        f"{model_class.__name__}AdminForm",
        (DateOrderForm,),
        {"Meta": meta, "date_pairs": tuple(pairs), "same_organisation": tuple(same)},
    )


ENDED_BEFORE_START = _("De einddatum ligt vóór de begindatum.")


class RecordedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Admin of a record a coordinator adds: who added it is set on creation and read-only."""

    readonly_fields = ["created_by", "created_at", "is_demo"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class KeyHoldingInline(ScopedAdminMixin, admin.TabularInline):
    model = KeyHolding
    form = _form(KeyHolding, [("started_on", "ended_on", ENDED_BEFORE_START)])
    extra = 0
    fields = ["location", "started_on", "ended_on"]


@admin.register(Volunteer)
class VolunteerAdmin(DuplicateWarningAdminMixin, RecordedAdmin):
    form = _form(Volunteer, [("started_on", "ended_on", ENDED_BEFORE_START)])
    list_display = [
        "code",
        "nickname",
        "home_location",
        "is_professional",
        "started_on",
        "ended_on",
        "is_demo",
    ]
    list_filter = ["organisation", "home_location", "is_professional", "started_on", "is_demo"]
    search_fields = ["code", "nickname"]
    list_select_related = ["home_location"]
    autocomplete_fields = ["participant"]
    filter_horizontal = ["locations"]
    inlines = [KeyHoldingInline]


@admin.register(KeyHolding)
class KeyHoldingAdmin(RecordedAdmin):
    form = _form(
        KeyHolding,
        [("started_on", "ended_on", ENDED_BEFORE_START)],
        ("location", "volunteer"),
    )
    list_display = ["volunteer", "location", "started_on", "ended_on", "is_demo"]
    list_filter = ["location", "started_on", "ended_on", "is_demo"]
    search_fields = ["volunteer__code", "volunteer__nickname"]
    list_select_related = ["volunteer", "location"]
    autocomplete_fields = ["volunteer"]


class VolunteerGroupMembershipInline(ScopedAdminMixin, admin.TabularInline):
    model = VolunteerGroupMembership
    form = _form(VolunteerGroupMembership, [("joined_on", "left_on", ENDED_BEFORE_START)])
    extra = 0
    autocomplete_fields = ["volunteer"]


@admin.register(VolunteerGroup)
class VolunteerGroupAdmin(RecordedAdmin):
    form = _form(VolunteerGroup, [("active_from", "active_to", ENDED_BEFORE_START)])
    list_display = ["name", "location", "active_from", "active_to", "is_demo"]
    list_filter = ["location", "active_from", "is_demo"]
    search_fields = ["name"]
    list_select_related = ["location"]
    inlines = [VolunteerGroupMembershipInline]


class VolunteerHoursForm(DateOrderForm):
    """Hours are positive and fit the span: at most 24 for a day, 168 for a week."""

    same_organisation = ("location", "volunteer")

    class Meta:
        model = VolunteerHours
        fields = ["location", "volunteer", "date", "span", "hours", "is_professional"]

    def clean(self):
        cleaned = super().clean()
        hours, span = cleaned.get("hours"), cleaned.get("span")
        if hours is not None and hours <= 0:
            self.add_error("hours", _("Vul een aantal uren groter dan 0 in."))
        elif hours is not None and hours > (168 if span == HoursSpan.WEEK else 24):
            self.add_error(
                "hours",
                _("Een week heeft hoogstens 168 uur.")
                if span == HoursSpan.WEEK
                else _("Een dag heeft hoogstens 24 uur."),
            )
        return cleaned


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(RecordedAdmin):
    form = VolunteerHoursForm
    list_display = ["date", "location", "volunteer", "span", "hours", "is_professional", "is_demo"]
    list_filter = ["location", "date", "span", "is_professional", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["volunteer__code", "volunteer__nickname"]
    list_select_related = ["location", "volunteer"]
    autocomplete_fields = ["volunteer"]


class AssociationMemberForm(DateOrderForm):
    """Registered and paying periods in order; paying needs a start date."""

    date_pairs = (
        ("registered_on", "deregistered_on", ENDED_BEFORE_START),
        ("paying_from", "paying_to", ENDED_BEFORE_START),
    )
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
        if cleaned.get("paying_to") and not cleaned.get("paying_from"):
            self.add_error("paying_from", _("Vul in vanaf wanneer het lid betaalt."))
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


@admin.register(IncomingReferral)
class IncomingReferralAdmin(RecordedAdmin):
    form = _form(IncomingReferral, same=("location", "participant"))
    list_display = ["date", "location", "kind", "agency", "participant", "takes_part", "is_demo"]
    list_filter = ["location", "date", "kind", "takes_part", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["agency", "participant__code"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(OutgoingReferral)
class OutgoingReferralAdmin(RecordedAdmin):
    form = _form(OutgoingReferral, same=("location", "participant"))
    list_display = ["date", "location", "organisation_name", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["organisation_name", "participant__code", "note"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(Placement)
class PlacementAdmin(RecordedAdmin):
    form = _form(
        Placement, [("started_on", "ended_on", ENDED_BEFORE_START)], ("location", "participant")
    )
    list_display = ["kind", "location", "participant", "started_on", "ended_on", "is_demo"]
    list_filter = ["location", "kind", "started_on", "is_demo"]
    search_fields = ["participant__code"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(PaidWork)
class PaidWorkAdmin(RecordedAdmin):
    form = _form(PaidWork, same=("location", "participant"))
    list_display = ["date", "location", "participant", "note", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["participant__code", "note"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(MinimaApplication)
class MinimaApplicationAdmin(RecordedAdmin):
    form = _form(MinimaApplication, same=("location", "participant"))
    list_display = ["date", "location", "scheme", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["scheme", "participant__code"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(DebtSupport)
class DebtSupportAdmin(RecordedAdmin):
    form = _form(DebtSupport, same=("location", "participant"))
    list_display = ["date", "location", "organisation_name", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["organisation_name", "participant__code", "note"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(PartnerAgreement)
class PartnerAgreementAdmin(RecordedAdmin):
    form = _form(PartnerAgreement, [("agreed_on", "ended_on", ENDED_BEFORE_START)])
    list_display = ["partner_name", "location", "agreed_on", "ended_on", "is_demo"]
    list_filter = ["location", "agreed_on", "is_demo"]
    search_fields = ["partner_name", "note"]
    list_select_related = ["location"]


class SurveyResultForm(forms.ModelForm):
    """Exactly one of share (0-1) and mean score (0-10), in plain Dutch."""

    class Meta:
        model = SurveyResult
        fields = ["survey_round", "question", "share_agree", "mean_score"]

    def clean(self):
        cleaned = super().clean()
        share, score = cleaned.get("share_agree"), cleaned.get("mean_score")
        if "share_agree" in self.errors or "mean_score" in self.errors:
            return cleaned
        if (share is None) == (score is None):
            self.add_error(
                None,
                _("Vul óf het aandeel dat het eens is (0-1) óf het gemiddelde cijfer (0-10) in."),
            )
            # Keep the model's check constraint from repeating this in technical words: the
            # instance it validates gets exactly one value (the form shows what was entered).
            cleaned["mean_score"] = None
            cleaned["share_agree"] = share if share is not None else Decimal(0)
            return cleaned
        if share is not None and not 0 <= share <= 1:
            self.add_error("share_agree", _("Het aandeel ligt tussen 0 en 1 (0,62 is 62% eens)."))
        if score is not None and not 0 <= score <= 10:
            self.add_error("mean_score", _("Het gemiddelde cijfer ligt tussen 0 en 10."))
        return cleaned


class SurveyResultInline(ScopedAdminMixin, admin.TabularInline):
    model = SurveyResult
    form = SurveyResultForm
    extra = 0


@admin.register(SurveyRound)
class SurveyRoundAdmin(RecordedAdmin):
    list_display = ["date", "location", "audience", "respondents", "title", "is_demo"]
    list_filter = ["location", "date", "audience", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["title", "results__question"]
    list_select_related = ["location"]
    inlines = [SurveyResultInline]


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
