"""The budget and board pages read a number of queries that does not grow with the number of
rooms or expenditures (issue 13, "Exact and fresh": "Every list page and every report has a
query count independent of the number of rows and locations"), over the reports' hand-built
world with its budget (``test_financial_world.build_budget``)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agreements.models import Party
from budgets.models import BudgetAmount, BudgetLine, Expenditure, Financing, VolunteerInvestment
from locations.access import system_scope
from locations.factories import LocationFactory
from reports.tests.test_financial_world import build_budget

DAY = datetime.date(2019, 3, 14)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _spending(agreement, location, n: int) -> None:
    """``n`` expenditures of € 12,50 at ``location`` on DAY, over the budget's lines."""
    lines = list(BudgetLine.unscoped.filter(budget__agreement=agreement).order_by("pk"))
    for i in range(n):
        Expenditure.unscoped.create(
            location=location, line=lines[i % len(lines)], date=DAY, amount="12.50"
        )


def _budgeted_room(agreement, location, n: int) -> None:
    """``location`` added to ``agreement`` with € 100 on every budget line, € 300 of the
    municipality's financing, volunteer hours and ``n`` expenditures."""
    agreement.locations.add(location)
    for line in BudgetLine.unscoped.filter(budget__agreement=agreement):
        BudgetAmount.unscoped.create(line=line, location=location, amount="100.00")
    gemeente = Party.unscoped.get(organisation=agreement.organisation, code="gemeente")
    Financing.unscoped.create(agreement=agreement, party=gemeente, location=location, amount=300)
    VolunteerInvestment.unscoped.create(
        agreement=agreement, location=location, residents_hours=100, professionals_hours=10
    )
    _spending(agreement, location, n)


@pytest.mark.parametrize("page", ["budget", "board", "board_index"])
def test_the_budget_and_board_pages_read_a_fixed_number_of_queries(client, world, page):
    """The budget page, the board's page of an agreement and the board's index: as many
    queries for 2 rooms with 2 expenditures as for 6 rooms with 26."""
    a = world.tenants.a
    agreement = world.agreement
    with system_scope():
        build_budget(world)
        _spending(agreement, a.location, 2)
    urls = {
        "budget": reverse("budgets:budget", args=[agreement.pk]),
        "board": f"{reverse('budgets:board', args=[agreement.pk])}?period=2019-Q2",
        "board_index": reverse("budgets:board_index"),
    }
    client.force_login(a.board)
    client.get(urls[page])  # the session's first request: its one-time reads
    few = _queries(client, urls[page])
    with system_scope():
        for _ in range(4):
            _budgeted_room(agreement, LocationFactory(organisation=a.organisation), 6)
    many = _queries(client, urls[page])
    assert few == many
    # The added rooms are on the page (the count did not stay equal by leaving them out).
    if page != "board_index":
        with system_scope():
            codes = list(agreement.locations.values_list("code", flat=True))
        html = client.get(urls[page]).content.decode()
        assert len(codes) == 6 and all(code in html for code in codes)
