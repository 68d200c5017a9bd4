"""Issue 12, "One agreement never changes another" and the format-2 document keys.

A second region's file for the same year (Utrecht 2021, written by hand below) states another
residents' rate, spells a fund shared with Zuidoost differently and, with ``kind_changed``,
gives it another kind. Loading it before or after Zuidoost 2021 leaves every figure of each
agreement as it is when that agreement is loaded alone.
"""

from __future__ import annotations

from decimal import Decimal as D
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from agreements.loader import LoaderError, load_agreement_files, read_agreement_files
from agreements.models import Agreement, AgreementParty, Party
from budgets.figures import budget_overview

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

ZUIDOOST_2021 = Path(settings.BASE_DIR) / "data" / "agreements" / "zuidoost-2021.yaml"

UTRECHT_2021 = """\
format: 2
organisation:
  slug: buurtwerkkamer-cooperatie
  name: Buurtwerkkamer Coöperatie
region: utrecht
region_name: Utrecht
year: 2021
title: Samenwerkingsafspraak Buurtwerkkamers Utrecht 2021
status: signed
follows_offer: 2021
locations:
  - {code: top, name: TOP, city: Utrecht}
parties:
  - {code: gemeente-utrecht, name: Gemeente Utrecht, kind: municipality, funder: true}
  - code: stichting-doen
    name: DOEN Fonds Utrecht
    kind: sponsor
    kind_changed: true
    funder: true
  - {code: portaal, name: Portaal, kind: housing_corporation, funder: true}
indicators:
  - code: unique_total
    section: PROCES
    description: Totaal unieke deelnemers
    method: unique
    categories: [all]
    targets: {top: "300"}
volunteer_rates:
  residents: {rate: "12.00", source: "Utrecht: another rate"}
  professionals: {rate: "40.00", source: "Utrecht"}
budgets:
  - version: Begroting Utrecht 2021
    lines:
      - {code: A1, group: A, description: Coördinatie, amounts: {top: "50000"}}
financing:
  - funder: gemeente-utrecht
    amounts: {top: "30000"}
  - funder: stichting-doen
    amounts: {top: "5000"}
  - funder: portaal
    amounts: {top: "10000"}
  - funder: portaal
    intended: true
    amounts: {top: "8000"}
volunteer_hours:
  top: {residents: 1000, professionals: 500}
"""

UTRECHT_2021_OFFER = """\
format: 2
organisation:
  slug: buurtwerkkamer-cooperatie
  name: Buurtwerkkamer Coöperatie
region: utrecht
region_name: Utrecht
year: 2021
kind: offer
offered_on: 2020-10-01
title: Aanbod Buurtwerkkamers Utrecht 2021
locations:
  - {code: top, name: TOP, city: Utrecht}
indicators:
  - code: unique_total
    section: PROCES
    description: Totaal unieke deelnemers
    method: unique
    categories: [all]
    targets: {top: "250"}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(slug: str) -> dict:
    """Every budget figure (computed and stated) of one agreement, its funder rows and its
    parties' names and kinds as that agreement states them."""
    region, year = slug.split("-")
    agreement = Agreement.objects.get(region=region, year=int(year), kind="agreement")
    overview = budget_overview(agreement)
    return {
        "figures": {
            where: {name: (figure.computed, figure.stated) for name, figure in figures.items()}
            for where, figures in overview.figures.items()
        },
        "funders": [(f.code, f.name, f.kind, f.amounts) for f in overview.funders],
        "intended": [(f.code, f.name, f.kind, f.amounts) for f in overview.intended_funders],
        "rates": overview.rates,
        "parties": sorted(
            (role.party.code, role.stated_name, role.stated_kind)
            for role in AgreementParty.objects.filter(agreement=agreement).select_related("party")
        ),
    }


def alone(paths: list[Path], slug: str) -> dict:
    load_agreement_files(paths=paths)
    result = snapshot(slug)
    for agreement in Agreement.objects.all():
        agreement.delete()
    return result


