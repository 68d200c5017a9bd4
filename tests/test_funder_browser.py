"""A housing corporation's funder in real headless Chromium (issue 9, "Demo and tests"): it
logs in, finds on its start page only the reports issued to its own party, downloads a PDF
(exactly the stored bytes) and gets 404 for another party's issued report opened by URL; axe-core
(tests/axe.py) finds no violation on the login pages and its start page (issue 14, "Tests")."""

import hashlib
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from agreements.models import Agreement, AgreementParty, Party
from budgets.models import Financing
from locations.access import system_scope
from locations.factories import MembershipFactory, UserFactory
from locations.models import Role
from locations.periods import parse_period
from reports.issuing import report_issue
from reports.models import Audience, IssuedReport, IssuedReportDownload
from tests.axe import assert_no_axe_violations

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture
def page(browser_page):
    return browser_page(1280, 900, downloads=True)


@pytest.fixture
def issued(tenants) -> dict:
    """Organisation a's agreement over its two rooms, financed by the municipality (both
    rooms), Woonstad (the first room) and Huisvest (the second), with reports issued by the
    board: 2019-Q1 and 2019-Q2 to Woonstad, 2019-Q1 to Huisvest and to the municipality. A
    funder user of Woonstad ("a-woonstad") logs in."""
    a = tenants.a
    with system_scope():
        agreement = Agreement.objects.create(
            organisation=a.organisation,
            region="noordzuid",
            region_name="Noord-Zuid",
            year=2019,
            title="Afspraak Noord-Zuid 2019",
        )
        agreement.locations.set([a.location, a.other_location])
        parties = {}
        for code, name, kind, rooms in (
            ("gemeente", "Gemeente A", "municipality", [a.location, a.other_location]),
            ("woonstad", "Woonstad", "housing_corporation", [a.location]),
            ("huisvest", "Huisvest", "housing_corporation", [a.other_location]),
        ):
            party = Party.objects.create(
                organisation=a.organisation, code=code, name=name, kind=kind
            )
            AgreementParty.objects.create(agreement=agreement, party=party, is_funder=True)
            for room in rooms:
                Financing.objects.create(
                    agreement=agreement, party=party, location=room, amount="5000.00"
                )
            parties[code] = party
    user = UserFactory(username="a-woonstad")
    MembershipFactory(
        user=user, organisation=a.organisation, role=Role.FUNDER, party=parties["woonstad"]
    )

    def issue(period: str, audience: str, party: str) -> IssuedReport:
        return report_issue(
            user=a.board,
            agreement=agreement,
            period=parse_period(period),
            audience=audience,
            party=parties[party],
        )

    return {
        "own": [
            issue("2019-Q1", Audience.HOUSING_CORPORATION, "woonstad"),
            issue("2019-Q2", Audience.HOUSING_CORPORATION, "woonstad"),
        ],
        "others": [
            issue("2019-Q1", Audience.HOUSING_CORPORATION, "huisvest"),
            issue("2019-Q1", Audience.MUNICIPALITY, "gemeente"),
        ],
        "user": user,
    }


@pytest.mark.browser
def test_a_housing_corporation_sees_and_downloads_only_its_own_issued_reports(
    page, live_server, issued
):
    own, others = issued["own"], issued["others"]
    # A funder logs in with a second step (issue 10): the code of its authenticator app.
    device = TOTPDevice.objects.create(user=issued["user"], name="default", confirmed=True)
    page.goto(f"{live_server.url}/inloggen/")
    assert_no_axe_violations(page)
    page.fill("#id_username", "a-woonstad")
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    expect(page.locator("#id_token-otp_token")).to_be_visible()
    assert_no_axe_violations(page)  # the second step's page
    page.fill("#id_token-otp_token", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/")

    # The start page lists exactly its two versions: period, for whom, version.
    table = page.locator("table", has=page.locator("caption", has_text="Uitgegeven rapportages"))
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    shown = {tuple(rows.nth(i).locator("td").all_inner_texts()[:3]) for i in range(2)}
    assert shown == {("1e kwartaal 2019", "Woonstad", "1"), ("2e kwartaal 2019", "Woonstad", "1")}
    content = page.content()
    for version in others:
        assert reverse("reports:issued_file", args=[version.pk, "pdf"]) not in content
    assert "Huisvest" not in content
    assert_no_axe_violations(page)

    # It downloads its 2019-Q2 PDF: exactly the bytes issued (the stored SHA-256).
    q2 = own[1]
    link = page.locator(f'a[href="{reverse("reports:issued_file", args=[q2.pk, "pdf"])}"]')
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == q2.pdf_sha256
    assert download.suggested_filename.endswith(".pdf")

    # Another party's issued report, opened by its URL: 404 for the PDF and the Excel file,
    # and nothing recorded as downloaded.
    for version in others:
        for fmt in ("pdf", "xlsx"):
            url = reverse("reports:issued_file", args=[version.pk, fmt])
            response = page.goto(f"{live_server.url}{url}")
            assert response is not None and response.status == 404, (version, fmt)
    downloads = IssuedReportDownload.unscoped.values_list(
        "issued_report_id", "format", "downloaded_by_id"
    )
    assert list(downloads) == [(q2.pk, "pdf", issued["user"].pk)]
