"""The budget figures of the 2021 and 2019 agreements, loaded from data/agreements/*.yaml.

Every expected value is worked out by hand here from the source lines (seed 001, BEGROTING and
FINANCIERING; seed 000, "Budget en financiering"), never copied from the program's output.
Location codes: cjm (Casa Jepie Makandra), multibron, handreiking, samensterk (2019 only).
"""

from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.models import Agreement
from budgets.figures import budget_check, budget_overview

DATA = Path(settings.BASE_DIR) / "data" / "agreements"

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


def _load(name: str) -> Agreement:
    call_command("load_agreement", str(DATA / name), stdout=StringIO())
    region, year = name.removesuffix(".yaml").rsplit("-", 1)
    return Agreement.unscoped.get(region=region, year=int(year))


@pytest.fixture(scope="module")
def agreements(module_transaction) -> dict[int, Agreement]:
    """Both real files, loaded once for the module (its tests only read), by year."""
    return {2021: _load("zuidoost-2021.yaml"), 2019: _load("zuidoost-2019.yaml")}


@pytest.fixture
def overview_2021(agreements):
    return budget_overview(agreements[2021])


@pytest.fixture
def overview_2019(agreements):
    return budget_overview(agreements[2019])


# 2021 BEGROTING, per line: CJM, MultiBron, De Handreiking (seed 001 lines 276-365).
A_2021 = {
    "cjm": D(35460) + D(11712) + D(7320),
    "multibron": D(34500) + D(11712) + D(7320),
    "handreiking": D(35460) + D(11712) + D(7320),
}
B_2021 = {
    "cjm": D(29220) + D(12324) + D(6000),
    "multibron": D(58428) + D(12324) + D(6000),
    "handreiking": D(29220) + D(12324) + D(6000),
}
C_2021 = {
    "cjm": D(8700) + D(4800) + D(1020),
    "multibron": D(12540) + D(4800) + D(1020),
    "handreiking": D(9000) + D(4800) + D(1020),
}
D_EACH = D(3000) + D(1452) + D(1020) + D(1500)
E_EACH = D(1020) + D(1020)
A3 = D(7320)


def test_2021_subtotals_per_location(overview_2021):
    # Worked out: A cjm 54.492, multibron 53.532, handreiking 54.492; B 47.544 / 76.752 /
    # 47.544; C 14.520 / 18.360 / 14.820; D 6.972 each; E 2.040 each.
    assert A_2021 == {"cjm": 54492, "multibron": 53532, "handreiking": 54492}
    for code in ("cjm", "multibron", "handreiking"):
        figures = overview_2021.figures[code]
        assert figures["subtotal_A"].computed == A_2021[code]
        assert figures["subtotal_B"].computed == B_2021[code]
        assert figures["subtotal_C"].computed == C_2021[code]
        assert figures["subtotal_D"].computed == D_EACH == D(6972)
        assert figures["subtotal_E"].computed == E_EACH == D(2040)
        assert figures["subtotal_AB"].computed == A_2021[code] + B_2021[code]
        total = A_2021[code] + B_2021[code] + C_2021[code] + D_EACH + E_EACH
        assert figures["total"].computed == total
    assert overview_2021.figure("cjm", "total").computed == D(125568)
    assert overview_2021.figure("multibron", "total").computed == D(157656)
    assert overview_2021.figure("handreiking", "total").computed == D(125868)


def test_2021_totals_over_all_locations(overview_2021):
    figures = overview_2021.figures["all"]
    # The source's Totaal column: A 105.420 + 35.136 + 21.960; B 116.868 + 36.972 + 18.000 ...
    assert figures["subtotal_A"].computed == D(105420) + D(35136) + D(21960) == D(162516)
    assert figures["subtotal_B"].computed == D(116868) + D(36972) + D(18000) == D(171840)
    assert figures["subtotal_C"].computed == D(30240) + D(14400) + D(3060) == D(47700)
    assert figures["subtotal_D"].computed == D(9000) + D(4356) + D(3060) + D(4500) == D(20916)
    assert figures["subtotal_E"].computed == D(3060) + D(3060) == D(6120)
    assert figures["subtotal_AB"].computed == D(334356)
    assert figures["total"].computed == D(125568) + D(157656) + D(125868) == D(409092)