def test_two_regions_loaded_in_either_order_leave_each_agreements_figures_unchanged(tmp_path):
    utrecht = write(tmp_path, "utrecht-2021.yaml", UTRECHT_2021)
    offer = write(tmp_path, "utrecht-2021-offer.yaml", UTRECHT_2021_OFFER)
    zuidoost_alone = alone([ZUIDOOST_2021], "zuidoost-2021")
    # Worked out from the file: CJM 10.000 residents' hours x € 11,00 + 500 x € 37,00.
    assert zuidoost_alone["figures"]["cjm"]["volunteer_value"][0] == D("128500")
    assert ("stichting-doen", "fund") in {(f[0], f[2]) for f in zuidoost_alone["funders"]}
    utrecht_alone = alone([offer, utrecht], "utrecht-2021")

    for order in ([ZUIDOOST_2021, offer, utrecht], [offer, utrecht, ZUIDOOST_2021]):
        summaries = load_agreement_files(paths=order)
        assert snapshot("zuidoost-2021") == zuidoost_alone, order
        assert snapshot("utrecht-2021") == utrecht_alone, order
        changes = [change for summary in summaries for change in summary.kind_changes]
        # The kind changes only when Utrecht is loaded after Zuidoost knows the fund.
        assert changes == (["stichting-doen: fund -> sponsor"] if order[0] == ZUIDOOST_2021 else [])
        assert Party.objects.filter(code="stichting-doen").count() == 1
        for agreement in Agreement.objects.all():
            agreement.delete()

    # Utrecht's own figures, worked out by hand: 1.000 x € 12 + 500 x € 40 = € 32.000.
    figures = utrecht_alone["figures"]["top"]
    assert figures["volunteer_value"][0] == D("32000")
    assert figures["financing_total"][0] == D("45000")  # 30.000 + 5.000 + 10.000 committed
    assert figures["surplus"][0] == D("-5000")  # against committed money: 45.000 - 50.000
    assert figures["financing_intended"][0] == D("8000")
    assert figures["surplus_with_intended"][0] == D("3000")  # 45.000 + 8.000 - 50.000
    assert figures["popular_budget"][0] == D("77000")  # 45.000 + 32.000
    assert figures["popular_budget_with_intended"][0] == D("85000")
    assert figures["financing_subtotal_housing"][0] == D("10000")  # Portaal committed only
    assert utrecht_alone["intended"] == [
        ("portaal", "Portaal", "housing_corporation", {"top": 8000})
    ]
    assert ("stichting-doen", "DOEN Fonds Utrecht", "sponsor") in utrecht_alone["parties"]
    # A format-1 file has no intended figures at all.
    assert "financing_intended" not in zuidoost_alone["figures"]["all"]


def test_an_agreement_links_to_the_offer_it_followed(tmp_path):
    offer = write(tmp_path, "offer.yaml", UTRECHT_2021_OFFER)
    agreement = write(tmp_path, "agreement.yaml", UTRECHT_2021)
    summaries = load_agreement_files(paths=[agreement, offer])  # the offer may come later
    assert [summary.agreement for summary in summaries] == ["utrecht-2021", "utrecht-2021-offer"]
    signed = Agreement.objects.get(region="utrecht", kind="agreement")
    assert signed.follows_offer.slug == "utrecht-2021-offer"
    assert signed.follows_offer.offered_on.isoformat() == "2020-10-01"
    assert list(signed.follows_offer.followed_by.all()) == [signed]


@pytest.mark.usefixtures("english")  # the loader's problems, in English
def test_an_agreement_following_an_offer_not_loaded_loads_nothing(tmp_path):
    agreement = write(tmp_path, "agreement.yaml", UTRECHT_2021)
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[agreement])
    assert [str(p) for p in excinfo.value.problems] == [
        f"{agreement}: follows_offer: no offer utrecht-2021-offer is loaded "
        "(load it first or in the same command)"
    ]
    assert not Agreement.objects.exists()


@pytest.mark.usefixtures("english")  # the loader's problems, in English
def test_a_change_of_kind_without_the_flag_is_refused_at_the_kind(tmp_path):
    text = UTRECHT_2021.replace("    kind_changed: true\n", "").replace("follows_offer: 2021\n", "")
    utrecht = write(tmp_path, "utrecht.yaml", text)
    load_agreement_files(paths=[ZUIDOOST_2021])
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[utrecht])
    # line 17 "    kind: sponsor" less the follows_offer line removed: 16, the value at column 11
    assert [str(p) for p in excinfo.value.problems] == [
        f"{utrecht}:16:11: parties: party 'stichting-doen' is a fund in other agreements; this "
        "file says sponsor (add 'kind_changed: true' to the party, format 2, to change its kind)"
    ]
    assert Party.objects.get(code="stichting-doen").kind == "fund"
    assert not Agreement.objects.filter(region="utrecht").exists()


FOLLOWS = "follows_offer: 2021\n"
FLAG = "    kind_changed: true\n"
COMMITTED_PORTAAL = '  - funder: portaal\n    amounts: {top: "10000"}\n'
INTENDED_PORTAAL = '  - funder: portaal\n    intended: true\n    amounts: {top: "8000"}\n'


@pytest.mark.usefixtures("english")  # the loader's problems, in English
@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        # line 10 of the file; nothing removed before it
        ((FLAG, INTENDED_PORTAAL), ":10:1: follows_offer: 'follows_offer'"),
        # line 18 of the file, one line (follows_offer) removed before it
        ((FOLLOWS, INTENDED_PORTAAL), ":17:5: parties[1].kind_changed: 'kind_changed'"),
        # line 43 of the file; follows_offer, kind_changed and Portaal's 2 committed lines gone
        ((FOLLOWS, FLAG, COMMITTED_PORTAAL), ":39:5: financing[2].intended: 'intended'"),
    ],
)
def test_a_format_2_key_in_a_format_1_file_is_named_with_its_position(tmp_path, removed, expected):
    text = UTRECHT_2021.replace("format: 2", "format: 1")
    for part in removed:
        assert part in text
        text = text.replace(part, "")
    path = write(tmp_path, "old.yaml", text)
    with pytest.raises(LoaderError) as excinfo:
        read_agreement_files([path])
    assert [str(p) for p in excinfo.value.problems] == [
        f"{path}{expected} is a key of format 2; this file says format: 1 "
        "(write format: 2 to use it)"
    ]


