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
