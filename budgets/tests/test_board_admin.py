"""The Django admin for expenditures (budgets/admin/actuals.py): scoped, checked, keeps input."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world


@pytest.fixture
def world(tenants):
    return make_world(tenants.a)


def test_admin_add_refuses_a_date_outside_the_agreement_year_and_keeps_input(
    client, tenants, world
):
    client.force_login(tenants.a.admin)
    url = reverse("admin:budgets_expenditure_add")
    data = {
        "location": world["noord"].pk,
        "line": world["a1"].pk,
        "date": "31-12-2020",
        "amount": "12.50",
        "description": "Verkeerd jaar",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "De datum ligt niet in 2021, het jaar van afspraak alfa-2021." in body
    assert "Verkeerd jaar" in body
    assert not Expenditure.unscoped.exists()

    response = client.post(url, {**data, "date": "31-12-2021"})
    assert response.status_code == 302
    saved = Expenditure.unscoped.get()
    assert (saved.date, saved.amount, saved.created_by) == (
        date(2021, 12, 31),
        Decimal("12.50"),
        tenants.a.admin,
    )


def test_admin_line_choices_are_scoped_and_named_by_agreement(client, tenants, world):
    other = make_world(tenants.b)
    client.force_login(tenants.a.admin)
    response = client.get(reverse("admin:budgets_expenditure_add"))
    choices = {
        str(label) for _value, label in response.context["adminform"].form.fields["line"].choices
    }
    assert "alfa-2021 · (D1) Handgeld" in choices
    assert all(f'value="{line.pk}"' not in response.content.decode() for line in [other["a1"]])

    expenditure = Expenditure.unscoped.create(
        location=world["zuid"], line=world["a1"], date=date(2021, 1, 5), amount=Decimal("5")
    )
    response = client.get(reverse("admin:budgets_expenditure_change", args=[expenditure.pk]))
    line_queryset = response.context["adminform"].form.fields["line"].queryset
    assert set(line_queryset) == {world["v1_a1"], world["v1_z1"], world["a1"], world["d1"]}