def test_2021_ratios_per_location_and_in_total(overview_2021):
    for code in ("cjm", "multibron", "handreiking"):
        total = A_2021[code] + B_2021[code] + C_2021[code] + D_EACH + E_EACH
        figures = overview_2021.figures[code]
        assert figures["sroi_share"].computed == B_2021[code] / total
        assert figures["people_share"].computed == (A_2021[code] + B_2021[code]) / total
        assert figures["overhead_share"].computed == (A3 + E_EACH) / total
    figures = overview_2021.figures["all"]
    assert figures["sroi_share"].computed == D(171840) / D(409092)
    assert figures["people_share"].computed == D(334356) / D(409092)
    assert figures["overhead_share"].computed == (3 * A3 + D(6120)) / D(409092)
    # The printed percentages: 47.544/125.568 = 37,9% -> 38%; 76.752/157.656 = 48,7% -> 49%;
    # overhead 9.360/157.656 = 5,9% -> 6%; all SROI 42,0% -> 42%. None of them differs.
    assert figures["sroi_share"].stated == D("0.42")
    assert overview_2021.figure("multibron", "sroi_share").stated == D("0.49")
    assert overview_2021.figure("multibron", "overhead_share").stated == D("0.06")
    assert not any(
        overview_2021.figure(code, name).differs
        for code in ("cjm", "multibron", "handreiking", "all")
        for name in ("sroi_share", "people_share", "overhead_share", "funders_share")
    )


def test_2021_source_mistakes_show_as_differences_with_both_figures(overview_2021):
    found = {(code, f.name): (f.computed, f.stated) for code, f in overview_2021.differences()}
    # MultiBron's (A) subtotal is printed as 52.532; its lines give 34.500 + 11.712 + 7.320.
    # The financing totals omit the € 2.500 of "Sponsors en bedrijven Social Return" at De
    # Handreiking: its funders give 51.500 + 15.500 + 5.000 + 10.000 + 22.500 + 5.000 +
    # 16.000 + 2.500 + 500 = 128.500 (printed 126.000); all funders 411.801 (printed 409.301).
    assert found == {
        ("multibron", "subtotal_A"): (D(34500) + D(11712) + D(7320), D(52532)),
        ("handreiking", "financing_total"): (
            D(51500)
            + D(15500)
            + D(5000)
            + D(10000)
            + D(22500)
            + D(5000)
            + D(16000)
            + D(2500)
            + D(500),
            D(126000),
        ),
        ("all", "financing_total"): (D(411801), D(409301)),
    }
    mistake = overview_2021.figure("multibron", "subtotal_A")
    assert mistake.difference == D(1000)
    assert mistake.stated_text == "€ 52.532"
    # The stated (A) + (B) of MultiBron (130.284) agrees with the computed one: only (A) is off.
    assert overview_2021.figure("multibron", "subtotal_AB").stated == D(130284)
    assert not overview_2021.figure("multibron", "subtotal_AB").differs


def test_2021_financing_surplus_and_check(overview_2021):
    cjm = D(62500) + D(0) + D(11500) + D(17500) + D(0) + D(0) + D(12500) + D(5000) + D(16000)
    cjm += D(0) + D(500)
    multibron = D(77701) + D(21500) + D(9600) + D(12500) + D(5000) + D(7500) + D(2500)
    multibron += D(5000) + D(16000) + D(0) + D(500)
    assert overview_2021.figure("cjm", "financing_total").computed == cjm == D(125500)
    assert overview_2021.figure("multibron", "financing_total").computed == multibron
    assert overview_2021.figure("cjm", "surplus").computed == D(125500) - D(125568) == D(-68)
    assert overview_2021.figure("multibron", "surplus").computed == D(157801) - D(157656)
    assert overview_2021.figure("handreiking", "surplus").computed == D(128500) - D(125868)
    assert overview_2021.figure("all", "surplus").computed == D(411801) - D(409092)
    assert overview_2021.has_shortfall("cjm") is True
    assert overview_2021.has_shortfall("multibron") is False
    # Housing corporations: Eigen Haard, Rochdale, Ymere, Stadgenoot.
    assert overview_2021.figure("cjm", "financing_subtotal_housing").computed == D(30000)
    assert overview_2021.figure("multibron", "financing_subtotal_housing").computed == (
        D(12500) + D(5000) + D(7500) + D(2500)
    )
    assert overview_2021.figure("all", "financing_subtotal_housing").computed == D(95000)
    assert overview_2021.figure("all", "financing:ymere").computed == D(7500) + D(22500)


