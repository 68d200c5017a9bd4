"""Admin of participants (with the duplicate warning), sessions with their attendances, and jobs."""

from django.contrib import admin

from registrations.admin.base import PersonAdminMixin, RegistrationAdmin, RegistrationInline
from registrations.admin.duplicates import DuplicateWarningAdminMixin
from registrations.models.participants import Attendance, Job, Participant, Session


@admin.register(Participant)
class ParticipantAdmin(PersonAdminMixin, DuplicateWarningAdminMixin, RegistrationAdmin):
    list_display = ["code", "nickname", "home_location", "organisation", "is_demo", "created_at"]
    list_filter = ["organisation", "home_location", "is_demo"]
    search_fields = ["code", "nickname"]
    list_select_related = ["home_location", "organisation"]
    readonly_fields = ["created_at", "is_demo"]


class AttendanceInline(RegistrationInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["participant"]


@admin.register(Session)
class SessionAdmin(RegistrationAdmin):
    list_display = ["date", "location", "category", "title", "anonymous_count", "is_demo"]
    list_filter = ["location", "category", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["title"]
    list_select_related = ["location"]
    inlines = [AttendanceInline]
    readonly_fields = ["created_by", "created_at", "is_demo"]


@admin.register(Job)
class JobAdmin(RegistrationAdmin):
    list_display = ["date", "location", "description", "participant", "is_demo"]
    list_filter = ["location", "date", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["description", "participant__code"]
    list_select_related = ["location", "participant"]
    raw_id_fields = ["participant"]
    readonly_fields = ["created_by", "created_at", "is_demo"]
