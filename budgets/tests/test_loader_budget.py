"""Loading the budget sections of agreement files (docs/agreement-format.md, "Budget and
financing"): loading again, and bad files. The real files' figures against their source
documents: test_loader_budget_sources.py.

Bad files: each test edits one line of ``VALID`` (line numbers written next to it) and expects
the problem at the position worked out by hand (columns count from 1).
"""

import datetime
from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.loader import LoaderError, load_agreement_files
from agreements.models import Agreement
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Expenditure,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)
from locations.models import Location

DATA = Path(settings.BASE_DIR) / "data" / "agreements"
FILE_2021 = DATA / "zuidoost-2021.yaml"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# --- loading again ------------------------------------------------------------------------------


def budget_counts() -> dict[str, int]:
    models = [
        VolunteerRate, Budget, BudgetLine, BudgetAmount, Financing, VolunteerInvestment,
        StatedFigure,
    ]  # fmt: skip
    return {model.__name__: model.unscoped.count() for model in models}


def test_loading_the_2021_file_twice_with_the_command_is_idempotent():
    call_command("load_agreement", str(FILE_2021), stdout=StringIO())
    first = budget_counts()
    assert first == {
        "VolunteerRate": 2,
        "Budget": 1,
        "BudgetLine": 15,
        "BudgetAmount": 45,
        "Financing": 33,
        "VolunteerInvestment": 3,
        "StatedFigure": 71,
    }
    out = StringIO()
    call_command("load_agreement", str(FILE_2021), language="en", stdout=out)
    assert budget_counts() == first
    lines = out.getvalue().splitlines()
    assert f"  {'budget lines':<18} 0 created, 0 updated, 15 unchanged, 0 removed" in lines
    assert f"  {'financing':<18} 0 created, 0 updated, 33 unchanged, 0 removed" in lines
    assert f"  {'stated figures':<18} 0 created, 0 updated, 71 unchanged, 0 removed" in lines


# --- a small file -------------------------------------------------------------------------------

VALID = """\
format: 1
organisation:
  slug: org-x
  name: Organisatie X
region: testregio
region_name: Testregio
year: 2021
title: Testafspraak 2021
locations:
  - code: noord
    name: Noord
  - code: zuid
    name: Zuid
parties:
  - code: gemeente
    name: Gemeente
    kind: municipality
    funder: true
  - code: bv-noord
    name: Bewonersvereniging Noord
    kind: residents_association
    location: noord
indicators:
  - code: budget_spending
    section: INPUT
    description: Goede besteding budget
    method: budget
    targets: {noord: "Positief", zuid: "Positief"}
volunteer_rates:
  residents: {rate: "11.00", source: minimumloon}
  professionals: {rate: "37.00", source: DOMAIN.md}
budgets:
  - version: Begroting 2021
    source: test
    lines:
      - code: A1
        group: A
        description: Coördinatie
        note: gem. 18 uur/week
        amounts: {noord: "1000", zuid: "2000.50"}
      - code: D1
        group: D
        description: Handgeld
        petty_cash: true
        amounts: {noord: "3000", zuid: "3000"}
financing:
  - funder: gemeente
    amounts: {noord: "4000", zuid: "5000"}
    in_kind: {zuid: "1000"}
    footnote: "(1) deels huur"
volunteer_hours:
  noord: {residents: 1000, professionals: 500}
stated_figures:
  noord:
    subtotal_A: "1000"
    total: {value: "4000", text: "€ 4.000,-", source: "p. 3"}
    sroi_share: "0%"
  all:
    financing:gemeente: "9000"
    volunteer_hours: "1500"
"""
# Lines: 30 residents rate, 36 "- code: A1", 37 group, 40 A1 amounts, 41 "- code: D1", 42 group,
# 44 petty_cash, 45 D1 amounts, 47 "- funder: gemeente", 48 amounts, 49 in_kind, 52 noord hours,
# 54 "noord:" (stated), 55 subtotal_A, 56 total, 57 sroi_share, 58 "all:", 59 financing:gemeente.


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edit(old: str, new: str) -> str:
    assert VALID.count(old) == 1, old
    return VALID.replace(old, new)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[path])
    return [str(problem) for problem in excinfo.value.problems]


