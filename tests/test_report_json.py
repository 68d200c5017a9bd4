"""Issued reports stay reproducible: the real Zuidoost reports (2019 with 4 rooms, 2021 with 3;
a year of demo registrations and demo spending) survive the JSON round trip exactly, and the
PDF and the Excel file rendered from the rebuilt report are byte-identical to those rendered
from the original, without a query and outside any scope."""

import pytest

from budgets.demo import generate_demo_expenditures
from locations.access import system_scope
from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_pdf
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json
from reports.tests.test_serialise import leaves


@pytest.mark.parametrize("index", [0, 1], ids=["zuidoost-2019", "zuidoost-2021"])
def test_round_trip_and_identical_files(demo_agreements, index, django_assert_num_queries):
    agreement = demo_agreements[index]
    generate_demo_expenditures(agreement, seed=2019)
    with system_scope():
        report = progress_report(user=None, agreement=agreement, period=Period(agreement.year, 2))
    assert report.agreement_slug == f"zuidoost-{agreement.year}"
    assert report.financial is not None and report.financial.actual is not None
    assert report.municipality is not None and report.municipality.partners

    with django_assert_num_queries(0):
        text = report_to_json(report)
        rebuilt = report_from_json(text)
        files = [
            (render(report), render(rebuilt))
            for render in (progress_report_pdf, progress_report_xlsx)
        ]
    assert rebuilt == report
    assert list(leaves(rebuilt)) == list(leaves(report))
    assert report_to_json(rebuilt) == text
    for original, again in files:
        assert original == again
