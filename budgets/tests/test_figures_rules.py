"""The figure rules of budgets.figures on small hand-made budgets (organisation a of ``tenants``).

World: agreement "alfa-2021" over "a Noord" (``a-noord``) and "a Zuid" (``a-zuid``); lines
A1 (noord € 600, zuid € 300), A3 (noord € 100), B1 (noord € 250, zuid € 100), E1 (noord € 50);
total noord € 1.000, zuid € 400. "Gemeente Alfa" finances both rooms, "Woonstichting Alfa"
(a housing corporation) only noord, partly in kind.
"""

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement, Party
from budgets.display import format_difference
from budgets.figures import (
    Figure,
    budget_check,
    budget_overview,
    compare,
)
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)
from locations.access import activate, build_scope, system_scope
from locations.factories import LocationFactory
from locations.formatting import format_euro, format_share

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]


@pytest.fixture
@system_scope()  # test data is written as system code
def world(tenants):
    a = tenants.a
    agreement = Agreement.unscoped.create(
        organisation=a.organisation, region="alfa", region_name="Alfa", year=2021, title="Alfa"
    )
    agreement.locations.set([a.location, a.other_location])
    budget = Budget.unscoped.create(agreement=agreement, version="Begroting Alfa 2021")
    amounts = {
        ("A1", "A"): {a.location: 600, a.other_location: 300},
        ("A3", "A"): {a.location: 100},
        ("B1", "B"): {a.location: 250, a.other_location: 100},
        ("E1", "E"): {a.location: 50},
    }
    for position, ((code, group), per_location) in enumerate(amounts.items()):
        line = BudgetLine.unscoped.create(
            budget=budget, code=code, group=group, description=code, position=position
        )
        for location, amount in per_location.items():
            BudgetAmount.unscoped.create(line=line, location=location, amount=amount)
    municipality = Party.unscoped.create(
        organisation=a.organisation, code="gemeente", name="Gemeente Alfa", kind="municipality"
    )
    housing = Party.unscoped.create(
        organisation=a.organisation,
        code="woonstichting",
        name="Woonstichting Alfa",
        kind="housing_corporation",
    )
    Financing.unscoped.create(
        agreement=agreement, party=municipality, location=a.location, amount="700.00"
    )
    Financing.unscoped.create(
        agreement=agreement, party=municipality, location=a.other_location, amount="150.50"
    )
    Financing.unscoped.create(
        agreement=agreement,
        party=housing,
        location=a.location,
        amount="400.00",
        in_kind="300.00",
        footnote="(1) Deels in huur.",
    )
    return {"a": a, "agreement": agreement, "budget": budget}


def test_subtotals_totals_and_ratios(world):
    overview = budget_overview(world["agreement"])
    assert overview.locations == [("a-noord", "a Noord"), ("a-zuid", "a Zuid")]
    noord, zuid, both = (overview.figures[c] for c in ("a-noord", "a-zuid", "all"))
    assert noord["subtotal_A"].computed == 600 + 100
    assert zuid["subtotal_A"].computed == 300
    assert noord["total"].computed == 600 + 100 + 250 + 50
    assert zuid["total"].computed == 300 + 100
    assert both["total"].computed == 1000 + 400
    # Groups without lines: "not applicable", not zero.
    assert noord["subtotal_C"].computed is None
    assert both["subtotal_D"].computed is None
    assert noord["sroi_share"].computed == D(250) / D(1000)
    assert noord["people_share"].computed == D(950) / D(1000)
    assert noord["overhead_share"].computed == D(150) / D(1000)
    # Zuid has no amount on A3 and E1: overhead 0 of 400 (the lines exist, so applicable).
    assert zuid["overhead_share"].computed == 0
    assert both["sroi_share"].computed == D(350) / D(1400)
    assert both["people_share"].computed == D(1350) / D(1400)


