"""The municipality's items (a)-(d) (2019 agreement): selector, web page, PDF and Excel sheet.

Hand-built at organisation a (noord ``N``, zuid ``Z``), report 2019-Q2 (01-01..30-06):
- (a) outgoing referrals: MaDi N 10-02, N 01-05, Z 03-03 ("madi", same organisation);
  Buurtteam N 20-06; one at N on 01-07 (after the period) and one on 31-12-2018 (before);
- (b) minima applications: N 2× "Stadspas", Z 1× "Stadspas", N 1× without scheme;
- (c) partners: N Samen DOEN (01-06-2018, open), N MaDi (01-02-2019 .. 15-05-2019),
  Z Wijkzorg (agreed 01-08-2019: after the period), N Oud (ended 31-12-2018: before);
- (d) debt support: N 2× "Schuldhulp Zuidoost", Z 1× "Madi".
"""

from datetime import date, datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from locations.periods import Period
from registrations.models import DebtSupport, MinimaApplication, OutgoingReferral, PartnerAgreement
from reports.excel import MUNICIPALITY_COLUMNS, progress_report_xlsx
from reports.pdf import progress_report_html
from reports.selectors import progress_report

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

Q2 = Period(2019, 2)


@pytest.fixture
def items_world(world):
    a = world.tenants.a
    n, z = a.location, a.other_location
    for location, day, name in [
        (n, date(2019, 2, 10), "MaDi"),
        (n, date(2019, 5, 1), "MaDi"),
        (z, date(2019, 3, 3), "madi"),
        (n, date(2019, 6, 20), "Buurtteam"),
        (n, date(2019, 7, 1), "MaDi"),
        (n, date(2018, 12, 31), "MaDi"),
    ]:
        OutgoingReferral.unscoped.create(location=location, date=day, organisation_name=name)
    for location, scheme in [(n, "Stadspas"), (n, "Stadspas"), (z, "Stadspas"), (n, "")]:
        MinimaApplication.unscoped.create(location=location, date=date(2019, 4, 4), scheme=scheme)
    for location, name, agreed, ended in [
        (n, "Samen DOEN", date(2018, 6, 1), None),
        (n, "MaDi", date(2019, 2, 1), date(2019, 5, 15)),
        (z, "Wijkzorg", date(2019, 8, 1), None),
        (n, "Oud", date(2017, 1, 1), date(2018, 12, 31)),
    ]:
        PartnerAgreement.unscoped.create(
            location=location, partner_name=name, agreed_on=agreed, ended_on=ended
        )
    for location, name in [(n, "Schuldhulp Zuidoost"), (n, "Schuldhulp Zuidoost"), (z, "Madi")]:
        DebtSupport.unscoped.create(
            location=location, date=date(2019, 6, 1), organisation_name=name
        )
    return world


def _line(rows, label):
    return next(row for row in rows if row.label == label)


def test_items_per_location_and_total(items_world):
    items = progress_report(user=None, agreement=items_world.agreement, period=Q2).municipality
    assert (items.start, items.end) == (date(2019, 1, 1), date(2019, 6, 30))
    assert items.locations == [("a-noord", "a Noord"), ("a-zuid", "a Zuid")]
    # (a) MaDi: noord 2 (10-02, 01-05), zuid 1 ("madi" is the same organisation); Buurtteam 1.
    assert [row.label for row in items.referrals] == ["Buurtteam", "MaDi"]
    madi = _line(items.referrals, "MaDi")
    assert (madi.counts, madi.total) == ({"a-noord": 2, "a-zuid": 1}, 3)
    assert items.referrals_total.counts == {"a-noord": 3, "a-zuid": 1}
    assert items.referrals_total.total == 4
    # (b) Stadspas 2 + 1; one without a scheme at noord.
    assert _line(items.minima, "Stadspas").counts == {"a-noord": 2, "a-zuid": 1}
    assert _line(items.minima, "(regeling niet vermeld)").total == 1
    assert items.minima_total.total == 4
    # (c) active at some time in 01-01..30-06: Samen DOEN and MaDi at noord.
    assert [(p.location_code, p.partner_name, p.agreed_on, p.ended_on) for p in items.partners] == [
        ("a-noord", "MaDi", date(2019, 2, 1), date(2019, 5, 15)),
        ("a-noord", "Samen DOEN", date(2018, 6, 1), None),
    ]
    # (d) by organisation.
    assert _line(items.debt_support, "Schuldhulp Zuidoost").counts == {"a-noord": 2, "a-zuid": 0}
    assert items.debt_support_total.counts == {"a-noord": 2, "a-zuid": 1}


def test_coordinator_sees_own_location_only(items_world):
    coordinator = items_world.tenants.a.coordinator
    items = progress_report(
        user=coordinator, agreement=items_world.agreement, period=Q2
    ).municipality
    assert items.locations == [("a-noord", "a Noord")]
    assert items.referrals_total.total == 3  # zuid's "madi" is not visible


def test_excel_sheet(items_world):
    report = progress_report(user=None, agreement=items_world.agreement, period=Q2)
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    sheet = workbook["municipality_items"]
    assert [cell.value for cell in sheet[1]] == MUNICIPALITY_COLUMNS
    data = [
        dict(zip(MUNICIPALITY_COLUMNS, r, strict=True))
        for r in sheet.iter_rows(2, values_only=True)
    ]
    by_key = {(r["item"], r["location"], r["label"] or ""): r for r in data}
    assert by_key[("a_referrals", "a-noord", "MaDi")]["count"] == 2
    assert by_key[("a_referrals", "all", "MaDi")]["count"] == 3
    assert by_key[("a_referrals", "all", "")]["count"] == 4  # the total over organisations
    assert by_key[("b_minima", "a-zuid", "Stadspas")]["count"] == 1
    assert by_key[("d_debt_support", "all", "")]["count"] == 3
    partner = by_key[("c_partners", "a-noord", "MaDi")]
    assert (partner["agreed_on"], partner["ended_on"]) == (
        datetime(2019, 2, 1),
        datetime(2019, 5, 15),
    )
    assert partner["period_end"] == datetime(2019, 6, 30)


def test_web_page_and_pdf_show_the_section(client, items_world):
    client.force_login(items_world.tenants.a.board)
    url = reverse("reports:progress", args=[items_world.agreement.pk])
    body = client.get(url, {"period": "2019-Q2"}).content.decode()
    assert 'id="municipality-items"' in body
    assert "Samen DOEN" in body and "01-06-2018" in body
    assert "Schuldhulp Zuidoost" in body
    html = progress_report_html(
        progress_report(user=None, agreement=items_world.agreement, period=Q2)
    )
    assert "municipality-items" in html
    assert "Stadspas" in html and "Buurtteam" in html
