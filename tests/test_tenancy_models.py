"""Every model of the project is tenant-owned and scoped, and the admin leaks nothing.

Walks all models of the project's apps: each must declare ``tenant_path`` and have a
:class:`~locations.tenancy.TenantManager` as its default manager, and inside another
organisation's scope it must return none of organisation a's rows. Then walks every
ModelAdmin: an admin of organisation b sees none of a's rows in a changelist and cannot
open a's objects.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from agreements.models import Agreement, AgreementParty, Indicator, Party, ReportingDeadline, Target
from locations.models import Membership
from locations.tenancy import TenantManager, activate, build_scope
from registrations.models import Attendance, Job, Participant, Session
from reports.models import ReportFile

PROJECT_APPS = ["locations", "agreements", "budgets", "registrations", "reports"]


def project_models():
    return [m for label in PROJECT_APPS for m in apps.get_app_config(label).get_models()]


@pytest.fixture
def rows_a(tenants):
    """One row of every project model in organisation a, keyed by model."""
    a = tenants.a
    agreement = Agreement.unscoped.create(
        organisation=a.organisation,
        region="alfa",
        region_name="Alfa",
        year=2019,
        title="Afspraak Alfa 2019",
    )
    party = Party.unscoped.create(
        organisation=a.organisation, code="gemeente", name="Gemeente Alfa", kind="municipality"
    )
    indicator = Indicator.unscoped.create(
        agreement=agreement,
        code="social",
        section="PROCES",
        description="Ontmoeting",
        method="unique",
        categories=["social"],
    )
    participant = Participant.unscoped.create(
        organisation=a.organisation, code="ALFA-1", home_location=a.location
    )
    session = Session.unscoped.create(
        location=a.location, date=datetime.date(2019, 1, 5), category="social"
    )
    return {
        type(obj): obj
        for obj in [
            a.organisation,
            a.location,
            Membership.unscoped.filter(organisation=a.organisation)[0],
            agreement,
            party,
            indicator,
            AgreementParty.unscoped.create(agreement=agreement, party=party, is_funder=True),
            Target.unscoped.create(
                indicator=indicator,
                location=a.location,
                text="400",
                comparator="at_least",
                value=400,
            ),
            ReportingDeadline.unscoped.create(
                agreement=agreement,
                kind="interim",
                due_on=datetime.date(2019, 3, 29),
                period="2019-Q1",
            ),
            participant,
            session,
            Attendance.unscoped.create(session=session, participant=participant),
            Job.unscoped.create(
                location=a.location, date=datetime.date(2019, 1, 6), description="Kraan"
            ),
            ReportFile.unscoped.create(agreement=agreement, period="2019-Q1", format="pdf"),
        ]
    }


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
