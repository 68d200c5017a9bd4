"""The spreadsheet import in real headless Chromium (issue 14): a coordinator uploads a file
with a problem, sees it next to its line in the preview, uploads the corrected file and
imports it. axe-core (tests/axe.py) checks the upload page and the preview with a problem."""

import os

import pytest
from playwright.sync_api import expect

from registrations.models import Attendance, Session
from registrations.tests.test_import_browser_service import ROWS, csv_bytes, xlsx_bytes
from tests.axe import assert_no_axe_violations

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_upload_preview_fix_and_import(browser_page, live_server, tenants, tmp_path):
    bad = tmp_path / "lijst.xlsx"
    bad.write_bytes(xlsx_bytes([*ROWS, ["14-03-2019", "a-noord", "koffie", "", ""]]))
    good = tmp_path / "lijst.csv"
    good.write_bytes(csv_bytes(ROWS))

    page = browser_page(390, 844)
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", tenants.a.coordinator.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/registratie/")
    page.get_by_role("link", name="Een presentielijst uit een spreadsheet importeren").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Registraties importeren")
    assert_no_axe_violations(page)

    page.get_by_label("Bestand").set_input_files(str(bad))
    page.get_by_role("button", name="Controleren").click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Regel 6")
    expect(problems).to_contain_text("onbekende categorie 'koffie'")
    expect(page.get_by_role("button", name="Alles importeren")).to_have_count(0)
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Verbeterd bestand uploaden").click()
    page.get_by_label("Bestand").set_input_files(str(good))
    page.get_by_role("button", name="Controleren").click()
    expect(page.locator("#import-problems")).to_have_count(0)
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Alles importeren").click()
    expect(page.locator(".messages")).to_contain_text("2 activiteiten aangemaakt")
    assert Session.unscoped.count() == 2
    assert Attendance.unscoped.count() == 3
