"""Issue 12, "Budget groups from the document": a budget whose file states its own line
groups (P "Personeel", H "Huisvesting", M "Activiteiten") and one ratio of its own
("Aandeel personeel" = P / totaal) and no SROI, people or overhead share.

The figures are worked out by hand from the lines of ``GROUPS_FILE``:

========== ======= ======= =======
line        noord   zuid    total
========== ======= ======= =======
P1          10.000   6.000  16.000
P2           5.000   4.000   9.000
H1           8.000   6.000  14.000
M1           2.000   4.000   6.000
subtotal P  15.000  10.000  25.000
subtotal H   8.000   6.000  14.000
subtotal M   2.000   4.000   6.000
total       25.000  20.000  45.000
P / total   60%     50%     25/45 = 5/9
========== ======= ======= =======

The two Zuidoost files keep today's A-E and three ratios: their figures are checked by the
existing tests (budgets/tests/test_loader_budget_sources.py, reports/tests/...).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from agreements.loader import LoaderError, load_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement
from budgets.figures import budget_overview
from budgets.figures.formulas import computed_figures
from budgets.figures.groups import GroupDef, RatioDef
from budgets.figures.overview import LineRow
from budgets.models import Budget, BudgetLine
from locations.access import system_scope
from locations.factories import MembershipFactory, UserFactory
from locations.models import Role
from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_html
from reports.selectors import progress_report
from reports.tests.test_excel_formulas import _evaluate, _figure_cells

pytestmark = pytest.mark.django_db

GROUPS_FILE = """\
format: 2
organisation:
  slug: org-groepen
  name: Organisatie Groepen
region: groepen
region_name: Groepenregio
year: 2021
title: Afspraak met eigen groepen 2021
locations:
  - {code: noord, name: Noord}
  - {code: zuid, name: Zuid}
parties:
  - {code: gemeente, name: Gemeente, kind: municipality, funder: true}
indicators:
  - code: budget_spending
    section: INPUT
    description: Goede besteding budget
    method: budget
    targets: {noord: "Positief", zuid: "Positief"}
budgets:
  - version: Begroting groepen 2021
    groups:
      - {code: P, name: Personeel}
      - {code: H, name: Huisvesting}
      - {code: M, name: Activiteiten}
    ratios:
      - {code: personnel_share, name: Aandeel personeel, numerator: [P]}
    lines:
      - {code: P1, group: P, description: Coördinatie, amounts: {noord: "10000", zuid: "6000"}}
      - {code: P2, group: P, description: Ondersteuning, amounts: {noord: "5000", zuid: "4000"}}
      - {code: H1, group: H, description: Huur, amounts: {noord: "8000", zuid: "6000"}}
      - {code: M1, group: M, description: Activiteiten, amounts: {noord: "2000", zuid: "4000"}}
financing:
  - funder: gemeente
    amounts: {noord: "25000", zuid: "20000"}
stated_figures:
  noord:
    subtotal_P: "15000"
    personnel_share: "60%"
  all:
    total: "45000"
