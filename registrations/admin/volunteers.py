"""Admin of volunteers (with the duplicate warning and their key holdings), key holdings,
volunteer groups with their members, and volunteer hours."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from locations.access.admin import ScopedAdminMixin
from registrations.admin.base import ENDED_BEFORE_START, DateOrderForm, RecordedAdmin, record_form
from registrations.admin.duplicates import DuplicateWarningAdminMixin
from registrations.models.volunteers import (
    HoursSpan,
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)


class KeyHoldingInline(ScopedAdminMixin, admin.TabularInline):
    model = KeyHolding
    form = record_form(KeyHolding, [("started_on", "ended_on", ENDED_BEFORE_START)])
    extra = 0
    fields = ["location", "started_on", "ended_on"]


@admin.register(Volunteer)
class VolunteerAdmin(DuplicateWarningAdminMixin, RecordedAdmin):
    form = record_form(Volunteer, [("started_on", "ended_on", ENDED_BEFORE_START)])
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
    form = record_form(
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
    form = record_form(VolunteerGroupMembership, [("joined_on", "left_on", ENDED_BEFORE_START)])
    extra = 0
    autocomplete_fields = ["volunteer"]


@admin.register(VolunteerGroup)
class VolunteerGroupAdmin(RecordedAdmin):
    form = record_form(VolunteerGroup, [("active_from", "active_to", ENDED_BEFORE_START)])
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
