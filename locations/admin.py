"""Django admin for organisations, locations and memberships, and the shared tenancy mixin.

Every ModelAdmin and inline of the project uses :class:`ScopedAdminMixin`: superusers see
everything; other staff see, edit and choose only rows of the organisations where they have
the admin role (Membership role ``admin``).
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model

from locations.models import Location, Membership, Organisation, Role
from locations.tenancy import Scope, restrict

ALL_ACTIONS = frozenset({"view", "add", "change", "delete"})


def admin_scope(request) -> Scope:
    """The scope of the admin site for ``request.user``.

    Superusers are unrestricted; anyone else sees the organisations where they hold the admin
    role, with all their locations (not the wider scope of other roles: a coordinator
    membership elsewhere gives no admin rights there). Cached on the request.
    """
    cached = getattr(request, "_bwk_admin_scope", None)
    if cached is not None:
        return cached
    user = request.user
    if user.is_active and user.is_superuser:
        scope = Scope(unrestricted=True)
    else:
        organisation_ids = frozenset(
            Membership.unscoped.filter(user=user, role=Role.ADMIN).values_list(
                "organisation_id", flat=True
            )
        )
        scope = Scope(organisation_ids=organisation_ids, full_organisation_ids=organisation_ids)
    request._bwk_admin_scope = scope
    return scope


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A sidebar filter on a relation offering only the related rows in the admin scope."""

    def field_choices(self, field, request, model_admin):
        queryset = restrict(field.remote_field.model._default_manager.all(), admin_scope(request))
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]


class ScopedAdminMixin:
    """Tenancy for a ModelAdmin or inline.

    - Rows: the changelist and change pages read through :func:`restrict` with
      :func:`admin_scope`, so another organisation's object is absent (its change page
      redirects to the admin index with a 'does not exist' message).
    - Choices: every foreign-key and many-to-many dropdown, and every sidebar filter on a
      relation, is restricted the same way.
    - Permissions: besides Django's own permissions, a staff user with the admin role may do
      the actions in ``admin_role_actions`` (default: all) on their organisations' rows.
    """

    admin_role_actions: frozenset[str] = ALL_ACTIONS

    def get_queryset(self, request):
        return restrict(super().get_queryset(request), admin_scope(request))

    def get_list_filter(self, request):
        return [self._scoped_filter(item) for item in super().get_list_filter(request)]

    def _scoped_filter(self, item):
        if isinstance(item, str) and get_fields_from_path(self.model, item)[-1].is_relation:
            return (item, ScopedRelatedFieldListFilter)
        return item

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return self._restrict_choices(formfield, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return self._restrict_choices(formfield, request)

    def _restrict_choices(self, formfield, request):
        if formfield is not None and getattr(formfield, "queryset", None) is not None:
            formfield.queryset = restrict(formfield.queryset, admin_scope(request))
        return formfield

    def _role_allows(self, request, action: str) -> bool:
        scope = admin_scope(request)
        return (
            request.user.is_active
            and request.user.is_staff
            and action in self.admin_role_actions
            and bool(scope.organisation_ids)
        )

    def has_module_permission(self, request):
        return self._role_allows(request, "view") or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._role_allows(request, "view") or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._role_allows(request, "add") or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._role_allows(request, "change") or super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._role_allows(request, "delete") or super().has_delete_permission(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    admin_role_actions = frozenset({"view", "change"})
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Location)
class LocationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    admin_role_actions = frozenset({"view", "add", "change"})
    list_display = ["name", "code", "organisation", "neighbourhood", "city", "closed_on"]
    list_filter = ["organisation", "city"]
    search_fields = ["name", "code", "neighbourhood"]
    list_select_related = ["organisation"]


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
