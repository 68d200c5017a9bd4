"""Admin of volunteers (with the duplicate warning and their key holdings), key holdings,
volunteer groups with their members, and volunteer hours."""

from django.contrib import admin

from registrations.admin.base import (
    PersonAdminMixin,
    RecordedAdmin,
    RegistrationInline,
    RegistrationModelForm,
    record_form,
)
from registrations.admin.duplicates import DuplicateWarningAdminMixin
from registrations.models.volunteers import (
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)


class KeyHoldingInline(RegistrationInline):
    model = KeyHolding
    form = record_form(KeyHolding)
    extra = 0
    fields = ["location", "started_on", "ended_on"]


@admin.register(Volunteer)
class VolunteerAdmin(PersonAdminMixin, DuplicateWarningAdminMixin, RecordedAdmin):
    form = record_form(Volunteer)
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
    form = record_form(KeyHolding, same=("location", "volunteer"))
    list_display = ["volunteer", "location", "started_on", "ended_on", "is_demo"]
    list_filter = ["location", "started_on", "ended_on", "is_demo"]
    search_fields = ["volunteer__code", "volunteer__nickname"]
    list_select_related = ["volunteer", "location"]
    autocomplete_fields = ["volunteer"]


class VolunteerGroupMembershipInline(RegistrationInline):
    model = VolunteerGroupMembership
    form = record_form(VolunteerGroupMembership)
    extra = 0
    autocomplete_fields = ["volunteer"]


@admin.register(VolunteerGroup)
class VolunteerGroupAdmin(RecordedAdmin):
    form = record_form(VolunteerGroup)
    list_display = ["name", "location", "active_from", "active_to", "is_demo"]
    list_filter = ["location", "active_from", "is_demo"]
    search_fields = ["name"]
    list_select_related = ["location"]
    inlines = [VolunteerGroupMembershipInline]


class VolunteerHoursForm(RegistrationModelForm):
    """Hours of a volunteer of the location's organisation; the hours limits are the
    registration rules (more than 0, at most 24 for a day and 80 for a week, as on the day
    page: :func:`registrations.services.rules.hours_errors`)."""

    same_organisation = ("location", "volunteer")

    class Meta:
        model = VolunteerHours
        fields = ["location", "volunteer", "date", "span", "hours", "is_professional"]


@admin.register(VolunteerHours)
class VolunteerHoursAdmin(RecordedAdmin):
    form = VolunteerHoursForm
    list_display = ["date", "location", "volunteer", "span", "hours", "is_professional", "is_demo"]
    list_filter = ["location", "date", "span", "is_professional", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["volunteer__code", "volunteer__nickname"]
    list_select_related = ["location", "volunteer"]
    autocomplete_fields = ["volunteer"]