def test_the_budget_page_shows_intended_financing_apart(tmp_path):
    from budgets.views.budget import financing_rows

    load_agreement_files(
        paths=[
            write(tmp_path, "offer.yaml", UTRECHT_2021_OFFER),
            write(tmp_path, "utrecht.yaml", UTRECHT_2021),
        ]
    )
    overview = budget_overview(Agreement.objects.get(region="utrecht", kind="agreement"))
    rows = financing_rows(overview, ["top", "all"])
    labels = [row.label for row in rows]
    committed = labels.index("Beoogde financiering (nog niet toegezegd)")
    # committed funders, their total and surplus first; then the intended part apart
    assert labels[:committed] == [
        "Gemeente Utrecht",
        "DOEN Fonds Utrecht",
        "Portaal",
        "Subtotaal woningcorporaties",
        "Totaal financiering (directe euro's)",
        "Overschot (+) of tekort (-): financiering min begroting",
    ]
    assert labels[committed + 1 :] == [
        "Portaal",
        "Totaal beoogde financiering (nog niet toegezegd)",
        "Overschot (+) of tekort (-) met de beoogde financiering erbij",
    ]
    assert [cell.text for cell in rows[-1].cells] == ["€ 3.000", "€ 3.000"]


def test_the_reports_financial_section_shows_intended_money_apart(tmp_path):
    """The PDF's financing table (and popular budget) shows intended ("beoogd") money apart
    from committed money, with the shortfall counting it (issue 12), as the budget page:
    Utrecht 2021 at TOP has 45.000 committed, Portaal's 8.000 intended, a budget of 50.000."""
    from io import BytesIO

    from pypdf import PdfReader

    from locations.periods import parse_period
    from reports.pdf import progress_report_pdf
    from reports.selectors import progress_report

    offer = write(tmp_path, "utrecht-2021-offer.yaml", UTRECHT_2021_OFFER)
    load_agreement_files(paths=[offer, write(tmp_path, "utrecht-2021.yaml", UTRECHT_2021)])
    agreement = Agreement.objects.get(region="utrecht", kind="agreement")
    report = progress_report(user=None, agreement=agreement, period=parse_period("2021-Q2"))
    financing = [(row.kind, row.label) for row in report.financial.financing_rows]
    group = financing.index(("group", "Beoogde financiering (nog niet toegezegd)"))
    committed, intended = financing[:group], financing[group + 1 :]
    assert ("total", "Totaal financiering") in committed
    assert [label for kind, label in intended if kind == "funder"] == ["Portaal"]
    labels = {row.code: row for row in report.financial.financing_rows}
    # Two columns (TOP and the total), each: 8.000 intended; 45.000 + 8.000 - 50.000 = 3.000.
    assert [c.text for c in labels["financing_intended"].cells] == ["€ 8.000,00"] * 2
    assert [c.text for c in labels["surplus_with_intended"].cells] == ["€ 3.000,00"] * 2
    assert [c.text for c in labels["surplus"].cells] == ["-€ 5.000,00"] * 2
    popular = {row.code: row for row in report.financial.popular_rows}
    assert popular["popular_budget_with_intended"].cells[0].text == "€ 85.000,00"
    text = " ".join(
        page.extract_text() for page in PdfReader(BytesIO(progress_report_pdf(report))).pages
    )
    text = " ".join(text.split())
    # (The group heading is set in capitals by the style sheet.)
    assert "-€ 5.000,00 BEOOGDE FINANCIERING (NOG NIET TOEGEZEGD) Portaal € 8.000,00" in text
    assert "Overschot (+) of tekort (-) met de beoogde financiering erbij € 3.000,00" in text


def test_the_command_reports_a_party_kind_a_file_changes(tmp_path):
    """``load_agreement`` names the kind change a file makes with ``kind_changed: true``."""
    utrecht = write(tmp_path, "utrecht-2021.yaml", UTRECHT_2021)
    offer = write(tmp_path, "utrecht-2021-offer.yaml", UTRECHT_2021_OFFER)
    out = StringIO()
    call_command("load_agreement", str(ZUIDOOST_2021), language="en", stdout=out)
    assert "party kinds changed" not in out.getvalue()
    call_command("load_agreement", str(offer), str(utrecht), language="en", stdout=out)
    assert (
        "  party kinds changed (kind_changed in the file): stichting-doen: fund -> sponsor"
        in out.getvalue().splitlines()
    )
