"""The report object is the whole report: the web page's report part, the PDF's HTML, the PDF
and the Excel file render from a built :class:`ProgressReport` with zero queries and outside
any scope, and the same report always gives the same bytes.

The report is conftest's ``full_report`` (budget, financing, volunteer hours, a stated figure
that differs, spending and every municipality item); only its building ran inside a scope.
"""

from dataclasses import replace
from datetime import date, datetime
from io import BytesIO
from zipfile import ZipFile

import pytest
from django.template.loader import render_to_string
from openpyxl import load_workbook
from pypdf import PdfReader

from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_html, progress_report_pdf
from reports.views.progress import report_context


def _pdf_text(pdf: bytes) -> str:
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]
    return " ".join(" ".join(pages).split())


def test_every_rendering_runs_no_query_outside_any_scope(full_report, django_assert_num_queries):
    report = full_report
    with django_assert_num_queries(0):
        page = render_to_string("reports/_progress_report.html", report_context(report))
        html = progress_report_html(report)
        pdf = progress_report_pdf(report)
        xlsx = progress_report_xlsx(report)
    # The renderings carry the report, the municipality items and the financial section.
    assert 'id="block-a-noord"' in page and 'id="block-all"' in page
    assert "Stadspas" in page and "Samen DOEN" in page
    assert "Bijlage: Verschillen met de bron" in html and "Schuldhulp Zuidoost" in html
    text = _pdf_text(pdf)
    assert "Totaal begroting € 2.000,50* € 999,50 € 3.000,00" in text
    # Budget versus actual: noord spent 450 of 2000.50 (22%); forecast 450 / 181 × 365.
    assert "a Noord € 2.000,50 € 450,00 22% € 907,46" in text
    assert "a Noord Totaal begroting € 2.100 € 2.000,50 -€ 99,50" in text
    workbook = load_workbook(BytesIO(xlsx))
    assert {"begroting", "budget_data", "municipality_items"} <= set(workbook.sheetnames)
    data = {(r[0], r[1]): r[2] for r in workbook["budget_data"].iter_rows(2, values_only=True)}
    assert data[("a-noord", "total")] == pytest.approx(2000.50)


def test_the_same_report_gives_the_same_bytes(full_report):
    report = full_report
    assert progress_report_pdf(report) == progress_report_pdf(report)
    assert progress_report_xlsx(report) == progress_report_xlsx(report)


def test_the_files_carry_the_report_date_not_the_time_of_writing(full_report):
    report = full_report
    issued = replace(report, generated_on=date(2019, 7, 1))
    xlsx = progress_report_xlsx(issued)
    with ZipFile(BytesIO(xlsx)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2019, 7, 1, 0, 0, 0)}
    properties = load_workbook(BytesIO(xlsx)).properties
    assert (properties.created, properties.modified) == (datetime(2019, 7, 1), datetime(2019, 7, 1))
    assert "Gemaakt op 01-07-2019" in _pdf_text(progress_report_pdf(issued))
    # Another date gives other bytes: the date is the only thing taken from outside the rows.
    assert progress_report_xlsx(replace(report, generated_on=date(2019, 7, 2))) != xlsx
