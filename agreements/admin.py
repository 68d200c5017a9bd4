"""Django admin for agreements, parties, indicators and targets (tenant-scoped, see
:class:`locations.admin.ScopedAdminMixin`)."""

from django.contrib import admin

from agreements.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Party,
    ReportingDeadline,
    Target,
)
from locations.access.admin import ScopedAdminMixin


class AgreementPartyInline(ScopedAdminMixin, admin.TabularInline):
    model = AgreementParty
    extra = 0


class ReportingDeadlineInline(ScopedAdminMixin, admin.TabularInline):
    model = ReportingDeadline
    extra = 0


class TargetInline(ScopedAdminMixin, admin.TabularInline):
    model = Target
    extra = 0
    fields = ["location", "text", "comparator", "value", "value_of", "unit"]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "region", "year", "status", "signed_on"]
    list_filter = ["organisation", "year", "region", "status"]
    search_fields = ["title", "region", "region_name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["locations"]
    inlines = [AgreementPartyInline, ReportingDeadlineInline]


@admin.register(Party)
class PartyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "organisation", "location"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "code"]
    list_select_related = ["organisation", "location"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "description",
        "agreement",
        "section",
        "method",
        "housing_corporation",
        "position",
    ]
    list_filter = ["agreement", "section", "method", "housing_corporation"]
    search_fields = ["code", "description"]
    list_select_related = ["agreement"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "location", "text", "comparator", "value", "value_of", "unit"]
    list_filter = ["indicator__agreement", "location", "comparator"]
    search_fields = ["indicator__code", "indicator__description", "text"]
    list_select_related = ["indicator", "location"]