def test_the_valid_file_loads_every_section(tmp_path):
    summary = load_agreement_files(paths=[write(tmp_path, VALID)])[0]
    assert (summary.budget_lines.created, summary.budget_amounts.created) == (2, 4)
    assert (summary.financing.created, summary.stated_figures.created) == (2, 5)
    line = BudgetLine.unscoped.get(code="A1")
    assert (line.group, line.note, line.footnote, line.is_petty_cash) == (
        "A",
        "gem. 18 uur/week",
        "",
        False,
    )
    assert BudgetAmount.unscoped.get(line=line, location__code="zuid").amount == D("2000.50")
    assert BudgetLine.unscoped.get(code="D1").is_petty_cash
    zuid = Financing.unscoped.get(location__code="zuid")
    assert (zuid.amount, zuid.in_kind, zuid.earmarked, zuid.footnote) == (
        D("5000"),
        D("1000"),
        None,
        "(1) deels huur",
    )
    assert Financing.unscoped.get(location__code="noord").in_kind is None
    hours = VolunteerInvestment.unscoped.get()
    assert (hours.location.code, hours.residents_hours, hours.professionals_hours) == (
        "noord",
        D("1000"),
        D("500"),
    )
    figures = {
        (f.location.code if f.location else "all", f.figure): (f.value, f.text, f.source)
        for f in StatedFigure.unscoped.select_related("location")
    }
    # the value alone: printed form derived from it; the mapping form: as given
    assert figures == {
        ("noord", "subtotal_A"): (D("1000"), "€ 1.000", ""),
        ("noord", "total"): (D("4000"), "€ 4.000,-", "p. 3"),
        ("noord", "sroi_share"): (D("0"), "0%", ""),
        ("all", "financing:gemeente"): (D("9000"), "€ 9.000", ""),
        ("all", "volunteer_hours"): (D("1500"), "1.500 uren", ""),
    }
    rate = VolunteerRate.unscoped.get(kind="residents")
    assert (rate.year, rate.rate, rate.source) == (2021, D("11.00"), "minimumloon")


def test_a_wrong_stated_total_loads_and_is_kept(tmp_path):
    # noord's lines are 1000 + 3000 = 4000; the "source" states 5000
    load_agreement_files(paths=[write(tmp_path, edit('value: "4000"', 'value: "5000"'))])
    lines = BudgetAmount.unscoped.filter(location__code="noord").values_list("amount", flat=True)
    assert sum(lines) == D("1000") + D("3000")
    assert StatedFigure.unscoped.get(figure="total").value == D("5000")


def test_a_stated_shortfall_is_a_negative_surplus(tmp_path):
    text = edit('    volunteer_hours: "1500"\n', '    surplus: "-250.50"\n')
    load_agreement_files(paths=[write(tmp_path, text)])
    surplus = StatedFigure.unscoped.get(figure="surplus")
    assert (surplus.value, surplus.text) == (D("-250.50"), "-€ 250,50")


def test_reloading_replaces_the_budget_sections(tmp_path):
    load_agreement_files(paths=[write(tmp_path, VALID, "v1.yaml")])
    text = (
        VALID.replace('zuid: "2000.50"', 'zuid: "2100"')
        .replace('    in_kind: {zuid: "1000"}\n', "")
        .replace('    sroi_share: "0%"\n', "")
        .replace("  - version: Begroting 2021", "  - version: Begroting 2021 (herzien)")
    )
    summary = load_agreement_files(paths=[write(tmp_path, text, "v2.yaml")])[0]
    # the renamed version is a new budget with new lines; the old one goes with its lines
    assert (summary.budgets.created, summary.budgets.removed) == (1, 1)
    assert (summary.budget_lines.created, summary.budget_lines.removed) == (2, 2)
    assert summary.financing.updated == 1
    assert summary.stated_figures.removed == 1
    assert list(Budget.unscoped.values_list("version", flat=True)) == ["Begroting 2021 (herzien)"]
    assert BudgetAmount.unscoped.count() == 4
    assert Financing.unscoped.get(location__code="zuid").in_kind is None
    assert not StatedFigure.unscoped.filter(figure="sroi_share").exists()


