"""End to end in real headless Chromium (issue 14, "Tests"), on the hand-built 2019 agreement
of ``dashboard_world`` (reports/tests/conftest.py), axe-core (tests/axe.py) on every page
passed:

- a board member, by keyboard only on a phone (390 x 844), goes from the start page to the
  dashboard and downloads the quarterly PDF: a PDF file with pages (``pdfinfo``);
- an admin changes a room's target in the admin (``/beheer/``) and the progress report shows
  the new target and the status computed from it.

(The funder who downloads only its own issued report: tests/test_funder_browser.py.)"""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from agreements.models import Target
from locations.access import system_scope
from tests.axe import assert_no_axe_violations
from tests.keyboard import focus_is_visible, focused, tab_to

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser


def _log_in_by_keyboard(page, live_server, user) -> None:
    """Sign ``user`` in on ``page`` with typing, Tab and Enter only, the second step (the code
    of the authenticator app) included."""
    device = TOTPDevice.objects.get_or_create(user=user, name="default", confirmed=True)[0]
    page.goto(f"{live_server.url}/inloggen/")
    page.locator("#id_username").focus()
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type("test-password-123")
    page.keyboard.press("Enter")
    token = page.locator("#id_token-otp_token")
    expect(token).to_be_visible()
    token.focus()
    page.keyboard.type(f"{totp(device.bin_key):06d}")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))


def _pdf_pages(path: Path) -> int:
    """The number of pages ``pdfinfo`` (poppler) reads in the PDF file at ``path``."""
    info = subprocess.run(  # noqa: S603 (a fixed program, a file of the test)
        ["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    assert match, info
    return int(match.group(1))


def _cell(row, heading: str):
    """The cell of the table row ``row`` (a locator) under the column headed ``heading``."""
    headings = [
        text.strip() for text in row.locator("xpath=ancestor::table[1]/thead//th").all_inner_texts()
    ]
    return row.locator("td").nth(headings.index(heading))


def test_the_board_downloads_the_quarterly_pdf_by_keyboard_on_a_phone(
    browser_page, live_server, dashboard_world
):
    page = browser_page(390, 844, downloads=True)
    _log_in_by_keyboard(page, live_server, dashboard_world.tenants.a.board)
    page.goto(f"{live_server.url}/")
    assert_no_axe_violations(page)

    page.locator("body").focus()
    tab_to(page, "a[href='{}']".format(reverse("dashboard:index")))
    assert focus_is_visible(page), focused(page)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bestuursdashboard")
    assert_no_axe_violations(page)

    button = page.get_by_role("button", name=re.compile(r"^Kwartaalrapportage .* \(PDF\)$"))
    expect(button).to_have_count(1)
    page.locator("body").focus()
    for _ in range(200):  # the dashboard is long on a phone: Tab through it to the button
        page.keyboard.press("Tab")
        if button.evaluate("(el) => el === document.activeElement"):
            break
    expect(button).to_be_focused()
    assert focus_is_visible(page), focused(page)
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    path = Path(download.path())
    assert path.read_bytes().startswith(b"%PDF-")
    assert download.suggested_filename.endswith(".pdf")
    assert _pdf_pages(path) > 0


def test_an_admin_changes_a_target_and_the_report_follows(
    browser_page, live_server, dashboard_world
):
    a = dashboard_world.tenants.a
    agreement = dashboard_world.agreement
    noord = a.location
    with system_scope():
        target = Target.unscoped.get(
            indicator__agreement=agreement, indicator__code="social", location=noord
        )
    page = browser_page(1280, 900)
    _log_in_by_keyboard(page, live_server, a.admin)
    progress = f"{live_server.url}{reverse('reports:progress', args=[agreement.pk])}"
    query = f"?period=2019-Q2&location={noord.code}"

    def social_row():
        page.goto(progress + query)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        row = page.locator(f"#block-{noord.code} tr[data-indicator=social]")
        expect(row).to_have_count(1)
        return row

    # Before: the yearly target of 400 and a realised figure far below its pro-rata share.
    row = social_row()
    assert_no_axe_violations(page)
    expect(_cell(row, "Streefcijfer")).to_have_text(target.text)
    realised = _cell(row, "Gerealiseerd").inner_text().strip()
    assert realised.isdigit() and 0 < int(realised) < target.value / 2
    expect(_cell(row, "Status")).to_have_text(re.compile("achter op schema", re.I))

    # The admin lowers the target to what has been realised so far.
    change = f"{live_server.url}{reverse('admin:agreements_target_change', args=[target.pk])}"
    page.goto(change)
    assert_no_axe_violations(page, preload=False)  # the admin's CSS @imports (tests/axe.py)
    # The target is typed as printed; its value is parsed from it (agreements.admin.TargetForm).
    page.locator("#id_printed_text").fill(realised)
    page.locator("input[name=_save]").click()
    expect(page).not_to_have_url(change)  # saved: the admin went on to the list
    with system_scope():
        target.refresh_from_db()
    assert (target.text, target.value) == (realised, int(realised))

    # After: the report shows the new target, and the target met is "behaald".
    row = social_row()
    expect(_cell(row, "Streefcijfer")).to_have_text(realised)
    expect(_cell(row, "Gerealiseerd")).to_have_text(realised)
    expect(_cell(row, "Status")).to_have_text(re.compile("^behaald$", re.I))
    assert_no_axe_violations(page)
