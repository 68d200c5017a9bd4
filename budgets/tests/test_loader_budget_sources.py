"""The budget sections of the real agreement files match their source documents
(docs/agreement-format.md, "Budget and financing"; loading bad files and loading again:
test_loader_budget.py).

The real files are checked against the source documents in /work/shared/seeds/:
001_6f732f00ad6a3b62.txt (2021, BEGROTING lines 254-408, FINANCIERING lines 409-493) and
000_5f2cecc50e5580b9.txt (2019, "Financiers 2019" lines 108-126). Expected values are typed
from those documents. The files are loaded once for the whole module: every test only reads.
"""

from decimal import Decimal as D
from pathlib import Path

import pytest
from django.conf import settings

from agreements.loader import load_agreement_files
from agreements.models import Agreement
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)

DATA = Path(settings.BASE_DIR) / "data" / "agreements"
FILE_2019 = DATA / "zuidoost-2019.yaml"
FILE_2021 = DATA / "zuidoost-2021.yaml"

pytestmark = pytest.mark.django_db


def amount(year: int, code: str, location: str) -> D:
    return BudgetAmount.unscoped.get(
        line__budget__agreement__year=year, line__code=code, location__code=location
    ).amount


def financing(year: int, funder: str, location: str) -> Financing:
    return Financing.unscoped.get(agreement__year=year, party__code=funder, location__code=location)


def stated(year: int, location: str | None, figure: str) -> StatedFigure:
    return StatedFigure.unscoped.get(
        agreement__year=year,
        location__code=location,
        location__isnull=location is None,
        figure=figure,
    )


@pytest.fixture(scope="module")
def loaded(module_transaction):
    """Both real files, loaded once for the module (its tests only read)."""
    load_agreement_files(paths=[FILE_2019, FILE_2021])


# --- the 2021 agreement ------------------------------------------------------------------------


def test_2021_budget_has_the_15_lines_of_the_source(loaded):
    (budget,) = Budget.unscoped.filter(agreement__year=2021)
    assert budget.version == "Basisbegroting 2021"
    lines = list(BudgetLine.unscoped.filter(budget=budget).order_by("position"))
    # A1-A3, B1-B3, C1-C3, D1-D4, E1-E2 (seed 001 lines 274-352)
    assert [(line.group, line.code) for line in lines] == [
        ("A", "A1"), ("A", "A2"), ("A", "A3"),
        ("B", "B1"), ("B", "B2"), ("B", "B3"),
        ("C", "C1"), ("C", "C2"), ("C", "C3"),
        ("D", "D1"), ("D", "D2"), ("D", "D3"), ("D", "D4"),
        ("E", "E1"), ("E", "E2"),
    ]  # fmt: skip
    assert BudgetAmount.unscoped.filter(line__budget=budget).count() == 15 * 3
    assert [line.code for line in lines if line.is_petty_cash] == ["D1"]
    a1, b1, b2, b3 = (
        next(line for line in lines if line.code == c) for c in ("A1", "B1", "B2", "B3")
    )
    assert a1.description == (
        "Ondersteunen en coördineren (met een teamcoördinator) van vrijwilligers, "
        "medewerkers en deelnemers"
    )
    assert (a1.note, b1.note, b3.note) == ("gem. 18 uur/week", "32 uur/week", "3 tot 4 werkplekken")
    assert b1.footnote.startswith("① In 2018-2020 waren er drie jaar lang vier buurtwerkkamers")
    assert b2.footnote.startswith("② Schuldhulptoeleiding is één van de diensten")


@pytest.mark.parametrize(
    ("code", "cjm", "multibron", "handreiking"),
    [
        ("A1", "35460", "34500", "35460"),  # line 279
        ("B1", "29220", "58428", "29220"),  # lines 297-300
        ("B2", "12324", "12324", "12324"),  # line 302
        ("C1", "8700", "12540", "9000"),  # line 314
        ("D2", "1452", "1452", "1452"),  # line 338
        ("E2", "1020", "1020", "1020"),  # line 350
    ],
)
def test_2021_line_amounts_match_the_source(loaded, code, cjm, multibron, handreiking):
    assert amount(2021, code, "cjm") == D(cjm)
    assert amount(2021, code, "multibron") == D(multibron)
    assert amount(2021, code, "handreiking") == D(handreiking)


def test_2021_stated_figures_are_kept_as_printed_even_when_wrong(loaded):
    # MultiBron (A): the lines are 34.500 + 11.712 + 7.320 = 53.532, the source prints 52.532
    lines_a = sum(
        BudgetAmount.unscoped.filter(
            line__budget__agreement__year=2021, line__group="A", location__code="multibron"
        ).values_list("amount", flat=True)
    )
    assert lines_a == D("53532")
    subtotal = stated(2021, "multibron", "subtotal_A")
    assert (subtotal.value, subtotal.text) == (D("52532"), "€ 52.532")
    assert subtotal.source == "seed 001 line 291"
    # De Handreiking's financing rows add up to 128.500; "Investering financiers" prints 126.000
    rows = Financing.unscoped.filter(agreement__year=2021, location__code="handreiking")
    assert sum(row.amount for row in rows) == D("51500") + D("15500") + D("5000") + D("10000") + D(
        "22500"
    ) + D("5000") + D("16000") + D("2500") + D("500")
    assert stated(2021, "handreiking", "financing_total").value == D("126000")