def test_a_line_with_expenditures_is_never_removed(tmp_path):
    load_agreement_files(paths=[write(tmp_path, VALID, "v1.yaml")])
    Expenditure.unscoped.create(
        location=Location.unscoped.get(code="noord"),
        line=BudgetLine.unscoped.get(code="D1"),
        date=datetime.date(2021, 3, 1),
        amount=D("12.50"),
    )
    start = VALID.index("      - code: D1")
    end = VALID.index("financing:")
    path = write(tmp_path, VALID[:start] + VALID[end:], "v2.yaml")
    assert problems_of(path) == [
        f"{path}: budgets: line D1 of budget 'Begroting 2021' has expenditures and cannot be "
        "removed; keep it in the file"
    ]
    assert BudgetLine.unscoped.filter(code="D1").exists()


FIGURE_NAMES = (
    "subtotal_A, subtotal_B, subtotal_C, subtotal_D, subtotal_E, subtotal_AB, total, sroi_share, "
    "people_share, overhead_share, financing_total, financing_subtotal_housing, surplus, "
    "volunteer_hours_residents, volunteer_hours_professionals, volunteer_hours, volunteer_value, "
    "popular_budget, funders_share, financing:<funder code>"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # budget lines
        (
            "  - code: D1",
            "  - code: A1",
            "bad.yaml:41:15: budgets[0].lines[1].code: duplicate line code 'A1' in this budget "
            "(also budgets[0].lines[0])",
        ),
        (
            "group: D",
            "group: F",
            "bad.yaml:42:16: budgets[0].lines[1].group: 'F' is not allowed here "
            "(allowed: A, B, C, D, E)",
        ),
        (
            'amounts: {noord: "3000", zuid: "3000"}',
            'amounts: {noord: "3000"}',
            "bad.yaml:45:18: budgets[0].lines[1].amounts: no amount for location(s): zuid",
        ),
        (
            'zuid: "2000.50"',
            'zuid: "-5"',
            "bad.yaml:40:40: budgets[0].lines[0].amounts.zuid: '-5' must not be negative",
        ),
        (
            'zuid: "2000.50"',
            'zuid: "2.000"',
            "bad.yaml:40:40: budgets[0].lines[0].amounts.zuid: '2.000' has more than 2 "
            "decimal(s) (write euros without a thousands separator, e.g. 35460)",
        ),
        (
            'zuid: "2000.50"',
            'zuid: "2.000,50"',
            "bad.yaml:40:40: budgets[0].lines[0].amounts.zuid: '2.000,50' is not a number "
            "(write e.g. 1234.50: a decimal point, no thousands separator)",
        ),
        (
            "        note: gem. 18 uur/week\n",
            "        note: gem. 18 uur/week\n        petty_cash: true\n",
            "bad.yaml:45:21: budgets[0].lines[1].petty_cash: only one petty-cash line per budget "
            "(also budgets[0].lines[0])",
        ),
        (
            "financing:\n",
            "  - version: Begroting 2021\n    lines: []\nfinancing:\n",
            "bad.yaml:46:14: budgets[1].version: duplicate budget version 'Begroting 2021' "
            "(also budgets[0])",
        ),
        # financing
        (
            "- funder: gemeente",
            "- funder: bv-noord",
            "bad.yaml:47:13: financing[0].funder: party 'bv-noord' is not a funder "
            "(it has no 'funder: true')",
        ),
        (
            "- funder: gemeente",
            "- funder: rochdale",
            "bad.yaml:47:13: financing[0].funder: unknown funder 'rochdale' "
            "(funders in this file: gemeente)",
        ),
        (
            "volunteer_hours:\n",
            '  - funder: gemeente\n    amounts: {noord: "1"}\nvolunteer_hours:\n',
            "bad.yaml:51:13: financing[1].funder: duplicate funder 'gemeente' (also financing[0])",
        ),
        (
            'amounts: {noord: "4000", zuid: "5000"}\n    in_kind: {zuid: "1000"}\n',
            "amounts: {}\n",
            "bad.yaml:48:14: financing[0].amounts: name at least one location",
        ),
        (
            'in_kind: {zuid: "1000"}',
            'in_kind: {zuid: "6000"}',
            "bad.yaml:49:21: financing[0].in_kind.zuid: the part (6000) is more than the "
            "amount (5000)",
        ),
        (
            'amounts: {noord: "4000", zuid: "5000"}',
            'amounts: {noord: "4000"}',
            "bad.yaml:49:21: financing[0].in_kind.zuid: no amount for location 'zuid' in amounts",
        ),
        (
            'in_kind: {zuid: "1000"}',
            'in_kind: {west: "1000"}',
            "bad.yaml:49:15: financing[0].in_kind.west: unknown location 'west' "
            "(locations in this file: noord, zuid)",
        ),
        # volunteer hours and rates
        (
            "residents: 1000,",
            "residents: -1,",
            "bad.yaml:52:22: volunteer_hours.noord.residents: '-1' must not be negative",
        ),
        (
            "residents: 1000,",
            "residents: 1000.25,",
            "bad.yaml:52:22: volunteer_hours.noord.residents: '1000.25' has more than 1 decimal(s)",
        ),
        (
            "{residents: 1000, professionals: 500}",
            "{residents: 1000}",
            "bad.yaml:52:10: volunteer_hours.noord: missing required key 'professionals'",
        ),
        (
            "  noord: {residents",
            "  west: {residents",
            "bad.yaml:52:3: volunteer_hours.west: unknown location 'west' "
            "(locations in this file: noord, zuid)",
        ),
        (
            "  residents: {rate",
            "  bewoners: {rate",
            "bad.yaml:30:3: volunteer_rates.bewoners: 'bewoners' is not allowed here "
            "(allowed: residents, professionals)",
        ),
        (
            'rate: "11.00"',
            'rate: "11.005"',
            "bad.yaml:30:21: volunteer_rates.residents.rate: '11.005' has more than 2 decimal(s) "
            "(write euros without a thousands separator, e.g. 35460)",
        ),
        # stated figures
        (
            'sroi_share: "0%"',
            'sroi_share: "0.38"',
            "bad.yaml:57:17: stated_figures.noord.sroi_share: '0.38' is not a percentage "
            "(sroi_share is written as printed, e.g. '38%')",
        ),
        (
            'subtotal_A: "1000"',
            'subtotal_A: "10%"',
            "bad.yaml:55:17: stated_figures.noord.subtotal_A: '10%' is a percentage; only "
            "sroi_share, people_share, overhead_share, funders_share are",
        ),
        (
            'subtotal_A: "1000"',
            'subtotal_F: "1000"',
            "bad.yaml:55:5: stated_figures.noord.subtotal_F: 'subtotal_F' is not a figure name "
            f"(allowed: {FIGURE_NAMES})",
        ),
        (
            'subtotal_A: "1000"',
            'subtotal_A: "duizend"',
            "bad.yaml:55:17: stated_figures.noord.subtotal_A: 'duizend' is not a number "
            "(write e.g. 1234.50: a decimal point, no thousands separator)",
        ),
        (
            'value: "4000"',
            'value: "-4000"',
            "bad.yaml:56:20: stated_figures.noord.total.value: '-4000' must not be negative",
        ),
        (
            "financing:gemeente:",
            "financing:rochdale:",
            "bad.yaml:59:5: stated_figures.all.financing:rochdale: unknown funder 'rochdale' "
            "(funders in this file: gemeente)",
        ),
        (
            'subtotal_A: "1000"',
            'financing:gemeente: "1000"',
            "bad.yaml:55:5: stated_figures.noord.financing:gemeente: 'financing:gemeente' is "
            "stated only under 'all' (a funder's amount per location is its financing)",
        ),
        (
            "  noord:\n    subtotal_A",
            "  west:\n    subtotal_A",
            "bad.yaml:54:3: stated_figures.west: unknown location 'west' "
            "(locations in this file: noord, zuid)",
        ),
        (
            'volunteer_hours: "1500"',
            'volunteer_hours: "1500.55"',
            "bad.yaml:60:22: stated_figures.all.volunteer_hours: '1500.55' has more than 1 "
            "decimal(s)",
        ),
    ],
)
def test_each_budget_problem_is_reported_with_its_position(tmp_path, old, new, expected):
    path = write(tmp_path, edit(old, new))
    assert problems_of(path) == [f"{path.parent}/{expected}"]
    assert not Agreement.unscoped.exists()
    assert not Budget.unscoped.exists()
    assert not VolunteerRate.unscoped.exists()


def test_an_unknown_location_in_line_amounts_is_reported_with_the_missing_one(tmp_path):
    path = write(tmp_path, edit('zuid: "2000.50"', 'west: "2000.50"'))
    assert problems_of(path) == [
        f"{path}:40:34: budgets[0].lines[0].amounts.west: unknown location 'west' "
        "(locations in this file: noord, zuid)",
        f"{path}:40:18: budgets[0].lines[0].amounts: no amount for location(s): zuid",
    ]
    assert not Budget.unscoped.exists()
