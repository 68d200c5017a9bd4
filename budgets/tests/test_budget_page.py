"""The budget page (budgets:budget) and the stated-figure admin, on the loaded agreements."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from agreements.models import Agreement
from locations.factories import MembershipFactory, UserFactory
from locations.models import Location, Role

DATA = Path(settings.BASE_DIR) / "data" / "agreements"

pytestmark = pytest.mark.django_db


def _load(name: str) -> Agreement:
    call_command("load_agreement", str(DATA / name), stdout=StringIO())
    region, year = name.removesuffix(".yaml").rsplit("-", 1)
    return Agreement.unscoped.get(region=region, year=int(year))


def _user(agreement: Agreement, role: str, locations=None, **extra):
    user = UserFactory(username=f"{agreement.slug}-{role}", **extra)
    MembershipFactory(
        user=user, organisation=agreement.organisation, role=role, locations=locations
    )
    return user


@pytest.fixture(scope="module")
def agreement_2021(module_transaction):
    """The real 2021 agreement, loaded once for the module (each test's writes are undone)."""
    return _load("zuidoost-2021.yaml")


def _page(client, agreement, **params) -> str:
    response = client.get(reverse("budgets:budget", args=[agreement.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_board_sees_every_room_the_figures_and_the_differences(client, agreement_2021):
    client.force_login(_user(agreement_2021, Role.BOARD))
    body = _page(client, agreement_2021)
    for name in ("Casa Jepie Makandra", "MultiBron", "De Handreiking"):
        assert name in body
    # Totals 125.568 / 157.656 / 125.868 / 409.092 and the ratios as whole percents.
    for text in ("€ 125.568", "€ 157.656", "€ 125.868", "€ 409.092", "42%", "49%"):
        assert text in body
    # The differences block lists the source's mistakes with both figures.
    block = body[body.index('id="differences"') : body.index('id="budget"')]
    assert "Verschillen met de bron" in block
    assert "€ 53.532" in block and "€ 52.532" in block and "+€ 1.000" in block
    assert "€ 128.500" in block and "€ 126.000" in block
    assert "€ 411.801" in block and "€ 409.301" in block
    # ... and in place in the budget table: computed, with the stated figure beside it.
    assert 'class="num differs"' in body
    assert "bron: € 52.532" in body
    # CJM's shortfall of € 68 (125.500 - 125.568).
    assert "-€ 68" in body
    assert "Tekort financiering bij" in body
    # Ymere's earmarked part and its note; volunteer rates with their source.
    assert "waarvan geoormerkt: De Handreiking € 5.000" in body
    assert "Ymere is bereid een extra bijdrage" in body
    assert "€ 11,00" in body and "€ 37,00" in body
    assert "€ 742.301" in body  # popular budget 411.801 + 330.500


def test_coordinator_sees_only_their_room(client, agreement_2021):
    cjm = Location.unscoped.get(organisation=agreement_2021.organisation, code="cjm")
    client.force_login(_user(agreement_2021, Role.COORDINATOR, locations=[cjm]))
    body = _page(client, agreement_2021)
    table = body[body.index('id="budget"') :]
    assert "Casa Jepie Makandra" in table
    assert "MultiBron" not in table
    assert "€ 157.656" not in body  # MultiBron's total
    assert "€ 77.701" not in body  # MultiBron's municipal financing
    # "Totaal" is CJM alone: the agreement's stated totals are not compared with it.
    assert "Verschillen met de bron" not in body
    assert "€ 125.568" in body


def test_location_filter(client, agreement_2021):
    client.force_login(_user(agreement_2021, Role.BOARD))
    body = _page(client, agreement_2021, location=["multibron"])
    table = body[body.index('id="budget"') :]
    assert "MultiBron" in table
    assert "Casa Jepie Makandra" not in table
    assert "€ 52.532" in body  # MultiBron's own mistake is still shown


def test_board_of_another_organisation_gets_404(client, agreement_2021, tenants):
    client.force_login(tenants.b.board)
    response = client.get(reverse("budgets:budget", args=[agreement_2021.pk]))
    assert response.status_code == 404


def test_login_required(client, agreement_2021):
    response = client.get(reverse("budgets:budget", args=[agreement_2021.pk]))
    assert response.status_code == 302


def test_2019_page_in_kind_footnote_and_not_applicable_ratios(client):
    agreement = _load("zuidoost-2019.yaml")
    client.force_login(_user(agreement, Role.BOARD))
    body = _page(client, agreement)
    assert "waarvan in natura: Samen Sterk € 15.000" in body
    assert "€ 12.000" in body  # Rochdale's note: rent for Gravestein 28-30 € 12.000
    assert "€ 416.592" in body
    ratios = body[body.index("Social Return On Investment") :]
    ratios = ratios[: ratios.index("</tr>")]
    assert ratios.count("—") == 5  # four rooms and the total: not applicable
    assert "Verschillen met de bron" not in body


def test_agreement_detail_links_to_the_budget_page(client, agreement_2021):
    client.force_login(_user(agreement_2021, Role.BOARD))
    response = client.get(reverse("agreements:detail", args=[agreement_2021.pk]))
    assert reverse("budgets:budget", args=[agreement_2021.pk]) in response.content.decode()


def test_stated_figure_admin_shows_computed_and_difference(client, agreement_2021):
    client.force_login(_user(agreement_2021, Role.ADMIN, is_staff=True))
    response = client.get(
        reverse("admin:budgets_statedfigure_changelist"), {"figure": "subtotal_A"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "€ 52.532" in body  # stated, as printed
    assert "€ 53.532" in body  # computed
    assert "€ 1.000" in body  # verschil