def test_2021_stated_figures_per_location_and_in_total(loaded):
    agreement = Agreement.unscoped.get(year=2021)
    # 15 figures per room, and 10 budget + 11 funders + 5 other figures in the Totaal column
    assert StatedFigure.unscoped.filter(agreement=agreement).count() == 3 * 15 + 10 + 11 + 5
    share = stated(2021, "cjm", "sroi_share")
    assert (share.value, share.text) == (D("0.38"), "38%")
    assert stated(2021, "multibron", "overhead_share").value == D("0.06")
    assert stated(2021, None, "total").value == D("409092")
    assert stated(2021, None, "subtotal_AB").value == D("334356")
    assert stated(2021, None, "financing:gemeente-amsterdam").value == D("191701")
    assert stated(2021, None, "financing_subtotal_housing").value == D("95000")
    funders = stated(2021, "cjm", "funders_share")
    assert (funders.value, funders.text) == (D("0.49"), "(= 49%)")
    hours = stated(2021, None, "volunteer_hours")
    assert (hours.value, hours.text) == (D("26500"), "26.500 uren")
    assert stated(2021, "multibron", "volunteer_value").value == D("101000")


def test_2021_financing_per_funder_and_location(loaded):
    # 11 funders × 3 rooms; "€ 0" cells are stored as 0
    assert Financing.unscoped.filter(agreement__year=2021).count() == 11 * 3
    assert financing(2021, "gemeente-amsterdam", "multibron").amount == D("77701")
    assert financing(2021, "uitkering-ziektewet", "cjm").amount == D("0")
    sick_pay = financing(2021, "uitkering-ziektewet", "multibron")
    assert sick_pay.amount == D("21500")
    assert sick_pay.footnote.startswith("① Één van de assistenten (ATC)")
    ymere = financing(2021, "ymere", "handreiking")
    assert (ymere.amount, ymere.earmarked, ymere.in_kind) == (D("22500"), D("5000"), None)
    assert financing(2021, "ymere", "multibron").earmarked is None
    assert financing(2021, "nationale-nederlanden", "cjm").footnote.startswith("③")
    assert financing(2021, "sponsors-social-return", "handreiking").amount == D("2500")


def test_2021_volunteer_hours_and_rates(loaded):
    cjm = VolunteerInvestment.unscoped.get(agreement__year=2021, location__code="cjm")
    # 10.500 hours = 10.000 residents' + 2 professionals × 250
    assert (cjm.residents_hours, cjm.professionals_hours) == (D("10000"), D("500"))
    multibron = VolunteerInvestment.unscoped.get(agreement__year=2021, location__code="multibron")
    assert multibron.residents_hours == D("7500")
    rates = dict(VolunteerRate.unscoped.filter(year=2021).values_list("kind", "rate"))
    assert rates == {"residents": D("11.00"), "professionals": D("37.00")}
    assert (
        "Niet vermeld in de samenwerkingsafspraak 2021"
        in VolunteerRate.unscoped.get(year=2021, kind="residents").source
    )


# --- the 2019 agreement ------------------------------------------------------------------------


def test_2019_budget_is_one_ungrouped_total_line(loaded):
    (budget,) = Budget.unscoped.filter(agreement__year=2019)
    assert budget.version == "Begroting 2019 (maart 2019)"
    (line,) = BudgetLine.unscoped.filter(budget=budget)
    assert (line.code, line.group) == ("T", "")
    # seed 000 line 111
    expected = {"cjm": "98220", "multibron": "108744", "handreiking": "102120"}
    expected["samensterk"] = "107508"
    for location, euros in expected.items():
        assert amount(2019, "T", location) == D(euros)
    assert stated(2019, None, "total").value == D("416592")
    assert stated(2019, "samensterk", "total").value == D("107508")


def test_2019_financing_footnotes(loaded):
    assert Financing.unscoped.filter(agreement__year=2019).count() == 9 * 4
    # (1) Rochdale at Samen Sterk: rent 12.000 + adjusting the room 3.000 in kind
    rochdale = financing(2019, "rochdale", "samensterk")
    assert (rochdale.amount, rochdale.in_kind) == (D("19000"), D("12000") + D("3000"))
    assert rochdale.footnote.startswith("(1) Bijdrage Rochdale")
    assert financing(2019, "rochdale", "handreiking").in_kind is None
    # (2) Ymere at De Handreiking: 7.500 activities + 5.000 earmarked for tenants at Bijlmerplein
    ymere = financing(2019, "ymere", "handreiking")
    assert (ymere.amount, ymere.earmarked) == (D("12500"), D("5000"))
    assert financing(2019, "overige-fondsen", "handreiking").amount == D("9000")
    assert stated(2019, None, "financing:overige-fondsen").value == D("14500")
    assert stated(2019, None, "financing_total").value == D("416500")
    assert stated(2019, "cjm", "financing_total").value == D("98500")


def test_2019_volunteer_hours_and_rates(loaded):
    hours = {
        row.location.code: (row.residents_hours, row.professionals_hours)
        for row in VolunteerInvestment.unscoped.filter(agreement__year=2019).select_related(
            "location"
        )
    }
    # 10.500 / 8.000 / 8.000 / 5.500 hours, each with 500 professionals' hours
    assert hours == {
        "cjm": (D("10000"), D("500")),
        "multibron": (D("7500"), D("500")),
        "handreiking": (D("7500"), D("500")),
        "samensterk": (D("5000"), D("500")),
    }
    assert stated(2019, None, "volunteer_hours").value == D("32000")
    assert stated(2019, None, "volunteer_value").value == D("375200")
    assert VolunteerRate.unscoped.get(year=2019, kind="residents").rate == D("10.04")
    assert VolunteerRate.unscoped.get(year=2019, kind="professionals").rate == D("37.00")
