"""Admin of referrals in and out, placements, paid work, minima applications and debt support."""

from django.contrib import admin

from registrations.admin.base import RecordedAdmin, record_form
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
)


@admin.register(IncomingReferral)
class IncomingReferralAdmin(RecordedAdmin):
    form = record_form(IncomingReferral, same=("location", "participant"))
    list_display = ["date", "location", "kind", "agency", "participant", "takes_part", "is_demo"]
    list_filter = ["location", "date", "kind", "takes_part", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["agency", "participant__code"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(OutgoingReferral)
class OutgoingReferralAdmin(RecordedAdmin):
    form = record_form(OutgoingReferral, same=("location", "participant"))
    list_display = ["date", "location", "organisation_name", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["organisation_name", "participant__code", "note"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(Placement)
class PlacementAdmin(RecordedAdmin):
    form = record_form(Placement, same=("location", "participant"))
    list_display = ["kind", "location", "participant", "started_on", "ended_on", "is_demo"]
    list_filter = ["location", "kind", "started_on", "is_demo"]
    search_fields = ["participant__code"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(PaidWork)
class PaidWorkAdmin(RecordedAdmin):
    form = record_form(PaidWork, same=("location", "participant"))
    list_display = ["date", "location", "participant", "note", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["participant__code", "note"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(MinimaApplication)
class MinimaApplicationAdmin(RecordedAdmin):
    form = record_form(MinimaApplication, same=("location", "participant"))
    list_display = ["date", "location", "scheme", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["scheme", "participant__code"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]


@admin.register(DebtSupport)
class DebtSupportAdmin(RecordedAdmin):
    form = record_form(DebtSupport, same=("location", "participant"))
    list_display = ["date", "location", "organisation_name", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["organisation_name", "participant__code", "note"]
    list_select_related = ["location", "participant"]
    autocomplete_fields = ["participant"]
