"""A small 2021 world for the actual-spending tests (organisation a of the ``tenants`` fixture).

Agreement "alfa-2021" covers a's two locations ("a Noord" = ``a-noord``, "a Zuid" = ``a-zuid``).
Budget v1 (position 0) has lines A1 and Z1; the current budget v2 (position 1) has
A1 (noord € 12.000, zuid € 6.000) and the petty-cash line D1 (noord € 3.000, zuid no amount).
Funder "Gemeente Alfa" finances noord € 10.000 and zuid € 5.000; "Woonstichting Alfa" noord
€ 4.000 only.
"""

from decimal import Decimal

from agreements.models import Agreement, AgreementParty, Party
from budgets.models import Budget, BudgetAmount, BudgetLine, Financing
from locations.access import system_scope


@system_scope()  # test data is written as system code
def make_world(a) -> dict:
    """Create the world for ``tenants.a``; return its objects by name."""
    agreement = Agreement.unscoped.create(
        organisation=a.organisation,
        region="alfa",
        region_name="Alfa",
        year=2021,
        title="Afspraak Alfa 2021",
    )
    agreement.locations.set([a.location, a.other_location])
    v1 = Budget.unscoped.create(agreement=agreement, version="Begroting 2021 (januari)", position=0)
    v2 = Budget.unscoped.create(agreement=agreement, version="Begroting 2021 (maart)", position=1)
    v1_a1 = BudgetLine.unscoped.create(
        budget=v1, code="A1", group="A", description="Coördinatie", position=1
    )
    v1_z1 = BudgetLine.unscoped.create(
        budget=v1, code="Z1", group="E", description="Vervallen regel", position=2
    )
    a1 = BudgetLine.unscoped.create(
        budget=v2, code="A1", group="A", description="Coördinatie", position=1
    )
    d1 = BudgetLine.unscoped.create(
        budget=v2, code="D1", group="D", description="Handgeld", position=2, is_petty_cash=True
    )
    for line, location, amount in [
        (a1, a.location, "12000.00"),
        (a1, a.other_location, "6000.00"),
        (d1, a.location, "3000.00"),
        (v1_a1, a.location, "11000.00"),
    ]:
        BudgetAmount.unscoped.create(line=line, location=location, amount=Decimal(amount))
    gemeente = Party.unscoped.create(
        organisation=a.organisation, code="gemeente-alfa", name="Gemeente Alfa", kind="municipality"
    )
    woon = Party.unscoped.create(
        organisation=a.organisation,
        code="woonstichting-alfa",
        name="Woonstichting Alfa",
        kind="housing_corporation",
    )
    for party in (gemeente, woon):
        AgreementParty.unscoped.create(agreement=agreement, party=party, is_funder=True)
    for party, location, amount in [
        (gemeente, a.location, "10000.00"),
        (gemeente, a.other_location, "5000.00"),
        (woon, a.location, "4000.00"),
    ]:
        Financing.unscoped.create(
            agreement=agreement, party=party, location=location, amount=Decimal(amount)
        )
    return {
        "agreement": agreement,
        "v1": v1,
        "v2": v2,
        "v1_a1": v1_a1,
        "v1_z1": v1_z1,
        "a1": a1,
        "d1": d1,
        "noord": a.location,
        "zuid": a.other_location,
    }
