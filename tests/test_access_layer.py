"""The access layer fails closed, is the only one, and system code opts out visibly.

- Outside any scope, every tenant-owned model's default manager refuses to run a query, in
  every way a queryset can be run, while rows exist; inside the system scope it sees them.
- A form field whose queryset was built outside a scope (a class-level ``queryset=``) is
  rebuilt inside the scope and keeps its own filters.
- Every project command and the report task run with no scope around them (they opt out or
  activate a user's scope themselves).
- One place: no project code outside ``locations/access`` imports django-scopes or uses the
  ``unscoped`` managers (tests and the shell only), and every project view class uses
  :class:`~locations.access.views.AccessMixin`.
- The rules themselves, without a database.
"""

from __future__ import annotations

import ast
from io import StringIO
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core.management import call_command, get_commands
from django.db.models import Count, Exists, F, OuterRef
from django.urls import URLPattern, get_resolver

from locations.access import (
    NO_ACCESS,
    Action,
    Area,
    Grant,
    Role,
    Scope,
    ScopeError,
    system_scope,
    user_scope,
)
from locations.access.forms import ScopedFormMixin
from locations.access.views import AccessMixin
from locations.models import Location
from tests.test_tenancy_models import PROJECT_APPS, project_models

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def rows_a(world_a):
    return {type(obj): obj for name, obj in world_a.items() if name != "other_session"}


RUNS = {
    "iterate": lambda qs: list(qs),
    "exists": lambda qs: qs.exists(),
    "count": lambda qs: qs.count(),
    "first": lambda qs: qs.first(),
    "get": lambda qs: qs.get(pk=1),
    "values": lambda qs: list(qs.values("pk")),
    "in_bulk": lambda qs: qs.in_bulk([1]),
    "aggregate": lambda qs: qs.aggregate(n=Count("pk")),
    "exclude": lambda qs: list(qs.exclude(pk=0)),
    "update": lambda qs: qs.filter(pk=0).update(id=F("id")),
    "delete": lambda qs: qs.filter(pk=0).delete(),
    "subquery": lambda qs: list(
        Location.unscoped.filter(Exists(qs.filter(pk=OuterRef("pk")).values("pk")))
    ),
}


@pytest.mark.parametrize("run", sorted(RUNS))
def test_outside_a_scope_every_tenant_model_refuses_to_run(rows_a, run):
    missing = [m.__name__ for m in project_models() if m not in rows_a]
    assert not missing, missing
    for model in rows_a:
        with pytest.raises(ScopeError, match=model.__name__):
            RUNS[run](model.objects.all())


def test_outside_a_scope_related_managers_refuse_too(world_a):
    with pytest.raises(ScopeError):
        list(world_a["agreement"].locations.all())
    with pytest.raises(ScopeError):
        world_a["session"].attendances.count()


def test_the_system_scope_sees_every_row(rows_a):
    with system_scope():
        for model, obj in rows_a.items():
            assert model.objects.filter(pk=obj.pk).exists(), model.__name__


def test_a_user_scope_inside_the_system_scope_wins(tenants, rows_a):
    location = rows_a[Location]
    with system_scope(), user_scope(tenants.b.admin):
        assert not Location.objects.filter(pk=location.pk).exists()
    with user_scope(tenants.b.admin), system_scope():
        assert Location.objects.filter(pk=location.pk).exists()


class _ClassLevelForm(ScopedFormMixin, forms.Form):
    # Built at import time, outside any scope, with a filter of its own.
    location = forms.ModelChoiceField(queryset=Location.objects.filter(city="Amsterdam"))


class _UnscopedForm(forms.Form):
    location = forms.ModelChoiceField(queryset=Location.objects.all())


def test_a_class_level_queryset_is_rebuilt_in_the_scope_with_its_own_filter(tenants):
    utrecht = Location.unscoped.create(
        organisation=tenants.a.organisation, code="a-utrecht", name="a Utrecht", city="Utrecht"
    )
    with user_scope(tenants.a.board):
        choices = set(_ClassLevelForm().fields["location"].queryset)
    assert choices == {tenants.a.location, tenants.a.other_location}  # not Utrecht, not b's
    assert utrecht not in choices
    with user_scope(tenants.a.coordinator):
        assert set(_ClassLevelForm().fields["location"].queryset) == {tenants.a.location}


