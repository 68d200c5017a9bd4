"""Django admin for organisations, locations and memberships.

Every ModelAdmin and inline of the project uses :class:`ScopedAdminMixin`; the admin site
runs every view in the user's admin scope (:mod:`locations.access.admin`): superusers see
everything, other staff see, edit and choose only rows of the organisations where they hold
the admin role, and only the actions the rules table gives admins (an organisation can be
viewed and changed, a location added too, neither deleted).
"""

from django.contrib import admin
from django.contrib.auth import get_user_model

from locations.access.admin import ScopedAdminMixin, admin_scope
from locations.models import AccessLogEntry, Location, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Location)
class LocationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "organisation", "neighbourhood", "city", "closed_on"]
    list_filter = ["organisation", "city"]
    search_fields = ["name", "code", "neighbourhood"]
    list_select_related = ["organisation"]

    def get_readonly_fields(self, request, obj=None):
        """A saved room keeps its organisation: its registrations, the unique-participant
        rollups (counted per organisation, ``registrations.models.rollup``) and the access
        layer all place the room's records in that organisation, and nothing moves them."""
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "organisation"] if obj is not None else readonly


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    list_select_related = ["user", "organisation"]
    filter_horizontal = ["locations"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Users are not tenant-owned: an organisation's admin chooses among the people who
        already have a membership there (new accounts are made by a superuser)."""
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        scope = admin_scope(request)
        if db_field.name == "user" and formfield is not None and not scope.unrestricted:
            formfield.queryset = (
                get_user_model()
                .objects.filter(memberships__organisation_id__in=scope.organisation_ids)
                .distinct()
            )
        return formfield


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The access log, read-only for everyone, superusers included: no add, change or delete
    (the log is insert-only, locations/audit.py)."""

    list_display = ["at", "user", "organisation", "kind", "subject", "object_id", "query", "page"]
    list_filter = ["organisation", "kind", "subject"]
    date_hierarchy = "at"
    list_select_related = ["user", "organisation"]
    actions = None

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
