"""Django's admin with the project's admin site (``INSTALLED_APPS``)."""

from django.contrib.admin.apps import AdminConfig


class ScopedAdminConfig(AdminConfig):
    """Django's admin with :class:`locations.access.admin.ScopedAdminSite`: every admin view
    under the access rules."""

    default_site = "locations.access.admin.ScopedAdminSite"
