"""Every model of the project is tenant-owned and scoped, and the admin leaks nothing.

Walks all models of the project's apps: each must declare ``tenant_path`` and have a
:class:`~locations.access.TenantManager` as its default manager, and inside another
organisation's scope it must return none of organisation a's rows. Then walks every
ModelAdmin: an admin of organisation b sees none of a's rows in a changelist and cannot
open a's objects.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from locations.access import TenantManager, activate, build_scope

PROJECT_APPS = ["locations", "agreements", "budgets", "registrations", "reports"]


def project_models():
    return [m for label in PROJECT_APPS for m in apps.get_app_config(label).get_models()]


@pytest.fixture
def rows_a(world_a):
    """One row of every project model in organisation a, keyed by model."""
    return {type(obj): obj for name, obj in world_a.items() if name != "other_session"}


def test_every_project_model_is_tenant_scoped():
    escaped = [
        m.__name__
        for m in project_models()
        if not hasattr(m, "tenant_path") or not isinstance(m._default_manager, TenantManager)
    ]
    assert not escaped, f"models without a scoped default manager: {escaped}"


def test_other_organisation_scope_returns_no_row_of_a(tenants, rows_a):
    missing = [m.__name__ for m in project_models() if m not in rows_a]
    assert not missing, f"add a row of these models to rows_a: {missing}"
    for role in ("coordinator", "board", "admin", "funder"):
        with activate(build_scope(getattr(tenants.b, role))):
            for model, obj in rows_a.items():
                assert not model.objects.filter(pk=obj.pk).exists(), (role, model.__name__)


def test_own_board_sees_every_row(tenants, rows_a):
    with activate(build_scope(tenants.a.board)):
        for model, obj in rows_a.items():
            assert model.objects.filter(pk=obj.pk).exists(), model.__name__


def test_admin_of_other_organisation_sees_nothing_in_the_admin(client, tenants, rows_a):
    client.force_login(tenants.b.admin)
    checked = [model for model in admin.site._registry if model in rows_a]
    assert len(checked) >= 10, checked
    for model in checked:
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code in (200, 403), (model.__name__, changelist.status_code)
        if changelist.status_code == 200:
            assert not changelist.context["cl"].queryset.filter(pk=rows_a[model].pk).exists()
        change = client.get(reverse("admin:{}_{}_change".format(*info), args=[rows_a[model].pk]))
        assert change.status_code in (302, 403, 404), (model.__name__, change.status_code)
