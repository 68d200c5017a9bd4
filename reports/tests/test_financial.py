"""The report's financial section: the PDF carries the budget, financing, popular budget and the
appendix "Verschillen met de bron"; ``build_report --format xlsx`` on the loaded 2021
agreement writes ``budget_data``; a coordinator's report covers only their room."""

from io import BytesIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_pdf
from reports.selectors import progress_report
from reports.tests.test_financial_world import ALL, NOORD, build_budget

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")


def _text(pdf: bytes) -> str:
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    return " ".join(" ".join(pages).split())


@pytest.fixture
def report(world):
    build_budget(world)
    return progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))


def test_pdf_has_the_financial_section(report):
    text = _text(progress_report_pdf(report))
    assert "Financiën" in text
    assert "Begroting test" in text
    # Lines and hand-worked subtotals: A at noord 1000 + 200 = 1200; total noord 2000.50.
    assert "(A1) Coördinatie € 1.000,00 € 500,00 € 1.500,00" in text
    assert "Subtotaal (A) inzet mensen € 1.200,00 € 600,00 € 1.800,00" in text
    assert "Totaal begroting € 2.000,50* € 999,50 € 3.000,00" in text
    # Ratios rounded half-up to whole percents: SROI 600 / 2000.50 = 29.99% -> 30%;
    # zuid 0 / 999.50 = 0%; all 600 / 3000 = 20%.
    assert "30% 0% 20%" in text
    # Financing: woco only at noord (empty cell at zuid), with its in-kind footnote.
    assert "Woco a, b € 600,25 € 600,25" in text
    assert "a Huur betaalt woco direct b a Noord: waarvan € 300,00 in natura" in text
    # Surplus: 2100.25 - 2000.50 = 99.75; zuid 800 - 999.50 = -199.50 (a shortfall).
    assert "€ 99,75 -€ 199,50 -€ 99,75" in text
    # Volunteer value noord 1000 × 10.04 + 500 × 37 = 28,540; popular 2100.25 + 28540.
    assert "Waarde vrijwillige inzet € 28.540,00 — € 28.540,00" in text
    assert "€ 30.640,25 — € 31.440,25" in text
    # Funders' share: 2100.25 / 30640.25 = 6.85% -> 7%; all 2900.25 / 31440.25 = 9.22% -> 9%.
    assert "Aandeel financiers in de populaire begroting 7% — 9%" in text


def test_pdf_appendix_lists_each_difference_with_both_figures(report):
    text = _text(progress_report_pdf(report))
    appendix = text[text.index("Bijlage: Verschillen met de bron") :]
    # Noord's stated total € 2.100 against the computed 2000.50: difference -99.50.
    assert "a Noord Totaal begroting € 2.100 € 2.000,50 -€ 99,50" in appendix
    # The stated 20% SROI agrees with 600 / 3000: not listed.
    assert "Social Return" not in appendix


def test_no_financial_section_without_a_budget(world):
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    assert report.financial is None
    assert "Financiën" not in _text(progress_report_pdf(report))


def test_coordinator_report_covers_only_their_room(world):
    build_budget(world)
    coordinator = world.tenants.a.coordinator  # works at a-noord only
    report = progress_report(user=coordinator, agreement=world.agreement, period=Period(2019, 2))
    section = report.financial
    assert [code for code, _name in section.columns] == [NOORD, ALL]
    sheet = load_workbook(BytesIO(progress_report_xlsx(report)))["budget_data"]
    rows = {(row[0], row[1]): row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {location for location, _name in rows} == {NOORD, ALL}
    # "all" is noord alone; the agreement's stated SROI is not attached to a partial total.
    assert rows[(ALL, "total")][2] == pytest.approx(2000.50)
    assert rows[(ALL, "sroi_share")][3] is None


def test_budget_vs_actual_shown_once_money_is_spent(world):
    from budgets.models import BudgetLine, Expenditure

    build_budget(world)
    line = BudgetLine.unscoped.get(budget__agreement=world.agreement, code="A1")
    Expenditure.unscoped.create(
        location=world.tenants.a.location, line=line, date="2019-03-31", amount="450.00"
    )
    Expenditure.unscoped.create(  # after the period's end (30-06-2019): not counted
        location=world.tenants.a.location, line=line, date="2019-07-01", amount="999.00"
    )
    # The report is built after the spending: it carries its figures, the PDF reads no table.
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    text = _text(progress_report_pdf(report))
    assert "Begroting en besteding 01-01-2019 t/m 30-06-2019" in text
    # Noord: budget 2000.50, spent 450 (22%); forecast 450 / 181 days × 365 = 907.46.
    assert "a Noord € 2.000,50 € 450,00 22% € 907,46" in text


def test_build_report_writes_budget_data_for_2021(db, tmp_path):
    call_command("load_agreement", "data/agreements/zuidoost-2021.yaml", verbosity=0)
    out = tmp_path / "rapport.xlsx"
    call_command(
        "build_report", agreement="zuidoost-2021", period="2021", format="xlsx", out=str(out)
    )
    workbook = load_workbook(out)
    assert {"data", "begroting", "budget_data"} <= set(workbook.sheetnames)
    sheet = workbook["budget_data"]
    assert [cell.value for cell in sheet[1]] == ["location", "figure", "computed", "stated"]
    rows = {(row[0], row[1]): row[2:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    # By hand from the 2021 lines: MultiBron A = 34,500 + 11,712 + 7,320 = 53,532, stated 52,532.
    assert rows[("multibron", "subtotal_A")] == (53532, 52532)
    # CJM: financing 125,500 - budget 125,568 = a shortfall of 68 (nothing stated).
    assert rows[("cjm", "surplus")] == (-68, None)
    # Volunteer value CJM: 10,000 × 11 + 500 × 37 = 128,500, as stated.
    assert rows[("cjm", "volunteer_value")] == (128500, 128500)
    # Total over the three rooms: 125,568 + 125,868 + 157,656 = 409,092.
    assert rows[("all", "total")][0] == 409092
    # Funders: Ymere 0 + 7,500 + 22,500 = 30,000 over the rooms.
    assert rows[("all", "financing:ymere")][0] == 30000
    assert rows[("cjm", "financing:ymere")][0] == 0