def test_rounding_of_a_share_exactly_on_half_a_percent(world):
    # B1 noord 250 of 2000 = 12,5% exactly: rounded half-up to 13% (not to the even 12%).
    BudgetAmount.unscoped.filter(line__code="A1", location=world["a"].location).update(amount=1600)
    overview = budget_overview(world["agreement"])
    share = overview.figure("a-noord", "sroi_share").computed
    assert share == D("0.125")
    assert format_share(share) == "13%"
    assert compare("share", share, D("0.13"), "13%") is False
    assert compare("share", share, D("0.12"), "12%") is True
    assert compare("share", share, D("0.125"), "12,5%") is False
    # 0.1249 is 12% when stated to a whole percent.
    assert compare("share", D("0.1249"), D("0.12"), "12%") is False


def test_money_is_compared_to_the_cent_and_hours_exactly():
    assert compare("money", D("100.004"), D("100.00")) is False
    assert compare("money", D("100.01"), D("100.00")) is True
    assert compare("hours", D("10.5"), D("10.0")) is True
    assert compare("money", None, D(1)) is False
    assert format_euro(D("-68"), cents=False) == "-€ 68"
    assert format_euro(D("1234.5"), cents=True) == "€ 1.234,50"


def test_differences_are_shown_with_their_sign():
    share = Figure.build("sroi_share", D(41) / D(100), StatedFigure(value=D("0.38"), text="38%"))
    assert share.differs and format_difference(share.kind, share.difference) == "+3 %-punt"
    money = Figure.build("total", D(125500), StatedFigure(value=D(125568), text="€ 125.568"))
    assert money.difference == D(-68) and format_difference(money.kind, money.difference) == "-€ 68"
    unstated = Figure.build("total", D(1), None)
    assert format_difference(unstated.kind, unstated.difference) == "—"


def test_a_funder_financing_only_some_locations_and_in_kind(world):
    overview = budget_overview(world["agreement"])
    housing = next(f for f in overview.funders if f.code == "woonstichting")
    assert housing.amounts == {"a-noord": D(400)}
    assert housing.total == D(400)
    assert housing.in_kind == {"a-noord": D(300)}
    assert housing.footnotes == ("(1) Deels in huur.",)
    assert overview.figure("a-zuid", "financing:woonstichting").computed == 0
    assert overview.figure("a-noord", "financing_subtotal_housing").computed == D(400)
    assert overview.figure("a-noord", "financing_total").computed == D(700) + D(400)
    assert overview.figure("a-zuid", "financing_total").computed == D("150.50")
    # Zuid: 150,50 - 400 = -249,50, a shortfall with cents kept.
    assert overview.figure("a-zuid", "surplus").computed == D("-249.50")
    assert overview.has_shortfall("a-zuid") is True
    assert overview.figure("all", "surplus").computed == D("1250.50") - D(1400)


def test_a_location_without_financing(world):
    Financing.unscoped.filter(location=world["a"].other_location).delete()
    overview = budget_overview(world["agreement"])
    assert overview.figure("a-zuid", "financing_total").computed == 0
    assert overview.figure("a-zuid", "surplus").computed == -(D(300) + D(100))
    assert overview.has_shortfall("a-zuid") is True
    assert budget_check(world["agreement"]) == {"a-noord": True, "a-zuid": False, "all": False}


def test_no_budget_and_no_financing_are_not_computable(tenants):
    with system_scope():
        agreement = Agreement.unscoped.create(
            organisation=tenants.a.organisation, region="leeg", region_name="Leeg", year=2021
        )
    agreement.locations.set([tenants.a.location])
    overview = budget_overview(agreement)
    assert overview.budget_version is None
    assert overview.figure("a-noord", "total").computed is None
    assert overview.figure("a-noord", "financing_total").computed is None
    assert overview.has_shortfall("a-noord") is None
    assert budget_check(agreement) == {"a-noord": None, "all": None}


