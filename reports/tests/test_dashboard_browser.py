"""The board on its dashboard in real headless Chromium (issue 11, "Tests"): on a phone-sized
(390x844) and a desktop viewport it opens ``/bestuur/``, follows a realised figure to what was
counted (``reports:trace``), downloads the quarterly PDF, and axe-core finds no violation of
WCAG 2.x A/AA on the dashboard, the trace page and the location page (tests/axe.py)."""

import os
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from locations.access import system_scope
from reports.trace import DashboardFigure
from reports.views.trace import figure_url
from tests.axe import assert_no_axe_violations

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def _log_in(page, live_server, user) -> None:
    device = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)[0]
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.fill("#id_token-otp_token", f"{totp(device.bin_key):06d}")
    page.click("button[type=submit]")
    expect(page).not_to_have_url(f"{live_server.url}/inloggen/")


@pytest.mark.browser
def test_the_board_steers_on_its_dashboard_on_a_phone_and_a_desktop(
    browser_page,
    live_server,
    dashboard_world,
):
    a = dashboard_world.tenants.a
    agreement = dashboard_world.agreement
    noord = a.location

    # On a phone: the start page leads to the dashboard, which fits the screen.
    phone = browser_page(390, 844, downloads=True)
    _log_in(phone, live_server, a.board)
    phone.goto(f"{live_server.url}/")
    phone.get_by_role("link", name="Naar het bestuursdashboard").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Bestuursdashboard")
    card = phone.locator(f"#location-{agreement.pk}-{noord.pk}")
    expect(card.get_by_role("link", name=noord.name)).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the dashboard scrolls sideways on a phone ({width}px)"
    assert_no_axe_violations(phone)

    # On a desktop: every figure is a link to what was counted, the trace page.
    desktop = phone  # the same login (a one-time code is accepted once), a desktop's viewport
    desktop.set_viewport_size({"width": 1280, "height": 900})
    desktop.goto(f"{live_server.url}{reverse('dashboard:index')}")
    assert_no_axe_violations(desktop)
    # (2019's agreement seen in 2026: the figures run to 31-12-2019, the report period Q4.)
    card = desktop.locator(f"#location-{agreement.pk}-{noord.pk}")
    year = (date(2019, 1, 1), date(2019, 12, 31))
    expected = figure_url(agreement.pk, DashboardFigure.PARTICIPANTS, "2019-Q4", *year, noord.pk)
    link = card.locator("a.trace").first
    assert link.get_attribute("href") == expected
    assert link.get_attribute("target") is None  # opens in the same tab
    link.click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Herkomst van een cijfer")
    expect(desktop.get_by_role("heading", level=2).last).to_contain_text("Wat is geteld")
    assert_no_axe_violations(desktop)
    desktop.go_back()
    # The volunteer hours: 26,5 h registered at noord in 2019, each entry with its hours.
    card.get_by_role("link", name="26,5").click()
    expect(desktop.locator("#realised")).to_have_text("26,5")
    expect(desktop.locator("#rows tbody tr")).to_have_count(5)
    assert_no_axe_violations(desktop)
    desktop.go_back()
    # A realised indicator value behind the card's "behind" list, to the indicator's trace.
    card.locator("details summary").first.click()
    card.locator("details a.trace").first.click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text("Herkomst van een cijfer")
    expect(desktop.locator("#realised")).not_to_be_empty()
    desktop.go_back()
    # Each chart has its text alternative and its figures beside it.
    image = desktop.locator("figure.chart img").first
    assert image.get_attribute("alt")
    assert desktop.locator("figure.chart table").count() >= 2

    # The quarterly report of the period shown, as a PDF.
    with desktop.expect_download() as download_info:
        desktop.get_by_role("button", name="Kwartaalrapportage 4e kwartaal 2019 (PDF)").click()
    download = download_info.value
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    assert download.suggested_filename.endswith(".pdf")

    # The location page, drilled down to, passes axe-core too.
    desktop.locator(f"#location-{agreement.pk}-{noord.pk} h3 a").click()
    expect(desktop.get_by_role("heading", level=1)).to_have_text(noord.name)
    assert_no_axe_violations(desktop)

    # The board's other new pages of issue 11: the narratives of the agreement, the calendar.
    desktop.goto(f"{live_server.url}{reverse('reports:narratives', args=[agreement.pk])}")
    expect(desktop.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(desktop)
    desktop.goto(f"{live_server.url}{reverse('calendar:index')}")
    expect(desktop.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(desktop)


@pytest.mark.browser
def test_the_upload_page_and_a_report_files_page_pass_axe(
    browser_page, live_server, dashboard_world, tmp_path
):
    """axe-core on issue 11's and 12's remaining pages (review finding): the agreement upload
    page, empty and showing the problems of a bad file, and a report file's page while it
    waits (its htmx status fragment in place)."""
    from reports.models import ReportFile

    a = dashboard_world.tenants.a
    page = browser_page(1280, 900)
    _log_in(page, live_server, a.admin)
    page.goto(f"{live_server.url}{reverse('agreements:upload')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Afsprakenbestand laden")
    assert_no_axe_violations(page)
    bad = tmp_path / "kapot.yaml"
    bad.write_text("format: 2\nregion: west\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(bad))
    page.get_by_role("button", name="Controleren en laden").click()
    expect(page.locator("#problems tbody tr").first).to_be_visible()
    assert_no_axe_violations(page)

    with system_scope():
        waiting = ReportFile.unscoped.create(
            agreement=dashboard_world.agreement,
            period="2019-Q2",
            format="pdf",
            requested_by=a.admin,
        )
    page.goto(f"{live_server.url}{reverse('reports:file', args=[waiting.pk])}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)
