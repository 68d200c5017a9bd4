"""Demo spending (budgets.demo.generate_demo_expenditures)."""

from datetime import date
from decimal import Decimal

from budgets.demo import generate_demo_expenditures
from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world


def test_demo_spending_is_monthly_proportional_and_replaced_on_rerun(tenants):
    world = make_world(tenants.a)
    kept = Expenditure.unscoped.create(
        location=world["noord"], line=world["a1"], date=date(2021, 1, 2), amount=Decimal("1")
    )
    created = generate_demo_expenditures(world["agreement"], seed=7, until=date(2021, 3, 31))
    demo = Expenditure.unscoped.filter(is_demo=True)
    assert demo.count() == created
    assert max(e.date for e in demo) <= date(2021, 3, 31)
    # A1: one booking a month on the 15th at 85%-110% of a twelfth (noord 1,000, zuid 500)
    noord_a1 = demo.filter(location=world["noord"], line=world["a1"])
    assert [e.date.month for e in noord_a1.order_by("date")] == [1, 2, 3]
    assert all(Decimal("850") <= e.amount <= Decimal("1100") for e in noord_a1)
    # petty cash: 3-5 purchases a month adding up to 80%-105% of 250
    petty = demo.filter(location=world["noord"], line=world["d1"])
    for month in (1, 2, 3):
        in_month = [e.amount for e in petty if e.date.month == month]
        assert len(in_month) <= 5
        assert sum(in_month) <= Decimal("262.51")
    # no amount for zuid's petty cash and none for old versions' lines: nothing booked there
    assert not demo.filter(location=world["zuid"], line=world["d1"]).exists()
    assert not demo.filter(line__budget=world["v1"]).exists()

    again = generate_demo_expenditures(world["agreement"], seed=7, until=date(2021, 3, 31))
    assert again == created
    assert Expenditure.unscoped.filter(is_demo=True).count() == created
    assert Expenditure.unscoped.filter(pk=kept.pk).exists()


def test_no_budget_no_demo_spending(tenants):
    world = make_world(tenants.a)
    world["v1"].delete()
    world["v2"].delete()
    assert generate_demo_expenditures(world["agreement"], seed=1) == 0