def test_a_form_that_forgets_the_scope_fails_closed(tenants):
    with user_scope(tenants.a.board), pytest.raises(ScopeError):
        list(_UnscopedForm().fields["location"].queryset)


# -- system code ---------------------------------------------------------------------------


def _csv(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _commands(tmp_path) -> dict[str, list[str]]:
    """Arguments of every project command; each runs here outside any scope."""
    registrations = _csv(
        tmp_path,
        "deelnames.csv",
        "date,location,category,participant,session\n2019-03-04,cjm,social,CJM-9001,Koffie\n",
    )
    expenditures = _csv(
        tmp_path,
        "uitgaven.csv",
        'date,location,line,amount,description\n2021-03-04,cjm,D1,"12,50",Koffie\n',
    )
    return {
        "load_agreement": [
            "data/agreements/zuidoost-2019.yaml",
            "data/agreements/zuidoost-2021.yaml",
        ],
        "generate_demo_registrations": ["--agreement", "zuidoost-2019", "--seed", "3"],
        "import_registrations": [registrations, "--organisation", "buurtwerkkamer-cooperatie"],
        "import_expenditures": [expenditures, "--organisation", "buurtwerkkamer-cooperatie"],
        "build_report": [
            "--agreement",
            "zuidoost-2019",
            "--period",
            "2019-Q1",
            "--format",
            "xlsx",
            "--out",
            str(tmp_path / "q1.xlsx"),
        ],
        "api_token": ["list"],
    }


@pytest.mark.django_db
def test_every_project_command_runs_outside_any_scope(tmp_path):
    project = {name for name, app in get_commands().items() if app in PROJECT_APPS}
    runs = _commands(tmp_path)
    # setup_demo (which calls the others) is run outside any scope by tests/test_demo.py.
    assert project == {*runs, "setup_demo"}, project
    for name, arguments in runs.items():  # load_agreement first: the others need it
        call_command(name, *arguments, stdout=StringIO(), stderr=StringIO())
    assert (tmp_path / "q1.xlsx").read_bytes().startswith(b"PK")


# -- one place -----------------------------------------------------------------------------


def _project_sources():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {".venv", "tests", "bench"} or "tests" in parts or "migrations" in parts:
            continue
        if path.name in {"conftest.py", "factories.py"}:
            continue
        yield path


def test_no_project_code_uses_the_unscoped_managers_or_django_scopes():
    found = []
    for path in _project_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        relative = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "unscoped":
                found.append(f"{relative}:{node.lineno}: .unscoped")
            modules = []
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            if any(m.startswith("django_scopes") for m in modules) and not relative.startswith(
                "locations/access/"
            ):
                found.append(f"{relative}:{node.lineno}: imports django_scopes")
    assert not found, found


def _views(resolver=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            if view is not None and view.__module__.split(".")[0] in PROJECT_APPS:
                yield entry.name, view
        elif getattr(entry, "namespace", None) != "admin":
            yield from _views(entry)


def test_every_project_view_applies_the_access_mixin():
    views = dict(_views())
    assert len(views) >= 20, views
    without = [name for name, view in views.items() if not issubclass(view, AccessMixin)]
    assert not without, without


def test_every_tenant_model_names_its_area():
    for model in project_models():
        assert Area(model.access_area), model.__name__


# -- the rules, without a database ---------------------------------------------------------

ORG, OTHER = 1, 2
COORDINATOR = Scope(user_id=10, grants=(Grant(ORG, Role.COORDINATOR, frozenset({5})),))
BOARD = Scope(user_id=11, grants=(Grant(ORG, Role.BOARD),))
ADMIN = Scope(user_id=12, grants=(Grant(ORG, Role.ADMIN),))
FUNDER = Scope(user_id=13, grants=(Grant(ORG, Role.FUNDER, frozenset(), party_id=7),))


def test_coordinators_write_registrations_at_their_locations_only():
    assert COORDINATOR.can(Action.ADD, Area.REGISTRATION, organisation_id=ORG, location_id=5)
    assert not COORDINATOR.can(Action.ADD, Area.REGISTRATION, organisation_id=ORG, location_id=6)
    assert not COORDINATOR.can(Action.VIEW, Area.REGISTRATION, organisation_id=OTHER)
    assert not COORDINATOR.can(Action.ADD, Area.SPENDING, organisation_id=ORG, location_id=5)
    assert not COORDINATOR.allows(Action.VIEW, Area.OVERSIGHT)


def test_the_board_reads_everything_of_its_organisation_and_writes_nothing():
    for area in Area:
        assert BOARD.can(Action.VIEW, area, organisation_id=ORG, location_id=6), area
        for action in (Action.ADD, Action.CHANGE, Action.DELETE):
            assert not BOARD.can(action, area, organisation_id=ORG, location_id=6), (area, action)
    assert BOARD.can(Action.ISSUE, Area.REPORT, organisation_id=ORG)
    assert not BOARD.can(Action.VIEW, Area.REGISTRATION, organisation_id=OTHER)


def test_admins_do_everything_in_their_organisation_but_delete_it():
    assert ADMIN.can(Action.DELETE, Area.REGISTRATION, organisation_id=ORG, location_id=6)
    assert ADMIN.can(Action.ADD, Area.SPENDING, organisation_id=ORG, location_id=6)
    assert not ADMIN.can(Action.DELETE, Area.ORGANISATION, organisation_id=ORG)
    assert not ADMIN.can(Action.DELETE, Area.LOCATION, organisation_id=ORG, location_id=6)
    assert not ADMIN.can(Action.VIEW, Area.AGREEMENT, organisation_id=OTHER)


def test_funders_never_see_personal_data_or_a_location_yet():
    assert not FUNDER.allows(Action.VIEW, Area.REGISTRATION)
    assert not FUNDER.allows(Action.VIEW, Area.MEMBERSHIP)
    assert not FUNDER.can(Action.VIEW, Area.LOCATION, organisation_id=ORG, location_id=5)
    assert FUNDER.can(Action.VIEW, Area.AGREEMENT, organisation_id=ORG)
    assert not FUNDER.sees_details(organisation_id=ORG, home_location_id=5)


def test_details_of_a_person_only_for_staff_of_their_home_location():
    assert COORDINATOR.sees_details(organisation_id=ORG, home_location_id=5)
    assert not COORDINATOR.sees_details(organisation_id=ORG, home_location_id=6)
    assert BOARD.sees_details(organisation_id=ORG, home_location_id=6)


def test_only_keeps_the_grants_of_the_roles_asked_for():
    both = Scope(
        user_id=1, grants=(Grant(ORG, Role.ADMIN), Grant(OTHER, Role.COORDINATOR, frozenset({9})))
    )
    admin_only = both.only(Role.ADMIN)
    assert admin_only.organisation_ids == {ORG}
    assert not admin_only.can(Action.VIEW, Area.REGISTRATION, organisation_id=OTHER, location_id=9)
    assert both.can(Action.VIEW, Area.REGISTRATION, organisation_id=OTHER, location_id=9)


def test_nobody_and_everything():
    assert not NO_ACCESS.allows(Action.VIEW, Area.ORGANISATION)
    assert NO_ACCESS.q(Location) is not None
    assert Scope(unrestricted=True).q(Location) is None


def test_report_files_of_others_are_hidden_from_location_limited_roles():
    from reports.models import ReportFile

    def where(scope: Scope) -> str:
        return str(ReportFile.unscoped.filter(scope.q(ReportFile)).query).split(" WHERE ")[1]

    assert "requested_by_id" in where(COORDINATOR)
    assert "requested_by_id" not in where(BOARD)


def test_the_rules_cover_every_role():
    from locations.access import RULES

    assert set(RULES) == set(Role)
