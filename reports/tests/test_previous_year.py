"""Previous-year figures in year reports (issue 11): beside each row the realised figure of
the same indicator code and location in the previous year's agreement of the same
organisation and region; in the report object, the web page, the PDF and the Excel sheet.

Hand-built: organisation a, region "vj", 2018 with noord only, 2019 with noord and zuid; an
indicator "jobs" in both years, "visitors" (unique participants) only in 2019; a 2019
agreement of another region with "jobs" too, which must not borrow 2018's figures.
"""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agreements.choices import Method, Section
from locations.periods import Period
from registrations.models import Job
from reports.excel import DATA_COLUMNS, progress_report_xlsx
from reports.pdf import progress_report_html
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json
from reports.tests.factories import AgreementFactory, IndicatorFactory, TargetFactory


@pytest.fixture
def years(tenants):
    a = tenants.a
    n, z = a.location, a.other_location
    a.y2018 = AgreementFactory(organisation=a.organisation, region="vj", year=2018, locations=[n])
    a.y2019 = AgreementFactory(
        organisation=a.organisation, region="vj", year=2019, locations=[n, z]
    )
    a.elsewhere = AgreementFactory(
        organisation=a.organisation, region="anders", year=2019, locations=[n]
    )
    for agreement, codes, locations in [
        (a.y2018, ["jobs"], [n]),
        (a.y2019, ["jobs", "visitors"], [n, z]),
        (a.elsewhere, ["jobs"], [n]),
    ]:
        for position, code in enumerate(codes):
            indicator = IndicatorFactory(
                agreement=agreement,
                code=code,
                position=position,
                section=Section.PROCES,
                method=Method.JOBS if code == "jobs" else Method.UNIQUE,
                categories=[] if code == "jobs" else ["all"],
            )
            for location in locations:
                TargetFactory(indicator=indicator, location=location)
    for location, day in [
        (n, date(2018, 3, 1)),
        (n, date(2018, 7, 1)),
        (n, date(2018, 12, 31)),
        (n, date(2019, 5, 1)),
        (z, date(2019, 6, 1)),
        (z, date(2019, 8, 1)),
    ]:
        Job.unscoped.create(location=location, date=day, description="Klus")
    return a


def _rows(report):
    return {
        (block.code, row.indicator_code): row
        for block in [*report.locations, report.totals]
        for row in block.rows
    }


def test_year_report_carries_last_years_figures(years):
    report = progress_report(user=years.board, agreement=years.y2019, period=Period(2019))
    assert report.previous_year == 2018
    rows = _rows(report)
    # noord: 3 jobs in 2018 beside 1 in 2019; zuid was not in the 2018 agreement.
    assert (rows[("a-noord", "jobs")].realised, rows[("a-noord", "jobs")].previous_realised) == (
        1,
        3,
    )
    assert rows[("a-noord", "jobs")].previous_realised_text == "3"
    assert rows[("a-zuid", "jobs")].previous_realised is None
    assert rows[("a-zuid", "jobs")].previous_realised_text == ""
    # The totals: 2019 noord + zuid = 3; 2018 over the rooms it had (noord) = 3.
    assert (rows[("all", "jobs")].realised, rows[("all", "jobs")].previous_realised) == (3, 3)
    # A code the 2018 agreement did not have: nothing beside it.
    assert rows[("a-noord", "visitors")].previous_realised is None
    assert rows[("a-noord", "visitors")].previous_realised_text == ""


def test_quarter_other_region_and_first_year_have_none(years):
    quarter = progress_report(user=years.board, agreement=years.y2019, period=Period(2019, 2))
    assert quarter.previous_year is None
    assert all(r.previous_realised_text == "" for r in _rows(quarter).values())
    other = progress_report(user=years.board, agreement=years.elsewhere, period=Period(2019))
    assert other.previous_year is None
    assert _rows(other)[("a-noord", "jobs")].previous_realised is None
    first = progress_report(user=years.board, agreement=years.y2018, period=Period(2018))
    assert first.previous_year is None


def test_every_rendering_shows_them(years, client):
    report = progress_report(user=years.board, agreement=years.y2019, period=Period(2019))
    assert report_from_json(report_to_json(report)) == report
    sheet = load_workbook(BytesIO(progress_report_xlsx(report)))["data"]
    header = [cell.value for cell in sheet[1]]
    assert header == DATA_COLUMNS
    assert header[-2:] == ["previous_realised", "previous_realised_text"]
    by_key = {(r[0], r[2]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_key[("a-noord", "jobs")][-2:] == (3, "3")
    assert by_key[("a-zuid", "jobs")][-2:] in ((None, None), (None, ""))
    html = progress_report_html(report)
    # The location blocks' tables (the summary page before them has the charts' tables).
    blocks = html[html.index('id="blok-1"') :]
    heads = [part.split("</thead>")[0] for part in blocks.split("<thead>")[1:]]
    indicator_head = next(head for head in heads if "Prestatie" in head)
    # The empty "Dit kwartaal" column of a year report gives its place to last year's figure.
    assert "Vorig jaar" in indicator_head and "Dit kwartaal" not in indicator_head
    client.force_login(years.board)
    url = reverse("reports:progress", args=[years.y2019.pk])
    year_page = client.get(url, {"period": "2019"}).content.decode()
    assert "Vorig jaar" in year_page
    quarter_page = client.get(url, {"period": "2019-Q2"}).content.decode()
    assert "Vorig jaar" not in quarter_page