"""
#: Line 31 is the "- {code: H1, group: H, ...}" line; its group value starts at column 27.
LINE_H1 = 31

EXPECTED = {
    "noord": {
        "subtotal_P": D(15000),
        "subtotal_H": D(8000),
        "subtotal_M": D(2000),
        "total": D(25000),
        "personnel_share": D("0.6"),
    },
    "zuid": {
        "subtotal_P": D(10000),
        "subtotal_H": D(6000),
        "subtotal_M": D(4000),
        "total": D(20000),
        "personnel_share": D("0.5"),
    },
    "all": {
        "subtotal_P": D(25000),
        "subtotal_H": D(14000),
        "subtotal_M": D(6000),
        "total": D(45000),
        "personnel_share": D(25000) / D(45000),
    },
}
#: Today's figures the document does not define: never computed, never shown.
NOT_DEFINED = ("sroi_share", "people_share", "overhead_share", "subtotal_A", "subtotal_AB")


def write(tmp_path: Path, text: str, name: str = "groepen.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def agreement(tmp_path) -> Agreement:
    load_agreement_files(paths=[write(tmp_path, GROUPS_FILE)])
    return Agreement.unscoped.get(region="groepen")


def test_the_groups_and_the_ratio_are_stored_with_the_budget(agreement):
    budget = Budget.unscoped.get(agreement=agreement)
    assert [group["code"] for group in budget.groups] == ["P", "H", "M"]
    assert budget.ratios == [
        {
            "code": "personnel_share",
            "name": "Aandeel personeel",
            "numerator": ["P"],
            "denominator": [],
        }
    ]


@pytest.mark.usefixtures("system")
def test_subtotals_per_group_and_the_ratio_are_computed_from_the_lines(agreement):
    overview = budget_overview(agreement)
    for where, expected in EXPECTED.items():
        for name, value in expected.items():
            assert overview.figures[where][name].computed == value, (where, name)
        for name in NOT_DEFINED:
            assert name not in overview.figures[where] or (
                overview.figures[where][name].computed is None
            ), (where, name)
    # the stated figures of the document's own names are kept and agree
    assert overview.figures["noord"]["subtotal_P"].stated == D(15000)
    assert overview.figures["noord"]["personnel_share"].stated == D("0.6")
    assert not overview.differences()


def test_a_ratio_over_a_list_below_the_line():
    """A denominator of group and line codes (not the total): M / (H + M), with a line code
    in the numerator: P1 / (H + M)."""
    lines = [
        LineRow("P1", "P", "", "", "", False, {"x": D(10)}, D(10)),
        LineRow("H1", "H", "", "", "", False, {"x": D(30)}, D(30)),
        LineRow("M1", "M", "", "", "", False, {"x": D(10)}, D(10)),
    ]
    values = computed_figures(
        selection=["x"],
        has_budget=True,
        lines=lines,
        funders=[],
        has_financing=False,
        investments=[],
        rates={},
        groups=(GroupDef("P", "P"), GroupDef("H", "H"), GroupDef("M", "M")),
        ratios=(
            RatioDef("activities_share", "M", ("M",), ("H", "M")),
            RatioDef("p1_share", "P1", ("P1",), ("H", "M")),
        ),
    )
    assert values["activities_share"] == D("0.25")  # 10 / (30 + 10)
    assert values["p1_share"] == D("0.25")
    assert values["total"] == D(50)
    assert "sroi_share" not in values


def test_the_budget_page_shows_its_groups_and_its_ratio_and_no_other(client, agreement):
    user = UserFactory(username="groepen-board")
    MembershipFactory(user=user, organisation=agreement.organisation, role=Role.BOARD)
    client.force_login(user)
    response = client.get(reverse("budgets:budget", args=[agreement.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    for text in ("Personeel", "Huisvesting", "Subtotaal Activiteiten", "Aandeel personeel"):
        assert text in body, text
    assert "60%" in body and "50%" in body and "56%" in body  # 5/9 = 55.6% -> 56%
    for text in ("SROI", "overhead", "Inzet mensen", "(A)"):
        assert text not in body, text


@pytest.mark.usefixtures("system")
def test_the_excel_sheets_show_its_groups_and_its_ratio_as_formulas(agreement, tmp_path):
    report = progress_report(user=None, agreement=agreement, period=Period(2021, 2))
    path = tmp_path / "groepen.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    workbook = load_workbook(path)
    sheet = workbook["begroting"]
    keys = {row[0].value for row in sheet.iter_rows() if row[0].value}
    assert {"subtotal_P", "subtotal_H", "subtotal_M", "total", "personnel_share"} <= keys
    assert not keys & set(NOT_DEFINED)
    texts = {row[1].value for row in sheet.iter_rows() if row[1].value}
    assert {"Personeel", "Huisvesting", "Activiteiten", "Aandeel personeel"} <= texts
    # the formulas, evaluated independently, give the hand-worked figures
    values = _evaluate(path)
    cells = _figure_cells(sheet, {"Noord": "noord", "Zuid": "zuid", "Totaal": "all"})
    for where, expected in EXPECTED.items():
        for name, value in expected.items():
            cell = cells[(where, name)]
            assert str(cell.value).startswith("="), (where, name, cell.value)
            result = values[("BEGROTING", cell.coordinate)]
            assert float(result) == pytest.approx(float(value), abs=1e-9), (where, name)
    data = {
        (row[0], row[1]): row[2]
        for row in workbook["budget_data"].iter_rows(min_row=2, values_only=True)
    }
    assert data[("noord", "personnel_share")] == pytest.approx(0.6)
    assert data[("all", "subtotal_H")] == 14000
    assert not {name for _where, name in data} & set(NOT_DEFINED)


@pytest.mark.usefixtures("system")
def test_the_pdf_financial_section_shows_its_groups_and_its_ratio(agreement):
    report = progress_report(user=None, agreement=agreement, period=Period(2021, 2))
    rows = report.financial.budget_rows
    assert [row.code for row in rows if row.kind == "group"] == ["P", "H", "M"]
    assert [row.code for row in rows if row.kind == "ratio"] == ["personnel_share"]
    html = progress_report_html(report)
    assert "Aandeel personeel" in html and "Subtotaal Personeel" in html
    assert "SROI" not in html and "overhead" not in html


def test_a_line_with_a_group_the_budget_does_not_define_is_a_problem_at_its_line(tmp_path):
    text = GROUPS_FILE.replace("{code: H1, group: H,", "{code: H1, group: X,")
    assert text.splitlines()[LINE_H1 - 1].lstrip().startswith("- {code: H1, group: X")
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[write(tmp_path, text)])
    (problem,) = excinfo.value.problems
    assert (problem.line, problem.column, problem.where) == (
        LINE_H1,
        27,
        "budgets[0].lines[2].group",
    )
    assert "'X'" in problem.message and "P, H, M" in problem.message


def test_a_ratio_naming_an_unknown_group_is_a_problem(tmp_path):
    text = GROUPS_FILE.replace("numerator: [P]}", "numerator: [Q]}")
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[write(tmp_path, text)])
    problems = {problem.where: problem.message for problem in excinfo.value.problems}
    assert "'Q'" in problems["budgets[0].ratios[0].numerator[0]"]
    # the ratio is not defined, so its stated figure is not a known name either
    assert set(problems) == {
        "budgets[0].ratios[0].numerator[0]",
        "stated_figures.noord.personnel_share",
    }


def test_groups_are_a_format_2_key(tmp_path):
    text = GROUPS_FILE.replace("format: 2", "format: 1", 1)
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[write(tmp_path, text)])
    wheres = {problem.where for problem in excinfo.value.problems}
    assert {"budgets[0].groups", "budgets[0].ratios"} <= wheres


def test_the_file_round_trips_identically(tmp_path, agreement):
    with system_scope():
        text = dump_agreement(agreement)
        before = budget_overview(agreement).figures
    (budget,) = yaml.safe_load(text)["budgets"]
    assert budget["groups"] == [
        {"code": "P", "name": "Personeel"},
        {"code": "H", "name": "Huisvesting"},
        {"code": "M", "name": "Activiteiten"},
    ]
    assert budget["ratios"] == [
        {"code": "personnel_share", "name": "Aandeel personeel", "numerator": ["P"]}
    ]
    # loaded over itself the dump changes nothing; dumped again it is the same text
    (summary,) = load_agreement_files(paths=[write(tmp_path, text, "dump.yaml")])
    assert summary.budgets.updated == 0 and summary.budget_lines.updated == 0
    with system_scope():
        assert dump_agreement(agreement) == text
        after = budget_overview(agreement).figures
    assert {
        where: {name: (f.computed, f.stated) for name, f in figures.items()}
        for where, figures in after.items()
    } == {
        where: {name: (f.computed, f.stated) for name, f in figures.items()}
        for where, figures in before.items()
    }


@pytest.mark.usefixtures("system")
def test_the_admin_form_refuses_a_group_the_budget_does_not_define(agreement):
    line = BudgetLine.unscoped.get(code="H1", budget__agreement=agreement)
    line.group = "A"  # a group of today's budgets, not of this one
    with pytest.raises(ValidationError) as excinfo:
        line.full_clean()
    assert "group" in excinfo.value.message_dict
    line.group = "M"
    line.full_clean()


@pytest.mark.usefixtures("system")
def test_a_ratio_of_its_own_without_groups_of_its_own_is_in_the_data_sheet(tmp_path):
    """A budget that keeps today's groups A-E but states a ratio of its own lists that ratio
    in ``budget_data``, as the page and the BEGROTING sheet show it, and none of the three
    ratios it does not define. Same lines as ``GROUPS_FILE``, P1 and P2 in group A: the ratio
    A / total is 60% at noord (15.000 of 25.000), as worked out above."""
    text = (
        GROUPS_FILE.replace(
            "    groups:\n      - {code: P, name: Personeel}\n"
            "      - {code: H, name: Huisvesting}\n      - {code: M, name: Activiteiten}\n",
            "",
        )
        .replace("numerator: [P]", "numerator: [A]")
        .replace("group: P,", "group: A,")
        .replace("group: H,", "group: C,")
        .replace("group: M,", "group: D,")
        .replace('    subtotal_P: "15000"\n', "")
    )
    load_agreement_files(paths=[write(tmp_path, text)])
    agreement = Agreement.unscoped.get(region="groepen")
    report = progress_report(user=None, agreement=agreement, period=Period(2021, 2))
    path = tmp_path / "zonder-groepen.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    data = {
        (row[0], row[1]): row[2]
        for row in load_workbook(path)["budget_data"].iter_rows(min_row=2, values_only=True)
    }
    assert data[("noord", "personnel_share")] == pytest.approx(0.6)
    assert data[("noord", "subtotal_A")] == 15000
    assert not {name for _where, name in data} & {"sroi_share", "people_share", "overhead_share"}


#: ``GROUPS_FILE`` with today's groups A-E (P1, P2 in A; H1 in C; M1 in D) and ``ratios``
#: replaced by ``RATIOS`` (the stated ratio figure left out: no ratio defines it).
def _today_groups(ratios: str) -> str:
    return (
        GROUPS_FILE.replace(
            "    groups:\n      - {code: P, name: Personeel}\n"
            "      - {code: H, name: Huisvesting}\n      - {code: M, name: Activiteiten}\n",
            "",
        )
        .replace(
            "    ratios:\n"
            "      - {code: personnel_share, name: Aandeel personeel, numerator: [P]}\n",
            ratios,
        )
        .replace("group: P,", "group: A,")
        .replace("group: H,", "group: C,")
        .replace("group: M,", "group: D,")
        .replace('  noord:\n    subtotal_P: "15000"\n    personnel_share: "60%"\n', "")
    )


DEFAULT_RATIO_CODES = {"sroi_share", "people_share", "overhead_share"}


@pytest.mark.usefixtures("system")
def test_ratios_stated_empty_mean_none_and_an_absent_key_the_defaults(tmp_path, client):
    """``ratios: []`` in a budget with today's groups says "no ratios": none is stored,
    computed or shown (page, PDF, BEGROTING, budget_data), and the file round-trips with it;
    without the key the budget has today's three ratios. With P1 + P2 = 15.000 of 25.000 in
    group A at noord and nothing in B or E, the defaults would show SROI 0%, people 60%,
    overhead 0%."""
    load_agreement_files(paths=[write(tmp_path, _today_groups("    ratios: []\n"))])
    agreement = Agreement.unscoped.get(region="groepen")
    budget = Budget.unscoped.get(agreement=agreement)
    assert budget.ratios == []
    overview = budget_overview(agreement)
    assert overview.ratios == ()
    assert not set(overview.figures["noord"]) & DEFAULT_RATIO_CODES
    assert overview.figures["noord"]["subtotal_A"].computed == 15000

    report = progress_report(user=None, agreement=agreement, period=Period(2021, 2))
    assert [row.code for row in report.financial.budget_rows if row.kind == "ratio"] == []
    html = progress_report_html(report)
    assert "SROI" not in html and "Aandeel overhead" not in html
    path = tmp_path / "geen-verhoudingen.xlsx"
    path.write_bytes(progress_report_xlsx(report))
    workbook = load_workbook(path)
    keys = {row[0].value for row in workbook["begroting"].iter_rows() if row[0].value}
    assert "subtotal_A" in keys and not keys & DEFAULT_RATIO_CODES
    data = {row[1] for row in workbook["budget_data"].iter_rows(min_row=2, values_only=True)}
    assert "total" in data and not data & DEFAULT_RATIO_CODES

    user = UserFactory(username="geen-verhoudingen-board")
    MembershipFactory(user=user, organisation=agreement.organisation, role=Role.BOARD)
    client.force_login(user)
    body = client.get(reverse("budgets:budget", args=[agreement.pk])).content.decode()
    assert "(A) Inzet mensen" in body
    for text in ("SROI", "Aandeel investering in mensen", "Aandeel overhead"):
        assert text not in body, text

    text = dump_agreement(agreement)
    (stated,) = yaml.safe_load(text)["budgets"]
    assert stated["ratios"] == []
    (summary,) = load_agreement_files(paths=[write(tmp_path, text, "dump.yaml")])
    assert summary.budgets.updated == 0
    assert dump_agreement(agreement) == text
    assert Budget.unscoped.get(agreement=agreement).ratios == []

    # The same file without the key: today's three ratios, and the dump states none.
    load_agreement_files(paths=[write(tmp_path, _today_groups(""))])
    budget.refresh_from_db()
    assert budget.ratios is None
    overview = budget_overview(agreement)
    assert {ratio.code for ratio in overview.ratios} == DEFAULT_RATIO_CODES
    assert overview.figures["noord"]["people_share"].computed == D("0.6")
    assert "ratios" not in yaml.safe_load(dump_agreement(agreement))["budgets"][0]


@pytest.mark.usefixtures("system")
def test_the_migration_keeps_budgets_that_stated_no_ratios_on_the_defaults(agreement):
    """Before ``ratios: []`` meant "none", a stored [] meant "not stated": the migration
    stores those as null (the defaults) and leaves a budget's own ratios alone."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("budgets.migrations.0008_budget_ratios_stated")
    own = Budget.unscoped.get(agreement=agreement)
    older = Budget.unscoped.create(agreement=agreement, version="Oudere versie", ratios=[])
    migration.not_stated(apps, None)
    older.refresh_from_db()
    own.refresh_from_db()
    assert older.ratios is None
    assert [ratio["code"] for ratio in own.ratios] == ["personnel_share"]
