"""The board page (budgets:board): content, access per role and organisation, admin forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.models import Expenditure
from budgets.tests.actuals_world import make_world

D = Decimal


@pytest.fixture
def world(tenants):
    w = make_world(tenants.a)
    Expenditure.unscoped.create(
        location=w["noord"], line=w["a1"], date=date(2021, 2, 1), amount=D("2000.00")
    )
    Expenditure.unscoped.create(
        location=w["noord"], line=w["d1"], date=date(2021, 3, 5), amount=D("250.50")
    )
    Expenditure.unscoped.create(
        location=w["zuid"], line=w["a1"], date=date(2021, 5, 1), amount=D("99.00")
    )
    return w


def _url(world, **query):
    url = reverse("budgets:board", kwargs={"agreement_id": world["agreement"].pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_board_sees_budget_financing_actual_and_funders(client, tenants, world):
    client.force_login(tenants.a.board)
    response = client.get(_url(world, period="2021-Q1"))
    assert response.status_code == 200
    body = response.content.decode()
    summaries = {s.code: s for s in response.context["summaries"]}
    noord = summaries["a-noord"]
    # budget 12,000 + 3,000; financing 10,000 + 4,000; surplus 14,000 - 15,000 = -1,000
    assert (noord.budget, noord.financing, noord.surplus) == ("€ 15.000", "€ 14.000", "-€ 1.000")
    assert noord.shortfall
    # spent by 31 March: 2,000 + 250.50; 2,250.50 / 15,000 = 15.003% -> 15%
    assert (noord.spent, noord.share) == ("€ 2.250,50", "15%")
    # 2,250.50 × 365 / 90 = 9,127.03 -> shown in whole euros
    assert noord.forecast == "€ 9.127"
    zuid = summaries["a-zuid"]
    assert (zuid.budget, zuid.financing, zuid.spent) == ("€ 6.000", "€ 5.000", "€ 0,00")
    total = summaries["all"]
    assert (total.budget, total.financing, total.spent) == ("€ 21.000", "€ 19.000", "€ 2.250,50")
    assert "250,50 besteed van € 750,00 tot nu toe" in noord.petty_cash_text
    funders = {f.name: f for f in response.context["funders"]}
    assert funders["Gemeente Alfa"].total == "€ 15.000"
    assert funders["Gemeente Alfa"].rooms == [("a Noord", "€ 10.000"), ("a Zuid", "€ 5.000")]
    assert funders["Woonstichting Alfa"].rooms == [("a Noord", "€ 4.000")]
    for text in ("Gemeente Alfa", "Woonstichting Alfa", "a Noord", "a Zuid", "€ 2.250,50"):
        assert text in body
    assert 'id="expenditure"' not in body  # the board reads; admins enter spending


def test_period_filter_moves_the_end_date(client, tenants, world):
    client.force_login(tenants.a.board)
    response = client.get(_url(world, period="2021"))
    assert response.context["end"] == date(2021, 12, 31)
    summaries = {s.code: s for s in response.context["summaries"]}
    assert summaries["a-zuid"].spent == "€ 99,00"
    # a full year: the forecast is what was spent
    assert summaries["all"].forecast == "€ 2.350"  # 2,349.50 rounded to whole euros


@pytest.mark.parametrize("role", ["coordinator", "funder"])
def test_other_roles_are_forbidden(client, tenants, world, role):
    client.force_login(getattr(tenants.a, role))
    assert client.get(_url(world)).status_code == 403
    assert client.get(reverse("budgets:board_index")).status_code == 403


@pytest.mark.parametrize("role", ["board", "admin"])
def test_other_organisation_gets_404(client, tenants, world, role):
    client.force_login(getattr(tenants.b, role))
    assert client.get(_url(world)).status_code == 404
    index = client.get(reverse("budgets:board_index"))
    assert index.status_code == 200
    assert "Afspraak Alfa 2021" not in index.content.decode()


def test_index_lists_own_agreements(client, tenants, world):
    client.force_login(tenants.a.board)
    body = client.get(reverse("budgets:board_index")).content.decode()
    assert "Afspraak Alfa 2021" in body
    assert _url(world) in body


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(_url(world))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_admin_enters_an_expenditure(client, tenants, world):
    client.force_login(tenants.a.admin)
    response = client.post(
        _url(world, period="2021-Q1"),
        {
            "form": "expenditure",
            "location": world["zuid"].pk,
            "line": world["d1"].pk,
            "date": "2021-03-02",
            "amount": "1.234,56",
            "description": "Koffie en thee",
        },
    )
    assert response.status_code == 302
    saved = Expenditure.unscoped.get(description="Koffie en thee")
    assert (saved.location, saved.line, saved.amount) == (world["zuid"], world["d1"], D("1234.56"))
    assert saved.created_by == tenants.a.admin


def test_recent_expenditures_show_euros_the_house_way(client, tenants, world):
    client.force_login(tenants.a.admin)
    client.post(
        _url(world, period="2021-Q1"),
        {
            "form": "expenditure",
            "location": world["zuid"].pk,
            "line": world["d1"].pk,
            "date": "2021-03-02",
            "amount": "1.234,56",
            "description": "Koffie en thee",
        },
    )
    body = client.get(_url(world, period="2021-Q1")).content.decode()
    assert "€ 1.234,56" in body and "€ 1234" not in body


def test_admin_form_keeps_input_on_error(client, tenants, world):
    client.force_login(tenants.a.admin)
    before = Expenditure.unscoped.count()
    response = client.post(
        _url(world),
        {
            "form": "expenditure",
            "location": world["zuid"].pk,
            "line": world["d1"].pk,
            "date": "2020-12-31",
            "amount": "twaalf",
            "description": "Mijn omschrijving",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Vul een bedrag in euro&#x27;s in, bijvoorbeeld 12,50 of 1.234,56." in body
    assert 'value="twaalf"' in body
    assert "Mijn omschrijving" in body
    assert Expenditure.unscoped.count() == before

    # a date outside the agreement year: a plain Dutch error on the line
    response = client.post(
        _url(world),
        {
            "form": "expenditure",
            "location": world["zuid"].pk,
            "line": world["d1"].pk,
            "date": "2020-12-31",
            "amount": "12,50",
        },
    )
    assert "De datum ligt niet in 2021" in response.content.decode()
    assert Expenditure.unscoped.count() == before


def test_admin_cannot_choose_another_organisations_location(client, tenants, world):
    other = make_world(tenants.b)
    client.force_login(tenants.a.admin)
    response = client.post(
        _url(world),
        {
            "form": "expenditure",
            "location": other["noord"].pk,
            "line": world["a1"].pk,
            "date": "2021-03-02",
            "amount": "10",
        },
    )
    assert response.status_code == 200
    assert "Kies een buurtwerkkamer van deze afspraak." in response.content.decode()
    assert not Expenditure.unscoped.filter(location=other["noord"]).exists()


def test_board_cannot_post(client, tenants, world):
    client.force_login(tenants.a.board)
    response = client.post(
        _url(world),
        {"form": "expenditure", "location": world["zuid"].pk, "line": world["a1"].pk},
    )
    assert response.status_code == 403


def test_admin_uploads_a_csv_export(client, tenants, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(tenants.a.admin)
    before = Expenditure.unscoped.count()
    bad = SimpleUploadedFile(
        "uitgaven.csv",
        b"date;location;line;amount;description\n"
        b"01-04-2021;a-noord;A1;10;goed\n"
        b"01-04-2021;a-noord;X1;10;fout\n",
    )
    response = client.post(_url(world), {"form": "import", "file": bad})
    assert response.status_code == 200
    body = response.content.decode()
    assert "regel 3: onbekende begrotingsregel &#x27;X1&#x27;" in body
    assert "Er is niets geïmporteerd." in body
    assert Expenditure.unscoped.count() == before

    good = SimpleUploadedFile(
        "uitgaven.csv", b"date;location;line;amount;description\n01-04-2021;a-noord;A1;10;goed\n"
    )
    response = client.post(_url(world), {"form": "import", "file": good}, follow=True)
    assert Expenditure.unscoped.count() == before + 1
    assert "1 uitgaven toegevoegd" in response.content.decode()
