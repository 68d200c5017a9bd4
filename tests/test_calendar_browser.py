"""The reporting calendar in real headless Chromium (issue 11): a coordinator opens
``/kalender/``, reads the deadlines under their status, makes a link for their calendar app
and the feed answers it.

Accessibility: axe-core (``tests/axe.py``) checks the page opened by the fixture
:func:`calendar_page` in :func:`test_the_calendar_page_has_no_accessibility_violation`."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agreements.models import Agreement, ReportingDeadline
from locations.access import system_scope
from tests.axe import assert_no_axe_violations

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless:
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.browser


@pytest.fixture
def calendar_page(browser_page, live_server, tenants):
    """a's coordinator signed in on the calendar page, with one deadline overdue and one to
    come of a's agreement."""
    today = timezone.localdate()
    with system_scope():
        agreement = Agreement.objects.create(
            organisation=tenants.a.organisation,
            region="west",
            region_name="West",
            year=today.year,
            title="Afspraak West",
        )
        agreement.locations.set([tenants.a.location])
        for days, period in ((-3, f"{today.year}-Q1"), (20, f"{today.year}-Q2")):
            ReportingDeadline.objects.create(
                agreement=agreement,
                kind="interim",
                due_on=today + datetime.timedelta(days=days),
                period=period,
            )
    page = browser_page(1024, 800)
    page.goto(f"{live_server.url}/inloggen/")
    page.fill("#id_username", tenants.a.coordinator.username)
    page.fill("#id_password", "test-password-123")
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/kalender/")
    return page


def test_the_calendar_shows_deadlines_by_status_and_makes_a_feed_link(calendar_page, live_server):
    page = calendar_page
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapportagekalender")
    overdue = page.locator("section[aria-labelledby=overdue-heading] tbody tr")
    expect(overdue).to_have_count(1)
    expect(overdue.first).to_contain_text("3 dagen te laat")
    due = page.locator("section[aria-labelledby=due-heading] tbody tr")
    expect(due).to_have_count(1)
    expect(due.first).to_contain_text("Afspraak West")

    page.get_by_role("button", name="Link maken").click()
    link = page.locator("#new-link").input_value()
    assert link.startswith(f"{live_server.url}/kalender.ics?token=")
    feed = page.request.get(link)
    assert feed.status == 200
    assert "BEGIN:VCALENDAR" in feed.text()
    expect(page.get_by_role("button", name="Link intrekken")).to_be_visible()


def test_the_calendar_page_has_no_accessibility_violation(calendar_page):
    """axe-core finds no violation on the calendar (issue 11, "Tests"; tests/axe.py), and the
    page has its landmarks, a heading per section and a caption per table."""
    page = calendar_page
    expect(page.locator("main")).to_have_count(1)
    for section in ("overdue-heading", "due-heading", "issued-heading", "feed-heading"):
        expect(page.locator(f"#{section}")).to_have_count(1)
    tables = page.locator("main table")
    expect(tables).to_have_count(3)
    expect(page.locator("main table caption")).to_have_count(3)
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    assert_no_axe_violations(page)
