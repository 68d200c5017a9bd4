"""A small budget for the reports' ``world`` agreement (2019, organisation "a"), by hand.

Locations: ``a-noord`` ("a Noord") and ``a-zuid`` ("a Zuid"). Budget "Begroting test":

| line | group | a-noord | a-zuid |
|------|-------|---------|--------|
| A1   | A     | 1000.00 |  500.00 |
| A3   | A     |  200.00 |  100.00 |
| B1   | B     |  600.00 |    0.00 |
| E1   | E     |  200.50 |  399.50 |

Financing: the municipality (``gemeente``) 1500 at noord and 800 at zuid; the housing
corporation ``woco`` only at noord: 600.25, of which 300 in kind (footnote "Huur betaalt
woco direct"). Volunteer hours only at noord: 1000 residents' + 500 professionals' hours;
rates 2019: residents € 10.04, professionals € 37.00.

Stated (the source's figures): noord ``total`` 2100 (wrong: the lines add up to 2000.50) and
the agreement's ``sroi_share`` "20%" (right: 600 / 3000 = 0.2).

Worked out by hand (EXPECTED below): per location and over both ("all").
"""

from decimal import Decimal as D

from agreements.choices import PartyKind
from agreements.models import AgreementParty, Party
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)

NOORD, ZUID, ALL = "a-noord", "a-zuid", "all"

# Volunteer value noord: 1000 × 10.04 + 500 × 37 = 10040 + 18500 = 28540.
# Popular budget noord: financing 1500 + 600.25 = 2100.25, + 28540 = 30640.25.
EXPECTED = {
    NOORD: {
        "subtotal_A": D("1200.00"),
        "subtotal_B": D("600.00"),
        "subtotal_C": None,
        "subtotal_D": None,
        "subtotal_E": D("200.50"),
        "total": D("2000.50"),
        "sroi_share": D("600") / D("2000.50"),
        "people_share": D("1800") / D("2000.50"),
        "overhead_share": D("400.50") / D("2000.50"),
        "financing_total": D("2100.25"),
        "surplus": D("99.75"),
        "volunteer_hours_residents": D("1000"),
        "volunteer_hours_professionals": D("500"),
        "volunteer_value": D("28540.00"),
        "popular_budget": D("30640.25"),
        "funders_share": D("2100.25") / D("30640.25"),
        "financing:gemeente": D("1500.00"),
        "financing:woco": D("600.25"),
    },
    ZUID: {
        "subtotal_A": D("600.00"),
        "subtotal_B": D("0.00"),
        "subtotal_C": None,
        "subtotal_D": None,
        "subtotal_E": D("399.50"),
        "total": D("999.50"),
        "sroi_share": D("0"),
        "people_share": D("600") / D("999.50"),
        "overhead_share": D("499.50") / D("999.50"),
        "financing_total": D("800.00"),
        "surplus": D("-199.50"),
        "volunteer_hours_residents": None,
        "volunteer_hours_professionals": None,
        "volunteer_value": None,
        "popular_budget": None,
        "funders_share": None,
        "financing:gemeente": D("800.00"),
        "financing:woco": D("0.00"),
    },
    ALL: {
        "subtotal_A": D("1800.00"),
        "subtotal_B": D("600.00"),
        "subtotal_C": None,
        "subtotal_D": None,
        "subtotal_E": D("600.00"),
        "total": D("3000.00"),
        "sroi_share": D("0.2"),
        "people_share": D("0.8"),
        "overhead_share": D("0.3"),
        "financing_total": D("2900.25"),
        "surplus": D("-99.75"),
        "volunteer_hours_residents": D("1000"),
        "volunteer_hours_professionals": D("500"),
        "volunteer_value": D("28540.00"),
        "popular_budget": D("31440.25"),
        "funders_share": D("2900.25") / D("31440.25"),
        "financing:gemeente": D("2300.00"),
        "financing:woco": D("600.25"),
    },
}
STATED = {(NOORD, "total"): D("2100"), (ALL, "sroi_share"): D("0.20")}


def build_budget(world) -> None:
    """Add the budget above to ``world.agreement`` (see the module docstring)."""
    agreement = world.agreement
    organisation = agreement.organisation
    noord, zuid = world.tenants.a.location, world.tenants.a.other_location
    budget = Budget.unscoped.create(agreement=agreement, version="Begroting test", position=1)
    lines = [
        ("A1", "A", "Coördinatie", "1000.00", "500.00"),
        ("A3", "A", "Administratie", "200.00", "100.00"),
        ("B1", "B", "Werkplekken", "600.00", "0.00"),
        ("E1", "E", "Vereniging", "200.50", "399.50"),
    ]
    for position, (code, group, description, at_noord, at_zuid) in enumerate(lines):
        line = BudgetLine.unscoped.create(
            budget=budget, code=code, group=group, description=description, position=position
        )
        BudgetAmount.unscoped.create(line=line, location=noord, amount=D(at_noord))
        BudgetAmount.unscoped.create(line=line, location=zuid, amount=D(at_zuid))
    gemeente = Party.unscoped.create(
        organisation=organisation, code="gemeente", name="Gemeente", kind=PartyKind.MUNICIPALITY
    )
    woco = Party.unscoped.create(
        organisation=organisation,
        code="woco",
        name="Woco",
        kind=PartyKind.HOUSING_CORPORATION,
    )
    for party in (gemeente, woco):
        AgreementParty.unscoped.create(agreement=agreement, party=party, is_funder=True)
    Financing.unscoped.create(agreement=agreement, party=gemeente, location=noord, amount=1500)
    Financing.unscoped.create(agreement=agreement, party=gemeente, location=zuid, amount=800)
    Financing.unscoped.create(
        agreement=agreement,
        party=woco,
        location=noord,
        amount=D("600.25"),
        in_kind=D("300.00"),
        footnote="Huur betaalt woco direct",
    )
    VolunteerInvestment.unscoped.create(
        agreement=agreement, location=noord, residents_hours=1000, professionals_hours=500
    )
    for kind, rate in (("residents", "10.04"), ("professionals", "37.00")):
        VolunteerRate.unscoped.create(
            organisation=organisation,
            agreement=agreement,
            year=agreement.year,
            kind=kind,
            rate=D(rate),
            source="test",
        )
    StatedFigure.unscoped.create(
        agreement=agreement, location=noord, figure="total", value=D("2100"), text="€ 2.100"
    )
    StatedFigure.unscoped.create(
        agreement=agreement, location=None, figure="sroi_share", value=D("0.20"), text="20%"
    )