def test_2021_budget_check(overview_2021):
    agreement = Agreement.unscoped.get(region="zuidoost", year=2021)
    assert budget_check(agreement) == {
        "cjm": False,
        "handreiking": True,
        "multibron": True,
        "all": True,
    }


def test_2021_volunteer_value_and_popular_budget(overview_2021):
    # 10.500 h = 10.000 residents' h x € 11,00 + 500 professionals' h x € 37 = € 128.500.
    cjm = overview_2021.figures["cjm"]
    assert cjm["volunteer_hours_residents"].computed == D(10000)
    assert cjm["volunteer_hours_professionals"].computed == D(500)
    assert cjm["volunteer_hours"].computed == D(10500)
    assert cjm["volunteer_value"].computed == 10000 * D(11) + 500 * D(37) == D(128500)
    assert cjm["popular_budget"].computed == D(125500) + D(128500)
    assert cjm["funders_share"].computed == D(125500) / (D(125500) + D(128500))  # 49,4% -> 49%
    everything = overview_2021.figures["all"]
    assert everything["volunteer_hours"].computed == D(10500) + D(8000) + D(8000)
    assert everything["volunteer_value"].computed == D(128500) + D(101000) + D(101000)
    assert everything["popular_budget"].computed == D(411801) + D(330500)
    assert not everything["volunteer_value"].differs


def test_2019_budget_has_only_totals_so_ratios_are_not_applicable(overview_2019):
    # Begroting 2019 (maart 2019): only a total per room is stated.
    expected_totals = {
        "cjm": D(98220),
        "multibron": D(108744),
        "handreiking": D(102120),
        "samensterk": D(107508),
    }
    for code, total in expected_totals.items():
        figures = overview_2019.figures[code]
        assert figures["total"].computed == total
        for name in ("subtotal_A", "subtotal_B", "subtotal_E", "subtotal_AB"):
            assert figures[name].computed is None, (code, name)
        for name in ("sroi_share", "people_share", "overhead_share"):
            assert figures[name].computed is None, (code, name)
    assert overview_2019.figure("all", "total").computed == sum(expected_totals.values())
    assert overview_2019.figure("all", "sroi_share").computed is None


def test_2019_financing_shortfalls_and_volunteer_value(overview_2019):
    # Financing per room (seed 000 lines 110-120), column by column.
    expected = {
        "cjm": D(62000) + D(6000) + D(0) + D(20000) + D(10000) + D(0) + D(500) + D(0) + D(0),
        "multibron": D(74000) + D(11000) + D(15000) + D(2500) + D(500) + D(5500),
        "handreiking": D(53000) + D(12000) + D(10000) + D(5000) + D(12500) + D(500) + D(9000),
        "samensterk": D(59000) + D(9000) + D(19000) + D(500) + D(20000),
    }
    assert expected == {
        "cjm": D(98500),
        "multibron": D(108500),
        "handreiking": D(102000),
        "samensterk": D(107500),
    }
    for code, financing in expected.items():
        assert overview_2019.figure(code, "financing_total").computed == financing
    assert overview_2019.figure("cjm", "surplus").computed == D(98500) - D(98220)
    assert overview_2019.figure("samensterk", "surplus").computed == D(107500) - D(107508)
    assert overview_2019.has_shortfall("cjm") is False
    assert overview_2019.has_shortfall("samensterk") is True
    # 5.500 h at Samen Sterk = 5.000 x € 10,04 + 500 x € 37 = € 68.700.
    assert overview_2019.figure("samensterk", "volunteer_value").computed == D("68700.00")
    assert overview_2019.figure("all", "volunteer_value").computed == D(375200)
    # Rochdale's Samen Sterk contribution is partly in kind (rent and adapting the room).
    rochdale = next(f for f in overview_2019.funders if f.code == "rochdale")
    assert rochdale.in_kind == {"samensterk": D(15000)}
    # The 2019 sources agree with their parts.
    assert overview_2019.differences() == []
