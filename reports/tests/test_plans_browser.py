"""The year-over-year page of a multi-year plan in headless Chromium (issue 12): reached from
the plan's agreement page on a phone, it fits the screen (its tables scroll inside their
region), passes axe-core (WCAG 2.x A/AA, tests/axe.py), and its Excel button downloads the
sheet "Meerjarenplan"."""

import os
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from reports.plans.excel import SHEET
from reports.tests.test_dashboard_browser import _log_in
from reports.tests.test_plans import plan_world  # noqa: F401 (the fixture)
from tests.axe import assert_no_axe_violations

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.mark.browser
def test_the_board_reads_the_plan_on_a_phone_and_downloads_it(
    browser_page,
    live_server,
    tenants,
    plan_world,  # noqa: F811
):
    phone = browser_page(390, 844, downloads=True)
    _log_in(phone, live_server, tenants.a.board)
    phone.goto(live_server.url + reverse("agreements:detail", args=[plan_world.pk]))
    phone.get_by_role("link", name="Meerjarenplan: plan en gerealiseerd").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Meerjarenplan West 2023-2025")
    targets = phone.get_by_role("region", name="Streefcijfers regio")
    expect(targets.get_by_role("cell", name="Min. 4")).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    assert_no_axe_violations(phone)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Excel downloaden").click()
    with open(download.value.path(), "rb") as handle:
        workbook = load_workbook(BytesIO(handle.read()))
    assert SHEET in workbook.sheetnames