def test_volunteer_value_needs_both_rates(world):
    a, agreement = world["a"], world["agreement"]
    VolunteerInvestment.unscoped.create(
        agreement=agreement, location=a.location, residents_hours=1000, professionals_hours=500
    )
    VolunteerRate.unscoped.create(
        organisation=a.organisation,
        agreement=agreement,
        year=2021,
        kind="residents",
        rate="11.00",
        source="WML",
    )
    overview = budget_overview(agreement)
    assert overview.figure("a-noord", "volunteer_hours").computed == 1500
    assert overview.figure("a-noord", "volunteer_value").computed is None
    assert overview.figure("a-zuid", "volunteer_hours_residents").computed is None
    VolunteerRate.unscoped.create(
        organisation=a.organisation,
        agreement=agreement,
        year=2021,
        kind="professionals",
        rate="37.00",
        source="vast",
    )
    other_year = Agreement.unscoped.create(
        organisation=a.organisation, region=agreement.region, year=2019, title="2019"
    )
    VolunteerRate.unscoped.create(
        organisation=a.organisation,
        agreement=other_year,
        year=2019,
        kind="residents",
        rate="10.04",
        source="2019",
    )
    overview = budget_overview(agreement)
    value = 1000 * D(11) + 500 * D(37)
    assert overview.figure("a-noord", "volunteer_value").computed == value
    assert overview.figure("a-noord", "popular_budget").computed == D(1100) + value
    assert overview.figure("a-noord", "funders_share").computed == D(1100) / (D(1100) + value)
    assert overview.rates["residents"] == (D("11.00"), "WML")
    # Zuid has no recorded hours: its value is not computable; "all" sums what is there.
    assert overview.figure("a-zuid", "volunteer_value").computed is None
    assert overview.figure("all", "volunteer_value").computed == value


def test_a_wrong_stated_figure_is_kept_and_reported_with_both_figures(world):
    a, agreement = world["a"], world["agreement"]
    StatedFigure.unscoped.create(
        agreement=agreement, location=a.location, figure="total", value=1100, text="€ 1.100"
    )
    StatedFigure.unscoped.create(
        agreement=agreement, location=a.location, figure="sroi_share", value="0.25", text="25%"
    )
    StatedFigure.unscoped.create(
        agreement=agreement, location=None, figure="total", value=1400, text="€ 1.400"
    )
    overview = budget_overview(agreement)
    total = overview.figure("a-noord", "total")
    assert total == Figure(
        name="total",
        computed=D(1000),
        stated=D(1100),
        stated_text="€ 1.100",
        kind="money",
        differs=True,
        difference=D(-100),
    )
    assert [(code, f.name) for code, f in overview.differences()] == [("a-noord", "total")]
    assert overview.figure("all", "total").stated == D(1400)
    # With only one room selected, "all" is that room: the stated agreement total is not
    # compared with it.
    selected = budget_overview(agreement, location_codes=["a-zuid"])
    assert selected.locations == [("a-zuid", "a Zuid")]
    assert selected.figure("all", "total").computed == D(400)
    assert selected.figure("all", "total").stated is None
    assert selected.differences() == []


def test_coordinator_scope_sees_only_their_location(world):
    with activate(build_scope(world["a"].coordinator)):
        overview = budget_overview(world["agreement"])
    assert overview.locations == [("a-noord", "a Noord")]
    assert overview.figure("all", "total").computed == D(1000)


def test_number_of_queries_does_not_grow_with_locations(world):
    a, agreement = world["a"], world["agreement"]
    with CaptureQueriesContext(connection) as two:
        budget_overview(agreement)
    line = BudgetLine.unscoped.get(budget=world["budget"], code="A1")
    party = Party.unscoped.get(code="gemeente")
    extra = [LocationFactory(organisation=a.organisation) for _ in range(5)]
    agreement.locations.add(*extra)
    for location in extra:
        BudgetAmount.unscoped.create(line=line, location=location, amount=10)
        Financing.unscoped.create(agreement=agreement, party=party, location=location, amount=5)
        VolunteerInvestment.unscoped.create(
            agreement=agreement, location=location, residents_hours=1, professionals_hours=1
        )
    with CaptureQueriesContext(connection) as seven:
        overview = budget_overview(agreement)
    assert len(overview.locations) == 7
    assert len(seven.captured_queries) == len(two.captured_queries)


def test_coordinator_of_a_room_without_financing_sees_a_shortfall(world):
    # Financing exists only at a Zuid, which a's coordinator (of a Noord) cannot see.
    Financing.unscoped.filter(location=world["a"].location).delete()
    with activate(build_scope(world["a"].coordinator)):
        overview = budget_overview(world["agreement"])
    assert overview.figure("a-noord", "financing_total").computed == 0
    assert overview.figure("a-noord", "surplus").computed == D(-1000)
    assert overview.has_shortfall("a-noord") is True
