"""Issue 3: with both real agreements loaded and a year of demo data generated, the Q4 report
and the full-year report have no empty indicator row.

A row is empty when it has neither a realised figure (``realised``) nor an entered outcome
(``realised_text`` other than "—", e.g. "Positief" for Controle and Begroting). The failure
message lists every empty row as (agreement, location, indicator code).

Every room's rows must be filled. In the totals block ("all") the same holds, except for
Interviews rows whose targets are percentages: percentages per room cannot be added up
(reports/measures.py, ``entered_results``), so that total is "—" by rule.
"""

import pytest

from agreements.choices import Method
from locations.periods import parse_period
from reports.selectors import progress_report

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

EMPTY_TEXTS = {"", "—"}


def _is_empty(row) -> bool:
    return row.realised is None and getattr(row, "realised_text", "—") in EMPTY_TEXTS


def _empty_rows(report) -> list[tuple[str, str, str]]:
    empty = [
        (report.agreement_slug, block.code, row.indicator_code)
        for block in report.locations
        for row in block.rows
        if _is_empty(row)
    ]
    percentages = {
        row.indicator_code
        for block in report.locations
        for row in block.rows
        if row.method == Method.INTERVIEWS and "%" in row.target_text
    }
    for row in report.totals.rows:
        if _is_empty(row) and row.indicator_code not in percentages:
            empty.append((report.agreement_slug, report.totals.code, row.indicator_code))
    return empty


def test_q4_and_year_reports_have_no_empty_row(demo_agreements):
    assert [a.slug for a in demo_agreements] == ["zuidoost-2019", "zuidoost-2021"]
    empty = []
    checked = 0
    for agreement in demo_agreements:
        for code in (f"{agreement.year}-Q4", str(agreement.year)):
            report = progress_report(user=None, agreement=agreement, period=parse_period(code))
            checked += sum(len(block.rows) for block in report.locations)
            empty += [(*row, code) for row in _empty_rows(report)]
    # 2019: 4 rooms x 28 indicators; 2021: 3 rooms x 27 indicators; two reports each.
    assert checked == 2 * (4 * 28 + 3 * 27)
    assert not empty, "indicator rows without a realised or entered value:\n" + "\n".join(
        f"  {agreement} {location} {indicator} ({period})"
        for agreement, location, indicator, period in empty
    )
