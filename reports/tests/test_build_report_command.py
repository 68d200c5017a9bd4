"""``manage.py build_report`` writes PDF and Excel files and rejects bad arguments."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader


@pytest.mark.parametrize("file_format", ["pdf", "xlsx"])
def test_writes_the_file(world, tmp_path, capsys, file_format):
    out = tmp_path / f"rapport.{file_format}"
    call_command(
        "build_report",
        agreement="zuidoost-2019",
        period="2019-Q2",
        format=file_format,
        out=str(out),
        organisation="a",
    )
    assert str(out) in capsys.readouterr().out
    if file_format == "pdf":
        assert "850 425 4 3 -846" in PdfReader(out).pages[4].extract_text()
    else:
        sheet = load_workbook(out)["data"]
        assert sheet["A1"].value == "location"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agreement": "utrecht-2019", "organisation": "a"}, "Onbekende afspraak"),
        ({"agreement": "zuidoost", "organisation": "a"}, "Ongeldige afspraak"),
        ({"agreement": "zuidoost-2019"}, "meer organisaties"),
        ({"agreement": "zuidoost-2019", "organisation": "a", "period": "2019-Q5"}, "periode"),
        ({"agreement": "zuidoost-2019", "organisation": "a", "period": "2020-Q1"}, "buiten"),
    ],
)
def test_rejects_bad_arguments(world, tmp_path, options, message):
    arguments = {"period": "2019-Q2", "format": "pdf", "out": str(tmp_path / "x.pdf"), **options}
    with pytest.raises(CommandError, match=message):
        call_command("build_report", **arguments)
    assert not (tmp_path / "x.pdf").exists()


def test_an_offer_has_its_own_name(world, tmp_path):
    """``<region>-<year>-offer`` names an offer (issue 12), ``<region>-<year>`` the agreement
    of that year, never the offer: the offer's report is the offer's own (its title)."""
    from agreements.choices import AgreementKind
    from locations.access import system_scope
    from reports.tests.conftest import build_agreement

    a = world.tenants.a
    with system_scope():
        offer = build_agreement(a.organisation, a.location, a.other_location, region="tmp")
        offer.region, offer.kind = "zuidoost", AgreementKind.OFFER
        offer.title = "Aanbod Zuidoost 2019"
        offer.save()
        assert offer.slug == "zuidoost-2019-offer"
    out = tmp_path / "aanbod.xlsx"
    call_command(
        "build_report", agreement="zuidoost-2019-offer", period="2019-Q2", format="xlsx",
        out=str(out), organisation="a",
    )  # fmt: skip
    facts = {row[0]: row[1] for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)}
    assert facts["Afspraak"] == "Aanbod Zuidoost 2019"
    call_command(
        "build_report", agreement="zuidoost-2019", period="2019-Q2", format="xlsx",
        out=str(out), organisation="a",
    )  # fmt: skip
    facts = {row[0]: row[1] for row in load_workbook(out).worksheets[0].iter_rows(values_only=True)}
    assert facts["Afspraak"] == world.agreement.title != "Aanbod Zuidoost 2019"
    with pytest.raises(CommandError, match="Onbekende afspraak"):
        call_command(
            "build_report", agreement="zuidoost-2019-multi_year_plan", period="2019-Q2",
            format="xlsx", out=str(out), organisation="a",
        )  # fmt: skip
