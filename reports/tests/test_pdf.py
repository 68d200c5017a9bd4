"""The PDF carries the selector's figures, a title page and page numbers (read back with pypdf)."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from locations.formatting import format_date, format_number
from locations.periods import Period
from reports.pdf import progress_report_pdf
from reports.selectors import progress_report

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")


@pytest.fixture
def report_and_pages(world):
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    pdf = progress_report_pdf(report)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    return report, [page.extract_text() for page in reader.pages]


def _signed(value):
    text = format_number(value)
    return f"+{text}" if value is not None and value > 0 else text


def test_title_page(report_and_pages):
    report, pages = report_and_pages
    title = " ".join(pages[0].split())
    assert "Samenwerkingsafspraken Amsterdam Zuidoost 2019" in title
    assert "Coöperatie a" in title
    assert "Amsterdam Zuidoost" in title
    assert "Voortgangsrapportage 2e kwartaal 2019" in title
    assert "01-04-2019 t/m 30-06-2019" in title
    assert "01-01-2019 t/m 30-06-2019" in title
    assert f"Gemaakt op {format_date(report.generated_on)}" in title


def test_page_numbers(report_and_pages):
    _report, pages = report_and_pages
    # Title page, contents and summary, noord, zuid, totals, visits, the municipality's
    # items (a)-(d). The footer says "Pagina n van m" (issue 11).
    assert len(pages) == 7
    for number, text in enumerate(pages, start=1):
        assert f"Pagina {number} van 7" in text


def test_tables_carry_the_selector_figures(report_and_pages):
    report, pages = report_and_pages
    blocks = [*report.locations, report.totals]
    for block, text in zip(blocks, pages[2:5], strict=True):
        assert block.name in text
        for row in block.rows:
            figures = " ".join(
                [
                    row.target_text,
                    format_number(row.expected_to_date),
                    row.realised_text,
                    format_number(row.realised_quarter),
                    _signed(row.difference),
                ]
            )
            assert figures in text, (block.code, row.indicator_code)


def test_hand_worked_figures_and_marks(report_and_pages):
    _report, pages = report_and_pages
    noord, _zuid, totals, visits, items = pages[2:]
    # Total unique at noord: target 500, pro rata 250, realised 3, Q2 2, difference -497.
    assert "500 250 3 2 -497" in noord
    # Totals: 500 + 350 = 850, pro rata 425, pA pB pC pD = 4, Q2 3.
    assert "850 425 4 3 -846" in totals
    assert "WC Klussen" in noord  # the housing-corporation mark
    assert "achter op\nschema" in noord or "achter op schema" in noord
    assert "nog niet" in noord
    assert "Bezoeken" in visits
    assert "Voor de gemeente" in items
    assert "Niets vastgelegd in deze periode." in items
